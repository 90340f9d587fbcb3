import { createContext, useContext, useLayoutEffect, useRef } from 'react';
import type { KeyInput } from './cashierKeyboard';

/**
 * The active screen registers its key handler here; the cashier shell owns the one window listener
 * (with the wedge detector in front) and forwards typed keys to whichever screen is showing.
 *
 * Keys that may still turn out to be a scanner's ("tentative") reach only a screen that can take
 * them back (`optimistic`); any other screen gets them once they are known to be a person's, as
 * before. Keys that arrive while no screen listens yet (a fresh page: the keypad paints before its
 * handler is registered) are kept and handed to the first screen that registers.
 */
export type ScreenKeyHandler = (k: KeyInput) => void;

export interface ScreenKeyOptions {
  /** The screen shows tentative keys at once and can undo them. */
  readonly optimistic?: { readonly retract: () => void; readonly settle: () => void };
  /** A keyboard-wedge scan while this screen shows: true when the screen took it. */
  readonly onScan?: (raw: string) => boolean;
}

/** A fresh page's first keys: enough for an amount, never a backlog replayed much later. */
const EARLY_KEYS_MAX = 32;

interface Registered {
  readonly handler: ScreenKeyHandler;
  readonly options: ScreenKeyOptions;
}

export class ScreenKeyRegistry {
  private current: Registered | null = null;
  /** Keys typed before any screen listened. */
  private early: KeyInput[] = [];
  /** Tentative keys held for a screen that cannot take keys back. */
  private held: KeyInput[] = [];
  /** How many tentative keys the current (optimistic) screen is showing. */
  private shown = 0;

  set(handler: ScreenKeyHandler, options: ScreenKeyOptions = {}): () => void {
    const entry: Registered = { handler, options };
    this.current = entry;
    this.shown = 0;
    const early = this.early;
    this.early = [];
    for (const k of early) handler(k);
    return () => {
      if (this.current === entry) {
        this.current = null;
        this.shown = 0;
      }
    };
  }

  /** A key known to be a person's. */
  dispatch(k: KeyInput): void {
    if (!this.current) {
      if (this.early.length < EARLY_KEYS_MAX) this.early.push(k);
      return;
    }
    this.current.handler(k);
  }

  /** A key that may be the start of a scan. */
  tentative(k: KeyInput): void {
    const cur = this.current;
    if (cur?.options.optimistic) {
      this.shown += 1;
      cur.handler({ ...k, tentative: true });
    } else {
      this.held.push(k);
    }
  }

  /** The tentative keys were a person's. */
  kept(): void {
    if (this.shown > 0) this.current?.options.optimistic?.settle();
    this.shown = 0;
    const held = this.held;
    this.held = [];
    for (const k of held) this.dispatch(k);
  }

  /** The tentative keys were a scanner's: nothing of them stays anywhere. */
  retract(): void {
    if (this.shown > 0) this.current?.options.optimistic?.retract();
    this.shown = 0;
    this.held = [];
  }

  /** Offers a wedge scan to the current screen; false when it did not take it. */
  scan(raw: string): boolean {
    return this.current?.options.onScan?.(raw) ?? false;
  }

  /** The cashier changed screens: keys typed for no screen are not replayed into the next one. */
  discardEarly(): void {
    this.early = [];
    this.held = [];
  }
}

export const ScreenKeysContext = createContext<ScreenKeyRegistry>(new ScreenKeyRegistry());

/**
 * Registers before paint (a layout effect), so that a key pressed the moment the screen appears is
 * not lost; the latest handler and options are always the ones called.
 */
export function useScreenKeys(handler: ScreenKeyHandler, options?: ScreenKeyOptions): void {
  const registry = useContext(ScreenKeysContext);
  const latest = useRef({ handler, options });
  useLayoutEffect(() => {
    latest.current = { handler, options };
  });
  const optimistic = options?.optimistic !== undefined;
  const scans = options?.onScan !== undefined;
  useLayoutEffect(
    () =>
      registry.set((k) => latest.current.handler(k), {
        ...(optimistic ? { optimistic: { retract: () => latest.current.options?.optimistic?.retract(), settle: () => latest.current.options?.optimistic?.settle() } } : {}),
        ...(scans ? { onScan: (raw: string) => latest.current.options?.onScan?.(raw) ?? false } : {}),
      }),
    [registry, optimistic, scans],
  );
}
