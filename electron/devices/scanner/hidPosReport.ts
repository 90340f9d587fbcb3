/**
 * HID-POS barcode scanner reports (usage page 0x8C, "Scanned Data Report"). Scanners in HID-POS
 * mode send the decoded code in fixed-size input reports: report id, data length, a three-byte
 * AIM symbology identifier, the data, and a "decode data continued" flag in the last byte when a
 * long code spans several reports. Pure: bytes in, codes out.
 */

export const HID_POS_USAGE_PAGE = 0x8c;

export interface HidPosLayout {
  readonly reportId: number;
}

/** Honeywell, Zebra and most OEM modules in HID-POS mode use report id 2 for scanned data. */
export const DEFAULT_HID_POS_LAYOUT: HidPosLayout = { reportId: 0x02 };

const HEADER = 5; // id, length, 3 symbology bytes

export type HidPosPiece =
  | { readonly type: 'data'; readonly bytes: Uint8Array; readonly symbology: string; readonly continued: boolean }
  | { readonly type: 'ignored' }
  | { readonly type: 'malformed'; readonly detail: string };

export function parseHidPosReport(report: Uint8Array, layout: HidPosLayout = DEFAULT_HID_POS_LAYOUT): HidPosPiece {
  if (report.length === 0 || report[0] !== layout.reportId) return { type: 'ignored' };
  if (report.length < HEADER + 1) return { type: 'malformed', detail: `report of ${report.length} bytes is shorter than its header` };
  const length = report[1]!;
  const room = report.length - HEADER - 1;
  if (length > room) return { type: 'malformed', detail: `report claims ${length} data bytes, has room for ${room}` };
  const symbology = String.fromCharCode(report[2]!, report[3]!, report[4]!).replace(/\0/g, '');
  return {
    type: 'data',
    bytes: report.slice(HEADER, HEADER + length),
    symbology,
    continued: (report[report.length - 1]! & 0x01) === 1,
  };
}

export type HidPosCode = { readonly type: 'code'; readonly text: string; readonly symbology: string } | { readonly type: 'malformed'; readonly detail: string } | { readonly type: 'overlong'; readonly length: number };

/** Joins continued reports into whole codes; a malformed report drops what was being joined. */
export function createHidPosAssembler(maxLength: number, emit: (c: HidPosCode) => void, layout: HidPosLayout = DEFAULT_HID_POS_LAYOUT) {
  let parts: Uint8Array[] = [];
  let size = 0;
  return {
    push(report: Uint8Array): void {
      const piece = parseHidPosReport(report, layout);
      switch (piece.type) {
        case 'ignored':
          return;
        case 'malformed':
          parts = [];
          size = 0;
          emit(piece);
          return;
        case 'data': {
          size += piece.bytes.length;
          // Past the limit the pieces are dropped but counted, so the whole run is one rejection.
          if (size <= maxLength) parts.push(piece.bytes);
          else parts = [];
          if (piece.continued) return;
          const total = size;
          const joined = Buffer.concat(parts);
          parts = [];
          size = 0;
          emit(total > maxLength ? { type: 'overlong', length: total } : { type: 'code', text: joined.toString('latin1'), symbology: piece.symbology });
          return;
        }
      }
    },
    reset(): void {
      parts = [];
      size = 0;
    },
  };
}

/** The reports a scanner would send for `text`: used by the scripted HID device and the tests. */
export function buildHidPosReports(text: string, opts: { reportSize?: number; symbology?: string; reportId?: number } = {}): Uint8Array[] {
  const reportSize = opts.reportSize ?? 64;
  const chunk = reportSize - HEADER - 1;
  const data = Buffer.from(text, 'latin1');
  const sym = Buffer.from((opts.symbology ?? ']E0').padEnd(3, '\0').slice(0, 3), 'latin1');
  const out: Uint8Array[] = [];
  for (let off = 0; off === 0 || off < data.length; off += chunk) {
    const part = data.subarray(off, off + chunk);
    const r = new Uint8Array(reportSize);
    r[0] = opts.reportId ?? DEFAULT_HID_POS_LAYOUT.reportId;
    r[1] = part.length;
    r.set(sym, 2);
    r.set(part, HEADER);
    r[reportSize - 1] = off + chunk < data.length ? 1 : 0;
    out.push(r);
  }
  return out;
}
