/**
 * A small chain for HQ tests: stores and accounts made through HQ's admin routes, terminals enrolled
 * with one-time codes, each with a real SQLite journal whose hash-chained events it uploads signed,
 * exactly as a terminal does (uploadChain).
 */
import path from 'node:path';
import { appendPaymentEvent } from '../../electron/journal/hashChain';
import { openJournal, type Db } from '../../electron/journal/openJournal';
import { newTerminalKeys } from '../../electron/hq/hqSignature';
import { uploadChain, type UploadCursors } from '../../electron/hq/terminal/uploadChain';
import { tempDir } from './tempDir';

export interface HqJson { ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string; details?: Record<string, unknown> } }

export async function hqPost(url: string, route: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: HqJson; headers: Headers }> {
  const res = await fetch(new URL(route, url), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as HqJson, headers: res.headers };
}

export interface ChainTerminal {
  readonly terminalId: string;
  readonly journal: Db;
  /** Appends one payment's events (created, then each later status) to the journal. */
  pay(paymentRequestId: string, at: number, minor: number, statuses: readonly string[], o?: { scenario?: string; currency?: string }): void;
  status(paymentRequestId: string, at: number, status: string): void;
  upload(now: () => number): Promise<void>;
}

export function hqAdmin(url: string, adminToken: string) {
  const auth = { authorization: `Bearer ${adminToken}` };
  return {
    async store(merchantId: string, storeId: string, name: string): Promise<void> {
      const r = await hqPost(url, '/api/v1/admin/stores', { merchantId, storeId, name }, auth);
      if (r.status !== 200) throw new Error(`store: ${JSON.stringify(r.json)}`);
    },
    async account(merchantId: string, login: string, password: string, role: 'owner' | 'storeManager', stores: string[] = []): Promise<void> {
      const r = await hqPost(url, '/api/v1/admin/accounts', { merchantId, login, password, role, stores }, auth);
      if (r.status !== 200) throw new Error(`account: ${JSON.stringify(r.json)}`);
    },
    async terminal(merchantId: string, storeId: string): Promise<ChainTerminal> {
      const code = (await hqPost(url, '/api/v1/admin/enrolment-codes', { merchantId, storeId }, auth)).json.value!.code as string;
      const keys = newTerminalKeys();
      const r = await hqPost(url, '/api/v1/enrol', { code, publicKey: keys.publicKey });
      if (r.status !== 200) throw new Error(`enrol: ${JSON.stringify(r.json)}`);
      const terminalId = r.json.value!.terminalId as string;
      const journal = openJournal(path.join(tempDir(), 'journal.sqlite'));
      journal.pragma('foreign_keys = OFF'); // events only: HQ reads the chain, not the terminal's attempt rows
      let cursor: UploadCursors = { events: 0, records: 0 };
      return {
        terminalId,
        journal,
        pay(paymentRequestId, at, minor, statuses, o = {}) {
          appendPaymentEvent(journal, { paymentRequestId, at, type: 'created', status: 'created', data: { scenario: o.scenario ?? 'PaymentCode', amount: { minor, currency: o.currency ?? 'CNY' } } });
          statuses.forEach((s, i) => appendPaymentEvent(journal, { paymentRequestId, at: at + 1000 * (i + 1), type: 'status', status: s, data: {} }));
        },
        status(paymentRequestId, at, status) {
          appendPaymentEvent(journal, { paymentRequestId, at, type: 'status', status, data: {} });
        },
        async upload(now) {
          const run = await uploadChain(journal, { hqUrl: url, merchantId, terminalId, privateKey: keys.privateKey }, cursor, { now });
          if (run.outcome.kind !== 'done') throw new Error(`upload: ${JSON.stringify(run.outcome)}`);
          cursor = run.cursor;
        },
      };
    },
  };
}
