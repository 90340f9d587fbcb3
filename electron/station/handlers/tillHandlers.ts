import type { HandlerGroup } from '../dispatcher';
import type { StationContext } from '../stationContext';
import { PosError } from '../../../shared/errors/posError';
import type { TillStation } from '../../till/tillStation';

function tillOf(ctx: StationContext): TillStation {
  if (!ctx.till) throw new PosError('NOT_READY', 'the till API is not available in setup mode');
  return ctx.till;
}

export function tillHandlers(ctx: StationContext): HandlerGroup {
  return {
    'till:createClient': (input) => tillOf(ctx).service.createClient(input),
    'till:listClients': () => tillOf(ctx).service.listClients(),
    'till:revokeClient': ({ clientId, pin }) => tillOf(ctx).service.revokeClient(clientId, pin),
    'till:info': () => (ctx.till ? ctx.till.info() : { url: null, lan: false }),
    'till:originOf': ({ saleId }) => (ctx.till ? ctx.till.service.originOf(saleId) : null),
  };
}
