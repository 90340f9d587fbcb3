/**
 * The head office link wired into the station (issue 16): notifications HQ relays go to the same
 * handlers as the station's own notify routes (which verify Alipay's signature); pushed documents are
 * checked and prepared through the settings and accounts services (applied by the link in one
 * journal transaction); activity arms the upload.
 */
import { storeSettingsDocSchema } from '../../shared/domain/hqPush';
import { PosError } from '../../shared/errors/posError';
import type { SettingsPatch } from '../../shared/ipc/commands/settings';
import { createHqLink, type HqLink } from '../hq/terminal/hqLink';
import type { Db } from '../journal/openJournal';
import type { Clock } from '../../shared/domain/clock';
import type { Logger } from 'pino';
import type { PosConfig } from '../config/configSchema';
import type { AccountsService } from '../accounts/accountsService';
import type { Payments as PaymentsRuntime } from '../payments/createPayments';
import type { EventHub } from './eventHub';
import type { SettingsService } from '../config/settingsService';
import type { StationStatus } from './stationState';
import type { PaymentEvents } from '../payments/paymentEvents';
import { badDocument, prepareAccountsPush } from '../hq/terminal/pushedAccounts';

// Payment and queue changes come from the payments' bus (a business reaction); the window hub only
// for station, device and shift status.
const ACTIVITY = new Set(['station:statusChanged', 'device:statusChanged', 'shift:changed']);

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
    async preparePush(kind, body) {
      switch (kind) {
        case 'storeSettings': {
          const r = storeSettingsDocSchema.safeParse(body);
          if (!r.success) throw badDocument(kind, r.error.issues[0]);
          const settings = deps.settings;
          return () => {
            settings.update(r.data as SettingsPatch, 'hq');
            deps.publishStatus();
          };
        }
        case 'accounts': {
          if (!deps.accounts) throw new PosError('NOT_READY', 'accounts are not available');
          return prepareAccountsPush(deps.accounts, body);
        }
      }
    },
    health() {
      return { network: state.status.network, devices: state.status.devices };
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
