import type { HandlerGroup } from '../dispatcher';
import type { StationContext } from '../stationContext';
import { paymentsOf } from './saleHandlers';

export function queueHandlers(ctx: StationContext): HandlerGroup {
  return {
    'queue:get': () => paymentsOf(ctx).requireRuntime().queue(),
    'queue:retry': ({ jobId, pin }) => {
      const p = paymentsOf(ctx);
      p.checkPin(pin, 'supervisor', 'queue.retry');
      return p.requireRuntime().retryJob(jobId);
    },
  };
}
