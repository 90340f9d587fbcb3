/**
 * The terminal's link to head office (issue 16, DESIGN §15): enrolment with a one-time code (the key
 * pair is made here; the private key stays in the data folder, 0600), the upload job on the durable
 * outbox (its own loop: a sale never waits for HQ), the outbound relay WebSocket that brings Alipay's
 * notifications (fed to the station's own notify handlers, which verify Alipay's signature) and
 * HQ's pushed documents. Everything is optional: an unlinked terminal runs exactly as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../../../shared/domain/clock';
import type { HqLinkStatus } from '../../../shared/domain/hqLink';
import { PosError, type ErrorCode } from '../../../shared/errors/posError';
import type { HqTerminalHealth } from '../../../shared/hq/hqDashboard';
import { appendAudit } from '../../journal/appendAudit';
import type { Db } from '../../journal/openJournal';
import { hqLinkRepo, type HqLinkRow } from '../../journal/repos/hqLinkRepo';
import { DEVICE_HEALTH_KIND, hqUploadRepo } from '../../journal/repos/hqUploadRepo';
import { createOutboxLoop, type OutboxLoop } from '../../journal/outbox/outboxLoop';
import { newTerminalKeys } from '../hqSignature';
import { CN_NOTIFY_SUFFIX, type PushKind } from '../relayProtocol';
import { applyPushed, type PreparePush } from './pushApply';
import { reconciliationSummary } from './reconciliationSummary';
import { createRelayClient, type RelayClient, type RelayState } from './relayClient';
import { uploadChain } from './uploadChain';
import { createUploadOutbox } from '../../journal/outbox/uploadLane';
import { dispatchJobs } from '../../../shared/domain/outboxJob';

export const HQ_KEY_FILE = 'hq-terminal-key.pem';

/** What the link needs from the station (injected: the link knows nothing of the composition root). */
export interface HqLinkDeps {
  readonly db: Db;
  readonly dataDir: string;
  readonly clock: Clock;
  readonly log: { info(o: object, m?: string): void; warn(o: object, m?: string): void };
  /** An AMS notification as Alipay posted it (path, headers, exact bytes): the station's handler verifies it. */
  handleAmsNotification(n: { path: string; headers: Record<string, string>; body: Buffer }): Promise<{ status: number; body: string }>;
  /** A 当面付 notification (form body); null when the acquirer is AMS. */
  handleCnNotification(body: Buffer): Promise<{ status: number; body: string }> | null;
  /** Checks a pushed document (throws a PosError to refuse it) and returns its writes as one step (pushApply). */
  preparePush: PreparePush;
  /** Device health as the status bar shows it (the link adds the queues). */
  health(): Pick<HqTerminalHealth, 'network' | 'devices'>;
  /** Subscribe to "something changed" (sales, payments, queue, devices); returns unsubscribe. */
  onActivity(fn: () => void): () => void;
  /** Upload loop timing (tests and DEMO clocks). */
  readonly uploadPolicy?: { baseDelayMs: number; maxDelayMs: number; maxFailures: number };
}

export type HqLink = ReturnType<typeof createHqLink>;

const ENROL_PATH = '/api/v1/enrol';
const KNOWN_CODES = new Set<string>(['CODE_USED', 'CODE_UNKNOWN', 'BAD_REQUEST', 'HQ_DB_DOWN', 'NOT_FOUND']);

