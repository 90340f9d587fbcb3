import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal } from '../../../../electron/journal/openJournal';
import { createSettingsRepo } from '../../../../electron/journal/repos/settingsRepo';
import { createOutboxStatusRepo } from '../../../../electron/journal/repos/outboxStatusRepo';
import { tempDir } from '../../../helpers/tempDir';

const NOW = 1_700_000_000_000;

describe('settingsRepo on a real SQLite journal', () => {
  it('reads null for a missing key, then what was stored; a second put replaces it', () => {
    const db = openJournal(path.join(tempDir(), 'j.sqlite'));
    const repo = createSettingsRepo(db);
    expect(repo.read.json('alipay.registration')).toBeNull();
    repo.write.putJson('alipay.registration', '{"status":"SENDING"}', NOW);
    repo.write.putJson('alipay.registration', '{"status":"PROCESSING"}', NOW + 1);
    expect(repo.read.json('alipay.registration')).toBe('{"status":"PROCESSING"}');
    expect(db.prepare('SELECT count(*) AS n, max(updated_at) AS at FROM settings WHERE key = ?').get('alipay.registration')).toEqual({ n: 1, at: NOW + 1 });
    db.close();
  });
});

describe('outboxStatusRepo on a real SQLite journal', () => {
  it('counts waiting and running jobs as pending and dead ones as dead; done jobs are not counted; HQ is not told about uploads', () => {
    const db = openJournal(path.join(tempDir(), 'j.sqlite'));
    const repo = createOutboxStatusRepo(db);
    expect(repo.queueFigures()).toEqual({ pending: 0, dead: 0 });
    const add = db.prepare('INSERT INTO outbox (kind, idempotency_key, payload_json, status, next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const jobs: Array<[string, string]> = [['cancel', 'pending'], ['inquiry', 'running'], ['refund', 'dead'], ['print', 'done'], ['upload', 'pending'], ['upload', 'dead']];
    jobs.forEach(([kind, status], i) => add.run(kind, `k${i}`, '{}', status, NOW, NOW, NOW));
    expect(repo.queueFigures()).toEqual({ pending: 3, dead: 2 });
    expect(repo.countsWithoutUploads()).toEqual([{ status: 'dead', n: 1 }, { status: 'pending', n: 1 }, { status: 'running', n: 1 }]);
    db.close();
  });
});
