import { createContext, useContext, useEffect, useRef } from 'react';
import type { KeyInput } from './useCashierKeyboard';

/**
 * The active screen registers its key handler here; the cashier shell owns the one window listener
 * (with the wedge detector in front) and forwards typed keys to whichever screen is showing.
 */
export type ScreenKeyHandler = (k: KeyInput) => void;

export class ScreenKeyRegistry {
  private handler: ScreenKeyHandler | null = null;
  set(h: ScreenKeyHandler): () => void {
    this.handler = h;
    return () => {
      if (this.handler === h) this.handler = null;
    };
  }
  dispatch(k: KeyInput): void {
    this.handler?.(k);
  }
}

export const ScreenKeysContext = createContext<ScreenKeyRegistry>(new ScreenKeyRegistry());

export function useScreenKeys(handler: ScreenKeyHandler): void {
  const registry = useContext(ScreenKeysContext);
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => registry.set((k) => latest.current(k)), [registry]);
}
