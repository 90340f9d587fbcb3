import type { HandlerGroup } from '../dispatcher';
import type { StationContext } from '../stationContext';
import { PosError } from '../../../shared/errors/posError';
import { paymentsOf } from './saleHandlers';

/** DEMO-only: refused outright on a live terminal, so no test hook can reach real payments. */
function requireDemo(ctx: StationContext): void {
  if (ctx.mode !== 'demo') throw new PosError('INVALID_STATE', 'only available in DEMO mode');
}

export function demoHandlers(ctx: StationContext): HandlerGroup {
  return {
    'demo:simulator': () => {
      requireDemo(ctx);
      const sim = paymentsOf(ctx).simulator;
      if (!sim) throw new PosError('NOT_READY', 'the simulator is still starting', { retryable: true });
      return { url: sim.url, clientId: sim.clientId };
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
