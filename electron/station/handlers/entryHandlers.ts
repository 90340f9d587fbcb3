import type { HandlerGroup } from '../dispatcher';
import type { StationContext } from '../stationContext';
import { PosError } from '../../../shared/errors/posError';
import { entryStationOf, type EntryStation } from '../entryStation';
import { requirePayments } from '../paymentsService';

function entryOf(ctx: StationContext): EntryStation {
  const e = entryStationOf(ctx);
  if (!e) throw new PosError('NOT_READY', 'entry-code payments are not available in setup mode');
  return e;
}

export function entryHandlers(ctx: StationContext): HandlerGroup {
  return {
    'entry:info': () => entryOf(ctx).service.info(),
    'entry:feed': ({ limit }) => entryOf(ctx).service.feed(limit),
    'entry:demoPay': async ({ amount, decline }) => {
      const sim = requirePayments(ctx).simulator;
      if (ctx.mode !== 'demo' || !sim) throw new PosError('INVALID_STATE', 'the virtual wallet exists in DEMO mode only');
      const url = `${entryOf(ctx).service.info().url}`;
      const run = await sim.wallet.payEntryCode(url, amount, decline ? { decline: 'USER_BALANCE_NOT_ENOUGH' } : {});
      ctx.log.info({ outcome: run.outcome, detail: run.detail }, 'DEMO: virtual wallet paid the entry code');
      return { outcome: run.outcome, detail: run.detail, paymentId: run.paymentId };
    },
  };
}
