/**
 * The approvals the till API needs, in one place: today both are the supervisor PIN (with its
 * lockout and audit). The accounts-and-roles model (issue 12) replaces these two functions and
 * nothing else.
 */
import type { StationContext } from '../station/stationContext';
import { PosError } from '../../shared/errors/posError';

/** A refund asked for by a till: the approval the terminal's rules require for any refund. */
export function approveTillRefund(ctx: StationContext, approval: { readonly supervisorPin: string }, actor: string): void {
  if (!ctx.payments) throw new PosError('NOT_READY', 'payments are not available in setup mode');
  ctx.payments.checkPin(approval.supervisorPin, actor, 'refund.create');
}

/** Creating or revoking an API client: a manager's act. */
export function approveTillAdmin(ctx: StationContext, pin: string, action: string): void {
  if (!ctx.payments) throw new PosError('NOT_READY', 'payments are not available in setup mode');
  ctx.payments.checkPin(pin, 'manager', action);
}
