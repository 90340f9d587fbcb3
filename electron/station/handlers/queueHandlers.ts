import type { HandlerGroup } from '../dispatcher';
import type { StationContext } from '../stationContext';
import { requirePayments } from '../paymentsService';

export function queueHandlers(ctx: StationContext): HandlerGroup {
  const queue = () => requirePayments(ctx).queueJobs();
  return {
    'queue:get': () => queue().queue(),
    // Approved by a supervisor: the dispatcher checked it before this runs.
    'queue:retry': ({ jobId }) => queue().retryJob(jobId),
  };
}
