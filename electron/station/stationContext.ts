import type { Logger } from 'pino';
import type { PosConfig } from '../config/configSchema';
import type { Db } from '../journal/openJournal';
import type { Clock } from '../../shared/domain/clock';
import type { SetupProblem, StationMode, StationSnapshot } from '../../shared/domain/station';
import type { EventHub } from './eventHub';
import type { KeyVault } from '../config/keyVault';
import type { DeviceManager } from '../devices/deviceManager';
import type { PaymentsService } from './paymentsServiceApi';
import type { SettingsService } from '../config/settingsService';
import type { RegistrationService } from './registrationService';
import type { AccountsService } from '../accounts/accountsService';
import type { TillStation } from '../till/tillStation';
import type { HqLink } from '../hq/terminal/hqLink';
import type { ShiftService } from './shiftService';
import type { StationState, StationStatus } from './stationState';

/**
 * Everything createStation builds, once: a frozen record, never assigned to after it is made. A
 * service that cannot exist in this start (setup mode, no journal) is null from the start.
 *
 * Services take what they need as explicit arguments (accountHandlers({ accounts }), the till's
 * TillDeps, …), never this whole record, so no service module imports this file.
 */
export interface StationServices {
  readonly dataDir: string;
  readonly host: 'electron' | 'browser';
  readonly configFile: string;
  /** Seals the merchant's private key at rest where the OS allows (Electron host). */
  readonly keyVault: KeyVault;
  /** Null only when the journal itself could not be opened (setup mode). */
  readonly db: Db | null;
  readonly log: Logger;
  readonly clock: Clock;
  readonly events: EventHub;
  /** Scanners and printers; null only without a journal. */
  readonly devices: DeviceManager | null;
  /** Counter accounts and the signed-in session; null only without a journal. */
  readonly accounts: AccountsService | null;
  /** The settings screen's config view, edits and key import. */
  readonly settings: SettingsService;
  /** Head office link (issue 16); null in setup mode. Unlinked until a manager enrols the terminal. */
  readonly hqLink: HqLink | null;
  /** Payments (engine, journal, offline queue); null in setup mode. */
  readonly payments: PaymentsService | null;
  /** Store registration with Alipay; null in setup mode. */
  readonly registration: RegistrationService | null;
  /** Till integration (DESIGN §16); null in setup mode. */
  readonly till: TillStation | null;
  /** Shifts, the drawer and cash tenders (issue 14); null in setup mode. */
  readonly shifts: ShiftService | null;
  /** Throws JOURNAL_LOST once the journal file was deleted or replaced under the station (issue 12). */
  readonly journalGuard: () => void;
}

/**
 * The services plus a read view of the state: what the handler groups and services that still take
 * a whole context receive (payments, shifts, entry codes, receipts and their handlers — see
 * HANDLER_GROUPS). It is a view, not a store: config/mode/setupProblem read the StationState, and
 * changing them goes through `state`.
 */
export interface StationContext extends StationServices {
  readonly state: StationState;
  readonly config: PosConfig;
  readonly mode: StationMode;
  readonly setupProblem: SetupProblem | null;
  /** Mutable pieces of the status bar, owned by the services that know them. */
  readonly status: StationStatus;
  snapshot(): StationSnapshot;
  /** Re-reads what the snapshot is built from and pushes it to every window. */
  publishStatus(): void;
}

/** The frozen context over services and state; the state getters always read the current value. */
export function contextOf(services: StationServices, state: StationState, view: { snapshot(): StationSnapshot; publishStatus(): void }): StationContext {
  return Object.freeze({
    ...services,
    state,
    get config() {
      return state.config;
    },
    get mode() {
      return state.mode;
    },
    get setupProblem() {
      return state.setupProblem;
    },
    status: state.status,
    snapshot: () => view.snapshot(),
    publishStatus: () => view.publishStatus(),
  });
}
