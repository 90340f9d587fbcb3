/**
 * The 当面付 gateway's behaviour, as a pure-ish core over an in-memory trade book and an injected
 * clock: what gateway.do answers for each method, the virtual wallet's side, expiry, refunds and
 * the notifications it owes. The HTTP server (cnServer.ts) does the wire: form parsing, signature
 * checks and signed answers.
 */
import crypto from 'node:crypto';
import { beijingDate, formatBeijing, fenToYuan, yuanToFen } from '../../payments/cn/cnWire';
import { CN_AUTH_CODE, cnScenarioFor, isCnScenarioCode, type CnScenarioEntry } from './cnScenarios';

export type TradeStatus = 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED' | 'TRADE_FINISHED';

export interface SimRefund {
  readonly outRequestNo: string;
  readonly fen: number;
  readonly at: number;
}

export interface SimTrade {
  readonly outTradeNo: string;
  readonly tradeNo: string;
  readonly kind: 'bar_code' | 'qr';
  readonly fen: number;
  readonly subject: string;
  readonly storeId: string | null;
  readonly terminalId: string | null;
  readonly operatorId: string | null;
  readonly notifyUrl: string | null;
  readonly authCode: string | null;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly scenario: CnScenarioEntry;
  /** precreated: a QR nobody has scanned yet (Alipay has no trade to query). */
  status: TradeStatus | 'precreated';
  paidAt: number | null;
  closedAt: number | null;
  buyerLogonId: string | null;
  buyerUserId: string | null;
  refunds: SimRefund[];
  cancelAnswers: number;
  /** `action` of the cancel that ended it. */
  cancelAction: 'close' | 'refund' | null;
}

export interface BizAnswer {
  /** 10000 / 10003 / 20000 / 40004 … */
  readonly code: string;
  readonly msg: string;
  readonly subCode?: string;
  readonly subMsg?: string;
  readonly fields?: Record<string, string | undefined>;
  /** The server drops the connection after processing instead of answering. */
  readonly drop?: boolean;
}

export interface CnGatewayDeps {
  readonly appId: string;
  readonly sellerId: string;
  now(): number;
  /** The core asks for a timed transition (wallet confirm, expiry); the host arms a timer. */
  schedule(at: number, fn: () => void): void;
  /** A trade just became paid (or changed): the host queues the notification. */
  onPaid(t: SimTrade): void;
}

const ok = (fields: Record<string, string | undefined>): BizAnswer => ({ code: '10000', msg: 'Success', fields });
const biz = (subCode: string, subMsg: string, fields: Record<string, string | undefined> = {}): BizAnswer => ({ code: '40004', msg: 'Business Failed', subCode, subMsg, fields });
const invalid = (what: string): BizAnswer => biz('ACQ.INVALID_PARAMETER', `参数无效: ${what}`);

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** timeout_express: whole m / h / d, or 1c (end of the Beijing day); 1m–15d. */
function expiryOf(text: string | undefined, now: number): number | null {
  if (text === undefined) return now + 15 * 86_400_000;
  const m = /^(\d{1,5})([mhdc])$/.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  if (m[2] === 'c') {
    if (n !== 1) return null;
    const day = beijingDate(now);
    return Date.parse(`${day}T23:59:59+08:00`);
  }
  const ms = n * (m[2] === 'm' ? 60_000 : m[2] === 'h' ? 3_600_000 : 86_400_000);
  return ms >= 60_000 && ms <= 15 * 86_400_000 ? now + ms : null;
}

const refundedFen = (t: SimTrade): number => t.refunds.reduce((a, r) => a + r.fen, 0);

