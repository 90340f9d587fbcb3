import type { HandlerGroup } from '../dispatcher';
import { PosError } from '../../../shared/errors/posError';
import type { HqLink } from '../../hq/terminal/hqLink';
import type { PosConfig } from '../../config/configSchema';

export interface HqHandlerDeps {
  /** Null in setup mode. */
  readonly hqLink: HqLink | null;
  readonly state: { readonly config: PosConfig };
}

export function hqHandlers({ hqLink, state }: HqHandlerDeps): HandlerGroup {
  return {
    'hq:status': () => (hqLink ? hqLink.status() : { linked: false }),
    'hq:enrol': ({ url, code }) => {
      const hqUrl = url ?? state.config.hq.url;
      if (!hqUrl) throw new PosError('BAD_REQUEST', 'no head office address: enter it, or set hq.url in the config', { details: { field: 'url' } });
      if (!hqLink) throw new PosError('NOT_READY', 'the head office link is not available in setup mode');
      return hqLink.enrol(hqUrl, code);
    },
  };
}
