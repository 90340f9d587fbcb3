import fs from 'node:fs';
import path from 'node:path';

/** One permission the start-up check had to tighten (logged, so an operator sees what was open). */
export interface ModeRepair {
  readonly path: string;
  readonly kind: 'dir' | 'file';
  readonly was: number;
  readonly now: number;
}

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/**
 * The data folder holds the journal (every payment), the PIN pepper, the checkpoint key and the
 * merchant's private key: on Linux and macOS it is 0700 and every file in it 0600, whatever umask
 * or copy tool made them. Checked and repaired at every start; symlinks are neither followed nor
 * changed (a link pointing out of the folder is not ours to chmod). Windows keeps its ACLs (no-op).
 */
export function secureDataFolder(dir: string, platform: NodeJS.Platform = process.platform): ModeRepair[] {
  if (platform === 'win32') return [];
  fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  const repairs: ModeRepair[] = [];
  const walk = (p: string): void => {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      return; // gone between readdir and lstat (a rolled log): nothing to repair
    }
    if (st.isSymbolicLink()) return;
    const want = st.isDirectory() ? DIR_MODE : st.isFile() ? FILE_MODE : null;
    if (want === null) return; // sockets, fifos: not data
    const was = st.mode & 0o7777;
    if (was !== want) {
      fs.chmodSync(p, want);
      repairs.push({ path: p, kind: st.isDirectory() ? 'dir' : 'file', was, now: want });
    }
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) walk(path.join(p, name));
  };
  walk(dir);
  return repairs;
}

/** The octal text of a mode for log lines and messages ("0644"). */
export const octal = (mode: number): string => `0${(mode & 0o777).toString(8)}`;

/**
 * A key file named from outside the data folder (POS_ALIPAY_*_KEY_FILE) is not ours to chmod: the
 * station only says so when group or others can read it. Null when it is private or unreadable.
 */
export function keyFileExposure(file: string, platform: NodeJS.Platform = process.platform): { readonly file: string; readonly mode: string } | null {
  if (platform === 'win32') return null;
  try {
    const st = fs.statSync(file);
    return (st.mode & 0o077) !== 0 ? { file, mode: octal(st.mode) } : null;
  } catch {
    return null;
  }
}

/** The environment variables that name a key file from outside (POS_ALIPAY_PRIVATE_KEY_FILE, …). */
export function externalKeyFiles(env: NodeJS.ProcessEnv): Array<{ readonly variable: string; readonly file: string }> {
  return Object.entries(env)
    .filter((e): e is [string, string] => /^POS_ALIPAY_\w*KEY_FILE$/.test(e[0]) && typeof e[1] === 'string' && e[1] !== '')
    .map(([variable, file]) => ({ variable, file: path.resolve(file) }));
}
