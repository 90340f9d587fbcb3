import { useEffect, useRef } from 'react';
import type { Clock } from '../../shared/domain/clock';
import { createWedgeDetector, DEFAULT_WEDGE_CONFIG, type WedgeConfig, type WedgeKey, type WedgeOutput } from '../../shared/domain/wedgeDetector';

/** The renderer's clock for the wedge detector: event timestamps are performance.now() based. */
const pageClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  clearTimeout: (h) => window.clearTimeout(h as number),
};

export interface KeyInput {
  readonly key: string;
  readonly code: string;
  /** Shown at once but may still be taken back: the burst it is part of may be a scan. */
  readonly tentative?: boolean;
}

/** What the cashier keyboard hands the shell, in order. */
export type CashierKeyEvent =
  /** A key known to be a person's (function keys, Escape, Enter, Backspace, a kept burst's keys for a screen that cannot undo). */
  | { readonly type: 'key'; readonly key: KeyInput }
  /** A key that may be part of a scan: show it now, undo it on `scan`. */
  | { readonly type: 'tentative'; readonly key: KeyInput }
  /** The tentative keys so far were a person's. */
  | { readonly type: 'kept' }
  /** A keyboard-wedge scan; every tentative key of its burst is to be taken back first. */
  | { readonly type: 'scan'; readonly raw: string };

export type CashierKeySink = (e: CashierKeyEvent) => void;

function inTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || (target instanceof HTMLElement && target.isContentEditable);
}

const toInput = (k: WedgeKey): KeyInput => ({ key: k.key, code: k.code });

/**
 * One keyboard entry point for the cashier window, installed when the page's script first runs (not
 * after React's first paint): a key pressed the moment the page shows is queued until the shell
 * listens, never lost. Every key outside a text field goes through the wedge detector in optimistic
 * mode: digits are handed out at once as tentative and taken back if the burst ends as a scan.
 */
export interface CashierKeyboard {
  /** The shell's sink; events that arrived before are delivered first. One sink at a time. */
  attach(sink: CashierKeySink): () => void;
  dispose(): void;
}

/** Events kept while nobody listens: a fresh page's first keys, never a long backlog. */
const QUEUE_MAX = 64;

export function installCashierKeyboard(target: Window = window, config: WedgeConfig = DEFAULT_WEDGE_CONFIG): CashierKeyboard {
  let sink: CashierKeySink | null = null;
  let queue: CashierKeyEvent[] = [];
  const out = (e: CashierKeyEvent): void => {
    if (sink) sink(e);
    else if (queue.length < QUEUE_MAX) queue.push(e);
  };
  const fromDetector = (o: WedgeOutput): void => {
    switch (o.type) {
      case 'scan':
        out({ type: 'scan', raw: o.raw });
        return;
      case 'keys':
        for (const k of o.keys) out({ type: 'key', key: toInput(k) });
        return;
      case 'tentative':
        out({ type: 'tentative', key: toInput(o.key) });
        return;
      case 'kept':
        out({ type: 'kept' });
        return;
    }
  };
  const detector = createWedgeDetector(config, pageClock, fromDetector, { optimistic: true });
  const onKeyDown = (e: KeyboardEvent): void => {
    if (inTextField(e.target) || e.ctrlKey || e.altKey || e.metaKey) return;
    // Function keys and Escape act at once: they are never part of a scan.
    if (/^F\d{1,2}$/.test(e.key) || e.key === 'Escape') {
      detector.flush();
      e.preventDefault();
      out({ type: 'key', key: { key: e.key, code: e.code } });
      return;
    }
    if (e.key === 'Enter' || e.key === 'Tab' || e.key.length === 1 || e.key === 'Backspace' || e.key === 'Process') e.preventDefault();
    detector.key({ key: e.key, code: e.code, at: e.timeStamp });
  };
  const onBlur = (): void => detector.flush();
  target.addEventListener('keydown', onKeyDown);
  target.addEventListener('blur', onBlur);
  return {
    attach(s) {
      sink = s;
      const pending = queue;
      queue = [];
      for (const e of pending) s(e);
      return () => {
        if (sink === s) sink = null;
      };
    },
    dispose() {
      target.removeEventListener('keydown', onKeyDown);
      target.removeEventListener('blur', onBlur);
      detector.dispose();
      sink = null;
      queue = [];
    },
  };
}

let pageKeyboard: CashierKeyboard | null = null;

/** The page's keyboard, installed on first use (main.tsx calls this before rendering). */
export function cashierKeyboard(): CashierKeyboard {
  pageKeyboard ??= installCashierKeyboard();
  return pageKeyboard;
}

/** The shell's subscription to the page keyboard; the latest `sink` is always the one called. */
export function useCashierKeyboard(sink: CashierKeySink): void {
  const latest = useRef(sink);
  useEffect(() => {
    latest.current = sink;
  });
  useEffect(() => cashierKeyboard().attach((e) => latest.current(e)), []);
}
