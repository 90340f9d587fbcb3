/**
 * The station under test, as its own process: the real station (LIVE config pointing at the crash
 * test's simulator) driven through its contract. It works through the sale plan, continuing where the
 * journal says it stopped, and is SIGKILLed at random points by the crash test. Prints READY after
 * start-up recovery and DONE when every sale is settled.
 */
import { createStation } from '../../electron/station/createStation';
import { createMemoryLogger } from '../../electron/log/createLogger';
import { startHttpServer } from '../../electron/server/startHttpServer';
import type { AttemptSnapshot, SaleSnapshot, UnresolvedAttempts, QueueSnapshot } from '../../shared/domain/payment';
import { scaledClock } from '../../shared/domain/clock';
import { planFor, CRASH_PIN } from './crashPlan';

const env = process.env;
const dataDir = env.CRASH_DATA_DIR!;
const total = Number(env.CRASH_SALES);
const acquirer = env.CRASH_ACQUIRER === 'alipay-cn' ? 'alipay-cn' as const : 'ams' as const;
const clock = scaledClock(Number(env.CRASH_ORIGIN), Number(env.CRASH_REAL_BASE), Number(env.CRASH_SCALE));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const station = createStation({ dataDir, host: 'browser', log: createMemoryLogger([], 'warn'), env: {}, clock });
const server = await startHttpServer({ station, port: Number(env.CRASH_STATION_PORT), staticDir: null });
station.setPublicBaseUrl(server.url);
await station.start();
if (!station.snapshot().ready) {
  process.stdout.write(`SETUP ${JSON.stringify(station.snapshot().setupProblem)}\n`);
  process.exit(3);
}
process.stdout.write('READY\n');

type Result<T> = { ok: true; value: T } | { ok: false; code: string; message: string };
async function call<T>(name: string, input: unknown): Promise<Result<T>> {
  const r = await station.dispatcher.dispatch(name, input, { host: 'browser', window: 'cashier' });
  return r.ok ? { ok: true, value: r.value as T } : { ok: false, code: r.error.code, message: r.error.message };
}
async function must<T>(name: string, input: unknown): Promise<T> {
  for (;;) {
    const r = await call<T>(name, input);
    if (r.ok) return r.value;
    // Offline or still recovering: a cashier would wait and try again.
    if (r.code === 'OFFLINE' || r.code === 'NOT_READY') {
      await sleep(50);
      continue;
    }
    throw new Error(`${name}: ${r.code} ${r.message}`);
  }
}

let codeSeq = 0;
const freshCode = (): string => `28${String(process.pid % 1e6).padStart(6, '0')}${String(Date.now() % 1e6).padStart(6, '0')}${String(++codeSeq).padStart(4, '0')}`;

// The first run sets up the manager; every restart signs in again (sessions do not survive a kill).
const manager = { shortId: '1', pin: CRASH_PIN } as const;
if (!station.snapshot().accountsSetUp) await must('account:setup', { name: 'Crash manager', ...manager });
else await must('account:signIn', manager);
// LIVE sells only in an open shift (issue 14); the shift survives a kill in the journal.
if ((await must<unknown>('shift:current', {})) === null) await must('shift:open', { float: { totalMinor: 0 } });

for (;;) {
  const sales = (await must<readonly SaleSnapshot[]>('sale:list', { limit: 500 })).slice().reverse(); // oldest first
  const last = sales.at(-1);
  if (last && last.active) {
    await sleep(30); // recovery or the engine is resolving it
    continue;
  }
  const index = sales.length - 1;
  if (last && last.status === 'open') {
    // Not paid (declined, expired, cancelled): a second try with a fresh code, then give up on the sale.
    if (last.attempts.length >= 2) await must('sale:void', { saleId: last.saleId });
    else await must<AttemptSnapshot>('payment:scan', { saleId: last.saleId, code: freshCode() });
    continue;
  }
  if (last && last.paid && planFor(index, acquirer).refundMinor > 0 && last.refunds.length === 0) {
    await must('refund:create', { paymentRequestId: last.paid.paymentRequestId, amountMinor: planFor(index, acquirer).refundMinor, approval: manager });
    continue;
  }
  if (sales.length < total) {
    const plan = planFor(sales.length, acquirer);
    const sale = await must<SaleSnapshot>('sale:create', { amountMinor: plan.amountMinor, currency: 'CNY' });
    process.stdout.write(`SALE ${sales.length} ${plan.label}\n`);
    if (plan.cancelAfterMs !== null) {
      const a = await must<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code: freshCode() });
      await sleep(plan.cancelAfterMs);
      await call('payment:cancel', { paymentRequestId: a.paymentRequestId });
    } else {
      await must<AttemptSnapshot>('payment:scan', { saleId: sale.saleId, code: freshCode() });
    }
    continue;
  }
  const unresolved = await must<UnresolvedAttempts>('payment:unresolved', {});
  const queue = await must<QueueSnapshot>('queue:get', {});
  if (unresolved.attempts.length === 0 && queue.jobs.length === 0) break;
  await sleep(50);
}
process.stdout.write('DONE\n');
await server.close();
await station.stop();
process.exit(0);
