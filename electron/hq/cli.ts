/** `npm run hq`: HQ on HQ_DATABASE_URL (node-postgres) or an embedded PGlite; HQ_PORT (0 = any free). */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { openHqDb } from './hqDb';
import { startHqServer } from './hqServer';
import { migrateHq } from './migrateHq';
import { retentionFromEnv } from './hqPartitions';
import { cookieSecureFromEnv } from './hqAccounts';

// Checked before anything opens: a bad value stops HQ with its name, not later at the first sign-in.
const cookieSecure = cookieSecureFromEnv(process.env.HQ_COOKIE_SECURE);
const db = await openHqDb(process.env.HQ_DATABASE_URL || undefined);
await migrateHq(db);
const adminToken = process.env.HQ_ADMIN_TOKEN || randomBytes(18).toString('base64url');
// The dashboard page is the built renderer's hq/ entry (npm run build); HQ_STATIC_DIR overrides.
const staticDir = process.env.HQ_STATIC_DIR || path.resolve('dist/renderer');
const hq = await startHqServer({ db, port: Number(process.env.HQ_PORT ?? 8490), adminToken, staticDir, retention: retentionFromEnv(process.env), cookieSecure });
if (!process.env.HQ_ADMIN_TOKEN) console.log(`HQ admin token (set HQ_ADMIN_TOKEN to choose one): ${adminToken}`);
console.log(`HQ ready at ${hq.url}`);
const shutdown = (): void => void hq.stop().then(() => db.close()).then(() => process.exit(0));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
