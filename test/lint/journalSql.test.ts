import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** Lints made-up files at real paths: SQL outside electron/journal must fail the lint (issue 13), and only there. */
const eslint = new ESLint({ cwd: process.cwd() });

async function sqlErrors(filePath: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath });
  return (r?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

const PREPARE = "export const rows = (db: { prepare(sql: string): { all(): unknown[] } }) => db.prepare('SELECT * FROM sales').all();\n";
const EXEC_TEMPLATE = 'export const make = (db: { exec(sql: string): void }, t: string) => db.exec(`CREATE TABLE ${t} (id TEXT)`);\n';
const EXEC_STRING = "export const drop = (db: { exec(sql: string): void }) => db.exec('DELETE FROM sales');\n";
const IMPORT_SQLITE = "import Database from 'better-sqlite3';\nexport const open = (f: string) => new Database(f);\n";
const REGEX_EXEC = "const RE = /^(\\d+)$/;\nexport const a = (s: string) => RE.exec(s)?.[1];\nexport const b = (s: string) => /^x(\\d)$/.exec(s);\nexport const c = () => /^ab/.exec('abc');\n";

describe('the journal owns SQL', () => {
  it('prepare, SQL exec and opening SQLite are refused outside electron/journal', async () => {
    for (const file of ['electron/reports/x.ts', 'electron/payments/x.ts', 'electron/station/x.ts', 'electron/devices/printer/x.ts', 'electron/till/x.ts', 'electron/hq/terminal/x.ts', 'electron/x.ts']) {
      expect(await sqlErrors(file, PREPARE), file).toHaveLength(1);
      expect(await sqlErrors(file, EXEC_TEMPLATE), file).toHaveLength(1);
      expect(await sqlErrors(file, EXEC_STRING), file).toHaveLength(1);
      expect(await sqlErrors(file, IMPORT_SQLITE), file).toHaveLength(1);
    }
    expect((await sqlErrors('electron/reports/x.ts', PREPARE))[0]).toMatch(/electron\/journal\/repos/);
  });

  it('inside electron/journal, and in the exempt places, the same code passes', async () => {
    for (const file of ['electron/journal/repos/x.ts', 'electron/journal/x.ts', 'electron/simulator/x.ts', 'electron/hq/x.ts', 'test/electron/x.test.ts']) {
      expect(await sqlErrors(file, PREPARE + EXEC_TEMPLATE + EXEC_STRING), file).toEqual([]);
      expect(await sqlErrors(file, IMPORT_SQLITE), file).toEqual([]);
    }
  });

  it('RegExp exec is not SQL', async () => {
    expect(await sqlErrors('electron/reports/x.ts', REGEX_EXEC)).toEqual([]);
  });

  it('the real tree: no SQL anywhere under electron/ outside journal/ (the simulator and the HQ server excepted)', async () => {
    const results = await eslint.lintFiles(['electron']);
    expect(results.length).toBeGreaterThan(100);
    expect(results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => `${r.filePath}:${m.line}`))).toEqual([]);
  });
});
