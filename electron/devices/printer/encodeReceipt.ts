/**
 * Layout lines → ESC/POS bytes, through receiptline. The layout (shared/domain/receipt.ts) has
 * already placed every character, so each line goes to receiptline as one escaped, full-width
 * column: receiptline does the printer dialect (GB18030 text in Chinese mode, emphasis, double
 * size, the QR as a raster image, the cut), we do the columns, which keeps the printout and the
 * on-screen preview identical.
 *
 * The 'generic' command set is used because it prints images with GS v 0, the raster command that
 * cheap 58/80 mm printers (Xprinter, Gprinter, …) all understand, unlike Epson's GS 8 L.
 */
import receiptline from 'receiptline';
import { layoutDocument, PAPER_COLUMNS, type LayoutLine, type PaperWidth, type PrintDocument } from '../../../shared/domain/receipt';
import { assertNever } from '../../../shared/errors/posError';

/** Receiptline markup characters; a space becomes `~` so that padding is never trimmed. */
function escapeText(s: string): string {
  return s.replace(/[\\{|}\-=_"`^~]/g, (c) => `\\${c}`).replace(/ /g, '~');
}

/** QR data goes inside a `{code:…}` property: hex-escape everything but letters and digits. */
function escapeProperty(s: string): string {
  return s.replace(/[^A-Za-z0-9]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const QR_CELL: Readonly<Record<PaperWidth, number>> = { '58mm': 5, '80mm': 7 };

export function toReceiptline(lines: readonly LayoutLine[], paper: PaperWidth): string {
  return lines
    .map((l) => {
      switch (l.kind) {
        case 'text': {
          const size = l.size === 'double' ? '^^^' : '';
          const body = escapeText(l.text);
          return l.bold ? `${size}"${body}"` : `${size}${body}`;
        }
        case 'qr':
          return `{code:${escapeProperty(l.data)};option:qrcode,${QR_CELL[paper]},m}`;
        default:
          return assertNever(l, 'layout line');
      }
    })
    .join('\n');
}

export function encodeLayout(lines: readonly LayoutLine[], paper: PaperWidth): Buffer {
  const doc = toReceiptline(lines, paper);
  const cmd = receiptline.transform(doc, { cpl: PAPER_COLUMNS[paper], encoding: 'gb18030', command: 'generic', spacing: true, cutting: true });
  // receiptline returns one char per byte.
  return Buffer.from(cmd, 'latin1');
}

export function encodeDocument(doc: PrintDocument, paper: PaperWidth): Buffer {
  return encodeLayout(layoutDocument(doc, paper), paper);
}
