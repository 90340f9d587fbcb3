/**
 * 当面付 trade bills (bill_type=trade): a zip of GBK CSV files, a detail file (业务明细) and a
 * summary file (业务明细(汇总)), each a table between `#` comment lines naming the account and the
 * period, cells often padded with a tab so spreadsheets keep long numbers as text. [open] The exact
 * comment lines are not in the seed; these follow the files merchants receive, the parser reads the
 * header row by name and ignores unknown columns.
 *
 * A day's bill can hold 100,000 rows, so the detail is read straight from the unzipped bytes: no
 * decoded text, no line strings, no cell arrays. GBK's multi-byte characters never contain a comma,
 * tab, quote or newline byte (both bytes are ≥ 0x40), and the cells read (ids, times, amounts) are
 * ASCII, so only comment and header lines are ever decoded from GBK. Rows are handed to a callback
 * one at a time in a reused object, so an importer can write each into the journal as it is read
 * (inside one transaction: a bad row anywhere throws and nothing is kept).
 */
import iconv from 'iconv-lite';
import { PosError } from '../../../shared/errors/posError';
import { readZip } from './cnZip';
import { CN_MAX_FEN } from './cnWire';

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

/** What the bill says about itself, known before any detail row is read. */
export interface CnBillHead {
  readonly account: string;
  /** yyyy-MM-dd the file says it covers. */
  readonly date: string;
  readonly summaries: readonly CnBillSummary[];
}

export interface CnBill extends CnBillHead {
  readonly rows: readonly CnBillRow[];
}

/** An opened bill: its head, and its detail rows on demand (read once per call, checked against the summary at the end). */
export interface CnBillReader {
  readonly head: CnBillHead;
  /** Calls `onRow` for each detail row with the same (mutated) object; copy it to keep it. Returns the row count. */
  eachRow(onRow: (row: CnBillRow) => void): number;
}

const gbk = (bytes: Buffer): string => iconv.decode(bytes, 'gbk');
const KIND_TRADE = iconv.encode('交易', 'gbk');
const KIND_REFUND = iconv.encode('退款', 'gbk');
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const HASH = 35;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const D0 = 48;
const isDigit = (b: number): boolean => b >= D0 && b <= D0 + 9;

/** One table of a file: comment lines and header decoded, data lines as [start, end) byte ranges. */
interface Table {
  readonly file: string;
  readonly bytes: Buffer;
  readonly comments: readonly string[];
  readonly header: readonly string[];
  /** start, end, lineNo triples of the data lines. */
  readonly lines: Int32Array;
  readonly count: number;
}

function table(bytes: Buffer, file: string): Table {
  const comments: string[] = [];
  let header: string[] | null = null;
  let lines = new Int32Array(3 * 1024);
  let count = 0;
  let nextQuote = bytes.indexOf(QUOTE);
  let lineNo = 0;
  for (let s = 0; s < bytes.length; ) {
    lineNo++;
    let e = bytes.indexOf(LF, s);
    const next = e < 0 ? bytes.length : e + 1;
    if (e < 0) e = bytes.length;
    if (e > s && bytes[e - 1] === CR) e--;
    let blank = true;
    for (let i = s; i < e; i++) {
      const b = bytes[i]!;
      if (b !== SPACE && b !== TAB) {
        blank = false;
        break;
      }
    }
    if (nextQuote >= 0 && nextQuote < s) nextQuote = bytes.indexOf(QUOTE, s);
    if (!blank) {
      if (bytes[s] === HASH) comments.push(gbk(bytes.subarray(s, e)));
      else if (nextQuote >= 0 && nextQuote < e) throw new CnBillError('invalid', `${file} line ${lineNo}: quoted fields are not expected`);
      else if (!header) header = gbk(bytes.subarray(s, e)).split(',').map((c) => c.replace(/\t/g, '').trim());
      else {
        if (3 * count + 3 > lines.length) {
          const grown = new Int32Array(lines.length * 2);
          grown.set(lines);
          lines = grown;
        }
        lines[3 * count] = s;
        lines[3 * count + 1] = e;
        lines[3 * count + 2] = lineNo;
        count++;
      }
    }
    s = next;
  }
  if (!header) throw new CnBillError('invalid', `${file} has no table`);
  return { file, bytes, comments, header, lines, count };
}

