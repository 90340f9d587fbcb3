/**
 * Handlers for shared/ipc/commands/device.ts. Typed against the device commands themselves, so this
 * group is complete on its own; once `deviceCommands` is spread into shared/ipc/contract.ts it is a
 * HandlerGroup like the others and goes into HANDLER_GROUPS as `(ctx) => deviceHandlers(devices)`.
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

export function deviceHandlers(devices: DeviceManager): DeviceHandlers {
  return {
    'device:status': () => devices.status(),
    'device:listPorts': () => devices.listPorts(),
    'device:listHid': () => devices.listHid(),
    'device:configure': (input) => devices.configure(input.role, input.selection),
    'device:testScan': (input) => devices.testScan(input.timeoutMs),
    'device:testPrint': () => devices.testPrint(),
    'device:reprint': (input) => devices.reprint(input.jobId),
    'device:kickDrawer': async () => {
      await devices.kickDrawer();
      return { kicked: true } as const;
    },
    'device:wedgeScan': (input) => {
      const o = devices.wedgeScan(input.raw, input.at);
      return o.type === 'scan' ? { accepted: true, reason: null } : { accepted: false, reason: `${o.reason}: ${o.detail}` };
    },
  };
}
