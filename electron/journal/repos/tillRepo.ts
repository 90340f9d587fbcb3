/**
 * Every SQL statement of the till API (migration 0090): API clients, the till's order references
 * (the idempotency record) and its refund references.
 */
import type { Db } from '../openJournal';

export type TillScope = 'pay' | 'refund' | 'read';

export interface TillClientRow {
  readonly id: string;
  readonly name: string;
  readonly scopes: readonly TillScope[];
  readonly ratePerMinute: number;
  readonly createdAt: number;
  readonly revokedAt: number | null;
}

export interface TillOrderRow {
  readonly clientId: string;
  readonly orderRef: string;
  readonly saleId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly seq: number;
}

export interface TillRefundRow {
  readonly clientId: string;
  readonly refundRef: string;
  readonly orderRef: string;
  readonly refundRequestId: string;
  readonly amountMinor: number;
  readonly createdAt: number;
}

interface ClientSql { id: string; name: string; scopes: string; rate_per_minute: number; created_at: number; revoked_at: number | null }
interface OrderSql { client_id: string; order_ref: string; sale_id: string; amount_minor: number; currency: string; created_at: number; updated_at: number; seq: number }
interface RefundSql { client_id: string; refund_ref: string; order_ref: string; refund_request_id: string; amount_minor: number; created_at: number }

const toClient = (r: ClientSql): TillClientRow => ({
  id: r.id, name: r.name, scopes: r.scopes.split(',').filter(Boolean) as TillScope[], ratePerMinute: r.rate_per_minute, createdAt: r.created_at, revokedAt: r.revoked_at,
});
const toOrder = (r: OrderSql): TillOrderRow => ({
  clientId: r.client_id, orderRef: r.order_ref, saleId: r.sale_id, amountMinor: r.amount_minor, currency: r.currency, createdAt: r.created_at, updatedAt: r.updated_at, seq: r.seq,
});
const toRefund = (r: RefundSql): TillRefundRow => ({
  clientId: r.client_id, refundRef: r.refund_ref, orderRef: r.order_ref, refundRequestId: r.refund_request_id, amountMinor: r.amount_minor, createdAt: r.created_at,
});

export type TillRepo = ReturnType<typeof createTillRepo>;

