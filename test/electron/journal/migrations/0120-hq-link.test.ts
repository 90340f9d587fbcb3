/** 0120: the head office link, on a 0110 journal with rows: an unlinked terminal, no upload triggers until it enrols. */
import { describe, expect, it } from 'vitest';
import { dumpTables, expectHealthy, expectRerunIsNoop, expectRowsKept, triggersOf, upgradedFromPrevious } from '../../../helpers/journalAt';

describe('migration 0120 hq link', () => {
  it('keeps a 0110 journal unlinked and holds one link with its cursors at zero', () => {
    const { j, before } = upgradedFromPrevious(120);
    const db = j.db;
    expectRowsKept(before, dumpTables(db));
    for (const t of ['hq_link', 'hq_outgoing', 'hq_relay_seen', 'hq_push']) expect(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get()).toBe(0);
    // The upload triggers are installed at enrolment (hqUploadSources), not by the migration: an unlinked terminal pays nothing per sale.
    for (const t of ['sales', 'payment_attempts', 'refunds', 'z_reports', 'audit_log']) expect(triggersOf(db, t).filter((n) => n.startsWith('hq_out_'))).toEqual([]);

    const link = db.prepare("INSERT INTO hq_link (id, hq_url, merchant_id, store_id, terminal_id, public_key, key_file, enrolled_at) VALUES (?, 'https://hq.test', 'M', 'S', 'T-01', 'pk', 'hq.key', 1)");
    link.run(1);
    expect(db.prepare('SELECT event_cursor, record_cursor, last_upload_at, last_error FROM hq_link').get()).toEqual({ event_cursor: 0, record_cursor: 0, last_upload_at: null, last_error: null });
    expect(() => link.run(2)).toThrow(/CHECK/); // one link per terminal
    const out = db.prepare("INSERT INTO hq_outgoing (kind, key, at) VALUES ('sale', ?, 1)");
    const a = Number(out.run('S-0001').lastInsertRowid);
    const b = Number(out.run('S-0002').lastInsertRowid);
    expect(b).toBe(a + 1);
    db.prepare('DELETE FROM hq_outgoing WHERE seq <= ?').run(b); // pruned after HQ confirmed them
    expect(Number(out.run('S-0003').lastInsertRowid)).toBe(b + 1); // sequence numbers are never reused
    db.prepare("INSERT INTO hq_relay_seen (notification_id, outcome, at) VALUES (7, 'applied', 1)").run();
    expect(() => db.prepare("INSERT INTO hq_relay_seen (notification_id, outcome, at) VALUES (7, 'applied', 2)").run()).toThrow(/UNIQUE|PRIMARY/);

    expectHealthy(db);
    expectRerunIsNoop(j, 120);
    j.db.close();
  });
});
