import type { HandlerGroup } from '../dispatcher';
import type { StationState } from '../stationState';
import type { StationSnapshot } from '../../../shared/domain/station';
import { updateConfigFile } from '../../config/loadConfig';
import { PosError } from '../../../shared/errors/posError';

export interface SessionDeps {
  readonly state: StationState;
  readonly configFile: string;
  snapshot(): StationSnapshot;
  publishStatus(): void;
}

export function sessionHandlers({ state, configFile, snapshot, publishStatus }: SessionDeps): HandlerGroup {
  return {
    'session:hello': () => snapshot(),
    'session:setLocale': ({ locale, screen }, call) => {
      // The customer display sets its own language, never the cashier's.
      if (call.window === 'customer' && screen !== 'customer') throw new PosError('FORBIDDEN', 'the customer display sets only its own language');
      state.setLocale(screen, locale);
      // Remember the choice across restarts, but only when the file itself is sound.
      if (state.mode !== 'setup') {
        state.setConfig({ ...state.config, [screen === 'cashier' ? 'locale' : 'customerLocale']: locale });
        // Only this key, into the file as it is: an environment override never lands in config.json.
        updateConfigFile(configFile, [[[screen === 'cashier' ? 'locale' : 'customerLocale'], locale]]);
      }
      publishStatus();
      return snapshot();
    },
  };
}
