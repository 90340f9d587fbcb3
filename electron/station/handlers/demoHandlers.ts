import fs from 'node:fs/promises';
import path from 'node:path';
import type { HandlerGroup } from '../dispatcher';
import type { StationContext } from '../stationContext';
import { PosError } from '../../../shared/errors/posError';
import type { RunningSimulator } from '../../simulator';
import { requirePayments } from '../paymentsService';

/** DEMO-only: refused outright on a live terminal, so no test hook can reach real payments. */
function requireDemo(ctx: StationContext): void {
  if (ctx.mode !== 'demo') throw new PosError('INVALID_STATE', 'only available in DEMO mode');
}

function simulatorOf(ctx: StationContext): RunningSimulator {
  const sim = requirePayments(ctx).simulator;
  if (!sim) throw new PosError('NOT_READY', 'the simulator is still starting', { retryable: true });
  return sim;
}

export function demoHandlers(ctx: StationContext): HandlerGroup {
  return {
    'demo:simulator': () => {
      requireDemo(ctx);
      const cn = requirePayments(ctx).cnSimulator;
      if (cn) return { url: cn.origin, clientId: cn.appId };
      const sim = simulatorOf(ctx);
      return { url: sim.url, clientId: sim.clientId };
    },
    'demo:deliverSettlement': async ({ date }) => {
      requireDemo(ctx);
      // 当面付: no drop folder, the bill is downloaded from the gateway. Past days' bills exist; today's
      // is released early so the demo's end of day can fetch it now (the import then downloads it).
      const cn = requirePayments(ctx).cnSimulator;
      if (cn) {
        const today = cn.releaseTodaysBill();
        const day = date ?? today;
        return { date: day, dir: cn.origin, files: [{ fileName: `${day}.csv.zip`, bytes: 0 }] };
      }
      const sim = simulatorOf(ctx);
      const day = date ? date.replace(/-/g, '') : sim.files.today();
      const configured = ctx.config.reports.settlementDropDir;
      const dir = path.isAbsolute(configured) ? configured : path.join(ctx.dataDir, configured);
      const files: { fileName: string; bytes: number }[] = [];
      for (const f of [sim.files.transactionItems(day), ...sim.files.settlement(day)]) {
        // Alipay's layout under the drop folder (/v1/settlements/<customerId>/<day>/…); never outside it.
        const target = path.join(dir, f.path);
        if (!target.startsWith(dir + path.sep)) throw new PosError('INVALID_STATE', `the simulator named a file outside the drop folder: ${f.path}`);
        await fs.mkdir(path.dirname(target), { recursive: true });
        // Write then rename, as an SFTP sync does, so an import running now never reads half a file.
        await fs.writeFile(`${target}.part`, f.csv);
        await fs.rename(`${target}.part`, target);
        files.push({ fileName: path.basename(target), bytes: Buffer.byteLength(f.csv) });
      }
      return { date: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`, dir, files };
    },
    'demo:printerOutput': ({ limit }) => {
      requireDemo(ctx);
      const printer = ctx.devices?.virtual.printer;
      if (!printer) throw new PosError('DEVICE_UNAVAILABLE', 'no virtual printer is running (a real printer is configured)');
      const printed = printer.core.printed;
      const lines = printed.flatMap((i) => (i.kind === 'line' ? [i.text] : i.kind === 'qr' ? [`[QR ${i.data}]`] : []));
      return { lines: lines.slice(-limit), cuts: printed.filter((i) => i.kind === 'cut').length };
    },
  };
}