export function createCnGateway(deps: CnGatewayDeps) {
  const trades = new Map<string, SimTrade>();
  const byTradeNo = new Map<string, SimTrade>();
  const usedCodes = new Set<string>();
  let seq = 0;

  const newTradeNo = (): string => `${beijingDate(deps.now()).replaceAll('-', '')}22${String(++seq).padStart(6, '0')}${crypto.randomInt(1e9, 1e10 - 1)}`.slice(0, 28);
  const buyer = (): { logon: string; id: string } => ({ logon: `${crypto.randomInt(130, 199)}****${crypto.randomInt(1000, 9999)}`, id: `2088${crypto.randomInt(1e11, 1e12 - 1)}` });

  function find(b: Record<string, unknown>): SimTrade | undefined {
    const out = str(b.out_trade_no);
    const no = str(b.trade_no);
    return (no ? byTradeNo.get(no) : undefined) ?? (out ? trades.get(out) : undefined);
  }

  function settle(t: SimTrade): void {
    // Expired while waiting: Alipay closes it; nothing can pay it afterwards.
    if ((t.status === 'WAIT_BUYER_PAY' || t.status === 'precreated') && deps.now() >= t.expiresAt) {
      t.status = 'TRADE_CLOSED';
      t.closedAt = t.expiresAt;
    }
  }

  function pay(t: SimTrade): void {
    settle(t);
    if (t.status !== 'WAIT_BUYER_PAY') return;
    const b = buyer();
    t.status = 'TRADE_SUCCESS';
    t.paidAt = deps.now();
    t.buyerLogonId = b.logon;
    t.buyerUserId = b.id;
    deps.onPaid(t);
  }

  function close(t: SimTrade): void {
    settle(t);
    if (t.status === 'WAIT_BUYER_PAY' || t.status === 'precreated') {
      t.status = 'TRADE_CLOSED';
      t.closedAt = deps.now();
    }
  }

  function tradeFields(t: SimTrade): Record<string, string | undefined> {
    return {
      trade_no: t.tradeNo, out_trade_no: t.outTradeNo, buyer_logon_id: t.buyerLogonId ?? undefined, buyer_user_id: t.buyerUserId ?? undefined,
      total_amount: fenToYuan(t.fen),
    };
  }

  function paidFields(t: SimTrade): Record<string, string | undefined> {
    return { ...tradeFields(t), receipt_amount: fenToYuan(t.fen), gmt_payment: t.paidAt ? formatBeijing(t.paidAt) : undefined };
  }

  /** Shared checks of trade.pay and trade.precreate; a new trade, or the answer that refuses it. */
  function open(b: Record<string, unknown>, kind: SimTrade['kind'], notifyUrl: string | null): SimTrade | BizAnswer {
    const outTradeNo = str(b.out_trade_no);
    if (!outTradeNo || outTradeNo.length > 64 || !/^[A-Za-z0-9_-]+$/.test(outTradeNo)) return invalid('out_trade_no');
    const amountText = str(b.total_amount);
    const fen = amountText === undefined ? null : yuanToFen(amountText);
    if (fen === null) return invalid('total_amount (0.01–100000000.00, at most 2 decimals)');
    if (fen < 1 || fen > 10_000_000_000) return invalid('total_amount out of range');
    const subject = str(b.subject);
    if (!subject) return invalid('subject');
    const authCode = kind === 'bar_code' ? str(b.auth_code) ?? '' : null;
    if (kind === 'bar_code' && str(b.scene) !== 'bar_code') return invalid('scene');
    const expiresAt = expiryOf(str(b.timeout_express), deps.now());
    if (expiresAt === null) return invalid('timeout_express');
    const prior = trades.get(outTradeNo);
    if (prior) {
      settle(prior);
      // The same out_trade_no again: the same order, or a different one under a used number.
      if (prior.fen !== fen || prior.kind !== kind || (authCode !== null && prior.authCode !== authCode)) return biz('ACQ.CONTEXT_INCONSISTENT', '交易信息被篡改');
      return prior;
    }
    if (authCode !== null) {
      if (!CN_AUTH_CODE.test(authCode)) return biz('ACQ.PAYMENT_AUTH_CODE_INVALID', '支付失败，获取顾客账户信息失败，请顾客刷新付款码后重新收款');
      if (usedCodes.has(authCode) && !isCnScenarioCode(authCode)) return biz('ACQ.PAYMENT_AUTH_CODE_INVALID', '付款码已使用，请顾客刷新付款码后重新收款');
      usedCodes.add(authCode);
    }
    const t: SimTrade = {
      outTradeNo, tradeNo: newTradeNo(), kind, fen, subject,
      storeId: str(b.store_id) ?? null, terminalId: str(b.terminal_id) ?? null, operatorId: str(b.operator_id) ?? null,
      notifyUrl, authCode, createdAt: deps.now(), expiresAt, scenario: cnScenarioFor(authCode, fen),
      status: kind === 'qr' ? 'precreated' : 'WAIT_BUYER_PAY', paidAt: null, closedAt: null, buyerLogonId: null, buyerUserId: null, refunds: [], cancelAnswers: 0, cancelAction: null,
    };
    return t;
  }

  function keep(t: SimTrade): void {
    trades.set(t.outTradeNo, t);
    byTradeNo.set(t.tradeNo, t);
    deps.schedule(t.expiresAt, () => settle(t));
  }

  function tradePay(b: Record<string, unknown>, notifyUrl: string | null): BizAnswer {
    const r = open(b, 'bar_code', notifyUrl);
    if (!('outTradeNo' in r)) return r;
    const t = r;
    if (trades.has(t.outTradeNo)) {
      // A repeat of an existing order (same fields): its current state.
      switch (t.status) {
        case 'TRADE_SUCCESS':
        case 'TRADE_FINISHED': return biz('ACQ.TRADE_HAS_SUCCESS', '交易已被支付', tradeFields(t));
        case 'TRADE_CLOSED': return biz('ACQ.TRADE_HAS_CLOSE', '交易已经关闭', tradeFields(t));
        default: return { code: '10003', msg: ' order success pay inprocess', fields: tradeFields(t) };
      }
    }
    const s = t.scenario.scenario;
    switch (s.kind) {
      case 'refused':
        // Refused before a trade exists: the code stays spent, the out_trade_no stays free.
        return biz(s.subCode, s.subMsg);
      case 'paid':
        keep(t);
        pay(t);
        return ok(paidFields(t));
      case 'dropped':
        keep(t);
        pay(t);
        return { ...ok(paidFields(t)), drop: true };
      case 'unknown':
        if (s.paid) {
          keep(t);
          pay(t);
        }
        return s.code === '20000' ? { code: '20000', msg: 'Service Currently Unavailable', subCode: s.subCode, subMsg: '系统繁忙' } : biz(s.subCode, '系统异常', s.paid ? tradeFields(t) : {});
      case 'waiting':
        keep(t);
        if (s.afterMs !== null) {
          deps.schedule(deps.now() + s.afterMs, () => (s.outcome === 'pay' ? pay(t) : close(t)));
        }
        return { code: '10003', msg: ' order success pay inprocess', fields: tradeFields(t) };
    }
  }

  function tradePrecreate(b: Record<string, unknown>, notifyUrl: string | null): BizAnswer {
    const r = open(b, 'qr', notifyUrl);
    if (!('outTradeNo' in r)) return r;
    if (!trades.has(r.outTradeNo)) keep(r);
    settle(r);
    if (r.status === 'TRADE_CLOSED') return biz('ACQ.TRADE_HAS_CLOSE', '交易已经关闭');
    if (r.status === 'TRADE_SUCCESS') return biz('ACQ.TRADE_HAS_SUCCESS', '交易已被支付');
    return ok({ out_trade_no: r.outTradeNo, qr_code: qrOf(r) });
  }

  const qrOf = (t: SimTrade): string => `https://qr.alipay.com/sim${t.tradeNo.slice(-12)}`;

  function tradeQuery(b: Record<string, unknown>): BizAnswer {
    const t = find(b);
    if (!t || t.status === 'precreated') {
      if (t) settle(t);
      return biz('ACQ.TRADE_NOT_EXIST', '交易不存在');
    }
    settle(t);
    return ok({ ...tradeFields(t), trade_status: t.status, ...(t.paidAt ? { send_pay_date: formatBeijing(t.paidAt), receipt_amount: fenToYuan(t.fen) } : {}) });
  }

  function tradeCancel(b: Record<string, unknown>): BizAnswer {
    const out = str(b.out_trade_no);
    if (!out && !str(b.trade_no)) return invalid('out_trade_no');
    let t = find(b);
    if (!t) {
      // Nothing arrived yet: the number is closed so a late pay under it cannot stand.
      if (!out) return biz('ACQ.TRADE_NOT_EXIST', '交易不存在');
      const now = deps.now();
      t = {
        outTradeNo: out, tradeNo: newTradeNo(), kind: 'bar_code', fen: 0, subject: '', storeId: null, terminalId: null, operatorId: null, notifyUrl: null, authCode: null,
        createdAt: now, expiresAt: now, scenario: cnScenarioFor(null, 0), status: 'TRADE_CLOSED', paidAt: null, closedAt: now, buyerLogonId: null, buyerUserId: null,
        refunds: [], cancelAnswers: 0, cancelAction: 'close',
      };
      trades.set(out, t);
      byTradeNo.set(t.tradeNo, t);
      return ok({ trade_no: t.tradeNo, out_trade_no: out, retry_flag: 'N', action: 'close' });
    }
    t.cancelAnswers++;
    settle(t);
    if (t.scenario.cancelRetryOnce && t.cancelAnswers === 1) return biz('ACQ.SYSTEM_ERROR', '系统异常', { retry_flag: 'Y', out_trade_no: t.outTradeNo });
    if (deps.now() - t.createdAt > 86_400_000 || (t.scenario.cancelTooLate && t.status === 'TRADE_SUCCESS')) {
      return biz('ACQ.TRADE_CANCEL_TIME_OUT', '超过撤销时间范围', { retry_flag: 'N', out_trade_no: t.outTradeNo });
    }
    if (t.status === 'TRADE_SUCCESS') {
      const left = t.fen - refundedFen(t);
      if (left > 0) t.refunds.push({ outRequestNo: `cancel-${t.outTradeNo}`, fen: left, at: deps.now() });
      t.status = 'TRADE_CLOSED';
      t.closedAt = deps.now();
      t.cancelAction = 'refund';
      return ok({ trade_no: t.tradeNo, out_trade_no: t.outTradeNo, retry_flag: 'N', action: 'refund' });
    }
    if (t.status === 'TRADE_FINISHED') return biz('ACQ.TRADE_STATUS_ERROR', '交易状态不合法', { retry_flag: 'N' });
    const wasOpen = t.status !== 'TRADE_CLOSED';
    close(t);
    if (wasOpen) t.cancelAction = 'close';
    return ok({ trade_no: t.tradeNo, out_trade_no: t.outTradeNo, retry_flag: 'N', action: t.cancelAction ?? 'close' });
  }

  function tradeClose(b: Record<string, unknown>): BizAnswer {
    const t = find(b);
    if (!t) return biz('ACQ.TRADE_NOT_EXIST', '交易不存在');
    settle(t);
    if (t.status === 'TRADE_SUCCESS' || t.status === 'TRADE_FINISHED') return biz('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
    close(t);
    return ok({ trade_no: t.tradeNo, out_trade_no: t.outTradeNo });
  }

  function tradeRefund(b: Record<string, unknown>): BizAnswer {
    const t = find(b);
    if (!t || t.status === 'precreated') return biz('ACQ.TRADE_NOT_EXIST', '交易不存在');
    const amountText = str(b.refund_amount);
    const fen = amountText === undefined ? null : yuanToFen(amountText);
    if (fen === null || fen < 1) return invalid('refund_amount');
    // Without out_request_no Alipay takes the out_trade_no: one full refund only.
    const reqNo = str(b.out_request_no) ?? t.outTradeNo;
    if (reqNo.length > 64) return invalid('out_request_no');
    const prior = t.refunds.find((r) => r.outRequestNo === reqNo);
    if (prior) {
      if (prior.fen !== fen) return biz('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额与原请求不一致');
      return ok({ ...tradeFields(t), refund_fee: fenToYuan(refundedFen(t)), fund_change: 'N' });
    }
    if (t.paidAt === null) return biz('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
    if (t.status === 'TRADE_FINISHED') return biz('ACQ.TRADE_HAS_FINISHED', '交易已完结');
    if (refundedFen(t) + fen > t.fen) return biz('ACQ.REFUND_FEE_ERROR', '交易退款金额有误');
    t.refunds.push({ outRequestNo: reqNo, fen, at: deps.now() });
    if (refundedFen(t) === t.fen) {
      t.status = 'TRADE_CLOSED';
      t.closedAt = deps.now();
    }
    return ok({ ...tradeFields(t), refund_fee: fenToYuan(refundedFen(t)), fund_change: 'Y' });
  }

  function refundQuery(b: Record<string, unknown>): BizAnswer {
    const t = find(b);
    if (!t) return biz('ACQ.TRADE_NOT_EXIST', '交易不存在');
    const reqNo = str(b.out_request_no) ?? t.outTradeNo;
    const r = t.refunds.find((x) => x.outRequestNo === reqNo);
    // Not found is a plain 10000 without the refund fields (as Alipay answers it).
    if (!r) return ok({ trade_no: t.tradeNo, out_trade_no: t.outTradeNo });
    return ok({ trade_no: t.tradeNo, out_trade_no: t.outTradeNo, out_request_no: reqNo, total_amount: fenToYuan(t.fen), refund_amount: fenToYuan(r.fen), refund_status: 'REFUND_SUCCESS' });
  }

  return {
    trades,
    sellerId: deps.sellerId,
    handle(method: string, b: Record<string, unknown>, notifyUrl: string | null): BizAnswer | null {
      switch (method) {
        case 'alipay.trade.pay': return tradePay(b, notifyUrl);
        case 'alipay.trade.precreate': return tradePrecreate(b, notifyUrl);
        case 'alipay.trade.query': return tradeQuery(b);
        case 'alipay.trade.cancel': return tradeCancel(b);
        case 'alipay.trade.close': return tradeClose(b);
        case 'alipay.trade.refund': return tradeRefund(b);
        case 'alipay.trade.fastpay.refund.query': return refundQuery(b);
        default: return null;
      }
    },
    /** A trade paid at another till of the same merchant (DEMO / tests): in the bill, unknown to this terminal. */
    otherTill(fen: number): SimTrade {
      const now = deps.now();
      const t: SimTrade = {
        outTradeNo: `OTHER-TILL-${++seq}`, tradeNo: newTradeNo(), kind: 'bar_code', fen, subject: 'other till', storeId: null, terminalId: 'OTHER', operatorId: null,
        notifyUrl: null, authCode: null, createdAt: now, expiresAt: now + 60_000, scenario: cnScenarioFor(null, 0),
        status: 'WAIT_BUYER_PAY', paidAt: null, closedAt: null, buyerLogonId: null, buyerUserId: null, refunds: [], cancelAnswers: 0, cancelAction: null,
      };
      keep(t);
      pay(t);
      return t;
    },
    /** Trades a restarted simulator had written (cnSimStore): known again, their codes spent, expiry re-armed. */
    restore(saved: readonly SimTrade[]): void {
      for (const t of saved) {
        trades.set(t.outTradeNo, t);
        byTradeNo.set(t.tradeNo, t);
        if (t.authCode) usedCodes.add(t.authCode);
        seq++;
        if (t.status === 'WAIT_BUYER_PAY' || t.status === 'precreated') deps.schedule(t.expiresAt, () => settle(t));
      }
    },
    get(outTradeNo: string): SimTrade | undefined {
      const t = trades.get(outTradeNo);
      if (t) settle(t);
      return t;
    },
    /** The virtual wallet: the customer confirms a waiting payment, declines it, or scans a shown QR. */
    wallet: {
      confirm(outTradeNo: string): boolean {
        const t = trades.get(outTradeNo);
        if (!t) return false;
        if (t.status === 'precreated') t.status = 'WAIT_BUYER_PAY';
        pay(t);
        return t.status === 'TRADE_SUCCESS';
      },
      decline(outTradeNo: string): boolean {
        const t = trades.get(outTradeNo);
        if (!t || (t.status !== 'WAIT_BUYER_PAY' && t.status !== 'precreated')) return false;
        close(t);
        return true;
      },
      /** Scans a QR (qr_code value): the trade now exists at Alipay, waiting for the customer. */
      scan(qrCode: string): SimTrade | null {
        for (const t of trades.values()) {
          if (t.kind === 'qr' && qrOf(t) === qrCode) {
            settle(t);
            if (t.status === 'precreated') t.status = 'WAIT_BUYER_PAY';
            return t;
          }
        }
        return null;
      },
      pending(): SimTrade[] {
        return [...trades.values()].filter((t) => (settle(t), t.status === 'WAIT_BUYER_PAY' || t.status === 'precreated'));
      },
    },
  };
}

export type CnGateway = ReturnType<typeof createCnGateway>;