function column(t: Table, name: string): number {
  const i = t.header.indexOf(name);
  if (i < 0) throw new CnBillError('invalid', `${t.file} lacks the column ${name}`);
  return i;
}

function headerFacts(t: Table): { account: string; date: string } {
  const account = t.comments.map((c) => /^#账号：\[(\d+)\]/.exec(c)?.[1]).find(Boolean);
  const start = t.comments.map((c) => /起始日期：\[(\d{4})年(\d{2})月(\d{2})日/.exec(c)).find(Boolean);
  if (!account || !start) throw new CnBillError('invalid', `${t.file} does not name its account and period`);
  return { account, date: `${start[1]}-${start[2]}-${start[3]}` };
}

/**
 * Cell boundaries of one line for the columns up to `maxCol`, tabs and spaces trimmed at both ends,
 * written into `cells` as start/end pairs per column (a column past the line's end is empty).
 */
function cutCells(bytes: Buffer, s: number, e: number, maxCol: number, cells: Int32Array): void {
  let col = 0;
  let start = s;
  for (let i = s; i <= e && col <= maxCol; i++) {
    if (i === e || bytes[i] === COMMA) {
      let a = start;
      let b = i;
      while (a < b && (bytes[a] === TAB || bytes[a] === SPACE)) a++;
      while (b > a && (bytes[b - 1] === TAB || bytes[b - 1] === SPACE)) b--;
      cells[2 * col] = a;
      cells[2 * col + 1] = b;
      col++;
      start = i + 1;
    }
  }
  for (; col <= maxCol; col++) {
    cells[2 * col] = e;
    cells[2 * col + 1] = e;
  }
}

const text = (bytes: Buffer, a: number, b: number): string => bytes.toString('latin1', a, b);
const shown = (bytes: Buffer, a: number, b: number): string => gbk(bytes.subarray(a, b));

/** "-12.30" / "0.5" / "100" (yuan, ≤ 2 decimals, no leading zeros, within the limit) → signed fen; NaN when not one. */
function fenAt(bytes: Buffer, a: number, b: number): number {
  let i = a;
  const neg = i < b && bytes[i] === MINUS;
  if (neg) i++;
  const intStart = i;
  let yuan = 0;
  while (i < b && isDigit(bytes[i]!)) yuan = yuan * 10 + (bytes[i++]! - D0);
  const intLen = i - intStart;
  if (intLen === 0 || intLen > 12 || (intLen > 1 && bytes[intStart] === D0)) return NaN;
  let fen = yuan * 100;
  if (i < b) {
    if (bytes[i] !== DOT) return NaN;
    i++;
    const d = b - i;
    if (d < 1 || d > 2 || !isDigit(bytes[i]!) || (d === 2 && !isDigit(bytes[i + 1]!))) return NaN;
    fen += (bytes[i]! - D0) * 10 + (d === 2 ? bytes[i + 1]! - D0 : 0);
  }
  if (fen > CN_MAX_FEN) return NaN;
  return neg ? -fen : fen;
}

/** The decimal number in bytes[at, at + len), NaN unless all digits (top level: no closure per row). */
function digitsAt(bytes: Buffer, at: number, len: number): number {
  let v = 0;
  for (let i = at; i < at + len; i++) {
    const c = bytes[i]!;
    if (!isDigit(c)) return NaN;
    v = v * 10 + (c - D0);
  }
  return v;
}

const dayCache = new Map<number, number>();
/** "2026-01-15 10:00:00" (Beijing) → epoch ms; NaN when not a time. */
function beijingAt(bytes: Buffer, a: number, b: number): number {
  if (b - a !== 19 || bytes[a + 4] !== MINUS || bytes[a + 7] !== MINUS || bytes[a + 10] !== SPACE || bytes[a + 13] !== 58 || bytes[a + 16] !== 58) return NaN;
  const y = digitsAt(bytes, a, 4);
  const mo = digitsAt(bytes, a + 5, 2);
  const d = digitsAt(bytes, a + 8, 2);
  const h = digitsAt(bytes, a + 11, 2);
  const mi = digitsAt(bytes, a + 14, 2);
  const sec = digitsAt(bytes, a + 17, 2);
  if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && sec <= 59)) return NaN;
  const key = y * 10_000 + mo * 100 + d;
  let day = dayCache.get(key);
  if (day === undefined) {
    day = Date.UTC(y, mo - 1, d) - 8 * 3_600_000;
    if (dayCache.size > 1_000) dayCache.clear();
    dayCache.set(key, day);
  }
  return day + ((h * 60 + mi) * 60 + sec) * 1000;
}

