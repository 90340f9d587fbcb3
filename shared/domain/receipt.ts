/**
 * The receipt, described once (DESIGN.md §7). `layoutDocument` turns it into exact text lines for a
 * paper width; the ESC/POS encoder prints those lines and the UI preview shows the very same ones,
 * so what the cashier sees on screen is what comes out of the printer, column for column.
 */
import { assertNever } from '../errors/posError';
import { formatMajor, type Money } from './money';

export type PaperWidth = '58mm' | '80mm';

/** Font A (12×24 dots) on 384 / 576 printable dots: ASCII is one column, a Chinese character two. */
export const PAPER_COLUMNS: Readonly<Record<PaperWidth, number>> = { '58mm': 32, '80mm': 48 };

export type PaymentScenario = 'PaymentCode' | 'OrderCode' | 'EntryCode';

export interface ReceiptItem {
  readonly name: string;
  readonly quantity: number;
  readonly unitPrice: Money;
  readonly amount: Money;
}

export interface Receipt {
  readonly store: { readonly name: string; readonly lines: readonly string[] };
  readonly title: string;
  readonly saleId: string;
  readonly cashier: string | null;
  readonly items: readonly ReceiptItem[];
  readonly totals: { readonly subtotal: Money; readonly discount: Money | null; readonly total: Money };
  /** The Alipay payment of a one-tender sale; null on a cash or split sale, whose `tenders` say it all. */
  readonly payment: {
    readonly scenario: PaymentScenario;
    /** Shown as is, e.g. "支付宝 Alipay". */
    readonly method: string;
    readonly paymentId: string | null;
    readonly paymentRequestId: string;
    readonly customerIdMasked: string | null;
    /** 当面付 receipts name Alipay's ids as the open platform does (trade_no / out_trade_no). */
    readonly acquirer?: 'ams' | 'alipay-cn';
  } | null;
  /** Cash and split sales (issue 14): every tender in the order taken. */
  readonly tenders?: readonly ReceiptTender[];
  /** Cash handed over and the change given back, when cash settled the sale. */
  readonly change?: { readonly tendered: Money; readonly change: Money } | null;
  /** Epoch ms and the shop's offset from UTC, so the printed time does not depend on the PC's zone. */
  readonly at: number;
  readonly utcOffsetMinutes: number;
  readonly footer: readonly string[];
  /** Reprints say DUPLICATE at top and bottom, so a second copy is never taken for a second sale. */
  readonly copy: 'original' | 'duplicate';
}

export interface ReceiptTender {
  /** Shown as is, e.g. "现金 Cash", "支付宝 Alipay". */
  readonly method: string;
  readonly amount: Money;
  /** The Alipay part's paymentRequestId (out_trade_no); null for cash. */
  readonly reference: string | null;
}

/** Anything that is not a sale receipt: test prints, X/Z reports. */
export interface TextDocument {
  readonly title: string;
  readonly lines: readonly string[];
  readonly copy: 'original' | 'duplicate';
}

export type PrintDocument = { readonly type: 'receipt'; readonly receipt: Receipt } | { readonly type: 'text'; readonly text: TextDocument };

export type LayoutLine =
  /** `text` is exactly the line's width in columns, padding included (half the columns when double). */
  | { readonly kind: 'text'; readonly text: string; readonly size: 'normal' | 'double'; readonly bold: boolean }
  | { readonly kind: 'qr'; readonly data: string };

// East Asian Wide and Fullwidth ranges: these print two columns wide on a receipt printer.
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf],
  [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60], [0xffe0, 0xffe6], [0x20000, 0x3fffd],
];

export function charWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  for (const [lo, hi] of WIDE) if (cp >= lo && cp <= hi) return 2;
  return 1;
}

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

/** Control characters in a store name or item would be executed by the printer as commands. */
function clean(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    out += c < 0x20 || (c >= 0x7f && c <= 0x9f) ? ' ' : ch;
  }
  return out;
}

/** Splits into pieces no wider than `width`, preferring a break at a space. */
export function wrapText(s: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  let w = 0;
  let lastSpace = -1;
  for (const ch of clean(s)) {
    const cw = charWidth(ch);
    if (w + cw > width) {
      if (lastSpace > 0 && ch !== ' ') {
        out.push(line.slice(0, lastSpace).trimEnd());
        line = line.slice(lastSpace + 1);
      } else {
        out.push(line.trimEnd());
        line = '';
      }
      if (ch === ' ' && line === '') {
        w = 0;
        lastSpace = -1;
        continue;
      }
      w = displayWidth(line);
      lastSpace = -1;
    }
    if (ch === ' ') lastSpace = line.length;
    line += ch;
    w += cw;
  }
  if (line.trim() !== '' || out.length === 0) out.push(line.trimEnd());
  return out;
}

function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

function center(s: string, width: number): string {
  const left = Math.floor((width - displayWidth(s)) / 2);
  return padEnd(' '.repeat(Math.max(0, left)) + s, width);
}

