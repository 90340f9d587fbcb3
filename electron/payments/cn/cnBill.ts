/**
 * 当面付 trade bills (bill_type=trade): a zip of GBK CSV files, a detail file (业务明细) and a
 * summary file (业务明细(汇总)), each a table between `#` comment lines naming the account and the
 * period, cells often padded with a tab so spreadsheets keep long numbers as text. [open] The exact
 * comment lines are not in the seed; these follow the files merchants receive, the parser reads the
 * header row by name and ignores unknown columns.
 */
import iconv from 'iconv-lite';
import { PosError } from '../../../shared/errors/posError';
import { readZip } from './cnZip';
import { yuanToFen } from './cnWire';

export const CN_DETAIL_COLUMNS = [
  '支付宝交易号', '商户订单号', '业务类型', '商品名称', '创建时间', '完成时间', '门店编号', '门店名称', '操作员', '终端号', '对方账户',
  '订单金额（元）', '商家实收（元）', '支付宝红包（元）', '集分宝（元）', '支付宝优惠（元）', '商家优惠（元）', '券核销金额（元）', '券名称',
  '商家红包消费金额（元）', '卡消费金额（元）', '退款批次号/请求号', '服务费（元）', '分润（元）', '备注',
] as const;
export const CN_SUMMARY_COLUMNS = ['门店编号', '门店名称', '交易订单总笔数', '退款订单总笔数', '订单金额（元）', '商家实收（元）', '支付宝优惠（元）', '商家优惠（元）', '卡消费金额（元）', '服务费（元）', '分润（元）', '实收净额（元）'] as const;

export class CnBillError extends PosError {
  constructor(kind: 'invalid' | 'wrong', message: string, details: Record<string, unknown> = {}) {
    super(kind === 'wrong' ? 'SETTLEMENT_WRONG_FILE' : 'SETTLEMENT_INVALID', `当面付 bill: ${message}`, { details });
  }
}

export interface CnBillRow {
  readonly lineNo: number;
  readonly tradeNo: string;
  readonly outTradeNo: string;
  readonly kind: 'trade' | 'refund';
  /** Signed like the file: refunds negative. */
  readonly fen: number;
  readonly receivedFen: number;
  readonly feeFen: number;
  readonly outRequestNo: string | null;
  readonly storeId: string | null;
  readonly finishedAt: number;
}

export interface CnBillSummary {
  readonly storeId: string;
  readonly trades: number;
  readonly refunds: number;
  readonly receivedFen: number;
  readonly feeFen: number;
  readonly netFen: number;
}

export interface CnBill {
  readonly account: string;
  /** yyyy-MM-dd the file says it covers. */
  readonly date: string;
  readonly rows: readonly CnBillRow[];
  readonly summaries: readonly CnBillSummary[];
}

function signedFen(text: string, where: string): number {
  const t = text.trim();
  const neg = t.startsWith('-');
  const fen = yuanToFen(neg ? t.slice(1) : t);
  if (fen === null) throw new CnBillError('invalid', `${where}: "${text}" is not an amount in yuan`);
  return neg ? -fen : fen;
}

/** "2026-01-15 10:00:00" (Beijing) → epoch ms. */
function beijing(text: string, where: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) throw new CnBillError('invalid', `${where}: "${text}" is not a time`);
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) - 8 * 3_600_000;
}

interface Table {
  readonly comments: string[];
  readonly header: string[];
  /** Data lines as latin1 text, not split yet: only the columns read are ever cut out (100,000 rows). */
  readonly rows: { lineNo: number; line: string }[];
}

/** The cells at `want` (ascending column indices) of one line, tabs and spaces trimmed. */
function pick(line: string, want: readonly number[]): string[] {
  const out: string[] = new Array<string>(want.length).fill('');
  let col = 0;
  let start = 0;
  let w = 0;
  for (let i = 0; i <= line.length && w < want.length; i++) {
    if (i === line.length || line.charCodeAt(i) === 44 /* , */) {
      if (col === want[w]) {
        const c = line.slice(start, i);
        out[w++] = (c.includes('\t') ? c.replace(/\t/g, '') : c).trim();
      }
      col++;
      start = i + 1;
    }
  }
  return out;
}

/**
 * The files hold no quoted fields (Alipay pads with tabs instead); a quote is refused rather than
 * guessed. Data lines are split as latin1: GBK's multi-byte characters never contain a comma, tab or
 * newline byte, and the cells we read (ids, times, amounts) are ASCII, so 100,000 rows need no GBK
 * decoding; comment and header lines, and the business type, are read as GBK.
 */
function table(bytes: Buffer, file: string): Table {
  const lines = bytes.toString('latin1').split(/\r?\n/);
  const gbk = (latin1: string): string => iconv.decode(Buffer.from(latin1, 'latin1'), 'gbk');
  const comments: string[] = [];
  let header: string[] | null = null;
  const rows: { lineNo: number; line: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length === 0 || line.trim() === '') continue;
    if (line.charCodeAt(0) === 35 /* # */) {
      comments.push(gbk(line));
      continue;
    }
    if (line.includes('"')) throw new CnBillError('invalid', `${file} line ${i + 1}: quoted fields are not expected`);
    if (!header) header = line.split(',').map((c) => gbk(c.replace(/\t/g, '').trim()));
    else rows.push({ lineNo: i + 1, line });
  }
  if (!header) throw new CnBillError('invalid', `${file} has no table`);
  return { comments, header, rows };
}

