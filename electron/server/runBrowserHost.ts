import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveDataDir } from '../config/dataDir';
import { createLogger } from '../log/createLogger';
import { createStation } from '../station/createStation';
import { trustedProxiesFrom } from './clientLimits';
import { startHttpServer } from './startHttpServer';
import { installProcessGuard } from '../station/processGuard';

/** Finds the built renderer whether we run from source (tsx) or from the bundle in dist/electron. */
export function rendererDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.POS_RENDERER_DIR) return path.resolve(env.POS_RENDERER_DIR);
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'dist', 'renderer');
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
    dir = path.dirname(dir);
  }
  return path.resolve('dist', 'renderer');
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 8480;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`POS_PORT must be a port number 0–65535, got "${raw}"`);
  return n;
}

/**
 * The browser host: the whole station in plain Node, its UI served on 127.0.0.1. Prints exactly one
 * `POS ready at …` line on stdout when a window can connect; everything else goes to the log.
 */
export async function runBrowserHost(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const dataDir = resolveDataDir(env);
  const port = parsePort(env.POS_PORT);
  const logger = await createLogger(dataDir);
  const log = logger.log;
  const station = createStation({ dataDir, host: 'browser', log, env });
  installProcessGuard({ log, part: () => station });
  const server = await startHttpServer({ station, port, staticDir: rendererDir(), trustedProxies: trustedProxiesFrom(env) });
  station.setPublicBaseUrl(server.url);
  await station.start();
  process.stdout.write(`POS ready at ${server.url}\n`);

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    void server
      .close()
      .then(() => station.stop())
      .then(() => logger.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}
