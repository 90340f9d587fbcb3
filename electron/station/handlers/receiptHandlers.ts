import { buildReceipt, utcOffsetMinutes } from '../../../shared/domain/buildReceipt';
import { appendAudit } from '../../journal/appendAudit';
import { layoutDocument, previewLines } from '../../../shared/domain/receipt';
import { PosError } from '../../../shared/errors/posError';
import type { AttemptSnapshot, SaleSnapshot } from '../../../shared/domain/payment';
import type { HandlerGroup } from '../dispatcher';
import type { StationContext } from '../stationContext';
import { paymentsOf } from './saleHandlers';

function paidReceipt(ctx: StationContext, paymentRequestId: string, copy: 'original' | 'duplicate') {
  const rt = paymentsOf(ctx).requireRuntime();
  const state = rt.store.attempts.getAttempt(paymentRequestId);
  if (!state) throw new PosError('NOT_FOUND', `no payment ${paymentRequestId}`);
  const attempt: AttemptSnapshot = rt.store.attemptSnapshot(state);
  if (attempt.status !== 'succeeded') throw new PosError('INVALID_STATE', 'only a paid payment has a receipt');
  const sale: SaleSnapshot = rt.getSale(attempt.saleId);
  return buildReceipt(sale, attempt, { name: ctx.config.store.name, lines: [ctx.config.store.merchantName] }, {
    utcOffsetMinutes: utcOffsetMinutes(ctx.config.reports.timeZone, attempt.paidAt ?? ctx.clock.now()),
    copy,
  });
}

export function receiptHandlers(ctx: StationContext): HandlerGroup {
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
