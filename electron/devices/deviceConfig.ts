/**
 * What the installer picked for each role, validated with zod so a bad config names the field.
 * The station keeps it in its config file and passes it to `configure`.
 */
import {
  printerSelectionSchema,
  scannerSelectionSchema,
  type PrinterSelection,
  type ScannerSelection,
} from '../../shared/ipc/commands/device';

export { printerSelectionSchema, scannerSelectionSchema, type PrinterSelection, type ScannerSelection };
export type DeviceRole = 'scanner' | 'printer';

export interface DeviceSelections {
  readonly scanner: ScannerSelection;
  readonly printer: PrinterSelection;
}

export const NO_DEVICES: DeviceSelections = { scanner: { kind: 'none' }, printer: { transport: 'none' } };
