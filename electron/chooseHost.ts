/** Decides which host `npm start` runs: Electron when its runtime works here, else the browser host. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

export type HostChoice = { host: 'electron'; binary: string } | { host: 'browser'; why: string };

const require = createRequire(import.meta.url);

function electronBinary(): { binary: string } | { why: string } {
  let binary: string;
  try {
    // The electron package exports the path of its binary, and throws if it was never downloaded.
    binary = require('electron') as string;
  } catch (e) {
    return { why: `the Electron runtime is not installed (${(e as Error).message.split('\n')[0]})` };
  }
  if (!fs.existsSync(binary)) return { why: `the Electron binary is missing at ${binary}` };
  const probe = spawnSync(binary, ['--version'], { timeout: 15_000, encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  if (probe.status !== 0) return { why: `the Electron binary does not run here (${(probe.stderr || probe.error?.message || `exit ${probe.status}`).trim().split('\n')[0]})` };
  return { binary };
}

/** On a user's machine the runtime is fetched on first launch, since npm install denies its script. */
function tryFetchElectron(): void {
  let installer: string;
  try {
    installer = require.resolve('electron/install.js');
  } catch {
    return; // no installer: the fallback below explains what happened
  }
  process.stderr.write('Fetching the Electron runtime (first launch)…\n');
  const r = spawnSync(process.execPath, [installer], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) {
    // One line, not the installer's stack: the reason is all a cashier or installer needs here.
    const reason = (r.stderr || r.error?.message || `exit ${String(r.status)}`).split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown error';
    process.stderr.write(`Could not fetch the Electron runtime: ${reason}\n`);
  }
}

export function chooseHost(env: NodeJS.ProcessEnv): HostChoice {
  if (env.POS_HOST === 'browser') return { host: 'browser', why: 'POS_HOST=browser' };
  let found = electronBinary();
  if ('why' in found && env.POS_HOST !== 'browser' && env.POS_NO_FETCH !== '1') {
    tryFetchElectron();
    found = electronBinary();
  }
  if ('binary' in found) {
    if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return { host: 'browser', why: 'no graphical display (DISPLAY is not set)' };
    return { host: 'electron', binary: found.binary };
  }
  return { host: 'browser', why: found.why };
}

