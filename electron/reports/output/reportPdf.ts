/**
 * PDF export of an X/Z report (pdfkit). Chinese needs a CJK font: Noto Sans CJK where Debian's
 * fonts-noto-cjk puts it, the usual Windows/macOS fonts, or POS_CJK_FONT. Without one, a report
 * that contains any non-Latin text is refused with a message saying what to install, rather than
 * written with boxes where the characters should be.
 */
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import type { DayReport } from '../../../shared/domain/report';
import { reportChartData } from '../../../shared/domain/report';
import { PosError } from '../../../shared/errors/posError';
import { formatLocal } from '../businessDay';
import { REPORT_LABELS, type ReportLocale } from './reportLabels';
import { chainText, major, refIdLines, reportTitle } from './reportPrintout';

/** A font file and, for collections (.ttc), the face to use in it. */
export interface PdfFont {
  readonly file: string;
  readonly family?: string;
}

export const CJK_FONT_CANDIDATES: readonly PdfFont[] = [
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { file: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { file: 'C:\\Windows\\Fonts\\msyh.ttc', family: 'MicrosoftYaHei' },
  { file: '/System/Library/Fonts/PingFang.ttc', family: 'PingFangSC-Regular' },
];

export function findCjkFont(env: NodeJS.ProcessEnv = process.env, candidates: readonly PdfFont[] = CJK_FONT_CANDIDATES): PdfFont | null {
  if (env.POS_CJK_FONT) return fs.existsSync(env.POS_CJK_FONT) ? { file: env.POS_CJK_FONT, ...(env.POS_CJK_FONT_FAMILY ? { family: env.POS_CJK_FONT_FAMILY } : {}) } : null;
  return candidates.find((c) => fs.existsSync(c.file)) ?? null;
}

// Helvetica (PDF standard font) covers Latin-1 only.
const isLatin1 = (s: string): boolean => [...s].every((c) => c.charCodeAt(0) <= 0xff);

export async function reportPdf(r: DayReport, locale: ReportLocale, font: PdfFont | null): Promise<Buffer> {
  const l = REPORT_LABELS[locale];
  const tz = r.day.timeZone;
  const texts: string[] = [];
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `${reportTitle(r, locale)} ${r.day.date}`, Producer: 'alipay-pos' } });
  if (font) {
    doc.registerFont('body', font.file, font.family ?? '');
    doc.font('body');
  } else {
    doc.font('Helvetica');
  }
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const write = (s: string, x: number, y: number, opts: PDFKit.Mixins.TextOptions = {}): void => {
    texts.push(s);
    doc.text(s, x, y, { lineBreak: false, ...opts });
  };
  const left = 48;
  let y = 48;
  doc.fontSize(18);
  write(reportTitle(r, locale), left, y);
  y += 30;
  doc.fontSize(10);
  const head: Array<[string, string]> = [
    [l.store, `${r.storeName}  ·  ${l.terminal} ${r.terminalId}`],
    [l.businessDay, `${r.day.date}  (${r.day.cutoff} ${tz})`],
    [`${l.from} / ${l.to}`, `${formatLocal(r.day.start, tz)}  ->  ${formatLocal(r.day.end, tz)}`],
    [l.printedAt, formatLocal(r.generatedAt, tz)],
  ];
  for (const [k, v] of head) {
    write(k, left, y);
    write(v, left + 120, y);
    y += 15;
  }
  y += 10;

  // Table: one row per scenario × cashier × currency, then the currency totals.
  const cols = [left, left + 150, left + 215, left + 285, left + 355, left + 425];
  const header = [`${l.byScenario}`, l.sales, l.cancels, l.refunds, l.declined, l.net];
  doc.fontSize(9);
  header.forEach((h, i) => write(h, cols[i]!, y, i === 0 ? {} : { width: 65, align: 'right' }));
  y += 14;
  doc.moveTo(left, y - 3).lineTo(548, y - 3).stroke();
  const rowOut = (label: string, cells: string[]): void => {
    write(label, cols[0]!, y, { width: 145, ellipsis: true });
    cells.forEach((c, i) => write(c, cols[i + 1]!, y, { width: 65, align: 'right' }));
    y += 13;
  };
  for (const line of r.lines) {
    rowOut(`${l.scenario[line.scenario]} · ${line.cashier} · ${line.currency}`, [
      `${line.sales.count} / ${major(line.sales.minor, line.currency)}`, `${line.cancels.count} / ${major(line.cancels.minor, line.currency)}`,
      `${line.refunds.count} / ${major(line.refunds.minor, line.currency)}`, String(line.declined), major(line.net, line.currency),
    ]);
  }
  for (const t of r.totals) {
    rowOut(`${l.total} ${t.currency}`, [`${t.sales.count} / ${major(t.sales.minor, t.currency)}`, `${t.cancels.count} / ${major(t.cancels.minor, t.currency)}`, `${t.refunds.count} / ${major(t.refunds.minor, t.currency)}`, String(t.declined), major(t.net, t.currency)]);
  }
  if (r.lines.length === 0) rowOut(l.none, []);
  // Per acquirer (AMS vs 当面付), only when the day has any: same columns as the lines above.
  const byAcquirer = r.byAcquirer ?? [];
  if (byAcquirer.length > 0) {
    y += 6;
    write(l.byAcquirer, cols[0]!, y);
    y += 14;
    for (const a of byAcquirer) {
      rowOut(`${l.acquirer[a.acquirer]} · ${a.currency}`, [`${a.sales.count} / ${major(a.sales.minor, a.currency)}`, `${a.cancels.count} / ${major(a.cancels.minor, a.currency)}`, `${a.refunds.count} / ${major(a.refunds.minor, a.currency)}`, String(a.declined), major(a.net, a.currency)]);
    }
  }
  y += 12;

  // Chart: sales per hour, one strip per currency.
  for (const series of reportChartData(r)) {
    write(`${l.salesPerHour} - ${series.currency}`, left, y);
    y += 14;
    const h = 60;
    const w = Math.max(2, Math.floor(500 / Math.max(1, series.byHour.length)) - 2);
    series.byHour.forEach((b, i) => {
      const bh = Math.round((b.minor / series.max) * h);
      if (bh > 0) doc.rect(left + i * (w + 2), y + h - bh, w, bh).fill('#1677ff');
    });
    doc.fillColor('black');
    y += h + 16;
  }

  const tail: string[] = [
    `${l.first}: ${r.first ? `${formatLocal(r.first.at, tz)}  ${refIdLines(r.first, l).map((x) => x.trim()).join('  ')}` : l.none}`,
    `${l.last}: ${r.last ? `${formatLocal(r.last.at, tz)}  ${refIdLines(r.last, l).map((x) => x.trim()).join('  ')}` : l.none}`,
    `${l.unresolved}: ${r.unresolved.length}${r.unresolved.length > 0 ? ` - ${r.unresolved.map((u) => `${u.paymentRequestId} ${u.status}`).join(', ')}` : ''}`,
    ...(r.unproven && r.unproven.length > 0 ? [`${l.unproven}: ${r.unproven.length} - ${r.unproven.map((u) => `${u.paymentRequestId} ${u.currency} ${major(u.minor, u.currency)}`).join(', ')}`] : []),
    `${l.queue}: ${l.queueLine(r.queue.pending, r.queue.running, r.queue.dead, r.queue.pendingRefunds)}`,
    `${l.chain}: ${chainText(r.chain, l)}`,
    ...(r.kind === 'Z' ? [`${l.closedBy}: ${r.closedBy}`, `${l.fingerprint}: ${r.sha256}`] : []),
  ];
  for (const t of tail) {
    texts.push(t);
    doc.text(t, left, y, { width: 500 });
    y = doc.y + 3;
  }

  if (!font && !texts.every(isLatin1)) {
    doc.end();
    await done.catch(() => undefined);
    throw new PosError('EXPORT_FAILED', 'no Chinese font found for the PDF: install fonts-noto-cjk (Debian/Ubuntu) or set POS_CJK_FONT to a CJK .ttf/.ttc file', { details: { reason: 'noCjkFont' } });
  }
  doc.end();
  return done;
}
