/**
 * The simulator's 当面付 bills: `alipay.data.dataservice.bill.downloadurl.query` (bill_type trade, a
 * past Beijing day) answers a download URL that lives 30 s; the URL serves a zip of two GBK CSV
 * files (detail and summary) built from the simulator's trades, as cnBill.ts reads them.
 */
import crypto from 'node:crypto';
import iconv from 'iconv-lite';
import { CN_DETAIL_COLUMNS, CN_SUMMARY_COLUMNS } from '../../payments/cn/cnBill';
import { writeZip } from '../../payments/cn/cnZip';
import { beijingDate, fenToYuan, formatBeijing } from '../../payments/cn/cnWire';
import type { BizAnswer, SimTrade } from './cnGateway';

export const BILL_URL_TTL_MS = 30_000;

const yuan = (fen: number): string => (fen < 0 ? `-${fenToYuan(-fen)}` : fenToYuan(fen));
/** Beijing "2026年01月15日 00:00:00". */
const cnDay = (day: string): string => `${day.slice(0, 4)}年${day.slice(5, 7)}月${day.slice(8, 10)}日 00:00:00`;
const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export interface BillLine {
  readonly tradeNo: string;
  readonly outTradeNo: string;
  readonly kind: '交易' | '退款';
  readonly subject: string;
  readonly createdAt: number;
  readonly finishedAt: number;
  readonly storeId: string;
  readonly operatorId: string;
  readonly terminalId: string;
  readonly buyer: string;
  readonly fen: number;
  readonly outRequestNo: string;
}

/** Every money movement of the day: paid trades on their payment time, refunds on theirs. */
export function billLines(trades: Iterable<SimTrade>, day: string): BillLine[] {
  const out: BillLine[] = [];
  for (const t of trades) {
    const base = { tradeNo: t.tradeNo, outTradeNo: t.outTradeNo, subject: t.subject, createdAt: t.createdAt, storeId: t.storeId ?? '', operatorId: t.operatorId ?? '', terminalId: t.terminalId ?? '', buyer: t.buyerLogonId ?? '' };
    if (t.paidAt !== null && beijingDate(t.paidAt) === day) out.push({ ...base, kind: '交易', finishedAt: t.paidAt, fen: t.fen, outRequestNo: '' });
    for (const r of t.refunds) {
      // A cancel that refunded a paid trade has no out_request_no of ours: the bill leaves it blank.
      if (beijingDate(r.at) === day) out.push({ ...base, kind: '退款', finishedAt: r.at, fen: -r.fen, outRequestNo: r.outRequestNo.startsWith('cancel-') ? '' : r.outRequestNo });
    }
  }
  return out.sort((a, b) => a.finishedAt - b.finishedAt);
}

