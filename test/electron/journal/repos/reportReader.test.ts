import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal } from '../../../../electron/journal/openJournal';
import { readStatement } from '../../../../electron/journal/repos/readStatement';
import { reportJournal, reportReader } from '../../../../electron/journal/repos/reportReader';
import { createDayBook } from '../../../../electron/reports/dayBook';
import type { Clock } from '../../../../shared/domain/clock';
import { isPosError } from '../../../../shared/errors/posError';
import { tempDir } from '../../../helpers/tempDir';

const T0 = Date.UTC(2030, 0, 1, 2, 0, 0); // 2030-01-01 10:00 in Shanghai
const clock: Clock = { now: () => T0, setTimeout: (fn, d) => setTimeout(fn, d), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };
const SETTINGS = { cutoff: '04:00', timeZone: 'Asia/Shanghai' };
const identity = () => ({ terminalId: 'T01', storeName: 'Test' });

describe('the read handle reports get', () => {
  it('refuses a statement SQLite says could write, whatever the SQL', () => {
    const db = openJournal(path.join(tempDir(), 'j.sqlite'));
    expect(() => readStatement(db, 'DELETE FROM sales')()).toThrow(/may only read/);
    expect(() => readStatement(db, "INSERT INTO chain_checkpoints (seq, hash, verified_at) VALUES (1, 'x', 1)")()).toThrow(/may only read/);
    expect(readStatement(db, 'SELECT count(*) AS n FROM sales')().get()).toEqual({ n: 0 });
    db.close();
  });

  it('has no write methods, by type', () => {
    const db = openJournal(path.join(tempDir(), 'j.sqlite'));
    const r = reportReader(db);
    // @ts-expect-error a reader cannot close a day
    expect(r.days.close).toBeUndefined();
    // @ts-expect-error a reader cannot write settlement files
    expect(r.settlement.writeImports).toBeUndefined();
    // @ts-expect-error a reader cannot record a checkpoint
    expect(r.chain.recordCheckpoint).toBeUndefined();
    expect(reportReader(r)).toBe(r);
    expect(reportReader(db)).toBe(r);
    db.close();
  });

  it('a journal opened read-only (or asked for read-only) gives no write handle: X reports work, a Z is refused and nothing is written', () => {
    const file = path.join(tempDir(), 'j.sqlite');
    const rw = openJournal(file);
    expect(reportJournal(rw).write).not.toBeNull();
    expect(reportJournal(rw, { readOnly: true }).write).toBeNull();
    const ro = openJournal(file, { readonly: true });
    expect(reportJournal(ro).write).toBeNull();
    const book = createDayBook(ro, () => SETTINGS, clock, identity);
    expect(book.xReport('2030-01-01')).toMatchObject({ kind: 'X', day: { date: '2030-01-01', state: 'open' } });
    let err: unknown;
    try {
      book.closeDay('2030-01-01', 'manager');
    } catch (e) {
      err = e;
    }
    expect(isPosError(err) && err.code).toBe('INVALID_STATE');
    expect(rw.prepare('SELECT (SELECT count(*) FROM z_reports) AS z, (SELECT count(*) FROM chain_checkpoints) AS cp').get()).toEqual({ z: 0, cp: 0 });
    // The same book over the writable connection closes the day.
    expect(createDayBook(rw, () => SETTINGS, clock, identity).closeDay('2030-01-01', 'manager')).toMatchObject({ kind: 'Z', number: 1 });
    ro.close();
    rw.close();
  });
});
