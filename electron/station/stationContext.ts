import type { Logger } from 'pino';
import type { PosConfig } from '../config/configSchema';
import type { Db } from '../journal/openJournal';
import type { Clock } from '../../shared/domain/clock';
import type { Locale, SetupProblem, StationMode, StationSnapshot, DeviceSummary, NetworkState } from '../../shared/domain/station';
import type { EventHub } from './eventHub';
import type { KeyVault } from '../config/keyVault';
import type { DeviceManager } from '../devices/deviceManager';
import type { PaymentsService } from './paymentsService';
import type { SettingsService } from './settingsService';
import type { RegistrationService } from './registrationService';
import type { AccountsService } from '../accounts/accountsService';
import type { TillStation } from '../till/tillStation';
import type { HqLink } from '../hq/terminal/hqLink';
import type { ShiftService } from './shiftService';

/**
 * What every domain's handlers and services get from the composition root. Services are added here
 * as the station grows (engine, devices, reports); handlers reach them only through this object.
 */
export interface StationContext {
  readonly dataDir: string;
  readonly host: 'electron' | 'browser';
  readonly configFile: string;
  /** Seals the merchant's private key at rest where the OS allows (Electron host). */
  readonly keyVault: KeyVault;
  config: PosConfig;
  mode: StationMode;
  setupProblem: SetupProblem | null;
  readonly db: Db | null; // null only when the journal itself could not be opened (setup mode)
  readonly log: Logger;
  readonly clock: Clock;
  readonly events: EventHub;
  /** Payments (engine, journal, offline queue); null in setup mode. Set right after the context is built. */
  payments?: PaymentsService | null;
  /** The settings screen's config view, edits and key import. Set right after the context is built. */
  settings?: SettingsService;
  /** Store registration with Alipay; null in setup mode. */
  registration?: RegistrationService | null;
  /** Counter accounts and the signed-in session; null only without a journal. */
  accounts?: AccountsService | null;
  /** Till integration (DESIGN §16); null in setup mode. */
  till?: TillStation | null;
  /** Head office link (issue 16); null in setup mode. Unlinked until a manager enrols the terminal. */
  hqLink?: HqLink | null;
  /** Shifts, the drawer and cash tenders (issue 14); null in setup mode. */
  shifts?: ShiftService | null;
  /** Scanners and printers; null only in setup mode without a journal. */
  readonly devices: DeviceManager | null;
  /** Mutable pieces of the status bar, owned by the services that know them. */
  readonly status: {
    ready: boolean;
    network: NetworkState;
    gatewayRejected?: string | null;
    devices: DeviceSummary[];
    locale: Locale;
    customerLocale: Locale;
  };
  /** Throws JOURNAL_LOST once the journal file was deleted or replaced under the station (issue 12). */
  journalGuard?: () => void;
  snapshot(): StationSnapshot;
  /** Re-reads what the snapshot is built from and pushes it to every window. */
  publishStatus(): void;
}