const same = (bytes: Buffer, a: number, b: number, want: Buffer): boolean => b - a === want.length && bytes.compare(want, 0, want.length, a, b) === 0;

function tradeNoOk(bytes: Buffer, a: number, b: number): boolean {
  if (b - a < 16 || b - a > 64) return false;
  for (let i = a; i < b; i++) if (!isDigit(bytes[i]!)) return false;
  return true;
}

function summaries(s: Table): CnBillSummary[] {
  const [jStore, jTrades, jRefunds, jReceived, jFee, jNet] = [column(s, '门店编号'), column(s, '交易订单总笔数'), column(s, '退款订单总笔数'), column(s, '商家实收（元）'), column(s, '服务费（元）'), column(s, '实收净额（元）')];
  const maxCol = Math.max(jStore, jTrades, jRefunds, jReceived, jFee, jNet);
  const cells = new Int32Array(2 * (maxCol + 1));
  const out: CnBillSummary[] = [];
  for (let k = 0; k < s.count; k++) {
    const where = `${s.file} line ${s.lines[3 * k + 2]}`;
    cutCells(s.bytes, s.lines[3 * k]!, s.lines[3 * k + 1]!, maxCol, cells);
    const cell = (j: number): [number, number] => [cells[2 * j]!, cells[2 * j + 1]!];
    const n = (j: number): number => {
      const [a, b] = cell(j);
      const v = b > a && /^\d+$/.test(text(s.bytes, a, b)) ? Number(text(s.bytes, a, b)) : NaN;
      if (!Number.isSafeInteger(v)) throw new CnBillError('invalid', `${where}: "${shown(s.bytes, a, b)}" is not a count`);
      return v;
    };
    const fen = (j: number, blankIsZero = false): number => {
      const [a, b] = cell(j);
      if (blankIsZero && a === b) return 0;
      const v = fenAt(s.bytes, a, b);
      if (Number.isNaN(v)) throw new CnBillError('invalid', `${where}: "${shown(s.bytes, a, b)}" is not an amount in yuan`);
      return v;
    };
    const [sa, sb] = cell(jStore);
    out.push({ storeId: shown(s.bytes, sa, sb), trades: n(jTrades), refunds: n(jRefunds), receivedFen: fen(jReceived), feeFen: fen(jFee, true), netFen: fen(jNet) });
  }
  return out;
}

