/**
 * The handles end of day gets on the journal (electron/reports). Reports read through a
 * ReportReader, whose every method only reads (each statement checked read-only by SQLite); the
 * few writes end of day makes — closing a day, recording a chain checkpoint, importing a
 * settlement file — go through the named methods of a ReportWriter, which a journal opened
 * read-only (the back-office CLI) does not have at all.
 */
import type { Db } from '../openJournal';
import { chainReads, chainWrites, type ChainReads, type ChainWrites } from './chainRepo';
import { daysReads, daysWrites, type DaysReads, type DaysWrites } from './daysRepo';
import { paymentReportReads, type PaymentReportReads } from './reportReads';
import { settlementReads, settlementWrites, type SettlementReads, type SettlementWrites } from './settlementRepo';

const READER = Symbol('reportReader');
const JOURNAL = Symbol('reportJournal');

export interface ReportReader {
  readonly [READER]: true;
  readonly payments: PaymentReportReads;
  readonly days: DaysReads;
  readonly chain: ChainReads;
  readonly settlement: SettlementReads;
}

export interface ReportWriter {
  readonly days: DaysWrites;
  readonly chain: ChainWrites;
  readonly settlement: SettlementWrites;
}

export interface ReportJournal {
  readonly [JOURNAL]: true;
  readonly read: ReportReader;
  /** null on a read-only journal: nothing can be written through it. */
  readonly write: ReportWriter | null;
}

/** What a report function accepts: a connection (the station's, a test's) or handles made from one. */
export type ReadSource = Db | ReportReader | ReportJournal;
export type JournalSource = Db | ReportJournal;

const readers = new WeakMap<Db, ReportReader>();

const isReader = (s: ReadSource): s is ReportReader => (s as Partial<ReportReader>)[READER] === true;
const isJournal = (s: ReadSource): s is ReportJournal => (s as Partial<ReportJournal>)[JOURNAL] === true;

/** The read-only handle of a connection (one per connection, statements prepared on first use). */
export function reportReader(src: ReadSource): ReportReader {
  if (isReader(src)) return src;
  if (isJournal(src)) return src.read;
  let r = readers.get(src);
  if (!r) {
    r = { [READER]: true, payments: paymentReportReads(src), days: daysReads(src), chain: chainReads(src), settlement: settlementReads(src) };
    readers.set(src, r);
  }
  return r;
}

/** Read and write handles of a connection; no write handle when it or the caller is read-only. */
export function reportJournal(src: JournalSource, opts: { readonly readOnly?: boolean } = {}): ReportJournal {
  if (isJournal(src)) return opts.readOnly && src.write ? { ...src, write: null } : src;
  const readOnly = (opts.readOnly ?? false) || src.readonly;
  return {
    [JOURNAL]: true,
    read: reportReader(src),
    write: readOnly ? null : { days: daysWrites(src), chain: chainWrites(src), settlement: settlementWrites(src) },
  };
}
