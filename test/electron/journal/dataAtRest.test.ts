import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStation } from '../../../electron/station/createStation';
import { createMemoryLogger } from '../../../electron/log/createLogger';
import { CHECKPOINT_FILE, CHECKPOINT_KEY_FILE } from '../../../electron/journal/chainCheckpoint';
import type { SaleSnapshot, AttemptSnapshot } from '../../../shared/domain/payment';
import { bootDemoStation, until } from '../../helpers/demoStation';
import { tempDir } from '../../helpers/tempDir';

const modeOf = (p: string): number => fs.statSync(p).mode & 0o777;

/** Every file and folder under dir with its mode, symlinks skipped. */
function modes(dir: string): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  const walk = (p: string): void => {
    const st = fs.lstatSync(p);
    if (st.isSymbolicLink()) return;
    out.push([path.relative(dir, p) || '.', st.mode & 0o777]);
    if (st.isDirectory()) for (const n of fs.readdirSync(p)) walk(path.join(p, n));
  };
  walk(dir);
  return out;
}

describe.runIf(process.platform !== 'win32')('data at rest (issue 12 item 5)', () => {
  it('repairs a data folder left 0755 with 0644 files, and warns about a world-readable key file from outside', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, 'config.json'), '{}\n', { mode: 0o644 });
    fs.mkdirSync(path.join(dataDir, 'keys'), { mode: 0o755 });
    fs.writeFileSync(path.join(dataDir, 'keys', 'merchant_private_key.pem'), 'not a key', { mode: 0o644 });
    fs.chmodSync(dataDir, 0o755);
    fs.chmodSync(path.join(dataDir, 'keys', 'merchant_private_key.pem'), 0o644);
    const outside = tempDir();
    const keyFile = path.join(outside, 'alipay_public_key.pem');
    fs.writeFileSync(keyFile, 'x');
    fs.chmodSync(keyFile, 0o644);
    const lines: string[] = [];
    const station = createStation({ dataDir, host: 'browser', log: createMemoryLogger(lines), env: { POS_ALIPAY_PUBLIC_KEY_FILE: keyFile } });
    try {
      await station.start();
      // The journal, its WAL, the pepper and the checkpoint were created by the station: all private too.
      for (const [p, m] of modes(dataDir)) expect([p, m]).toEqual([p, fs.statSync(path.join(dataDir, p)).isDirectory() ? 0o700 : 0o600]);
      expect(modes(dataDir).map(([p]) => p)).toEqual(expect.arrayContaining(['config.json', 'keys', 'journal.sqlite', CHECKPOINT_FILE, CHECKPOINT_KEY_FILE]));
      const repaired = lines.map((l) => JSON.parse(l) as { msg: string; path?: string; was?: string }).filter((l) => l.msg.startsWith('data folder permission was too open'));
      expect(repaired.map((r) => [path.relative(dataDir, r.path!) || '.', r.was])).toEqual(expect.arrayContaining([['.', '0755'], ['config.json', '0644'], ['keys', '0755'], ['keys/merchant_private_key.pem', '0644']]));
      // Not ours to chmod: only said.
      expect(modeOf(keyFile)).toBe(0o644);
      expect(lines.some((l) => l.includes('readable by other accounts') && l.includes('POS_ALIPAY_PUBLIC_KEY_FILE'))).toBe(true);
    } finally {
      await station.stop();
    }
  });

  it('a journal deleted mid-run stops new sales and payments with JOURNAL_LOST, the open payment is not lost', async () => {
    const demo = await bootDemoStation();
    const sale = await demo.call<SaleSnapshot>('sale:create', { amountMinor: 1_000 });
    const paid = await demo.call<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code: '280000000000000000' });
    await until(async () => (await demo.call<AttemptSnapshot>('payment:get', { paymentRequestId: paid.paymentRequestId })).status === 'succeeded');
    const open = await demo.call<SaleSnapshot>('sale:create', { amountMinor: 700 });
    const simBefore = demo.station.ctx.payments!.simulator!.store.payments.size;

    fs.rmSync(path.join(demo.dataDir, 'journal.sqlite'));
    // Before any timer noticed: the check runs before the payment itself.
    await expect(demo.call('payment:scan', { saleId: open.saleId, code: '280000000000000011' })).rejects.toMatchObject({ code: 'JOURNAL_LOST', details: { loss: 'deleted' } });
    await expect(demo.call('sale:create', { amountMinor: 500 })).rejects.toMatchObject({ code: 'JOURNAL_LOST' });
    await expect(demo.call('refund:create', { paymentRequestId: paid.paymentRequestId, amountMinor: 100, approval: { shortId: '200', pin: '246810' } })).rejects.toMatchObject({ code: 'JOURNAL_LOST' });
    expect(demo.station.ctx.payments!.simulator!.store.payments.size).toBe(simBefore);
    // The timer tells the windows too: the station is no longer ready, and says why.
    await until(() => demo.station.snapshot().ready === false);
    expect(demo.station.snapshot().setupProblem).toMatchObject({ field: '(journal)', message: expect.stringMatching(/deleted/) });
    // What was taken stays readable from the open file.
    expect((await demo.call<AttemptSnapshot>('payment:get', { paymentRequestId: paid.paymentRequestId })).status).toBe('succeeded');
  });

  it('a journal swapped for another file mid-run is caught the same way', async () => {
    const demo = await bootDemoStation();
    const sale = await demo.call<SaleSnapshot>('sale:create', { amountMinor: 1_000 });
    const file = path.join(demo.dataDir, 'journal.sqlite');
    fs.copyFileSync(file, `${file}.copy`);
    fs.renameSync(`${file}.copy`, file);
    await expect(demo.call('payment:scan', { saleId: sale.saleId, code: '280000000000000000' })).rejects.toMatchObject({ code: 'JOURNAL_LOST', details: { loss: 'replaced' } });
  });

  it('a journal replaced by an older copy is caught at start: setup mode, no payments, the checkpoint kept', async () => {
    const dataDir = tempDir();
    const first = await bootDemoStation({ dataDir });
    const file = path.join(dataDir, 'journal.sqlite');
    first.station.ctx.db!.pragma('wal_checkpoint(TRUNCATE)');
    const older = fs.readFileSync(file);
    const sale = await first.call<SaleSnapshot>('sale:create', { amountMinor: 1_000 });
    const paid = await first.call<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code: '280000000000000000' });
    await until(async () => (await first.call<AttemptSnapshot>('payment:get', { paymentRequestId: paid.paymentRequestId })).status === 'succeeded');
    await first.stop();
    const checkpoint = fs.readFileSync(path.join(dataDir, CHECKPOINT_FILE), 'utf8');
    expect(JSON.parse(checkpoint).seq).toBeGreaterThan(0);

    // The paid sale is "undone" by putting the earlier copy back while the station is off.
    for (const f of ['journal.sqlite-wal', 'journal.sqlite-shm']) fs.rmSync(path.join(dataDir, f), { force: true });
    fs.writeFileSync(file, older, { mode: 0o600 });
    const second = await bootDemoStation({ dataDir });
    expect(second.station.ctx.mode).toBe('setup');
    expect(second.station.snapshot().setupProblem).toMatchObject({ field: '(journal)', message: expect.stringMatching(/older copy/) });
    expect(second.station.ctx.payments).toBeNull();
    await expect(second.call('sale:create', { amountMinor: 500 })).rejects.toMatchObject({ code: 'NOT_READY' });
    await second.stop();
    // The checkpoint still holds the real head: the rolled-back journal did not overwrite it.
    expect(fs.readFileSync(path.join(dataDir, CHECKPOINT_FILE), 'utf8')).toBe(checkpoint);

    // An edited checkpoint is caught too (its HMAC no longer verifies).
    const cp = JSON.parse(checkpoint) as { seq: number };
    fs.writeFileSync(path.join(dataDir, CHECKPOINT_FILE), JSON.stringify({ ...cp, seq: 0 }));
    const third = await bootDemoStation({ dataDir });
    expect(third.station.snapshot().setupProblem).toMatchObject({ message: expect.stringMatching(/does not verify/) });
  });

  it('a journal that grew past its checkpoint (the timer had not caught up before a power cut) starts normally', async () => {
    const dataDir = tempDir();
    const first = await bootDemoStation({ dataDir });
    await first.stop();
    const lagging = fs.readFileSync(path.join(dataDir, CHECKPOINT_FILE));
    const second = await bootDemoStation({ dataDir });
    const sale = await second.call<SaleSnapshot>('sale:create', { amountMinor: 1_000 });
    const paid = await second.call<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code: '280000000000000000' });
    await until(async () => (await second.call<AttemptSnapshot>('payment:get', { paymentRequestId: paid.paymentRequestId })).status === 'succeeded');
    await second.stop();
    fs.writeFileSync(path.join(dataDir, CHECKPOINT_FILE), lagging);
    const third = await bootDemoStation({ dataDir });
    expect(third.station.ctx.mode).toBe('demo');
    expect(third.station.snapshot().setupProblem).toBeNull();
  });
});
