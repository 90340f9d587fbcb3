import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, createMemoryLogger, scrub } from '../../../electron/log/createLogger';
import { tempDir } from '../../helpers/tempDir';

const CODE = '281234567890123456';

describe('logger', () => {
  it('masks payment codes and drops secrets wherever they appear', () => {
    const lines: string[] = [];
    const log = createMemoryLogger(lines);
    log.info({ paymentMethodId: CODE, nested: { text: `scanned ${CODE}`, privateKey: 'MIIE...' }, list: [CODE] }, `pay with ${CODE}`);
    log.error({ err: new Error(`bad code ${CODE}`) }, 'failed');
    const out = lines.join('');
    expect(out).not.toContain(CODE);
    expect(out).not.toContain('MIIE');
    expect(out).toContain('3456');
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(first.paymentMethodId).toBe('[redacted]');
    expect(first.msg).toBe('pay with **************3456');
  });

  it('scrub leaves short numbers (amounts, ids) alone', () => {
    expect(scrub({ amount: 12345, text: 'order 1234' })).toEqual({ amount: 12345, text: 'order 1234' });
  });

  it('writes JSON lines into rotating files in the data folder', async () => {
    const dir = tempDir();
    const { log, close } = await createLogger(dir);
    log.info({ a: 1 }, 'hello');
    await close();
    const files = fs.readdirSync(path.join(dir, 'logs'));
    expect(files.some((f) => /^pos\.\d+\.log$/.test(f))).toBe(true);
    const text = fs.readFileSync(path.join(dir, 'logs', files[0]!), 'utf8');
    expect(JSON.parse(text.trim().split('\n')[0]!)).toMatchObject({ level: 'info', msg: 'hello', a: 1 });
  });
});
