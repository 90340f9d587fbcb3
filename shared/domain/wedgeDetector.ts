/**
 * Keyboard-wedge scanner detection by keystroke timing, for scanners that pretend to be a keyboard.
 *
 * A scanner "types" a whole code in a burst (a few ms per key) and ends it with its suffix; a person
 * on the amount keypad types tens to hundreds of ms apart. Keys are held back for at most
 * `maxInterKeyMs`: if the next key comes faster they may be a scan, otherwise they are handed back
 * as typed keys, so a human never loses a keystroke and a scan never lands in the amount field.
 *
 * Digits are taken from the physical key (`KeyboardEvent.code`), not from the produced character:
 * payment codes are digits only, so a French layout (`&` on Digit1) or an active Chinese IME
 * (`Process`) cannot corrupt them.
 */
import { assertNever } from '../errors/posError';
import type { Clock } from './clock';

export type WedgeSuffix = 'Enter' | 'Tab' | 'none';

export interface WedgeConfig {
  /** Longest gap between two keys of one scan. Scanners: 1–20 ms; people: 80 ms and more. */
  readonly maxInterKeyMs: number;
  /** Shorter bursts are fast typing, not scans (EAN-8 is the shortest code we act on). */
  readonly minLength: number;
  readonly suffix: WedgeSuffix;
}

export const DEFAULT_WEDGE_CONFIG: WedgeConfig = { maxInterKeyMs: 35, minLength: 8, suffix: 'Enter' };

/** The parts of a KeyboardEvent the detector needs, with the event's timestamp in ms. */
export interface WedgeKey {
  readonly code: string;
  readonly key: string;
  readonly at: number;
}

export type WedgeOutput =
  /** `retract` (optimistic mode only): how many keys shown as `tentative` were the scanner's and must be taken back. */
  | { readonly type: 'scan'; readonly raw: string; readonly at: number; readonly retract?: number }
  /** Keys that turned out to be typed by a person: replay them into the focused control. */
  | { readonly type: 'keys'; readonly keys: readonly WedgeKey[] }
  /** Optimistic mode: a key that may still turn out to be a scanner's, to show at once. */
  | { readonly type: 'tentative'; readonly key: WedgeKey }
  /** Optimistic mode: the last `count` tentative keys were a person's and stand. */
  | { readonly type: 'kept'; readonly count: number };

export interface WedgeOptions {
  /**
   * Hand every key that could be part of a scan out at once as `tentative` instead of holding it
   * back for `maxInterKeyMs`: a person's digit paints on the next frame; a scan takes its keys back
   * (`scan.retract`). The receiver must be able to undo them (the amount keypad can).
   */
  readonly optimistic?: boolean;
}

export interface WedgeDetector {
  /** Every key is taken; what is not a scan comes back through `emit` as `keys`. */
  key(k: WedgeKey): void;
  /** Hands back anything held (window blur, screen change). */
  flush(): void;
  dispose(): void;
}

const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock', 'AltGraph']);

function digitFromCode(code: string): string | null {
  const m = /^(?:Digit|Numpad)(\d)$/.exec(code);
  return m ? m[1]! : null;
}

function isSuffixKey(k: WedgeKey, suffix: WedgeSuffix): boolean {
  switch (suffix) {
    case 'Enter':
      return k.key === 'Enter' || k.code === 'Enter' || k.code === 'NumpadEnter';
    case 'Tab':
      return k.key === 'Tab' || k.code === 'Tab';
    case 'none':
      return false;
    default:
      return assertNever(suffix, 'wedge suffix');
  }
}

/** The character a key contributes to a scan, or null for keys that cannot be part of one. */
export function wedgeChar(k: WedgeKey): string | null {
  const digit = digitFromCode(k.code);
  if (digit !== null) return digit;
  return k.key.length === 1 ? k.key : null;
}

export function createWedgeDetector(config: WedgeConfig, clock: Clock, emit: (out: WedgeOutput) => void, options: WedgeOptions = {}): WedgeDetector {
  const optimistic = options.optimistic === true;
  let held: WedgeKey[] = [];
  let chars = '';
  let timer: unknown = null;

  const stopTimer = (): void => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };
  const release = (extra?: WedgeKey): void => {
    stopTimer();
    const shown = held.length;
    const keys = optimistic ? (extra ? [extra] : []) : extra ? [...held, extra] : held;
    held = [];
    chars = '';
    if (optimistic && shown > 0) emit({ type: 'kept', count: shown });
    if (keys.length > 0) emit({ type: 'keys', keys });
  };
  const scan = (at: number): void => {
    stopTimer();
    const raw = chars;
    const shown = held.length;
    held = [];
    chars = '';
    emit(optimistic ? { type: 'scan', raw, at, retract: shown } : { type: 'scan', raw, at });
  };
  const onQuiet = (): void => {
    timer = null;
    if (config.suffix === 'none' && chars.length >= config.minLength) scan(clock.now());
    else release();
  };

  return {
    key(k) {
      // Scanners press Shift for capitals; it carries no character and must not break the burst.
      if (MODIFIERS.has(k.key)) return;
      const last = held.at(-1);
      if (last !== undefined && k.at - last.at > config.maxInterKeyMs) release();

      if (isSuffixKey(k, config.suffix)) {
        if (chars.length >= config.minLength) scan(k.at);
        else release(k);
        return;
      }
      const c = wedgeChar(k);
      if (c === null) {
        release(k);
        return;
      }
      held.push(k);
      chars += c;
      if (optimistic) emit({ type: 'tentative', key: k });
      stopTimer();
      timer = clock.setTimeout(onQuiet, config.maxInterKeyMs + 1);
    },
    flush() {
      if (config.suffix === 'none' && chars.length >= config.minLength) scan(clock.now());
      else release();
    },
    dispose() {
      stopTimer();
      held = [];
      chars = '';
    },
  };
}
