/**
 * The head office link wired into the station (issue 16): notifications HQ relays go to the same
 * handlers as the station's own notify routes (which verify Alipay's signature); pushed documents are
 * checked and applied through the settings and accounts services; activity arms the upload.
 */
import { accountsDocSchema, storeSettingsDocSchema } from '../../shared/domain/hqPush';
import { minPinLength } from '../../shared/domain/account';
import { PosError } from '../../shared/errors/posError';
import type { SettingsPatch } from '../../shared/ipc/commands/settings';
import { createHqLink, type HqLink } from '../hq/terminal/hqLink';
import type { PushKind } from '../hq/relayProtocol';
import type { Db } from '../journal/openJournal';
import { createOutboxStatusRepo } from '../journal/repos/outboxStatusRepo';
import type { Clock } from '../../shared/domain/clock';
import type { Logger } from 'pino';
import type { PosConfig } from '../config/configSchema';
import type { AccountsService } from '../accounts/accountsService';
import type { Payments as PaymentsRuntime } from '../payments/createPayments';
import type { EventHub } from './eventHub';
import type { SettingsService } from '../config/settingsService';
import type { StationStatus } from './stationState';
import type { PaymentEvents } from '../payments/paymentEvents';

// Payment and queue changes come from the payments' bus (a business reaction); the window hub only for status.
const ACTIVITY = new Set(['station:statusChanged', 'device:statusChanged']);

function badDocument(kind: PushKind, issue: { path: PropertyKey[]; message: string } | undefined): PosError {
  return new PosError('BAD_DOCUMENT', `${kind}: ${issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(document)'}: ${issue?.message ?? 'invalid'}`);
}

export interface HqLinkDeps {
  readonly db: Db;
  readonly dataDir: string;
  readonly clock: Clock;
  readonly log: Logger;
  readonly events: EventHub;
  readonly state: { readonly config: PosConfig; readonly status: StationStatus };
  readonly settings: SettingsService;
  readonly accounts: AccountsService | null;
  /**
   * The payments runtime once started. A function because the link is made before payments: they ask
   * it for the notify address HQ relays through, and it hands them what HQ relays back.
   */
  runtime(): PaymentsRuntime | null;
  /** The payments' business events (null in setup mode); read when the link starts listening. */
  paymentEvents(): PaymentEvents | null;
  publishStatus(): void;
}

export function createHqLinkStation(deps: HqLinkDeps): HqLink {
  const { db, state } = deps;
  const outbox = createOutboxStatusRepo(db);

  async function applyAccounts(body: unknown): Promise<void> {
    const r = accountsDocSchema.safeParse(body);
    if (!r.success) throw badDocument('accounts', r.error.issues[0]);
    const accounts = deps.accounts;
    if (!accounts) throw new PosError('NOT_READY', 'accounts are not available');
    const existing = new Map(accounts.list().map((a) => [a.shortId.toLowerCase(), a]));
    // Checked as a whole before anything changes: one bad entry refuses the document, the old accounts stay.
    for (const a of r.data.accounts) {
      const known = existing.get(a.shortId.toLowerCase());
      if (!known && a.pin === undefined) throw new PosError('BAD_DOCUMENT', `accounts: ${a.shortId} is new to this terminal and needs a first PIN`);
      if (a.pin !== undefined && a.pin.length < minPinLength(a.role)) throw new PosError('BAD_DOCUMENT', `accounts: ${a.shortId}: a ${a.role} PIN is at least ${minPinLength(a.role)} digits`);
      if (known && a.pin === undefined && minPinLength(a.role) > minPinLength(known.role)) throw new PosError('BAD_DOCUMENT', `accounts: ${a.shortId}: promoted to ${a.role}, so a new PIN of ${minPinLength(a.role)} digits is needed`);
    }
    const managers = r.data.accounts.filter((a) => a.role === 'manager' && !a.disabled).length
      + [...existing.values()].filter((e) => e.role === 'manager' && !e.disabled && !r.data.accounts.some((a) => a.shortId.toLowerCase() === e.shortId.toLowerCase())).length;
    if (managers === 0) throw new PosError('BAD_DOCUMENT', 'accounts: the terminal would be left without a manager');
    for (const a of r.data.accounts) {
      const known = existing.get(a.shortId.toLowerCase());
      if (!known) await accounts.create({ name: a.name, shortId: a.shortId, role: a.role, pin: a.pin });
      else await accounts.update({ accountId: known.accountId, name: a.name, role: a.role, disabled: a.disabled, ...(a.pin !== undefined ? { pin: a.pin } : {}) });
    }
  }

  return createHqLink({
    db,
    dataDir: deps.dataDir,
    clock: deps.clock,
    log: deps.log,
    uploadPolicy: { baseDelayMs: state.config.hq.retryBaseDelayMs, maxDelayMs: state.config.hq.retryMaxDelayMs, maxFailures: 8 },
    async handleAmsNotification(n) {
      const rt = deps.runtime();
      if (!rt) return { status: 503, body: 'starting' };
      return rt.handleNotification({ path: n.path, headers: n.headers, body: n.body });
    },
    handleCnNotification(body) {
      const h = deps.runtime()?.handleCnNotification;
      return h ? h(body) : null;
    },
    async applyPush(kind, body) {
      switch (kind) {
        case 'storeSettings': {
          const r = storeSettingsDocSchema.safeParse(body);
          if (!r.success) throw badDocument(kind, r.error.issues[0]);
          deps.settings.update(r.data as SettingsPatch, 'hq');
          deps.publishStatus();
          return;
        }
        case 'accounts':
          return applyAccounts(body);
      }
    },
    health() {
      return { network: state.status.network, devices: state.status.devices, queue: outbox.countsWithoutUploads() };
    },
    onActivity(fn) {
      const bus = deps.paymentEvents();
      const offs = [
        deps.events.subscribe((e) => {
          if (ACTIVITY.has(e.name)) fn();
        }),
        ...(bus ? [bus.onSale(() => fn()), bus.on('queueChanged', () => fn())] : []),
      ];
      return () => offs.forEach((off) => off());
    },
  });
}
