/**
 * `npm run bench`: runs every test/bench/*.bench.ts suite in turn (one at a time: the machine has two
 * cores and suites must not disturb each other) and prints one table. Ratios compare a figure with
 * a baseline measured in the same run, so the numbers mean the same on a slower machine.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchRow, BenchSuite } from './benchTypes';

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort()
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));

const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toPrecision(3));
/** Two decimals, or two significant digits for ratios far below one (0.0020×, not 0.00×). */
const fmtRatio = (x: number): string => (x >= 0.01 ? x.toFixed(2) : x.toPrecision(2));
const rows: Array<BenchRow & { suite: string }> = [];
let failed = false;
for (const f of files) {
  const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { default: BenchSuite };
  const suite = mod.default;
  process.stderr.write(`bench: ${suite.name}…\n`);
  try {
    for (const r of await suite.run()) rows.push({ ...r, suite: suite.name });
  } catch (e) {
    failed = true;
    process.stderr.write(`bench: ${suite.name} failed: ${(e as Error).stack ?? String(e)}\n`);
  }
}

const table = rows.map((r) => ({
  suite: r.suite,
  figure: r.name,
  value: `${fmt(r.value)} ${r.unit}`,
  baseline: r.baseline ? `${r.baseline.name} = ${fmt(r.baseline.value)} ${r.unit}` : '',
  ratio: r.baseline && r.baseline.value > 0 ? `${fmtRatio(r.value / r.baseline.value)}×` : '',
  target: r.target ?? '',
  note: r.note ?? '',
}));
const cols = ['suite', 'figure', 'value', 'baseline', 'ratio', 'target', 'note'] as const;
const widths = cols.map((c) => Math.max(c.length, ...table.map((t) => t[c].length)));
const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ').trimEnd();
console.log(line(cols));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const t of table) console.log(line(cols.map((c) => t[c])));
if (process.argv.includes('--json')) console.log(JSON.stringify(rows));
process.exit(failed ? 1 : 0);
