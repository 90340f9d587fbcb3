import type { HandlerGroup } from '../dispatcher';
import { PosError } from '../../../shared/errors/posError';
import type { TillStation } from '../../till/tillStation';

/** `till` is null in setup mode: the admin commands say NOT_READY, the read-only ones answer "off". */
export function tillHandlers({ till }: { readonly till: TillStation | null }): HandlerGroup {
  const service = (): TillStation['service'] => {
    if (!till) throw new PosError('NOT_READY', 'the till API is not available in setup mode');
    return till.service;
  };
  return {
    'till:createClient': (input, call) => service().createClient(input, call.account),
    'till:listClients': () => service().listClients(),
    'till:revokeClient': ({ clientId, pin }, call) => service().revokeClient(clientId, pin, call.account),
    'till:info': () => (till ? till.info() : { url: null, lan: false }),
    'till:originOf': ({ saleId }) => (till ? till.service.originOf(saleId) : null),
  };
}
