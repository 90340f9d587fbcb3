import type { HandlerGroup } from '../dispatcher';
import type { StationContext } from '../stationContext';
import { saveConfig } from '../../config/loadConfig';
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
        saveConfig(ctx.configFile, ctx.config);
      }
      ctx.publishStatus();
      return ctx.snapshot();
    },
  };
}