export function createTillRepo(db: Db) {
  const stmt = {
    insertClient: db.prepare('INSERT INTO till_clients (id, name, key_hash, scopes, rate_per_minute, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    clientByHash: db.prepare('SELECT id, name, scopes, rate_per_minute, created_at, revoked_at FROM till_clients WHERE key_hash = ?'),
    clientById: db.prepare('SELECT id, name, scopes, rate_per_minute, created_at, revoked_at FROM till_clients WHERE id = ?'),
    clients: db.prepare('SELECT id, name, scopes, rate_per_minute, created_at, revoked_at FROM till_clients ORDER BY created_at, id'),
    liveName: db.prepare('SELECT 1 FROM till_clients WHERE name = ? AND revoked_at IS NULL'),
    revoke: db.prepare('UPDATE till_clients SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    nextSeq: db.prepare('SELECT coalesce(max(seq), 0) + 1 AS n FROM till_orders'),
    insertOrder: db.prepare('INSERT INTO till_orders (client_id, order_ref, sale_id, amount_minor, currency, created_at, updated_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    order: db.prepare('SELECT * FROM till_orders WHERE client_id = ? AND order_ref = ?'),
    orderBySale: db.prepare('SELECT * FROM till_orders WHERE sale_id = ?'),
    touch: db.prepare('UPDATE till_orders SET seq = ?, updated_at = ? WHERE sale_id = ?'),
    since: db.prepare('SELECT * FROM till_orders WHERE client_id = ? AND seq > ? ORDER BY seq'),
    maxSeq: db.prepare('SELECT coalesce(max(seq), 0) AS n FROM till_orders WHERE client_id = ?'),
    between: db.prepare('SELECT * FROM till_orders WHERE client_id = ? AND created_at >= ? AND created_at < ? ORDER BY created_at, order_ref'),
    insertRefund: db.prepare('INSERT INTO till_refunds (client_id, refund_ref, order_ref, refund_request_id, amount_minor, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    refund: db.prepare('SELECT * FROM till_refunds WHERE client_id = ? AND refund_ref = ?'),
    refundsOfOrder: db.prepare('SELECT * FROM till_refunds WHERE client_id = ? AND order_ref = ? ORDER BY created_at, refund_ref'),
  };
  return {
    db,
    insertClient(c: { id: string; name: string; keyHash: string; scopes: readonly TillScope[]; ratePerMinute: number; createdAt: number }): void {
      stmt.insertClient.run(c.id, c.name, c.keyHash, c.scopes.join(','), c.ratePerMinute, c.createdAt);
    },
    clientByKeyHash: (hash: string): TillClientRow | null => {
      const r = stmt.clientByHash.get(hash) as ClientSql | undefined;
      return r ? toClient(r) : null;
    },
    clientById: (id: string): TillClientRow | null => {
      const r = stmt.clientById.get(id) as ClientSql | undefined;
      return r ? toClient(r) : null;
    },
    clients: (): TillClientRow[] => (stmt.clients.all() as ClientSql[]).map(toClient),
    liveNameTaken: (name: string): boolean => stmt.liveName.get(name) !== undefined,
    revoke: (id: string, now: number): boolean => stmt.revoke.run(now, id).changes > 0,
    insertOrder(o: Omit<TillOrderRow, 'seq' | 'updatedAt'>): void {
      const seq = (stmt.nextSeq.get() as { n: number }).n;
      stmt.insertOrder.run(o.clientId, o.orderRef, o.saleId, o.amountMinor, o.currency, o.createdAt, o.createdAt, seq);
    },
    order: (clientId: string, orderRef: string): TillOrderRow | null => {
      const r = stmt.order.get(clientId, orderRef) as OrderSql | undefined;
      return r ? toOrder(r) : null;
    },
    orderBySale: (saleId: string): TillOrderRow | null => {
      const r = stmt.orderBySale.get(saleId) as OrderSql | undefined;
      return r ? toOrder(r) : null;
    },
    /** A change the till must hear about: a new sequence number (the SSE event id) for its order. */
    touch: db.transaction((saleId: string, now: number): TillOrderRow | null => {
      // Every payment change passes here: most sales are not a till's, and cost one indexed lookup.
      if (stmt.orderBySale.get(saleId) === undefined) return null;
      const seq = (stmt.nextSeq.get() as { n: number }).n;
      stmt.touch.run(seq, now, saleId);
      return toOrder(stmt.orderBySale.get(saleId) as OrderSql);
    }),
    ordersSince: (clientId: string, seq: number): TillOrderRow[] => (stmt.since.all(clientId, seq) as OrderSql[]).map(toOrder),
    lastSeq: (clientId: string): number => (stmt.maxSeq.get(clientId) as { n: number }).n,
    ordersBetween: (clientId: string, from: number, to: number): TillOrderRow[] => (stmt.between.all(clientId, from, to) as OrderSql[]).map(toOrder),
    insertRefund(r: TillRefundRow): void {
      stmt.insertRefund.run(r.clientId, r.refundRef, r.orderRef, r.refundRequestId, r.amountMinor, r.createdAt);
    },
    refund: (clientId: string, refundRef: string): TillRefundRow | null => {
      const r = stmt.refund.get(clientId, refundRef) as RefundSql | undefined;
      return r ? toRefund(r) : null;
    },
    refundsOfOrder: (clientId: string, orderRef: string): TillRefundRow[] => (stmt.refundsOfOrder.all(clientId, orderRef) as RefundSql[]).map(toRefund),
  };
}
