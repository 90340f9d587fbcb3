import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The bytes a cashier window must fetch before it can paint: the page, its entry script, the chunks
 * that script imports statically (modulepreload) and its stylesheets, each gzipped as a server would.
 */
export function initialBundleGzip(rendererDir: string, page = 'index.html'): { bytes: number; files: string[] } {
  const html = fs.readFileSync(path.join(rendererDir, page), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const files = new Set<string>(refs);
  // Follow static imports inside the entry chunks (Vite also lists them as modulepreload links).
  const queue = [...files].filter((f) => f.endsWith('.js'));
  while (queue.length > 0) {
    const f = queue.pop()!;
    const code = fs.readFileSync(path.join(rendererDir, f), 'utf8');
    for (const m of code.matchAll(/(?:^|[;\s])import\s*(?:[\w{}\s,*$]+from\s*)?["']\.\/([^"']+\.js)["']/g)) {
      const dep = `assets/${m[1]!}`;
      if (!files.has(dep)) {
        files.add(dep);
        queue.push(dep);
      }
    }
  }
  let bytes = gzipSync(html, { level: 9 }).length;
  for (const f of files) bytes += gzipSync(fs.readFileSync(path.join(rendererDir, f)), { level: 9 }).length;
  return { bytes, files: [...files] };
}