const latin1Of = (text: string): string => iconv.encode(text, 'gbk').toString('latin1');
const KIND_TRADE = latin1Of('交易');
const KIND_REFUND = latin1Of('退款');
const TOTAL_ROW = latin1Of('合计');

function column(t: Table, name: string, file: string): number {
  const i = t.header.indexOf(name);
  if (i < 0) throw new CnBillError('invalid', `${file} lacks the column ${name}`);
  return i;
}

function headerFacts(t: Table, file: string): { account: string; date: string } {
  const account = t.comments.map((c) => /^#账号：\[(\d+)\]/.exec(c)?.[1]).find(Boolean);
  const start = t.comments.map((c) => /起始日期：\[(\d{4})年(\d{2})月(\d{2})日/.exec(c)).find(Boolean);
  if (!account || !start) throw new CnBillError('invalid', `${file} does not name its account and period`);
  return { account, date: `${start[1]}-${start[2]}-${start[3]}` };
}

/** Unzips and parses a bill; checks the summary against the detail so a damaged file is never half-believed. */
export function parseCnBillZip(zip: Buffer): CnBill {
  const entries = readZip(zip);
  const detail = entries.find((e) => e.name.endsWith('.csv') && e.name.includes('业务明细') && !e.name.includes('汇总'));
  const summary = entries.find((e) => e.name.endsWith('.csv') && e.name.includes('汇总'));
  if (!detail || !summary) throw new CnBillError('invalid', `the zip holds ${entries.map((e) => e.name).join(', ') || 'nothing'}, not a detail and a summary file`);
  const d = table(detail.data, detail.name);
  const s = table(summary.data, summary.name);
  const facts = headerFacts(d, detail.name);
  const sFacts = headerFacts(s, summary.name);
  if (sFacts.account !== facts.account || sFacts.date !== facts.date) throw new CnBillError('invalid', 'the detail and summary files are for different accounts or days');
  const c = (name: string): number => column(d, name, detail.name);
  const names = ['支付宝交易号', '商户订单号', '业务类型', '完成时间', '门店编号', '订单金额（元）', '商家实收（元）', '退款批次号/请求号', '服务费（元）'] as const;
  const cols = names.map((n) => c(n));
  const order = [...cols].sort((a, b) => a - b);
  const slot = cols.map((x) => order.indexOf(x));
  const [iTrade, iOut, iKind, iFinished, iStore, iAmount, iReceived, iReq, iFee] = slot;
  const rows: CnBillRow[] = d.rows.map(({ lineNo, line }) => {
    const cells = pick(line, order);
    const where = `${detail.name} line ${lineNo}`;
    const kindText = cells[iKind!] ?? '';
    if (kindText !== KIND_TRADE && kindText !== KIND_REFUND) throw new CnBillError('invalid', `${where}: unknown 业务类型 "${iconv.decode(Buffer.from(kindText, 'latin1'), 'gbk')}"`);
    const tradeNo = cells[iTrade!] ?? '';
    if (!/^\d{16,64}$/.test(tradeNo)) throw new CnBillError('invalid', `${where}: "${tradeNo}" is not a trade_no`);
    return {
      lineNo, tradeNo, outTradeNo: cells[iOut!] ?? '', kind: kindText === KIND_TRADE ? 'trade' : 'refund',
      fen: signedFen(cells[iAmount!] ?? '', where), receivedFen: signedFen(cells[iReceived!] ?? '', where), feeFen: signedFen(cells[iFee!] || '0', where),
      outRequestNo: cells[iReq!] ? cells[iReq!]! : null, storeId: cells[iStore!] ? cells[iStore!]! : null, finishedAt: beijing(cells[iFinished!] ?? '', where),
    };
  });
  const sc = (name: string): number => column(s, name, summary.name);
  const [jStore, jTrades, jRefunds, jReceived, jFee, jNet] = [sc('门店编号'), sc('交易订单总笔数'), sc('退款订单总笔数'), sc('商家实收（元）'), sc('服务费（元）'), sc('实收净额（元）')];
  const summaries: CnBillSummary[] = s.rows.map(({ lineNo, line }) => {
    const cells = line.split(',').map((x) => x.replace(/\t/g, '').trim());
    const where = `${summary.name} line ${lineNo}`;
    const n = (i: number): number => {
      const v = Number(cells[i]);
      if (!Number.isSafeInteger(v) || v < 0) throw new CnBillError('invalid', `${where}: "${cells[i]}" is not a count`);
      return v;
    };
    const store = cells[jStore!] ?? '';
    return { storeId: store === TOTAL_ROW ? '合计' : iconv.decode(Buffer.from(store, 'latin1'), 'gbk'), trades: n(jTrades!), refunds: n(jRefunds!), receivedFen: signedFen(cells[jReceived!] ?? '', where), feeFen: signedFen(cells[jFee!] || '0', where), netFen: signedFen(cells[jNet!] ?? '', where) };
  });
  const total = summaries.find((x) => x.storeId === '合计');
  if (!total) throw new CnBillError('invalid', `${summary.name} has no 合计 row`);
  const trades = rows.filter((r) => r.kind === 'trade').length;
  const received = rows.reduce((a, r) => a + r.receivedFen, 0);
  if (total.trades !== trades || total.refunds !== rows.length - trades || total.receivedFen !== received) {
    throw new CnBillError('invalid', `the summary (${total.trades} trades, ${total.refunds} refunds, ${total.receivedFen} fen) does not add up to the detail (${trades}, ${rows.length - trades}, ${received} fen)`);
  }
  return { account: facts.account, date: facts.date, rows, summaries };
}
