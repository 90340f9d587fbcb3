import { describe, expect, it } from 'vitest';
import { steppedClock } from '../../helpers/manualClock';
import { createWedgeDetector, type WedgeConfig, type WedgeKey, type WedgeOutput } from '../../../shared/domain/wedgeDetector';


const cfg: WedgeConfig = { maxInterKeyMs: 35, minLength: 8, suffix: 'Enter' };

function setup(config: WedgeConfig = cfg, optimistic = false) {
  const clock = steppedClock();
  const out: WedgeOutput[] = [];
  const det = createWedgeDetector(config, clock, (o) => out.push(o), { optimistic });
  /** Types `keys` with `gap` ms between them, advancing the clock as a real keyboard would. */
  const type = (keys: ReadonlyArray<Omit<WedgeKey, 'at'>>, gap: number): void => {
    for (const k of keys) {
      det.key({ ...k, at: clock.now() });
      clock.advance(gap);
    }
  };
  return { clock, out, det, type };
}

const digits = (s: string): Array<Omit<WedgeKey, 'at'>> => [...s].map((c) => ({ code: `Digit${c}`, key: c }));
const ENTER = { code: 'Enter', key: 'Enter' };

describe('wedgeDetector', () => {
  it('a fast burst ending in Enter is one scan, and nothing leaks as typed keys', () => {
    const { out, type } = setup();
    type([...digits('281234567890123456'), ENTER], 4);
    expect(out).toEqual([{ type: 'scan', raw: '281234567890123456', at: 72 }]);
  });

  it('a person typing an amount on the keypad gets every key back, in order', () => {
    const { out, type, clock } = setup();
    type([...digits('1250'), { code: 'NumpadDecimal', key: '.' }, ...digits('00'), ENTER], 120);
    clock.advance(100);
    expect(out.every((o) => o.type === 'keys')).toBe(true);
    const keys = out.flatMap((o) => (o.type === 'keys' ? o.keys.map((k) => k.key) : []));
    expect(keys).toEqual(['1', '2', '5', '0', '.', '0', '0', 'Enter']);
  });

  it('reads digits from the physical key: AZERTY symbols and IME "Process" still give the code', () => {
    const { out, type } = setup();
    const azerty = '&é"\'(-è_çà';
    const keys = [...'1234567890'].map((d, i) => ({ code: `Digit${d}`, key: i % 2 ? 'Process' : azerty[i]! }));
    type([...keys, ENTER], 3);
    expect(out).toEqual([expect.objectContaining({ type: 'scan', raw: '1234567890' })]);
  });

  it('a short fast burst (key rollover) is typing, not a scan', () => {
    const { out, type } = setup();
    type([...digits('12'), ENTER], 5);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ type: 'keys' });
  });

  it('a slow gap in the middle splits: the held part goes back as keys and no scan is made', () => {
    const { out, type, clock } = setup();
    type(digits('2812'), 5);
    clock.advance(200);
    type([...digits('3456'), ENTER], 5);
    expect(out.filter((o) => o.type === 'scan')).toHaveLength(0);
    expect(out.flatMap((o) => (o.type === 'keys' ? o.keys : [])).length).toBe(9);
  });

  it('without a suffix the scan ends on silence', () => {
    const { out, type, clock } = setup({ ...cfg, suffix: 'none' });
    type(digits('6901234567892'), 3);
    expect(out).toEqual([]);
    clock.advance(50);
    expect(out).toEqual([expect.objectContaining({ type: 'scan', raw: '6901234567892' })]);
  });

  it('Tab suffix, Shift for capitals ignored, and flush hands back what is held', () => {
    const { out, type, det } = setup({ ...cfg, suffix: 'Tab' });
    type([{ code: 'ShiftLeft', key: 'Shift' }, { code: 'KeyA', key: 'A' }, ...digits('1234567'), { code: 'Tab', key: 'Tab' }], 2);
    expect(out).toEqual([expect.objectContaining({ type: 'scan', raw: 'A1234567' })]);
    type(digits('99'), 2);
    det.flush();
    expect(out.at(-1)).toMatchObject({ type: 'keys' });
  });

  describe('optimistic mode (keys shown at once, taken back if they were a scan)', () => {
    it('a person\'s digit comes out the moment it is pressed, and is kept once the burst window passes', () => {
      const { out, det, clock } = setup(cfg, true);
      det.key({ code: 'Digit7', key: '7', at: clock.now() });
      // Nothing waited for: the key is out before any time passes.
      expect(out).toEqual([{ type: 'tentative', key: { code: 'Digit7', key: '7', at: 0 } }]);
      clock.advance(200);
      expect(out.at(-1)).toEqual({ type: 'kept', count: 1 });
    });

    it('a scan burst is handed out as tentative keys and then taken back, all of them', () => {
      const { out, type } = setup(cfg, true);
      type([...digits('281234567890123456'), ENTER], 4);
      expect(out.filter((o) => o.type === 'tentative')).toHaveLength(18);
      expect(out.filter((o) => o.type === 'kept' || o.type === 'keys')).toEqual([]);
      expect(out.at(-1)).toEqual({ type: 'scan', raw: '281234567890123456', at: 72, retract: 18 });
    });

    it('amount typed by a person, then a scan at once: the amount stands and only the scan is taken back', () => {
      const { out, type, clock } = setup(cfg, true);
      type(digits('12'), 150);
      type([{ code: 'Period', key: '.' }, ...digits('5')], 150);
      clock.advance(10);
      type([...digits('280000000000000000'), ENTER], 2);
      const kept = out.filter((o) => o.type === 'kept').reduce((n, o) => n + (o.type === 'kept' ? o.count : 0), 0);
      expect(kept).toBe(4);
      expect(out.at(-1)).toMatchObject({ type: 'scan', raw: '280000000000000000', retract: 18 });
    });

    it('a key that cannot be part of a scan ends the burst: the tentative keys are kept, then it follows', () => {
      const { out, type } = setup(cfg, true);
      type([...digits('12'), { code: 'Backspace', key: 'Backspace' }], 5);
      expect(out.slice(-2)).toEqual([{ type: 'kept', count: 2 }, { type: 'keys', keys: [{ code: 'Backspace', key: 'Backspace', at: 10 }] }]);
    });
  });
});
