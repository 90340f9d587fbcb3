import type { HandlerGroup } from '../dispatcher';
import type { StationContext } from '../stationContext';
import { paymentsOf } from './saleHandlers';

export function queueHandlers(ctx: StationContext): HandlerGroup {
  return {
    'queue:get': () => paymentsOf(ctx).requireRuntime().queue(),
    // Approved by a supervisor: the dispatcher checked it before this runs.
    'queue:retry': ({ jobId }) => paymentsOf(ctx).requireRuntime().retryJob(jobId),
  };
}
