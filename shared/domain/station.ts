/** A snapshot of the station as the UI shows it in its status bar. Events carry whole snapshots. */
export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

export type StationMode = 'demo' | 'live' | 'setup';
export type NetworkState = 'online' | 'offline' | 'unknown';
export type DeviceHealth = 'ok' | 'warning' | 'error' | 'absent';

export interface DeviceSummary {
  readonly role: 'scanner' | 'printer';
  readonly health: DeviceHealth;
  readonly label: string; // device name or path; never translated
  readonly detail?: string; // machine-readable status word, e.g. 'paperOut'
}

export interface SetupProblem {
  /** Dotted path of the bad field, e.g. `payment.expiryMinutes`, or `(file)` for unreadable JSON. */
  readonly field: string;
  readonly message: string;
}

export interface StationSnapshot {
  readonly version: string;
  readonly host: 'electron' | 'browser';
  readonly mode: StationMode;
  readonly setupProblem: SetupProblem | null;
  readonly ready: boolean; // false until startup recovery has finished: no scans before that
  readonly locale: Locale;
  readonly customerLocale: Locale;
  readonly storeName: string;
  readonly currency: string;
  readonly network: NetworkState;
  /** Alipay refuses this terminal's requests themselves (INVALID_SIGNATURE, KEY_NOT_FOUND, CLIENT_INVALID …): the code, else null. */
  readonly gatewayRejected?: string | null;
  readonly devices: readonly DeviceSummary[];
  readonly queue: { readonly pending: number; readonly dead: number };
}
