/**
 * The station's genuinely changing state, and nothing else: the effective config (settings edits
 * and the setup screen's reset replace it), the mode (setup → demo/live after a reset), why the
 * station is in setup mode, and the status bar's pieces. Services are not state: they are built once
 * in createStation and never replaced (see StationServices in stationContext.ts).
 *
 * Readers see the current value through the getters; every change goes through one of the methods,
 * so a grep for them finds every writer. `status` stays a plain record because the services that
 * know a piece (payments: network and gateway rejection; devices; the journal watch) set it directly.
 */
import type { PosConfig } from '../config/configSchema';
import type { DeviceSummary, Locale, NetworkState, SetupProblem, StationMode } from '../../shared/domain/station';

/** The status bar's pieces, each owned by the service that knows it. */
export interface StationStatus {
  ready: boolean;
  network: NetworkState;
  gatewayRejected?: string | null;
  devices: DeviceSummary[];
  locale: Locale;
  customerLocale: Locale;
}

export interface StationState {
  readonly config: PosConfig;
  readonly mode: StationMode;
  readonly setupProblem: SetupProblem | null;
  readonly status: StationStatus;
  /** A new effective config (settings saved, a device chosen, a language picked). */
  setConfig(config: PosConfig): void;
  /** Setup mode with its reason, or out of it (problem null) into the mode the config gives. */
  setMode(mode: StationMode, problem: SetupProblem | null): void;
  /** Why the station refuses payments, without changing the mode (a lost journal, a bad reset). */
  setSetupProblem(problem: SetupProblem | null): void;
  /** The cashier's or the customer display's language, for the status bar. */
  setLocale(screen: 'cashier' | 'customer', locale: Locale): void;
}

export function createStationState(init: { config: PosConfig; mode: StationMode; setupProblem: SetupProblem | null }): StationState {
  let config = init.config;
  let mode = init.mode;
  let setupProblem = init.setupProblem;
  const status: StationStatus = { ready: false, network: 'unknown', devices: [], locale: config.locale, customerLocale: config.customerLocale };
  return {
    get config() {
      return config;
    },
    get mode() {
      return mode;
    },
    get setupProblem() {
      return setupProblem;
    },
    status,
    setConfig(next) {
      config = next;
    },
    setMode(next, problem) {
      mode = next;
      setupProblem = problem;
    },
    setSetupProblem(problem) {
      setupProblem = problem;
    },
    setLocale(screen, locale) {
      if (screen === 'cashier') status.locale = locale;
      else status.customerLocale = locale;
    },
  };
}
