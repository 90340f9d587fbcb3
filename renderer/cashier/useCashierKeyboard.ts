import { useEffect, useRef } from 'react';
import type { Clock } from '../../shared/domain/clock';
import { createWedgeDetector, DEFAULT_WEDGE_CONFIG, type WedgeConfig, type WedgeKey } from '../../shared/domain/wedgeDetector';

/** The renderer's clock for the wedge detector: event timestamps are performance.now() based. */
const pageClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  clearTimeout: (h) => window.clearTimeout(h as number),
};

export interface KeyInput {
  readonly key: string;
  readonly code: string;
}

function inTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || (target instanceof HTMLElement && target.isContentEditable);
}

/**
 * One keyboard entry point for the cashier window. Every key outside a text field goes through the
 * wedge detector first: a burst that ends in the scanner's suffix becomes a scan and never touches
 * the amount; keys a person typed are handed to the active screen a few milliseconds later.
 */
export function useCashierKeyboard(onKey: (k: KeyInput) => void, onScan: (raw: string) => void, config: WedgeConfig = DEFAULT_WEDGE_CONFIG): void {
  const keyRef = useRef(onKey);
  const scanRef = useRef(onScan);
  useEffect(() => {
    keyRef.current = onKey;
    scanRef.current = onScan;
  });

  useEffect(() => {
    const detector = createWedgeDetector(config, pageClock, (out) => {
      if (out.type === 'scan') scanRef.current(out.raw);
      else for (const k of out.keys) keyRef.current({ key: k.key, code: k.code });
    });
    const onKeyDown = (e: KeyboardEvent): void => {
      if (inTextField(e.target) || e.ctrlKey || e.altKey || e.metaKey) return;
      // Function keys and Escape act at once: they are never part of a scan.
      if (/^F\d{1,2}$/.test(e.key) || e.key === 'Escape') {
        detector.flush();
        e.preventDefault();
        keyRef.current({ key: e.key, code: e.code });
        return;
      }
      const k: WedgeKey = { key: e.key, code: e.code, at: e.timeStamp };
      if (e.key === 'Enter' || e.key === 'Tab' || e.key.length === 1 || e.key === 'Backspace' || e.key === 'Process') e.preventDefault();
      detector.key(k);
    };
    const onBlur = (): void => detector.flush();
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('blur', onBlur);
      detector.dispose();
    };
  }, [config]);
}
