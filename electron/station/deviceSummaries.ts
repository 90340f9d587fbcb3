import type { DevicesSnapshot } from '../../shared/ipc/commands/device';
import type { DeviceSummary } from '../../shared/domain/station';
import { printerStatus, scannerLabel, scannerStatus } from '../../shared/domain/deviceHealth';

/** The status bar's two pills, from the device manager's full snapshot. */
export function deviceSummaries(s: DevicesSnapshot): DeviceSummary[] {
  const sc = scannerStatus(s.scanner);
  const pr = printerStatus(s.printer);
  return [
    { role: 'scanner', health: sc.health, label: s.scanner.status === 'notConfigured' ? '' : scannerLabel(s.scanner.device), detail: sc.key },
    { role: 'printer', health: pr.health, label: s.printer.status === 'notConfigured' ? '' : s.printer.printer.id, detail: pr.key },
  ];
}
