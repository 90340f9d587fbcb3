import { buildReceipt, utcOffsetMinutes } from '../../../shared/domain/buildReceipt';
import { appendAudit } from '../../journal/appendAudit';
import { layoutDocument, previewLines } from '../../../shared/domain/receipt';
import { PosError } from '../../../shared/errors/posError';
import type { AttemptSnapshot, SaleSnapshot } from '../../../shared/domain/payment';
import type { HandlerGroup } from '../dispatcher';
import type { Payments as PaymentsRuntime } from '../../payments/createPayments';
import type { Db } from '../../journal/openJournal';
import type { Clock } from '../../../shared/domain/clock';
import type { PosConfig } from '../../config/configSchema';
import type { DeviceManager } from '../../devices/deviceManager';

export interface ReceiptHandlerDeps {
  /** Null in setup mode. */
  readonly payments: { requireRuntime(): PaymentsRuntime } | null;
  readonly state: { readonly config: PosConfig };
  readonly clock: Clock;
  readonly devices: DeviceManager | null;
  readonly db: Db | null;
}

function paidReceipt(ctx: ReceiptHandlerDeps, paymentRequestId: string, copy: 'original' | 'duplicate') {
  if (!ctx.payments) throw new PosError('NOT_READY', 'payments are not available in setup mode');
  const rt = ctx.payments.requireRuntime();
  const state = rt.store.attempts.getAttempt(paymentRequestId);
  if (!state) throw new PosError('NOT_FOUND', `no payment ${paymentRequestId}`);
  const attempt: AttemptSnapshot = rt.store.attemptSnapshot(state);
  if (attempt.status !== 'succeeded') throw new PosError('INVALID_STATE', 'only a paid payment has a receipt');
  const sale: SaleSnapshot = rt.getSale(attempt.saleId);
  return buildReceipt(sale, attempt, { name: ctx.state.config.store.name, lines: [ctx.state.config.store.merchantName] }, {
    utcOffsetMinutes: utcOffsetMinutes(ctx.state.config.reports.timeZone, attempt.paidAt ?? ctx.clock.now()),
    copy,
  });
}

export function receiptHandlers(ctx: ReceiptHandlerDeps): HandlerGroup {
  return {
    'receipt:preview': ({ paymentRequestId }) => {
      const receipt = paidReceipt(ctx, paymentRequestId, 'original');
      const paper = ctx.devices?.status().paper ?? '80mm';
      const layout = layoutDocument({ type: 'receipt', receipt }, paper);
      const qr = layout.find((l) => l.kind === 'qr');
      return { paper, lines: previewLines(layout, paper), qr: qr?.kind === 'qr' ? qr.data : null };
    },
    'receipt:reprint': ({ paymentRequestId }, call) => {
      if (!ctx.devices) throw new PosError('NOT_READY', 'no printer in setup mode');
      const receipt = paidReceipt(ctx, paymentRequestId, 'duplicate');
      const job = ctx.devices.printReceipt(receipt, { key: `reprint:${paymentRequestId}:${ctx.clock.now()}`, reference: paymentRequestId });
      if (ctx.db) appendAudit(ctx.db, { at: ctx.clock.now(), actor: call.window, action: 'receipt.reprint', details: { paymentRequestId, jobId: job.id } });
      return job;
    },
  };
}
