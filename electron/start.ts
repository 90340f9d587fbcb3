/**
 * `npm start`: run the POS under Electron when its runtime works here, otherwise under the browser
 * host, and say which and why. POS_HOST=browser forces the browser host (CI, kiosks without a GPU).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBrowserHost } from './server/runBrowserHost';
import { chooseHost } from './chooseHost';

async function main(): Promise<void> {
  const choice = chooseHost(process.env);
  if (choice.host === 'browser') {
    process.stderr.write(`Starting the browser host: ${choice.why}. Open the printed address in a browser.\n`);
    await runBrowserHost(process.env);
    return;
  }
  const here = path.dirname(fileURLToPath(import.meta.url));
  const mainJs = path.resolve(here, '..', 'dist', 'electron', 'main.cjs');
  const entry = fs.existsSync(mainJs) ? mainJs : path.resolve(here, 'main.cjs');
  process.stderr.write(`Starting the Electron host (${choice.binary}).\n`);
  const child = spawn(choice.binary, [entry], { stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
  child.on('exit', (code) => process.exit(code ?? 0));
}

main().catch((e: unknown) => {
  process.stderr.write(`POS failed to start: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
