/**
 * The cash count being keyed on the shift screens (opening float, blind count, hand-over): per note
 * and coin, or as one total. Turned into what the station takes (shift:open / close / handOver) with
 * a reason when it cannot be: the station checks again and has the last word.
 */
import { countPieces, denominationsOf, type PieceProblem } from '../../shared/domain/denomination';
import type { CashCountInput } from '../../shared/ipc/commands/shift';
import { checkAmount } from './amountEntry';

export interface CountDraft {
  readonly mode: 'pieces' | 'total';
  /** Pieces as typed, per denomination (minor units as the key). */
  readonly pieces: Readonly<Record<string, string>>;
  readonly totalText: string;
}

export const EMPTY_COUNT: CountDraft = { mode: 'pieces', pieces: {}, totalText: '' };

/** Counting by notes and coins needs the currency's table; without one, the total is typed. */
export function draftFor(currency: string): CountDraft {
  return { ...EMPTY_COUNT, mode: denominationsOf(currency).length > 0 ? 'pieces' : 'total' };
}

export type CountCheck =
  | { readonly ok: true; readonly totalMinor: number; readonly input: CashCountInput }
  | { readonly ok: false; readonly problem: 'empty' | 'notAnAmount' | 'negative'; readonly fields?: Readonly<Record<string, PieceProblem>> }
  | { readonly ok: false; readonly problem: 'pieces'; readonly fields: Readonly<Record<string, PieceProblem>> };

export function checkCount(draft: CountDraft, currency: string, locale: string): CountCheck {
  if (draft.mode === 'pieces') {
    const c = countPieces(currency, draft.pieces);
    if (!c.ok) return { ok: false, problem: 'pieces', fields: c.problems };
    return { ok: true, totalMinor: c.totalMinor, input: { pieces: c.pieces } };
  }
  const text = draft.totalText.trim();
  if (text === '') return { ok: false, problem: 'empty' };
  if (text.startsWith('-') || text.startsWith('−')) return { ok: false, problem: 'negative' };
  if (/^0+([.,]0*)?$/.test(text)) return { ok: true, totalMinor: 0, input: { totalMinor: 0 } };
  const a = checkAmount(text, currency, locale);
  if (!a.ok) return { ok: false, problem: 'notAnAmount' };
  return { ok: true, totalMinor: a.money.minor, input: { totalMinor: a.money.minor } };
}
