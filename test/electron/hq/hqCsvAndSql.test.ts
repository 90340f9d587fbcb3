import { describe, expect, it } from 'vitest';
import { csvCell } from '../../../electron/hq/dashboardRoutes';
import { splitSql } from '../../../electron/hq/migrateHq';

describe('HQ CSV cells', () => {
  it('quotes separators and defuses spreadsheet formulas, leaving numbers alone', () => {
    expect(csvCell('Nanjing Road')).toBe('Nanjing Road');
    expect(csvCell('A, B "C"')).toBe('"A, B ""C"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('@cmd')).toBe(`"'@cmd"`);
    expect([csvCell('-12.50'), csvCell(3), csvCell('0.00')]).toEqual(['-12.50', '3', '0.00']);
  });
});

describe('HQ migration statements', () => {
  it('splits on semicolons but keeps a $$ function body whole', () => {
    const sql = `-- a comment; with a semicolon
CREATE TABLE a (x int);
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- inside the body; kept
  RETURN NULL;
END
$$;
CREATE INDEX i ON a (x);`;
    const out = splitSql(sql);
    expect(out).toHaveLength(3);
    expect(out[0]).toBe('CREATE TABLE a (x int)');
    expect(out[1]).toContain('RETURN NULL;\nEND\n$$');
    expect(out[1]).toContain('-- inside the body; kept');
    expect(out[2]).toBe('CREATE INDEX i ON a (x)');
  });
});
