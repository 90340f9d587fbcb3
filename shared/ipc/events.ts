import type { StationSnapshot } from '../domain/station';
import type { DeviceEventMap } from './commands/device';
import type { PaymentEventMap } from './commands/payment';
import type { QueueEventMap } from './commands/queue';
import type { SettingsEventMap } from './commands/settings';
import type { ReportEventMap } from './commands/report';
import type { EntryEventMap } from './commands/entry';
import type { TillEventMap } from './commands/till';
import type { ShiftEventMap } from './commands/shift';

/**
 * Events the station pushes to every window (`domain:nounVerbed`). Each carries a whole snapshot of
 * what changed, never a delta, so a window that missed events is right again after the next one.
 */
export interface EventMap extends DeviceEventMap, PaymentEventMap, QueueEventMap, ReportEventMap, SettingsEventMap, EntryEventMap, TillEventMap, ShiftEventMap {
  'station:statusChanged': StationSnapshot;
}

export type EventName = keyof EventMap;
