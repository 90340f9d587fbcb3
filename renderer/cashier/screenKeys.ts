import { createContext, useContext, useEffect, useRef } from 'react';
import type { KeyInput } from './useCashierKeyboard';

/**
 * The active screen registers its key handler here; the cashier shell owns the one window listener
 * (with the wedge detector in front) and forwards typed keys to whichever screen is showing.
 */
export type ScreenKeyHandler = (k: KeyInput) => void;
export const ScreenKeysContext = createContext<{ current: ScreenKeyHandler | null }>({ current: null });

export function useScreenKeys(handler: ScreenKeyHandler): void {
  const slot = useContext(ScreenKeysContext);
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => {
    const h: ScreenKeyHandler = (k) => ref.current(k);
    slot.current = h;
    return () => {
      if (slot.current === h) slot.current = null;
    };
  }, [slot]);
}
