import { describe, expect, it } from 'vitest';
import { steppedClock } from '../../helpers/manualClock';
import { createWedgeDetector, DEFAULT_WEDGE_CONFIG, type WedgeOutput } from '../../../shared/domain/wedgeDetector';
import { EMPTY_ENTRY, entryKey, entryKept, entryRetract, keyFromKeyboard, type AmountEntry } from '../../../renderer/cashier/amountEntry';
import { ScreenKeyRegistry } from '../../../renderer/cashier/screenKeys';
import type { KeyInput } from '../../../renderer/cashier/cashierKeyboard';


/**
 * The cashier keyboard's whole chain without a browser: the wedge detector in optimistic mode, the
 * screen key registry, and the keypad's entry as SaleFlow keeps it. What is asserted is what the
 * amount display shows after every key.
 */
function counter(optimisticScreen = true) {
  const clock = steppedClock();
  const registry = new ScreenKeyRegistry();
  let entry: AmountEntry = EMPTY_ENTRY;
  const shown: string[] = [];
  const scans: Array<{ raw: string; amount: string }> = [];
  const plain: KeyInput[] = [];
  registry.set(
    (k) => {
      plain.push(k);
      const key = keyFromKeyboard(k.key);
      if (key) entry = entryKey(entry, key, 'CNY', k.tentative === true);
      shown.push(entry.text);
    },
    {
      ...(optimisticScreen ? { optimistic: { retract: () => (entry = entryRetract(entry)), settle: () => (entry = entryKept(entry)) } } : {}),
      onScan: (raw) => {
        scans.push({ raw, amount: entry.text });
        return true;
      },
    },
  );
  const det = createWedgeDetector(DEFAULT_WEDGE_CONFIG, clock, (o: WedgeOutput) => {
    switch (o.type) {
      case 'tentative':
        registry.tentative({ key: o.key.key, code: o.key.code });
        return;
      case 'kept':
        registry.kept();
        return;
      case 'keys':
        for (const k of o.keys) registry.dispatch({ key: k.key, code: k.code });
        return;
      case 'scan':
        registry.retract();
        registry.scan(o.raw);
        return;
    }
  }, { optimistic: true });
  const press = (keys: string, gap: number): void => {
    for (const c of keys) {
      det.key(c === '\n' ? { key: 'Enter', code: 'Enter', at: clock.now() } : c === '.' ? { key: '.', code: 'Period', at: clock.now() } : { key: c, code: `Digit${c}`, at: clock.now() });
      clock.advance(gap);
    }
  };
  return { clock, press, shown, scans, plain, text: () => entry.text };
}

describe('optimistic keys and their take-back', () => {
  it('a typed digit is on the display before the burst window has passed', () => {
    const c = counter();
    c.press('7', 0);
    expect(c.text()).toBe('7'); // no time has passed: nothing was held back
    c.clock.advance(100);
    expect(c.text()).toBe('7');
  });

  it('amount typed, then the code scanned at once: the scanner digits are taken back and the scan sees the typed amount', () => {
    const c = counter();
    c.press('12.5', 150);
    c.press('280000000000000000\n', 2);
    // While the burst ran, its first digit did show (optimistically) …
    expect(c.shown).toContain('12.52');
    // … and after it nothing of the scan is left in the amount.
    expect(c.text()).toBe('12.5');
    expect(c.scans).toEqual([{ raw: '280000000000000000', amount: '12.5' }]);
  });

  it('a scan on an empty keypad leaves it empty', () => {
    const c = counter();
    c.press('281234567890123456\n', 3);
    expect(c.text()).toBe('');
    expect(c.scans).toEqual([{ raw: '281234567890123456', amount: '' }]);
  });

  it('a screen that cannot take keys back gets a person\'s keys only once they are known, and never a scan\'s', () => {
    const c = counter(false);
    c.press('3', 0);
    expect(c.plain).toEqual([]); // held: this screen could not undo it
    c.clock.advance(100);
    expect(c.plain.map((k) => k.key)).toEqual(['3']);
    expect(c.plain.every((k) => k.tentative !== true)).toBe(true);
    c.press('281234567890123456\n', 3);
    expect(c.plain.map((k) => k.key)).toEqual(['3']);
  });

  it('keys typed before any screen listens (a fresh page) reach the first screen that registers', () => {
    const registry = new ScreenKeyRegistry();
    registry.dispatch({ key: '5', code: 'Digit5' });
    registry.tentative({ key: '6', code: 'Digit6' });
    registry.kept();
    const got: string[] = [];
    registry.set((k) => got.push(k.key));
    expect(got).toEqual(['5', '6']);
    // Changing screens drops what nobody asked for.
    const later = new ScreenKeyRegistry();
    later.dispatch({ key: '9', code: 'Digit9' });
    later.discardEarly();
    const none: string[] = [];
    later.set((k) => none.push(k.key));
    expect(none).toEqual([]);
  });
});
