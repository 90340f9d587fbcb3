/**
 * `npm run crash-test -- --sales N [--kills K] [--seed S] [--scale X] [--acquirer ams|alipay-cn] [--keep] [--verbose]`
 * Prints one JSON summary line last and exits non-zero on any violation.
 */
import { runCrashTest } from './runCrashTest';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const sales = Number(opt('sales') ?? '20');
if (!Number.isInteger(sales) || sales < 1) {
  process.stderr.write('usage: crash-test -- --sales N [--kills K] [--seed S] [--scale X]\n');
  process.exit(2);
}
const verbose = args.includes('--verbose');
try {
  const summary = await runCrashTest({
    sales,
    ...(opt('kills') ? { maxKills: Number(opt('kills')) } : {}),
    ...(opt('seed') ? { seed: Number(opt('seed')) } : {}),
    ...(opt('scale') ? { scale: Number(opt('scale')) } : {}),
    keepDir: args.includes('--keep'),
    ...(opt('acquirer') === 'alipay-cn' ? { acquirer: 'alipay-cn' as const } : {}),
    log: (l) => {
      if (verbose) process.stderr.write(`${l}\n`);
    },
  });
  for (const d of summary.details) process.stderr.write(`violation/detail: ${d}\n`);
  process.stdout.write(`${JSON.stringify({ sales: summary.sales, kills: summary.kills, violations: summary.violations, attempts: summary.attempts, succeeded: summary.succeeded, seconds: summary.seconds })}\n`);
  process.exit(summary.violations === 0 ? 0 : 1);
} catch (e) {
  process.stderr.write(`crash test failed: ${(e as Error).stack ?? String(e)}\n`);
  process.stdout.write(`${JSON.stringify({ sales, kills: null, violations: null, error: (e as Error).message })}\n`);
  process.exit(1);
}
