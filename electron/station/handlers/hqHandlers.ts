import type { HandlerGroup } from '../dispatcher';
import type { StationContext } from '../stationContext';
import { PosError } from '../../../shared/errors/posError';
import type { HqLink } from '../../hq/terminal/hqLink';

function linkOf(ctx: StationContext): HqLink {
  if (!ctx.hqLink) throw new PosError('NOT_READY', 'the head office link is not available in setup mode');
  return ctx.hqLink;
}

export function hqHandlers(ctx: StationContext): HandlerGroup {
  return {
    'hq:status': () => (ctx.hqLink ? ctx.hqLink.status() : { linked: false }),
    'hq:enrol': ({ url, code }) => {
      const hqUrl = url ?? ctx.config.hq.url;
      if (!hqUrl) throw new PosError('BAD_REQUEST', 'no head office address: enter it, or set hq.url in the config', { details: { field: 'url' } });
      return linkOf(ctx).enrol(hqUrl, code);
    },
  };
}
