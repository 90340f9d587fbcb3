/**
 * Push down (issue 16 item 5): store settings and cashier accounts edited at HQ (admin API), stored as
 * numbered versions per store and announced to the instances holding that store's terminals; the
 * terminals' answers (applied, or refused with a code) are in push_acks.
 *   PUT /api/v1/admin/push/<merchant>/<store>/<kind>   body: the document → {kind, version}
 *   GET /api/v1/admin/push/<merchant>/<store>          → latest versions and each terminal's answer
 */
import { pushDocSchemas } from '../../shared/domain/hqPush';
import { PosError } from '../../shared/errors/posError';
import { requireAdmin, type HqModule, type HqModuleContext } from './hqModule';
import { PUSH_KINDS, type PushKind } from './relayProtocol';
import { PUSH_CHANNEL } from './relayRoutes';

const PREFIX = '/api/v1/admin/push/';

export function validatePushDoc(kind: PushKind, body: unknown): unknown {
  const r = pushDocSchemas[kind].safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new PosError('BAD_DOCUMENT', `${kind}: ${issue && issue.path.length > 0 ? issue.path.join('.') : '(document)'}: ${issue?.message ?? 'invalid'}`, { details: { kind, path: issue?.path.join('.') ?? '' } });
  }
  return r.data;
}

export async function pushRoutes(ctx: HqModuleContext): Promise<HqModule> {
  const { db } = ctx;

  async function put(merchantId: string, storeId: string, kind: PushKind, body: Buffer): Promise<unknown> {
    let doc: unknown;
    try {
      doc = JSON.parse(body.toString('utf8'));
    } catch {
      throw new PosError('BAD_DOCUMENT', `${kind}: the document is not JSON`);
    }
    const clean = validatePushDoc(kind, doc);
    const [store] = await db.query('SELECT 1 FROM stores WHERE merchant_id = $1 AND store_id = $2', [merchantId, storeId]);
    if (!store) throw new PosError('NOT_FOUND', `no store ${storeId} of ${merchantId}`);
    const version = await db.tx(async (q) => {
      // Versions per (store, kind) are dense and never reused: the row lock orders concurrent edits.
      await q('SELECT 1 FROM stores WHERE merchant_id = $1 AND store_id = $2 FOR UPDATE', [merchantId, storeId]);
      const [row] = await q<{ v: string }>('SELECT coalesce(max(version), 0) + 1 AS v FROM pushed_documents WHERE merchant_id = $1 AND store_id = $2 AND kind = $3', [merchantId, storeId, kind]);
      const v = Number(row!.v);
      await q('INSERT INTO pushed_documents (merchant_id, store_id, kind, version, body, created_by) VALUES ($1, $2, $3, $4, $5, $6)', [merchantId, storeId, kind, v, JSON.stringify(clean), 'admin']);
      await q('SELECT pg_notify($1, $2)', [PUSH_CHANNEL, `${merchantId}/${storeId}`]);
      return v;
    });
    return { kind, version };
  }

  async function status(merchantId: string, storeId: string): Promise<unknown> {
    const documents = await db.query<{ kind: string; version: string }>('SELECT kind, max(version) AS version FROM pushed_documents WHERE merchant_id = $1 AND store_id = $2 GROUP BY kind ORDER BY kind', [merchantId, storeId]);
    const acks = await db.query<{ terminal_id: string; kind: string; version: string; applied: boolean; error_code: string | null; error_message: string | null }>(
      `SELECT a.terminal_id, a.kind, a.version, a.applied, a.error_code, a.error_message FROM push_acks a JOIN terminals t ON t.merchant_id = a.merchant_id AND t.terminal_id = a.terminal_id
       WHERE a.merchant_id = $1 AND t.store_id = $2 ORDER BY a.terminal_id, a.kind`, [merchantId, storeId]);
    return {
      documents: documents.map((d) => ({ kind: d.kind, version: Number(d.version) })),
      terminals: acks.map((a) => ({ terminalId: a.terminal_id, kind: a.kind, version: Number(a.version), applied: a.applied, error: a.error_code ? { code: a.error_code, message: a.error_message ?? '' } : null })),
    };
  }

  return {
    route(req, route, body) {
      if (!route.startsWith(PREFIX)) return undefined;
      const parts = route.slice(PREFIX.length).split('/').map(decodeURIComponent);
      return (async () => {
        requireAdmin(ctx, req.headers);
        const [merchantId, storeId, kind] = parts;
        if (!merchantId || !storeId) throw new PosError('NOT_FOUND', 'push path is /api/v1/admin/push/<merchant>/<store>[/<kind>]');
        if (req.method === 'GET' && parts.length === 2) return status(merchantId, storeId);
        if (req.method === 'PUT' && parts.length === 3) {
          if (!PUSH_KINDS.includes(kind as PushKind)) throw new PosError('NOT_FOUND', `no document kind ${kind} (known: ${PUSH_KINDS.join(', ')})`);
          return put(merchantId, storeId, kind as PushKind, body);
        }
        throw new PosError('NOT_FOUND', `no route ${req.method} ${route}`);
      })();
    },
  };
}
