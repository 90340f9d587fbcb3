import os from 'node:os';
import path from 'node:path';

/** Where the journal, config and logs live: POS_DATA_DIR, else the per-user app-data folder. */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.POS_DATA_DIR) return path.resolve(env.POS_DATA_DIR);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'AlipayPOS');
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'AlipayPOS');
  return path.join(env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'alipay-pos');
}