/** Unzips a bill and reads what it says about itself; the detail rows are read by `eachRow`. */
export function openCnBill(zip: Buffer): CnBillReader {
  const entries = readZip(zip);
  const detail = entries.find((e) => e.name.endsWith('.csv') && e.name.includes('业务明细') && !e.name.includes('汇总'));
  const summary = entries.find((e) => e.name.endsWith('.csv') && e.name.includes('汇总'));
  if (!detail || !summary) throw new CnBillError('invalid', `the zip holds ${entries.map((e) => e.name).join(', ') || 'nothing'}, not a detail and a summary file`);
  const d = table(detail.data, detail.name);
  const s = table(summary.data, summary.name);
  const facts = headerFacts(d);
  const sFacts = headerFacts(s);
  if (sFacts.account !== facts.account || sFacts.date !== facts.date) throw new CnBillError('invalid', 'the detail and summary files are for different accounts or days');
  const sums = summaries(s);
  const total = sums.find((x) => x.storeId === '合计');
  if (!total) throw new CnBillError('invalid', `${summary.name} has no 合计 row`);
  const [iTrade, iOut, iKind, iFinished, iStore, iAmount, iReceived, iReq, iFee] = (['支付宝交易号', '商户订单号', '业务类型', '完成时间', '门店编号', '订单金额（元）', '商家实收（元）', '退款批次号/请求号', '服务费（元）'] as const).map((n) => column(d, n)) as [number, number, number, number, number, number, number, number, number];
  const maxCol = Math.max(iTrade, iOut, iKind, iFinished, iStore, iAmount, iReceived, iReq, iFee);
  const head: CnBillHead = { account: facts.account, date: facts.date, summaries: sums };

  function eachRow(onRow: (row: CnBillRow) => void): number {
    const bytes = d.bytes;
    const cells = new Int32Array(2 * (maxCol + 1));
    const row = { lineNo: 0, tradeNo: '', outTradeNo: '', kind: 'trade' as 'trade' | 'refund', fen: 0, receivedFen: 0, feeFen: 0, outRequestNo: null as string | null, storeId: null as string | null, finishedAt: 0 };
    let trades = 0;
    let received = 0;
    const a = (j: number): number => cells[2 * j]!;
    const b = (j: number): number => cells[2 * j + 1]!;
    const bad = (lineNo: number, j: number, what: string): CnBillError => new CnBillError('invalid', `${detail!.name} line ${lineNo}: "${shown(bytes, a(j), b(j))}" ${what}`, { line: lineNo });
    for (let k = 0; k < d.count; k++) {
      const lineNo = d.lines[3 * k + 2]!;
      cutCells(bytes, d.lines[3 * k]!, d.lines[3 * k + 1]!, maxCol, cells);
      const isTrade = same(bytes, a(iKind), b(iKind), KIND_TRADE);
      if (!isTrade && !same(bytes, a(iKind), b(iKind), KIND_REFUND)) throw new CnBillError('invalid', `${detail!.name} line ${lineNo}: unknown 业务类型 "${shown(bytes, a(iKind), b(iKind))}"`, { line: lineNo });
      if (!tradeNoOk(bytes, a(iTrade), b(iTrade))) throw bad(lineNo, iTrade, 'is not a trade_no');
      const fen = fenAt(bytes, a(iAmount), b(iAmount));
      if (Number.isNaN(fen)) throw bad(lineNo, iAmount, 'is not an amount in yuan');
      const rec = fenAt(bytes, a(iReceived), b(iReceived));
      if (Number.isNaN(rec)) throw bad(lineNo, iReceived, 'is not an amount in yuan');
      const fee = a(iFee) === b(iFee) ? 0 : fenAt(bytes, a(iFee), b(iFee));
      if (Number.isNaN(fee)) throw bad(lineNo, iFee, 'is not an amount in yuan');
      const at = beijingAt(bytes, a(iFinished), b(iFinished));
      if (Number.isNaN(at)) throw bad(lineNo, iFinished, 'is not a time');
      row.lineNo = lineNo;
      row.tradeNo = text(bytes, a(iTrade), b(iTrade));
      row.outTradeNo = text(bytes, a(iOut), b(iOut));
      row.kind = isTrade ? 'trade' : 'refund';
      row.fen = fen;
      row.receivedFen = rec;
      row.feeFen = fee;
      row.outRequestNo = a(iReq) === b(iReq) ? null : text(bytes, a(iReq), b(iReq));
      row.storeId = a(iStore) === b(iStore) ? null : text(bytes, a(iStore), b(iStore));
      row.finishedAt = at;
      if (isTrade) trades++;
      received += rec;
      onRow(row);
    }
    // The summary is checked against the detail, so a damaged file is never half-believed (an importer's transaction rolls back).
    if (total!.trades !== trades || total!.refunds !== d.count - trades || total!.receivedFen !== received) {
      throw new CnBillError('invalid', `the summary (${total!.trades} trades, ${total!.refunds} refunds, ${total!.receivedFen} fen) does not add up to the detail (${trades}, ${d.count - trades}, ${received} fen)`);
    }
    return d.count;
  }
  return { head, eachRow };
}

/** Unzips and parses a whole bill into memory (tests, small days); the importer streams with openCnBill. */
export function parseCnBillZip(zip: Buffer): CnBill {
  const reader = openCnBill(zip);
  const rows: CnBillRow[] = [];
  reader.eachRow((r) => rows.push({ ...r }));
  return { ...reader.head, rows };
}
