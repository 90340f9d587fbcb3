/**
 * Cuts a serial scanner's byte stream into scans. Scanners end each code with a configured suffix
 * (CR, LF, CRLF) or with nothing, in which case a pause between bytes ends it. Reads from the OS
 * arrive in arbitrary pieces, so a code may come split across several reads or two codes in one.
 */
import type { Clock } from '../../../shared/domain/clock';
import { assertNever } from '../../../shared/errors/posError';

export type ScanSuffix = 'CR' | 'LF' | 'CRLF' | 'none';

export interface FramerConfig {
  readonly suffix: ScanSuffix;
  /** With no suffix: the pause that ends a code. With a suffix: how long a code may stay unfinished. */
  readonly interByteTimeoutMs: number;
  /** Bytes beyond this without a suffix are a stuck scanner or line noise, not a code. */
  readonly maxLength: number;
}

export type Frame =
  /** Bytes as latin1 text, so a stray high byte stays visible to the scan gate instead of vanishing. */
  | { readonly type: 'frame'; readonly text: string }
  | { readonly type: 'partial'; readonly length: number }
  | { readonly type: 'overlong'; readonly length: number };

export interface ScanFramer {
  push(bytes: Uint8Array): void;
  reset(): void;
}

function suffixBytes(s: ScanSuffix): string {
  switch (s) {
    case 'CR':
      return '\r';
    case 'LF':
      return '\n';
    case 'CRLF':
      return '\r\n';
    case 'none':
      return '';
    default:
      return assertNever(s, 'scan suffix');
  }
}

export function createScanFramer(cfg: FramerConfig, clock: Clock, emit: (f: Frame) => void): ScanFramer {
  const sfx = suffixBytes(cfg.suffix);
  let buf = '';
  // After an overlong run, drop bytes until the next suffix so the tail is not taken for a code.
  let discarding = false;
  let discarded = 0;
  let timer: unknown = null;

  const stopTimer = (): void => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };
  const onQuiet = (): void => {
    timer = null;
    const text = buf;
    buf = '';
    if (discarding) {
      discarding = false;
      emit({ type: 'overlong', length: discarded + text.length });
      discarded = 0;
    } else if (text.length > 0) {
      emit(sfx === '' ? { type: 'frame', text } : { type: 'partial', length: text.length });
    }
  };

  return {
    push(bytes) {
      buf += Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
      if (sfx !== '') {
        for (let i = buf.indexOf(sfx); i >= 0; i = buf.indexOf(sfx)) {
          const text = buf.slice(0, i);
          buf = buf.slice(i + sfx.length);
          if (discarding) {
            emit({ type: 'overlong', length: discarded + text.length });
            discarding = false;
            discarded = 0;
          } else if (text.length > cfg.maxLength) {
            emit({ type: 'overlong', length: text.length });
          } else if (text.length > 0) {
            emit({ type: 'frame', text });
          }
        }
      }
      if (discarding || buf.length > cfg.maxLength) {
        // Keep what could be the start of a split CRLF so the end of the run is still found.
        const keep = sfx.length > 1 ? buf.slice(-(sfx.length - 1)) : '';
        discarded += buf.length - keep.length;
        buf = keep;
        discarding = true;
      }
      stopTimer();
      if (buf.length > 0 || discarding) timer = clock.setTimeout(onQuiet, cfg.interByteTimeoutMs);
    },
    reset() {
      stopTimer();
      buf = '';
      discarding = false;
      discarded = 0;
    },
  };
}
