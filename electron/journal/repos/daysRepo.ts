/** Closed business days: the numbered, immutable Z reports (z_reports, migration 0040). */
import type { Db } from '../openJournal';
import { appendAudit, type AuditEntry } from '../appendAudit';
import { lazyStatement, readStatement } from './readStatement';

/** One z_reports row as stored; report_json is the report exactly as printed. */
export interface ZRow {
  readonly number: number;
  readonly business_date: string;
  readonly start_at: number;
  readonly end_at: number;
  readonly closed_at: number;
  readonly closed_by: string;
  readonly report_json: string;
  readonly report_sha256: string;
}

export interface ClosedDay {
  readonly number: number;
  readonly date: string;
  readonly closedAt: number;
}

export interface DaysReads {
  byDate(date: string): ZRow | undefined;
  byNumber(n: number): ZRow | undefined;
  /** The highest Z number so far (0 before the first). */
  lastNumber(): number;
  listClosed(limit: number): ClosedDay[];
}

export interface NewZ {
  readonly number: number;
  readonly date: string;
  readonly start: number;
  readonly end: number;
  readonly closedAt: number;
  readonly closedBy: string;
  readonly reportJson: string;
  readonly sha256: string;
}

export interface DaysWrites {
  /**
   * Closes a day in one IMMEDIATE transaction: `build` runs first, inside it (so what it reads cannot
   * change before the row is written), then its Z row and its audit entry are written. A throw from
   * `build` writes nothing.
   */
  close<T>(build: () => { readonly z: NewZ; readonly audit: AuditEntry; readonly result: T }): T;
}

const reads = new WeakMap<Db, DaysReads>();
const writes = new WeakMap<Db, DaysWrites>();

export function daysReads(db: Db): DaysReads {
  let r = reads.get(db);
  if (!r) {
    const byDate = readStatement(db, 'SELECT * FROM z_reports WHERE business_date = ?');
    const byNumber = readStatement(db, 'SELECT * FROM z_reports WHERE number = ?');
    const last = readStatement(db, 'SELECT max(number) AS n FROM z_reports');
    const list = readStatement(db, 'SELECT number, business_date AS date, closed_at AS closedAt FROM z_reports ORDER BY number DESC LIMIT ?');
    r = {
      byDate: (date) => byDate().get(date) as ZRow | undefined,
      byNumber: (n) => byNumber().get(n) as ZRow | undefined,
      lastNumber: () => (last().get() as { n: number | null }).n ?? 0,
      listClosed: (limit) => list().all(limit) as ClosedDay[],
    };
    reads.set(db, r);
  }
  return r;
}

export function daysWrites(db: Db): DaysWrites {
  let w = writes.get(db);
  if (!w) {
    const insert = lazyStatement(db, 'INSERT INTO z_reports (number, business_date, start_at, end_at, closed_at, closed_by, report_json, report_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    w = {
      close: (build) =>
        db.transaction(() => {
          const { z, audit, result } = build();
          insert().run(z.number, z.date, z.start, z.end, z.closedAt, z.closedBy, z.reportJson, z.sha256);
          appendAudit(db, audit);
          return result;
        }).immediate(),
    };
    writes.set(db, w);
  }
  return w;
}
