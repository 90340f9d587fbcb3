import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every SQL statement of the station lives in electron/journal (repos/, outbox/, migrations/), one
 * repo per table (DESIGN.md §3, issue 13). The wiring and the services around it — station/, till/,
 * accounts/, config/, server/, main/ — prepare no statement and hold no SQL text.
 */
const WIRING_DIRS = ['electron/station', 'electron/till', 'electron/accounts', 'electron/config', 'electron/server', 'electron/main'];
const SQL_TEXT = /\b(SELECT\b[\s\S]+\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX|TRIGGER)|ALTER\s+TABLE|DROP\s+TABLE)\b/i;
const STATEMENT_CALLS = new Set(['prepare', 'exec', 'pragma']);

function files(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) files(p, out);
    else if (/\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

/** `file:line what` for every SQL string and statement call in one source text. */
export function sqlFindings(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (n: ts.Node): string => `${file}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const visit = (n: ts.Node): void => {
    if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && SQL_TEXT.test(n.text)) found.push(`${at(n)} SQL text`);
    else if (ts.isTemplateExpression(n) && SQL_TEXT.test(n.getText())) found.push(`${at(n)} SQL text`);
    // db.prepare(…), db.exec('…'), db.pragma(…) — a regex's .exec(text) is not a statement.
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && STATEMENT_CALLS.has(n.expression.name.text)) {
      const target = n.expression.expression;
      if (!ts.isRegularExpressionLiteral(target) && !(n.expression.name.text === 'exec' && !/db|journal/i.test(target.getText()))) found.push(`${at(n)} ${n.expression.name.text}()`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

describe('SQL lives in electron/journal', () => {
  it('finds SQL where there is some (the check itself works)', () => {
    expect(sqlFindings('x.ts', "const r = db.prepare('SELECT value_json FROM settings WHERE key = ?').get(k);")).toHaveLength(2);
    expect(sqlFindings('x.ts', 'const m = /^a(b)$/.exec(s); const t = `select one of ${n}`;')).toEqual([]);
  });

  it('none in the station wiring and the services around it', () => {
    const findings = WIRING_DIRS.flatMap((d) => files(path.join(process.cwd(), d))).flatMap((f) => sqlFindings(path.relative(process.cwd(), f), fs.readFileSync(f, 'utf8')));
    expect(findings).toEqual([]);
  });
});