/** The zip Alipay would serve for that day (the detail and summary files, GBK, tab-padded cells). */
export function billZip(lines: readonly BillLine[], account: string, day: string, exportedAt: number, storeName = '模拟门店'): Buffer {
  const head = (title: string, list: string): string[] => [`#支付宝${title}查询`, `#账号：[${account}]`, `#起始日期：[${cnDay(day)}]   终止日期：[${cnDay(nextDay(day))}]`, `#-----------------------------------------${list}----------------------------------------`];
  const foot = (list: string): string => `#-----------------------------------------${list}结束------------------------------------`;
  const cell = (v: string): string => `${v}\t`;
  const detail = [...head('业务明细', '业务明细列表'), CN_DETAIL_COLUMNS.join(',')];
  let tradeN = 0;
  let tradeFen = 0;
  let refundN = 0;
  let refundFen = 0;
  const perStore = new Map<string, { trades: number; refunds: number; amount: number; received: number }>();
  for (const l of lines) {
    detail.push([
      cell(l.tradeNo), cell(l.outTradeNo), l.kind, l.subject.replace(/[,\r\n]/g, ' '), formatBeijing(l.createdAt), formatBeijing(l.finishedAt), l.storeId, storeName, l.operatorId, l.terminalId, l.buyer,
      yuan(l.fen), yuan(l.fen), '0.00', '0.00', '0.00', '0.00', '0.00', '', '0.00', '0.00', l.outRequestNo ? cell(l.outRequestNo) : '', '0.00', '0.00', '',
    ].join(','));
    const s = perStore.get(l.storeId) ?? { trades: 0, refunds: 0, amount: 0, received: 0 };
    if (l.kind === '交易') {
      tradeN++;
      tradeFen += l.fen;
      s.trades++;
    } else {
      refundN++;
      refundFen += l.fen;
      s.refunds++;
    }
    s.amount += l.fen;
    s.received += l.fen;
    perStore.set(l.storeId, s);
  }
  detail.push(foot('业务明细列表'), `#交易合计：${tradeN}笔，商家实收共：${yuan(tradeFen)}元，商家优惠共：0.00元`, `#退款合计：${refundN}笔，商家实收退款共：${yuan(refundFen)}元，商家优惠退款共：0.00元`, `#导出时间：[${formatBeijing(exportedAt)}]`);
  const summary = [...head('业务汇总', '业务汇总列表'), CN_SUMMARY_COLUMNS.join(',')];
  const row = (id: string, name: string, s: { trades: number; refunds: number; amount: number; received: number }): string =>
    [id, name, s.trades, s.refunds, yuan(s.amount), yuan(s.received), '0.00', '0.00', '0.00', '0.00', '0.00', yuan(s.received)].join(',');
  for (const [id, s] of perStore) summary.push(row(id, storeName, s));
  summary.push(row('合计', '', { trades: tradeN, refunds: refundN, amount: tradeFen + refundFen, received: tradeFen + refundFen }));
  summary.push(foot('业务汇总列表'), `#导出时间：[${formatBeijing(exportedAt)}]`);
  const stamp = day.replaceAll('-', '');
  return writeZip([
    { name: `${account}0156_${stamp}_业务明细.csv`, data: iconv.encode(detail.join('\r\n') + '\r\n', 'gbk') },
    { name: `${account}0156_${stamp}_业务明细(汇总).csv`, data: iconv.encode(summary.join('\r\n') + '\r\n', 'gbk') },
  ]);
}

export interface BillServer {
  /**
   * DEMO: today's bill (so far) can be downloaded now — what Alipay makes the next morning, so a
   * demo's end of day can reconcile the sales just made. Returns the Beijing day released.
   */
  releaseToday(): string;
  downloadUrl(biz: Record<string, unknown>): BizAnswer;
  /** GET /__sim/bills/<token>: the zip, or 404 once the URL has expired. */
  serve(token: string): Buffer | null;
}

export function createBillServer(deps: { origin: () => string; now: () => number; account: string; trades: () => Iterable<SimTrade>; corrupt: () => boolean }): BillServer {
  const links = new Map<string, { day: string; expiresAt: number }>();
  const released = new Set<string>();
  return {
    releaseToday() {
      const day = beijingDate(deps.now());
      released.add(day);
      return day;
    },
    downloadUrl(biz) {
      const type = biz.bill_type;
      const day = typeof biz.bill_date === 'string' ? biz.bill_date : '';
      if (type !== 'trade' && type !== 'signcustomer') return { code: '40004', msg: 'Business Failed', subCode: 'isv.invalid-bill-type', subMsg: '账单类型不合法' };
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`))) return { code: '40004', msg: 'Business Failed', subCode: 'isp.bill_date_invalid', subMsg: '账单日期格式不正确' };
      // Bills exist from the next day on: today's (Beijing) is not ready yet, unless DEMO released it (releaseToday).
      const today = beijingDate(deps.now());
      if (day > today || (day === today && !released.has(day))) return { code: '40004', msg: 'Business Failed', subCode: 'isp.bill_not_exist', subMsg: '账单不存在' };
      const token = crypto.randomBytes(12).toString('hex');
      links.set(token, { day, expiresAt: deps.now() + BILL_URL_TTL_MS });
      return { code: '10000', msg: 'Success', fields: { bill_download_url: `${deps.origin()}/__sim/bills/${token}?downloadFileName=${day}.csv.zip` } };
    },
    serve(token) {
      const l = links.get(token);
      if (!l || deps.now() > l.expiresAt) return null;
      const zip = billZip(billLines(deps.trades(), l.day), deps.account, l.day, deps.now());
      // A damaged download (fault): the bytes are cut short, as a dropped transfer would leave them.
      return deps.corrupt() ? zip.subarray(0, Math.floor(zip.length * 0.7)) : zip;
    },
  };
}
