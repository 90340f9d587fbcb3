import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from '../../../helpers/tempDir';

const run = promisify(execFile);

/**
 * Whether a process is still running. A killed orphan may stay a zombie here (a container's PID 1 need
 * not reap), so /proc's state decides, not signal 0.
 */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX] /.test(stat);
  } catch {
    return false;
  }
}

describe('virtual pty pairs (socat)', () => {
  it('a pair its owner never closed dies with the owning process instead of lingering as an orphan', async () => {
    const dir = tempDir('socat-exit');
    const script = path.join(dir, 'owner.mts');
    const module = path.resolve('electron/devices/virtual/socatPair.ts');
    // The owner opens a pair, says socat's pid, and exits without close(): what a torn-down worker does.
    fs.writeFileSync(script, `import { openPtyPair } from ${JSON.stringify(module)};\nconst p = await openPtyPair();\nconsole.log(p.pid);\nprocess.exit(0);\n`);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script], { cwd: process.cwd(), timeout: 20_000 });
    const pid = Number(stdout.trim().split('\n').at(-1));
    expect(pid).toBeGreaterThan(0);
    // The owner's exit hook sends SIGKILL synchronously; allow the kernel a moment to deliver it.
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive(pid)).toBe(false);
  });
});
