import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { SimNotification, SimPayment, SimRefund, SimRegistration } from './simRecords';

/**
 * The simulator's state: maps in memory, optionally written through to its own SQLite file so a
 * restarted simulator (crash tests) still knows every payment, refund, registration, queued
 * notification and its own keys.
 */
export interface SimStore {
  readonly payments: Map<string, SimPayment>; // by paymentId
  readonly paymentsByRequestId: Map<string, string>; // `${clientId}|${paymentRequestId}` → paymentId
  readonly refunds: Map<string, SimRefund>; // by refundId
  readonly refundsByRequestId: Map<string, string>;
  readonly registrations: Map<string, SimRegistration>; // by registrationRequestId
  readonly notifications: Map<string, SimNotification>;
  /** Customer codes already presented (they are one-time credentials). */
  readonly usedCodes: Map<string, string>; // code → paymentRequestId
  savePayment(p: SimPayment): void;
  saveRefund(r: SimRefund): void;
  saveRegistration(r: SimRegistration): void;
  saveNotification(n: SimNotification): void;
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
  close(): void;
  /** The write-through file when there is one (disk-full tests cap it with max_page_count). */
  readonly db: Database.Database | undefined;
}

type Kind = 'payment' | 'refund' | 'registration' | 'notification';

export function openSimStore(file?: string): SimStore {
  const payments = new Map<string, SimPayment>();
  const paymentsByRequestId = new Map<string, string>();
  const refunds = new Map<string, SimRefund>();
  const refundsByRequestId = new Map<string, string>();
  const registrations = new Map<string, SimRegistration>();
  const notifications = new Map<string, SimNotification>();
  const usedCodes = new Map<string, string>();
  const meta = new Map<string, string>();

  let db: Database.Database | undefined;
  let upsert: Database.Statement | undefined;
  let setMetaStmt: Database.Statement | undefined;
  if (file) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    // A crash test kills the process right after an answer: what was answered must be on disk.
    db.pragma('synchronous = FULL');
    db.exec(`CREATE TABLE IF NOT EXISTS sim_entity (kind TEXT NOT NULL, id TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (kind, id));
             CREATE TABLE IF NOT EXISTS sim_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`);
    upsert = db.prepare('INSERT INTO sim_entity (kind, id, json) VALUES (?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET json = excluded.json');
    setMetaStmt = db.prepare('INSERT INTO sim_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    for (const row of db.prepare('SELECT key, value FROM sim_meta').all() as Array<{ key: string; value: string }>) meta.set(row.key, row.value);
    for (const row of db.prepare('SELECT kind, json FROM sim_entity').all() as Array<{ kind: Kind; json: string }>) {
      switch (row.kind) {
        case 'payment': indexPayment(JSON.parse(row.json) as SimPayment); break;
        case 'refund': indexRefund(JSON.parse(row.json) as SimRefund); break;
        case 'registration': { const r = JSON.parse(row.json) as SimRegistration; registrations.set(r.registrationRequestId, r); break; }
        case 'notification': { const n = JSON.parse(row.json) as SimNotification; notifications.set(n.id, n); break; }
      }
    }
  }

  function indexPayment(p: SimPayment): void {
    payments.set(p.paymentId, p);
    paymentsByRequestId.set(`${p.clientId}|${p.paymentRequestId}`, p.paymentId);
    if (p.paymentCode) usedCodes.set(p.paymentCode, p.paymentRequestId);
  }
  function indexRefund(r: SimRefund): void {
    refunds.set(r.refundId, r);
    refundsByRequestId.set(r.refundRequestId, r.refundId);
  }
  const write = (kind: Kind, id: string, value: unknown): void => {
    upsert?.run(kind, id, JSON.stringify(value));
  };

  return {
    payments, paymentsByRequestId, refunds, refundsByRequestId, registrations, notifications, usedCodes,
    savePayment: (p) => { indexPayment(p); write('payment', p.paymentId, p); },
    saveRefund: (r) => { indexRefund(r); write('refund', r.refundId, r); },
    saveRegistration: (r) => { registrations.set(r.registrationRequestId, r); write('registration', r.registrationRequestId, r); },
    saveNotification: (n) => { notifications.set(n.id, n); write('notification', n.id, n); },
    getMeta: (k) => meta.get(k),
    setMeta: (k, v) => { meta.set(k, v); setMetaStmt?.run(k, v); },
    close: () => db?.close(),
    db,
  };
}