function formatTime(at: number, utcOffsetMinutes: number): string {
  const iso = new Date(at + utcOffsetMinutes * 60_000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

class Lines {
  readonly out: LayoutLine[] = [];
  constructor(readonly cols: number) {}

  text(text: string, opts: { bold?: boolean } = {}): void {
    this.out.push({ kind: 'text', text: padEnd(text, this.cols), size: 'normal', bold: opts.bold ?? false });
  }
  centered(s: string, opts: { bold?: boolean; double?: boolean } = {}): void {
    const width = opts.double ? Math.floor(this.cols / 2) : this.cols;
    for (const piece of wrapText(s, width)) {
      this.out.push({ kind: 'text', text: center(piece, width), size: opts.double ? 'double' : 'normal', bold: opts.bold ?? false });
    }
  }
  wrapped(s: string): void {
    for (const piece of wrapText(s, this.cols)) this.text(piece);
  }
  /** Label left, value right; a value that does not fit goes right-aligned on the lines below. */
  pair(label: string, value: string, opts: { bold?: boolean } = {}): void {
    const l = clean(label);
    const v = clean(value);
    const gap = this.cols - displayWidth(l) - displayWidth(v);
    if (gap >= 1) {
      this.text(l + ' '.repeat(gap) + v, opts);
      return;
    }
    this.text(l, opts);
    for (const piece of wrapText(v, this.cols)) this.text(' '.repeat(this.cols - displayWidth(piece)) + piece, opts);
  }
  rule(ch = '-'): void {
    this.text(ch.repeat(this.cols));
  }
}

const DUPLICATE_MARK = '*** 重印 DUPLICATE ***';

const SCENARIO_LABEL: Readonly<Record<PaymentScenario, string>> = {
  PaymentCode: '付款码 Payment code',
  OrderCode: '订单码 Order code',
  EntryCode: '店铺码 Entry code',
};

function layoutReceipt(r: Receipt, b: Lines): void {
  if (r.copy === 'duplicate') b.centered(DUPLICATE_MARK, { bold: true });
  b.centered(r.store.name, { double: true, bold: true });
  for (const l of r.store.lines) b.centered(l);
  b.centered(r.title, { bold: true });
  b.rule();
  b.pair('单号 Sale', r.saleId);
  if (r.cashier !== null) b.pair('收银 Cashier', r.cashier);
  b.pair('时间 Time', formatTime(r.at, r.utcOffsetMinutes));
  b.rule();
  for (const item of r.items) {
    b.wrapped(item.name);
    b.pair(`  ${item.quantity} x ${formatMajor(item.unitPrice)}`, formatMajor(item.amount));
  }
  b.rule();
  b.pair('小计 Subtotal', formatMajor(r.totals.subtotal));
  if (r.totals.discount !== null) b.pair('优惠 Discount', `-${formatMajor(r.totals.discount)}`);
  b.pair('合计 TOTAL', `${r.totals.total.currency} ${formatMajor(r.totals.total)}`, { bold: true });
  b.rule();
  if (r.tenders && r.tenders.length > 0) {
    for (const t of r.tenders) {
      b.pair(t.method, formatMajor(t.amount));
      if (t.reference !== null) b.pair('  请求号 Request', t.reference);
    }
    if (r.change) {
      b.pair('收现 Cash tendered', formatMajor(r.change.tendered));
      b.pair('找零 CHANGE', formatMajor(r.change.change), { bold: true });
    }
  }
  if (r.payment) {
    b.pair('支付 Paid by', r.payment.method);
    b.pair('方式 Scenario', SCENARIO_LABEL[r.payment.scenario]);
    if (r.payment.customerIdMasked !== null) b.pair('付款人 Customer', r.payment.customerIdMasked);
    const cn = r.payment.acquirer === 'alipay-cn';
    if (r.payment.paymentId !== null) b.pair(cn ? '支付宝交易号 trade_no' : '支付单号 paymentId', r.payment.paymentId);
    b.pair(cn ? '商户订单号 out_trade_no' : '请求号 paymentRequestId', r.payment.paymentRequestId);
    b.out.push({ kind: 'qr', data: r.payment.paymentId ?? r.payment.paymentRequestId });
  }
  for (const l of r.footer) b.centered(l);
  if (r.copy === 'duplicate') b.centered(DUPLICATE_MARK, { bold: true });
}

function layoutText(t: TextDocument, b: Lines): void {
  if (t.copy === 'duplicate') b.centered(DUPLICATE_MARK, { bold: true });
  b.centered(t.title, { bold: true });
  b.rule();
  for (const l of t.lines) b.wrapped(l);
  if (t.copy === 'duplicate') b.centered(DUPLICATE_MARK, { bold: true });
}

export function layoutDocument(doc: PrintDocument, paper: PaperWidth): LayoutLine[] {
  const b = new Lines(PAPER_COLUMNS[paper]);
  switch (doc.type) {
    case 'receipt':
      layoutReceipt(doc.receipt, b);
      break;
    case 'text':
      layoutText(doc.text, b);
      break;
    default:
      assertNever(doc, 'print document');
  }
  return b.out;
}

/**
 * Plain-text preview: double-size lines are spread to full width with a space after each
 * character, the QR stands as a marker line. The UI draws the QR itself from the `qr` line.
 */
export function previewLines(lines: readonly LayoutLine[], paper: PaperWidth): string[] {
  const cols = PAPER_COLUMNS[paper];
  return lines.map((l) => {
    switch (l.kind) {
      case 'text':
        return l.size === 'double' ? padEnd([...l.text].map((c) => (charWidth(c) === 2 ? `${c}  ` : `${c} `)).join(''), cols) : l.text;
      case 'qr':
        return center('[QR]', cols);
      default:
        return assertNever(l, 'layout line');
    }
  });
}

/** The reprint of a document: same content, marked DUPLICATE. */
export function asDuplicate(doc: PrintDocument): PrintDocument {
  switch (doc.type) {
    case 'receipt':
      return { type: 'receipt', receipt: { ...doc.receipt, copy: 'duplicate' } };
    case 'text':
      return { type: 'text', text: { ...doc.text, copy: 'duplicate' } };
    default:
      return assertNever(doc, 'print document');
  }
}
