import { describe, expect, it } from 'vitest';
import { deviceSummaries } from '../../../electron/station/deviceSummaries';
import type { DevicesSnapshot } from '../../../shared/ipc/commands/device';

const printer = { role: 'printer', transport: 'serial', id: '/dev/ttyS0', virtual: false } as const;
const snap = (p: DevicesSnapshot['printer'], s: DevicesSnapshot['scanner']): DevicesSnapshot => ({ demo: false, paper: '80mm', scanner: s, printer: p, queue: { pending: 0, recent: [] } });

describe('status bar device pills', () => {
  it('say the same as the devices screen: paper out is an error, paper low a warning, nothing set up is absent', () => {
    const scanner = { status: 'attached', device: { role: 'scanner', kind: 'serial', id: '/dev/ttyACM0' }, since: 0 } as const;
    expect(deviceSummaries(snap({ status: 'notReady', printer, paperOut: true, coverOpen: false, error: false, paperNearEnd: false, since: 0 }, scanner))).toEqual([
      { role: 'scanner', health: 'ok', label: 'serial:/dev/ttyACM0', detail: 'attached' },
      { role: 'printer', health: 'error', label: '/dev/ttyS0', detail: 'paperOut' },
    ]);
    expect(deviceSummaries(snap({ status: 'ready', printer, paperNearEnd: true, since: 0 }, { status: 'notConfigured' }))).toEqual([
      { role: 'scanner', health: 'absent', label: '', detail: 'notConfigured' },
      { role: 'printer', health: 'warning', label: '/dev/ttyS0', detail: 'paperNearEnd' },
    ]);
  });
});
