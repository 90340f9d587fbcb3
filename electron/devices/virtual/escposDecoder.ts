/**
 * A streaming ESC/POS tokenizer: bytes arrive in arbitrary pieces, tokens come out whole. The
 * virtual printer uses it to know where each command ends (so a DLE EOT inside raster data is not
 * taken for a status query) and to turn what it receives back into text. It knows the commands a
 * receipt printer driver sends; anything else is reported, not guessed at.
 */

export type EscPosToken =
  | { readonly t: 'text'; readonly bytes: Uint8Array }
  | { readonly t: 'lf' }
  | { readonly t: 'realtime'; readonly n: number }
  | { readonly t: 'transmitStatus'; readonly n: number }
  | { readonly t: 'kanji'; readonly on: boolean }
  | { readonly t: 'init' }
  | { readonly t: 'cut' }
  | { readonly t: 'drawer'; readonly pin: number }
  | { readonly t: 'raster'; readonly width: number; readonly height: number }
  | { readonly t: 'qr'; readonly data: Uint8Array }
  | { readonly t: 'command'; readonly bytes: Uint8Array }
  | { readonly t: 'unknown'; readonly byte: number };

const ESC = 0x1b;
const FS = 0x1c;
const GS = 0x1d;
const DLE = 0x10;

/** Length of the command at `i`, or 0 if more bytes are needed to know it / to hold it whole. */
function commandLength(b: Uint8Array, i: number): number {
  const avail = b.length - i;
  if (avail < 2) return 0;
  const c = b[i]!;
  const d = b[i + 1]!;
  const at = (k: number): number => b[i + k] ?? -1;
  const withLength = (headerLen: number, lenAt: number): number => {
    if (avail < lenAt + 2) return 0;
    return headerLen + at(lenAt) + at(lenAt + 1) * 256;
  };
  if (c === ESC) {
    switch (String.fromCharCode(d)) {
      case '@': case '2': return 2;
      case '$': case '\\': return 4;
      case 'p': return 5;
      case 'c': return 4;
      default: return 3; // ESC t/M/SP/3/{/a/E/-/!/d/J/R/G/V n
    }
  }
  if (c === FS) {
    switch (String.fromCharCode(d)) {
      case '&': case '.': return 2;
      case 'S': return 4;
      case '(': return withLength(5, 3);
      default: return 3; // FS C n, FS - n, FS W n
    }
  }
  if (c === GS) {
    switch (String.fromCharCode(d)) {
      case 'L': case 'W': return 4;
      case 'V': {
        if (avail < 3) return 0;
        return [65, 66, 97, 98, 103, 104].includes(at(2)) ? 4 : 3;
      }
      case 'v': {
        if (avail < 8) return 0;
        return 8 + (at(4) + at(5) * 256) * (at(6) + at(7) * 256);
      }
      case '8': {
        if (avail < 7) return 0;
        return 7 + at(3) + at(4) * 256 + at(5) * 65536 + at(6) * 16777216;
      }
      case '(': return withLength(5, 3);
      case 'k': {
        if (avail < 3) return 0;
        const m = at(2);
        if (m >= 65) return avail < 4 ? 0 : 4 + at(3);
        for (let k = i + 3; k < b.length; k++) if (b[k] === 0) return k - i + 1;
        return 0;
      }
      default: return 3; // GS ! n, GS a n, GS B n, GS r n, GS w/h/H/f n
    }
  }
  if (c === DLE) {
    if (d === 0x04 || d === 0x05) return 3;
    if (d === 0x14) return 5;
    return 2;
  }
  return 1;
}

function isMultibyteLead(b: number): boolean {
  return b >= 0x81 && b <= 0xfe;
}

export interface EscPosTokenizer {
  push(bytes: Uint8Array): EscPosToken[];
}

export function createEscPosTokenizer(): EscPosTokenizer {
  let pending = new Uint8Array(0);
  let kanji = false;
  return {
    push(bytes) {
      const b = new Uint8Array(pending.length + bytes.length);
      b.set(pending);
      b.set(bytes, pending.length);
      const out: EscPosToken[] = [];
      let i = 0;
      while (i < b.length) {
        const c = b[i]!;
        if (c === ESC || c === FS || c === GS || c === DLE) {
          const len = commandLength(b, i);
          if (len === 0 || i + len > b.length) break;
          const cmd = b.subarray(i, i + len);
          out.push(tokenFor(cmd));
          const last = out.at(-1)!;
          if (last.t === 'kanji') kanji = last.on;
          if (last.t === 'init') kanji = false;
          i += len;
          continue;
        }
        if (c === 0x0a) {
          out.push({ t: 'lf' });
          i++;
          continue;
        }
        if (c < 0x20) {
          if (c !== 0x0d) out.push({ t: 'unknown', byte: c });
          i++;
          continue;
        }
        // A run of printable bytes; in Chinese mode a lead byte takes its 1 or 3 trail bytes along.
        let j = i;
        let incomplete = false;
        while (j < b.length) {
          const x = b[j]!;
          if (x < 0x20 || x === 0x7f) break;
          if (kanji && isMultibyteLead(x)) {
            if (j + 1 >= b.length) { incomplete = true; break; }
            const four = b[j + 1]! >= 0x30 && b[j + 1]! <= 0x39;
            const n = four ? 4 : 2;
            if (j + n > b.length) { incomplete = true; break; }
            j += n;
          } else {
            j++;
          }
        }
        if (j > i) out.push({ t: 'text', bytes: b.slice(i, j) });
        i = j;
        if (incomplete) break;
        if (j < b.length && b[j] === 0x7f) i++;
      }
      pending = b.slice(i);
      return out;
    },
  };
}

function tokenFor(cmd: Uint8Array): EscPosToken {
  const [c, d, e] = [cmd[0]!, cmd[1]!, cmd[2]];
  const ch = String.fromCharCode(d);
  if (c === DLE && d === 0x04) return { t: 'realtime', n: e! };
  if (c === ESC && ch === '@') return { t: 'init' };
  if (c === ESC && ch === 'p') return { t: 'drawer', pin: e! };
  if (c === FS && ch === '&') return { t: 'kanji', on: true };
  if (c === FS && ch === '.') return { t: 'kanji', on: false };
  if (c === GS && ch === 'r') return { t: 'transmitStatus', n: e! };
  if (c === GS && ch === 'V') return { t: 'cut' };
  if (c === GS && ch === 'v') return { t: 'raster', width: (cmd[4]! + cmd[5]! * 256) * 8, height: cmd[6]! + cmd[7]! * 256 };
  // GS ( k <pL pH> 49 80 48 data: store QR data (native QR printers)
  if (c === GS && ch === '(' && cmd[2] === 0x6b && cmd[5] === 49 && cmd[6] === 80) return { t: 'qr', data: cmd.slice(8) };
  return { t: 'command', bytes: cmd };
}
