/**
 * A drawer count keyed per note and coin (issue 14): what the cashier typed in each field, checked
 * and totalled in integer minor units before anything is sent. The station checks again
 * (shift.ts countTotal); this is for saying which field is wrong while the cashier is still counting.
 */
import { isPosError } from '../errors/posError';
import { DENOMINATIONS, MAX_PIECES, parseCountText } from './shift';

/** Notes and coins of a currency, largest first; empty when it has no table (count the total then). */
export function denominationsOf(currency: string): readonly number[] {
  return DENOMINATIONS[currency] ?? [];
}

export type PieceProblem = 'notWhole' | 'tooMany';

export type PieceCount =
  | { readonly ok: true; readonly totalMinor: number; readonly pieces: Readonly<Record<string, number>> }
  | { readonly ok: false; readonly problems: Readonly<Record<string, PieceProblem>> };

/** The typed pieces per denomination (key: the denomination in minor units) → the total, or the fields at fault. */
export function countPieces(currency: string, typed: Readonly<Record<string, string>>): PieceCount {
  const pieces: Record<string, number> = {};
  const problems: Record<string, PieceProblem> = {};
  let totalMinor = 0;
  for (const d of denominationsOf(currency)) {
    const key = String(d);
    let n: number;
    try {
      n = parseCountText(typed[key] ?? '');
    } catch (e) {
      if (!isPosError(e)) throw e;
      problems[key] = 'notWhole';
      continue;
    }
    if (n > MAX_PIECES) {
      problems[key] = 'tooMany';
      continue;
    }
    if (n > 0) pieces[key] = n;
    totalMinor += d * n;
  }
  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, totalMinor, pieces };
}
