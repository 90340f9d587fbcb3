import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchSuite } from './benchTypes';
import { median } from './benchTypes';
import { initialBundleGzip } from './startupBundle';

const RUNS = 7;

/** Milliseconds from spawning `cmd` until `marker` appears on its stdout; the process is then killed. */
function timeUntil(args: string[], marker: RegExp, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const p = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    const timer = setTimeout(() => {
      p.kill('SIGKILL');
      reject(new Error(`no "${marker.source}" within 20 s`));
    }, 20_000);
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (marker.test(out)) {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        clearTimeout(timer);
        p.once('exit', () => resolve(ms));
        p.kill('SIGTERM');
      }
    });
  });
}

const suite: BenchSuite = {
  name: 'startup',
  async run() {
    if (!fs.existsSync('dist/electron/start.mjs')) throw new Error('run `npm run build` first');
    const bare = "require('http').createServer().listen(0,'127.0.0.1',function(){console.log('ready '+this.address().port)})";
    const baseline: number[] = [];
    const pos: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      baseline.push(await timeUntil(['-e', bare], /ready \d+/, {}));
      // A fresh data folder every run: a true cold start creates the journal and runs the migrations.
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pos-bench-'));
      pos.push(await timeUntil(['dist/electron/start.mjs'], /POS ready at http:\/\/127\.0\.0\.1:\d+\//, { POS_HOST: 'browser', POS_PORT: '0', POS_DATA_DIR: dataDir, POS_NO_FETCH: '1' }));
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    const bundle = initialBundleGzip(path.resolve('dist', 'renderer'));
    return [
      {
        name: `browser-host cold start to ready line (median of ${RUNS})`,
        value: median(pos),
        unit: 'ms',
        baseline: { name: 'bare node http listen', value: median(baseline) },
        target: '≤ 1000 ms',
      },
      { name: 'initial cashier bundle, gzip', value: Math.round(bundle.bytes / 102.4) / 10, unit: 'KB', target: '≤ 250 KB', note: `${bundle.files.length} files` },
    ];
  },
};
export default suite;
