/**
 * Handlers for shared/ipc/commands/device.ts. Typed against the device commands themselves, so this
 * group is complete on its own; once `deviceCommands` is spread into shared/ipc/contract.ts it is a
 * HandlerGroup like the others and goes into HANDLER_GROUPS (see createStation.ts).
 */
import type { z } from 'zod';
import type { CommandDef } from '../../../shared/ipc/command';
import { deviceCommands } from '../../../shared/ipc/commands/device';
import type { DeviceManager } from '../../devices/deviceManager';
import type { CallContext } from '../dispatcher';

type DeviceCommands = typeof deviceCommands;
type Out<K extends keyof DeviceCommands> = DeviceCommands[K] extends CommandDef<z.ZodType, infer O> ? O : never;
export type DeviceHandlers = {
  readonly [K in keyof DeviceCommands]: (input: z.output<DeviceCommands[K]['input']>, ctx: CallContext) => Out<K> | Promise<Out<K>>;
};

/**
 * `get` returns the running device manager or throws NOT_READY (setup mode has none);
 * `onConfigured` lets the station keep the installer's choice in its config file.
 */
export function deviceHandlers(get: () => DeviceManager, onConfigured: (role: 'scanner' | 'printer', selection: unknown) => void = () => undefined): DeviceHandlers {
  return {
    'device:status': () => get().status(),
    'device:listPorts': () => get().listPorts(),
    'device:listHid': () => get().listHid(),
    'device:configure': async (input) => {
      const snapshot = await get().configure(input.role, input.selection);
      onConfigured(input.role, input.selection);
      return snapshot;
    },
    'device:testScan': (input) => get().testScan(input.timeoutMs),
    'device:testPrint': () => get().testPrint(),
    'device:reprint': (input) => get().reprint(input.jobId),
    'device:kickDrawer': async () => {
      await get().kickDrawer();
      return { kicked: true } as const;
    },
    'device:wedgeScan': (input) => {
      const o = get().wedgeScan(input.raw, input.at);
      return o.type === 'scan' ? { accepted: true, reason: null } : { accepted: false, reason: `${o.reason}: ${o.detail}` };
    },
  };
}
