import fs from 'node:fs';
import { PosError } from '../../shared/errors/posError';

/** What became of the journal file the station has open. */
export type JournalLoss = { readonly kind: 'deleted' } | { readonly kind: 'replaced' };

interface FileIdentity {
  readonly dev: bigint;
  readonly ino: bigint;
}

function identityOf(file: string): FileIdentity | null {
  try {
    const st = fs.statSync(file, { bigint: true });
    return { dev: st.dev, ino: st.ino };
  } catch {
    return null;
  }
}

export interface JournalWatch {
  /** Compares the open file with the one now at the path; remembers the first loss seen. */
  check(): JournalLoss | null;
  /** Throws JOURNAL_LOST once the file was deleted or replaced: no new money goes into nowhere. */
  assertIntact(): void;
}

export function journalLostError(loss: JournalLoss): PosError {
  const what = loss.kind === 'deleted' ? 'was deleted' : 'was replaced by another file';
  return new PosError('JOURNAL_LOST', `The journal ${what} while the station was running: no new payment is taken. Restart the station; call support if this was not planned.`, {
    details: { loss: loss.kind },
  });
}

/**
 * SQLite keeps writing to the inode it opened: a journal deleted or swapped under a running station
 * would take payments into a file nobody will ever read again. The identity (device, inode) of the
 * file taken right after opening is compared with whatever is at the path now — on a timer and
 * before every new sale, payment or refund.
 */
export function createJournalWatch(file: string): JournalWatch {
  const opened = identityOf(file);
  let lost: JournalLoss | null = opened ? null : { kind: 'deleted' };
  const check = (): JournalLoss | null => {
    if (lost) return lost;
    const now = identityOf(file);
    if (!now) lost = { kind: 'deleted' };
    else if (now.dev !== opened!.dev || now.ino !== opened!.ino) lost = { kind: 'replaced' };
    return lost;
  };
  return {
    check,
    assertIntact() {
      const l = check();
      if (l) throw journalLostError(l);
    },
  };
}
