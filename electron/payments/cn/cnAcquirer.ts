/**
 * The 当面付 client behind the engine's acquirer port. out_trade_no is the engine's write-ahead
 * attempt id (never reused); refunds use our refundRequestId as out_request_no. Answers become the
 * engine's plain results here, so no open-platform string reaches the engine.
 */
import { money, type Money } from '../../../shared/domain/money';
import { customerIdMaskedOf } from '../engine/customerId';
import type { CallResult, InquiryResult, PayResult } from '../engine/attemptState';
import type { AcquirerAnswer, AcquirerPort, PortPayRequest, PortRefundRequest } from '../engine/enginePorts';
import type { CnClient, CnOutcome } from './cnClient';
import { CN_CODE_BOOK } from './cnResultCodes';
import {
  CN_METHODS, refundQuerySchema, tradeCancelSchema, tradeCloseSchema, tradePaySchema, tradePrecreateSchema, tradeQuerySchema, tradeRefundSchema,
  type RefundQueryResponse,
} from './cnSchemas';
import { fenToYuan, yuanToFen } from './cnWire';

/**
 * Alipay's guidance for a payment waiting on the customer: query every 3–6 s for about a minute,
 * then cancel if still unpaid (ALIPAY-CN.md §3). The first query at 3 s, then every 5 s.
 */
export const CN_USER_POLL_SCHEDULE_MS: readonly number[] = [3_000, 5_000];

export function linkOfCn(o: CnOutcome<unknown>): AcquirerAnswer<unknown>['link'] {
  if (o.outcome !== 'U') return 'answered';
  if (o.reason === 'network' || o.reason === 'timeout') return 'no-answer';
  if (o.reason === 'http-status' && (o.trace.httpStatus ?? 0) >= 500) return 'server-error';
  return 'answered';
}

function answer<R>(o: CnOutcome<unknown>, result: R): AcquirerAnswer<R> {
  const detail = o.outcome === 'U' ? `${o.reason}${o.code ? ` ${o.code}` : ''}: ${o.detail}` : o.outcome === 'F' ? (o.subCode ?? o.code) : 'S';
  return { result, link: linkOfCn(o), detail, trace: o.trace };
}

/** "12.34" in CNY → Money; anything unparseable is "no amount", never a different one. */
function cny(text: string | undefined): Money | null {
  if (text === undefined) return null;
  const fen = yuanToFen(text);
  return fen === null ? null : money(fen, 'CNY', { allowZero: true });
}

const PAID = new Set(['TRADE_SUCCESS', 'TRADE_FINISHED']);
/** 当面付 settles in CNY only: any other currency never reaches Alipay. */
const notCny = (m: Money): boolean => m.currency !== 'CNY';

function failure<B>(o: Extract<CnOutcome<B>, { outcome: 'F' }>): { kind: 'F'; resultCode: string; resultMessage: string } {
  return { kind: 'F', resultCode: o.subCode ?? o.code, resultMessage: o.message };
}

export interface CnAcquirerOptions {
  /** Called with every answer's facts worth a journal line the engine does not keep (cancel action, retry_flag). */
  readonly log?: (event: string, data: Record<string, unknown>) => void;
}

