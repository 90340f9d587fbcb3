import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * No module of ours imports itself back, directly or through others (issue 13). Type-only imports
 * count too: they are erased at run time, but a type cycle is the same tangle for a reader and the
 * first step to a run-time one. The graph is the real one, parsed with the TypeScript compiler from
 * every source file under electron/, shared/ and renderer/ (static imports and re-exports, `import()`
 * calls and `import('…')` types).
 */
const ROOT = process.cwd();
const SOURCE_DIRS = ['electron', 'shared', 'renderer'];

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sourceFiles(p, out);
    else if (/\.(ts|tsx)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** Every import edge from file to file of ours; packages and node built-ins are not ours. */
export function importGraph(root = ROOT): Map<string, string[]> {
  const files = SOURCE_DIRS.flatMap((d) => sourceFiles(path.join(root, d)));
  const known = new Set(files);
  const resolve = (from: string, spec: string): string | null => {
    if (!spec.startsWith('.')) return null;
    const base = path.resolve(path.dirname(from), spec);
    for (const c of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) if (known.has(c)) return c;
    return null;
  };
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const deps = new Set<string>();
    const add = (spec: ts.Node | undefined): void => {
      if (!spec || !ts.isStringLiteralLike(spec)) return;
      const r = resolve(file, spec.text);
      if (r) deps.add(r);
    };
    const visit = (n: ts.Node): void => {
      if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) add(n.moduleSpecifier);
      else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) add(n.arguments[0]);
      else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument)) add(n.argument.literal);
      else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference)) add(n.moduleReference.expression);
      ts.forEachChild(n, visit);
    };
    visit(sf);
    graph.set(file, [...deps].sort());
  }
  return graph;
}

/** Shortest path from `from` to `to` (breadth first), or null. */
function shortestPath(graph: Map<string, string[]>, from: string, to: string): string[] | null {
  const prev = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length > 0) {
    const at = queue.shift()!;
    if (at === to) {
      const p: string[] = [];
      for (let n: string | null | undefined = at; n != null; n = prev.get(n)) p.unshift(n);
      return p;
    }
    for (const next of graph.get(at) ?? []) {
      if (!prev.has(next)) {
        prev.set(next, at);
        queue.push(next);
      }
    }
  }
  return null;
}

/**
 * The cycles, one per import edge that closes one (that edge plus the shortest way back), written
 * from the alphabetically first file so the same cycle always reads the same.
 */
export function importCycles(graph: Map<string, string[]>, root = ROOT): string[] {
  const found = new Set<string>();
  for (const [a, deps] of graph) {
    for (const b of deps) {
      const back = shortestPath(graph, b, a);
      if (!back) continue;
      const ring = [a, ...back.slice(0, -1)].map((f) => path.relative(root, f).split(path.sep).join('/'));
      const start = ring.indexOf([...ring].sort()[0]!);
      const rotated = [...ring.slice(start), ...ring.slice(0, start)];
      found.add([...rotated, rotated[0]].join(' -> '));
    }
  }
  return [...found].sort();
}

describe('import cycles', () => {
  const graph = importGraph();
  const cycles = importCycles(graph);

  it('reads the real source tree', () => {
    expect(graph.size).toBeGreaterThan(200);
    const station = [...graph.keys()].find((f) => f.endsWith(path.join('electron', 'station', 'createStation.ts')))!;
    expect(graph.get(station)!.some((d) => d.endsWith(path.join('station', 'dispatcher.ts')))).toBe(true);
  });

  it('finds a cycle where there is one', () => {
    const g = new Map([['/r/a.ts', ['/r/b.ts']], ['/r/b.ts', ['/r/c.ts']], ['/r/c.ts', ['/r/a.ts']], ['/r/d.ts', ['/r/a.ts']]]);
    expect(importCycles(g, '/r')).toEqual(['a.ts -> b.ts -> c.ts -> a.ts']);
  });

  it('has none under electron/, shared/ and renderer/', () => {
    expect(cycles).toEqual([]);
  });
});
