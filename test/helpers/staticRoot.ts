import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './tempDir';

/** A minimal renderer folder (both pages), so HTTP tests do not depend on `npm run build`. */
export function fakeRendererDir(): string {
  const dir = tempDir();
  for (const f of ['index.html', 'customer.html']) fs.writeFileSync(path.join(dir, f), `<!doctype html><html><head><title>${f}</title></head><body></body></html>`);
  return dir;
}