export function createCnAcquirer(client: CnClient, opts: CnAcquirerOptions = {}): AcquirerPort {
  async function pay(req: PortPayRequest): Promise<AcquirerAnswer<PayResult>> {
    if (notCny(req.amount) || req.scenario === 'EntryCode') {
      // Provably never sent: the engine records NOT_SENT and nothing exists at Alipay.
      const why = req.scenario === 'EntryCode' ? 'entry code is not a 当面付 flow' : `当面付 takes CNY only, not ${req.amount.currency}`;
      return { result: { kind: 'U', reason: why, resultCode: null, sent: false }, link: 'answered', detail: why };
    }
    const ctx = req.context;
    const minutes = Math.max(1, Math.ceil((req.expiresAt - req.createdAt) / 60_000));
    const biz: Record<string, unknown> = {
      out_trade_no: req.paymentRequestId,
      total_amount: fenToYuan(req.amount.minor),
      subject: ctx.orderDescription.slice(0, 256),
      product_code: 'FACE_TO_FACE_PAYMENT',
      store_id: ctx.merchant.store.referenceStoreId,
      terminal_id: ctx.storeTerminalId,
      ...(ctx.operatorId ? { operator_id: ctx.operatorId } : {}),
      // Alipay closes it when we would: the engine cancels at the same moment (plus grace).
      timeout_express: `${minutes}m`,
    };
    if (req.scenario === 'OrderCode') {
      const o = await client.call(CN_METHODS.precreate, biz, tradePrecreateSchema, { notifyUrl: ctx.paymentNotifyUrl });
      switch (o.outcome) {
        case 'S':
          if (!o.body.qr_code) return answer(o, { kind: 'U', reason: 'malformed', resultCode: null, sent: true });
          return answer(o, { kind: 'S', paymentId: null, qr: { codeValue: o.body.qr_code, expiresAt: req.expiresAt }, amount: null });
        case 'F':
          return answer(o, failure(o));
        case 'U':
          return answer(o, { kind: 'U', reason: o.reason, resultCode: o.code ?? null, sent: o.sent });
      }
    }
    const o = await client.call(CN_METHODS.pay, { ...biz, scene: 'bar_code', auth_code: req.paymentCode ?? '' }, tradePaySchema, { notifyUrl: ctx.paymentNotifyUrl });
    switch (o.outcome) {
      case 'S': {
        const status = (o.body as { trade_status?: string }).trade_status;
        // 10000 means paid; should a status come with it, only TRADE_SUCCESS/FINISHED count.
        if (status !== undefined && !PAID.has(status)) return answer(o, { kind: 'U', reason: `trade_status ${status}`, resultCode: null, sent: true });
        return answer(o, {
          kind: 'S', paymentId: o.body.trade_no ?? null, qr: null, amount: cny(o.body.total_amount),
          customerIdMasked: customerIdMaskedOf({ displayCustomerId: o.body.buyer_logon_id }),
        });
      }
      case 'F':
        return answer(o, failure(o));
      case 'U':
        return answer(o, { kind: 'U', reason: o.reason, resultCode: o.code ?? null, sent: o.sent });
    }
  }

  async function inquiryPayment(ref: { paymentRequestId: string; paymentId: string | null }): Promise<AcquirerAnswer<InquiryResult>> {
    const o = await client.call(CN_METHODS.query, { out_trade_no: ref.paymentRequestId, ...(ref.paymentId ? { trade_no: ref.paymentId } : {}) }, tradeQuerySchema);
    switch (o.outcome) {
      case 'S': {
        const b = o.body;
        if (b.out_trade_no !== undefined && b.out_trade_no !== ref.paymentRequestId) return answer(o, { kind: 'U', reason: 'malformed', resultCode: 'out_trade_no mismatch' });
        const status = b.trade_status === 'WAIT_BUYER_PAY' ? 'PROCESSING' as const
          : b.trade_status !== undefined && PAID.has(b.trade_status) ? 'SUCCESS' as const
            : b.trade_status === 'TRADE_CLOSED' ? 'CANCELLED' as const : null;
        if (!status) return answer(o, { kind: 'U', reason: 'malformed', resultCode: b.trade_status ?? null });
        return answer(o, {
          kind: 'status', status, paymentId: b.trade_no ?? null, resultCode: b.trade_status ?? null, amount: cny(b.total_amount),
          customerIdMasked: customerIdMaskedOf({ displayCustomerId: b.buyer_logon_id }),
        });
      }
      case 'F':
        return answer(o, failure(o));
      case 'U':
        return answer(o, { kind: 'U', reason: o.reason, resultCode: o.code ?? null });
    }
  }

  return {
    name: 'alipay-cn',
    codes: CN_CODE_BOOK,
    pay,
    inquiryPayment,

    /**
     * trade.cancel: `retry_flag: Y` means call again (the same out_trade_no) — reported as U so the
     * queue repeats it; `action` (close: nothing was paid; refund: a paid trade was refunded) is kept.
     */
    async cancel(ref) {
      const o = await client.call(CN_METHODS.cancel, { out_trade_no: ref.paymentRequestId, ...(ref.paymentId ? { trade_no: ref.paymentId } : {}) }, tradeCancelSchema);
      const body = o.outcome === 'U' ? o.body : o.body;
      if (body) opts.log?.('cancel.answer', { paymentRequestId: ref.paymentRequestId, code: o.outcome, retryFlag: body.retry_flag ?? null, action: body.action ?? null });
      if (o.outcome !== 'U' && body?.retry_flag === 'Y') {
        return answer(o, { kind: 'U', reason: 'retry_flag Y', resultCode: o.outcome === 'F' ? (o.subCode ?? o.code) : null });
      }
      switch (o.outcome) {
        case 'S': return answer(o, { kind: 'S', id: o.body.trade_no ?? null, ...(o.body.action ? { action: o.body.action } : {}) });
        case 'F': return answer(o, failure(o));
        case 'U': return answer(o, { kind: 'U', reason: o.reason, resultCode: o.code ?? null });
      }
    },

    async refund(req) {
      const o = await client.call(CN_METHODS.refund, {
        out_trade_no: req.paymentRequestId, trade_no: req.paymentId, refund_amount: fenToYuan(req.amount.minor), out_request_no: req.refundRequestId,
        ...(req.reason ? { refund_reason: req.reason.slice(0, 256) } : {}),
      }, tradeRefundSchema);
      switch (o.outcome) {
        case 'S': {
          // fund_change N: no money moved with *this* call (a repeat, or still processing): the refund query decides.
          if (o.body.fund_change !== 'Y') return inquiryRefund(req);
          return answer(o, { kind: 'S', id: cnRefundId(o.body.trade_no ?? req.paymentId, req.refundRequestId) });
        }
        case 'F': return answer(o, failure(o));
        case 'U': return answer(o, { kind: 'U', reason: o.reason, resultCode: o.code ?? null });
      }
    },

    inquiryRefund,

    async probe() {
      const o = await client.call(CN_METHODS.query, { out_trade_no: 'REACHABILITY-PROBE' }, tradeQuerySchema);
      return answer(o, null);
    },

    close: () => client.close(),
  };

  /** fastpay.refund.query: REFUND_SUCCESS (or, per the docs, an answer naming our out_request_no) is refunded. */
  async function inquiryRefund(req: PortRefundRequest): Promise<AcquirerAnswer<CallResult>> {
    const o = await client.call(CN_METHODS.refundQuery, { out_trade_no: req.paymentRequestId, trade_no: req.paymentId, out_request_no: req.refundRequestId, query_options: ['gmt_refund_pay'] }, refundQuerySchema);
    if (o.outcome === 'S' && refunded(o.body, req)) return answer(o, { kind: 'S', id: cnRefundId(o.body.trade_no ?? req.paymentId, req.refundRequestId) });
    if (o.outcome === 'S') return answer(o, { kind: 'U', reason: 'refund not found under this out_request_no', resultCode: o.body.refund_status ?? null });
    if (o.outcome === 'F') return answer(o, { kind: 'U', reason: 'refund query refused', resultCode: o.subCode ?? o.code });
    return answer(o, { kind: 'U', reason: o.reason, resultCode: o.code ?? null });
  }
}

/**
 * 当面付 has no refund id of its own: a refund is (trade_no, out_request_no). The journal and the
 * bill import both use this one spelling, so reconciliation compares like with like.
 */
export const cnRefundId = (tradeNo: string, outRequestNo: string): string => `${tradeNo}:${outRequestNo}`;

function refunded(b: RefundQueryResponse, req: PortRefundRequest): boolean {
  if (b.out_request_no !== undefined && b.out_request_no !== req.refundRequestId) return false;
  if (b.refund_status !== undefined) return b.refund_status === 'REFUND_SUCCESS';
  return b.refund_amount !== undefined && yuanToFen(b.refund_amount) === req.amount.minor;
}

/** alipay.trade.close for an unpaid QR (precreate) that expired: exported for the station's QR flow. */
export async function closeTrade(client: CnClient, outTradeNo: string): Promise<CnOutcome<unknown>> {
  return client.call(CN_METHODS.close, { out_trade_no: outTradeNo }, tradeCloseSchema);
}
