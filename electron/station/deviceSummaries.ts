import type { DevicesSnapshot } from '../../shared/ipc/commands/device';
import type { DeviceSummary } from '../../shared/domain/station';
import { assertNever } from '../../shared/errors/posError';

/** The status bar's two pills, from the device manager's full snapshot. */
export function deviceSummaries(s: DevicesSnapshot): DeviceSummary[] {
  const out: DeviceSummary[] = [];
  const sc = s.scanner;
  switch (sc.status) {
    case 'notConfigured':
      out.push({ role: 'scanner', health: 'absent', label: '', detail: 'notConfigured' });
      break;
    case 'attached':
      out.push({ role: 'scanner', health: 'ok', label: `${sc.device.kind}:${sc.device.id}` });
      break;
    case 'detached':
      out.push({ role: 'scanner', health: 'error', label: `${sc.device.kind}:${sc.device.id}`, detail: 'detached' });
      break;
    default:
      assertNever(sc, 'scanner state');
  }
  const p = s.printer;
  switch (p.status) {
    case 'notConfigured':
      out.push({ role: 'printer', health: 'absent', label: '', detail: 'notConfigured' });
      break;
    case 'connecting':
      out.push({ role: 'printer', health: 'warning', label: p.printer.id, detail: 'connecting' });
      break;
    case 'disconnected':
    case 'unresponsive':
      out.push({ role: 'printer', health: 'error', label: p.printer.id, detail: p.status });
      break;
    case 'ready':
      out.push({ role: 'printer', health: p.paperNearEnd ? 'warning' : 'ok', label: p.printer.id, detail: p.paperNearEnd ? 'paperNearEnd' : 'ready' });
      break;
    case 'notReady':
      out.push({ role: 'printer', health: 'error', label: p.printer.id, detail: p.paperOut ? 'paperOut' : p.coverOpen ? 'coverOpen' : 'error' });
      break;
    default:
      assertNever(p, 'printer state');
  }
  return out;
}
