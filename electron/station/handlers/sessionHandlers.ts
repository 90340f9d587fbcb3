import type { HandlerGroup } from '../dispatcher';
import type { StationContext } from '../stationContext';
import { updateConfigFile } from '../../config/loadConfig';
import { PosError } from '../../../shared/errors/posError';

export function sessionHandlers(ctx: StationContext): HandlerGroup {
  return {
    'session:hello': () => ctx.snapshot(),
    'session:setLocale': ({ locale, screen }, call) => {
      // The customer display sets its own language, never the cashier's.
      if (call.window === 'customer' && screen !== 'customer') throw new PosError('FORBIDDEN', 'the customer display sets only its own language');
      if (screen === 'cashier') ctx.status.locale = locale;
      else ctx.status.customerLocale = locale;
      // Remember the choice across restarts, but only when the file itself is sound.
      if (ctx.mode !== 'setup') {
        ctx.config = { ...ctx.config, [screen === 'cashier' ? 'locale' : 'customerLocale']: locale };
        // Only this key, into the file as it is: an environment override never lands in config.json.
        updateConfigFile(ctx.configFile, [[[screen === 'cashier' ? 'locale' : 'customerLocale'], locale]]);
      }
      ctx.publishStatus();
      return ctx.snapshot();
    },
  };
}