export function createHqLink(deps: HqLinkDeps) {
  const { db, clock } = deps;
  const repo = hqLinkRepo(db);
  const uploads = hqUploadRepo(db);
  const outbox = createUploadOutbox(db);
  let loop: OutboxLoop | null = null;
  let relay: RelayClient | null = null;
  let relayState: RelayState = 'offline';
  let privateKey: string | null = null;
  let offActivity: (() => void) | null = null;
  let tick: NodeJS.Timeout | null = null;
  let kickTimer: NodeJS.Timeout | null = null;
  let lastHealth = '';

  // Records computed when sent: a day's reconciliation as it stands at upload time.
  const derived = { reconciliation: (date: string) => reconciliationSummary(db, date, clock.now()) };

  const audit = (action: string, details: Record<string, unknown>): void => appendAudit(db, { at: clock.now(), actor: 'hq', action, details: details as never });

  /** Arm the upload job when there is something past the cursors; device health logged when it changed. */
  function arm(): void {
    const l = repo.get();
    if (!l || !loop) return;
    const { uploadDead, ...queue } = uploads.queueHealth();
    const health: HqTerminalHealth = { ...deps.health(), queue, uploadDead };
    const h = JSON.stringify(health);
    if (h !== lastHealth) {
      lastHealth = h;
      repo.addOutgoing(DEVICE_HEALTH_KIND, 'station', clock.now(), health);
    }
    const b = repo.backlog(l);
    if (b.events > 0 || b.records > 0) {
      outbox.arm(clock.now());
      loop.kick();
    }
  }

  /** Debounced: a burst of sale events arms the job once, off the sale's own call stack. */
  function soon(): void {
    if (kickTimer) return;
    kickTimer = setTimeout(() => {
      kickTimer = null;
      arm();
    }, 50);
    kickTimer.unref();
  }

  function start(): void {
    const l = repo.get();
    if (!l || loop) return;
    try {
      privateKey = fs.readFileSync(l.keyFile, 'utf8');
    } catch (e) {
      repo.setError(`the terminal's head office key ${l.keyFile} cannot be read: ${(e as Error).message}`);
      throw new PosError('CONFIG_INVALID', `head office key unreadable: ${(e as Error).message}`);
    }
    uploads.ensureSources(clock.now());
    const id = { hqUrl: l.hqUrl, merchantId: l.merchantId, terminalId: l.terminalId, privateKey };
    loop = createOutboxLoop({
      store: outbox,
      clock,
      policy: deps.uploadPolicy ?? { baseDelayMs: 1_000, maxDelayMs: 30_000, maxFailures: 8 },
      // The upload lane's one kind, through the outbox's registry like every other lane.
      run: dispatchJobs({ upload: { run: async () => {
        const cur = repo.get()!;
        const r = await uploadChain(db, id, { events: cur.eventCursor, records: cur.recordCursor }, { now: () => Date.now(), derived });
        if (r.cursor.events !== cur.eventCursor || r.cursor.records !== cur.recordCursor) repo.setCursors(r.cursor.events, r.cursor.records, clock.now());
        if (r.outcome.kind === 'retry') repo.setError(r.outcome.error.slice(0, 300));
        // More arrived while this run was sending: the next run is due at once.
        if (r.outcome.kind === 'done') {
          const b = repo.backlog(repo.get()!);
          if (b.events > 0 || b.records > 0) return { kind: 'wait', until: clock.now(), note: 'more to upload' };
        }
        return r.outcome;
      } } }),
      onError: (_job, e) => deps.log.warn({ err: e }, 'HQ upload crashed'),
    });
    loop.start();
    offActivity = deps.onActivity(soon);
    tick = setInterval(arm, 5_000);
    tick.unref();
    relay = createRelayClient({
      hqUrl: l.hqUrl, merchantId: l.merchantId, terminalId: l.terminalId, privateKey,
      onState: (s) => {
        relayState = s;
        // HQ answers again: whatever waited in backoff is due now.
        if (s === 'connected') loop?.wake();
      },
      onNotification: (n) => handleRelayed(n),
      onPush: (p) => handlePush(p.kind, p.version, p.body),
    });
    arm();
  }

  async function handleRelayed(n: { id: number; path: string; headers: Record<string, string>; body: string }): Promise<{ ack: true; outcome: string } | { ack: false; reason: string }> {
    const seen = repo.seenOutcome(n.id);
    if (seen !== null) return { ack: true, outcome: seen }; // our ack was lost: never applied twice
    const body = Buffer.from(n.body, 'base64');
    const cn = n.path.endsWith(CN_NOTIFY_SUFFIX);
    const out = cn ? await deps.handleCnNotification(body) : await deps.handleAmsNotification({ path: n.path, headers: n.headers, body });
    if (!out || out.status === 503) return { ack: false, reason: out ? 'starting' : 'no handler for this acquirer' };
    const outcome = out.status === 200 ? (cn && out.body.trim() !== 'success' ? `refused:${out.body.trim().slice(0, 40)}` : 'applied') : `refused:${out.status}`;
    if (outcome !== 'applied') deps.log.warn({ notificationId: n.id, outcome }, 'relayed notification refused by the terminal');
    repo.markSeen(n.id, outcome, clock.now());
    return { ack: true, outcome };
  }

  const handlePush = (kind: PushKind, version: number, body: unknown): ReturnType<typeof applyPushed> => applyPushed({ db, clock, log: deps.log, preparePush: deps.preparePush }, kind, version, body);

  return {
    start,
    async stop(): Promise<void> {
      offActivity?.();
      offActivity = null;
      if (tick) clearInterval(tick);
      if (kickTimer) clearTimeout(kickTimer);
      tick = kickTimer = null;
      loop?.stop();
      await loop?.idle().catch(() => undefined);
      loop = null;
      await relay?.close();
      relay = null;
    },

    /** Enrols this terminal with HQ using a manager's one-time code; starts uploading at once. */
    async enrol(hqUrl: string, code: string): Promise<HqLinkStatus> {
      if (repo.get()) throw new PosError('ALREADY_LINKED', 'this terminal is already enrolled with a head office');
      const keys = newTerminalKeys();
      let res: Response;
      try {
        res = await fetch(new URL(ENROL_PATH, hqUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, publicKey: keys.publicKey }), signal: AbortSignal.timeout(10_000) });
      } catch (e) {
        throw new PosError('HQ_UNREACHABLE', `head office cannot be reached at ${hqUrl}: ${(e as Error).message}`, { retryable: true });
      }
      const json = (await res.json().catch(() => null)) as { ok: boolean; value?: { merchantId: string; storeId: string; terminalId: string }; error?: { code: string; message: string } } | null;
      if (!json?.ok || !json.value) {
        const c = json?.error?.code ?? '';
        throw new PosError((KNOWN_CODES.has(c) ? c : 'BAD_REQUEST') as ErrorCode, `head office refused the enrolment: ${json?.error?.message ?? `HTTP ${res.status}`}`, { retryable: c === 'HQ_DB_DOWN' });
      }
      const keyFile = path.join(deps.dataDir, HQ_KEY_FILE);
      const tmp = `${keyFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, keys.privateKey, { mode: 0o600 });
      fs.chmodSync(tmp, 0o600);
      fs.renameSync(tmp, keyFile);
      const v = json.value;
      db.transaction(() => {
        repo.insert({ hqUrl: new URL(hqUrl).toString(), merchantId: v.merchantId, storeId: v.storeId, terminalId: v.terminalId, publicKey: keys.publicKey, keyFile, enrolledAt: clock.now() });
        // Everything already in the journal goes up too (the event chain from seq 1 by its cursor).
        uploads.ensureSources(clock.now());
        audit('hq.enrolled', { hqUrl, merchantId: v.merchantId, storeId: v.storeId, terminalId: v.terminalId });
      })();
      deps.log.info({ hqUrl, terminalId: v.terminalId }, 'enrolled with head office');
      start();
      return status();
    },

    status,
    /** HQ's notify URL for this terminal (the public paymentNotifyUrl), or null when not linked. */
    notifyUrl(acquirer: 'ams' | 'alipay-cn'): string | null {
      const l = repo.get();
      return l ? new URL(`notify/${encodeURIComponent(l.merchantId)}/${encodeURIComponent(l.terminalId)}${acquirer === 'alipay-cn' ? CN_NOTIFY_SUFFIX : ''}`, l.hqUrl).toString() : null;
    },
    /** Settles when nothing is due for upload (tests, bench). */
    async idle(): Promise<void> {
      arm();
      await loop?.idle();
    },
    get linked(): boolean {
      return repo.get() !== null;
    },
  };

  function status(): HqLinkStatus {
    const l: HqLinkRow | null = repo.get();
    if (!l) return { linked: false };
    const b = repo.backlog(l);
    return {
      linked: true, hqUrl: l.hqUrl, merchantId: l.merchantId, storeId: l.storeId, terminalId: l.terminalId, enrolledAt: l.enrolledAt,
      backlog: b.events + b.records, lastUploadAt: l.lastUploadAt, lastError: l.lastError, relay: relayState,
      pushed: { storeSettings: repo.pushCopy('storeSettings')?.version ?? null, accounts: repo.pushCopy('accounts')?.version ?? null },
    };
  }
}
