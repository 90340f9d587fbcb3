/**
 * 0240: a closed Z report can no longer be replaced. Before it, `INSERT OR REPLACE` with the number
 * or the day of a closed report deleted that report by conflict resolution, which fires none of
 * 0040's immutability triggers (this test fails without 0240).
 */
import { describe, expect, it } from 'vitest';
import { D2, D3, dumpTables, expectHealthy, expectRerunIsNoop, expectRowsKept, triggersOf, upgradedFromPrevious } from '../../../helpers/journalAt';

describe('migration 0240 z reports no replace', () => {
  it('keeps the closed Z reports of the previous version and refuses every way of replacing one', () => {
    const { j, before } = upgradedFromPrevious(240);
    const db = j.db;
    expectRowsKept(before, dumpTables(db));
    expect(triggersOf(db, 'z_reports')).toEqual(expect.arrayContaining(['z_reports_immutable_delete', 'z_reports_immutable_replace', 'z_reports_immutable_update']));
    const z1 = db.prepare('SELECT * FROM z_reports WHERE number = 1').get();
    expect(z1).toMatchObject({ business_date: '2030-03-04' });

    const cols = '(number, business_date, start_at, end_at, closed_at, closed_by, report_json, report_sha256)';
    const values = `VALUES (?, ?, ${D2}, ${D3}, ${D3}, 'manager', '{"forged":true}', 'f')`;
    for (const verb of ['INSERT OR REPLACE INTO', 'REPLACE INTO', 'INSERT INTO']) {
      expect(() => db.prepare(`${verb} z_reports ${cols} ${values}`).run(1, '2030-03-09'), `${verb} by number`).toThrow(/immutable/);
      expect(() => db.prepare(`${verb} z_reports ${cols} ${values}`).run(7, '2030-03-04'), `${verb} by day`).toThrow(/immutable/);
    }
    expect(() => db.prepare(`INSERT OR IGNORE INTO z_reports ${cols} ${values}`).run(1, '2030-03-04')).toThrow(/immutable/);
    expect(() => db.prepare("UPDATE z_reports SET report_json = '{}' WHERE number = 1").run()).toThrow(/immutable/);
    expect(() => db.prepare('DELETE FROM z_reports WHERE number = 1').run()).toThrow(/immutable/);
    expect(db.prepare('SELECT * FROM z_reports').all()).toEqual([z1]);

    // Closing the next day, as dayBook does, still works.
    db.prepare(`INSERT INTO z_reports ${cols} VALUES (2, '2030-03-05', ?, ?, ?, 'manager', '{}', 'a')`).run(D2, D3, D3 + 60_000);
    expect(db.prepare('SELECT number, business_date FROM z_reports ORDER BY number').all()).toEqual([
      { number: 1, business_date: '2030-03-04' },
      { number: 2, business_date: '2030-03-05' },
    ]);

    expectHealthy(db);
    expectRerunIsNoop(j, 240);
    j.db.close();
  });
});
