/**
 * What the installer picked for each role, validated with zod so a bad config names the field.
 * The station keeps it in its config file and passes it to `configure`.
 */
import { z } from 'zod';

const hexId = z.string().regex(/^[0-9a-fA-F]{4}$/, 'a 4-digit hex id such as 0c2e');

export const scannerSelectionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z
    .object({
      kind: z.literal('serial'),
      path: z.string().min(1).optional(),
      vendorId: hexId.optional(),
      productId: hexId.optional(),
      baudRate: z.number().int().min(1200).max(921600).default(9600),
      suffix: z.enum(['CR', 'LF', 'CRLF', 'none']).default('CR'),
      interByteTimeoutMs: z.number().int().min(5).max(2000).default(50),
    })
    .strict()
    .refine((s) => s.path !== undefined || (s.vendorId !== undefined && s.productId !== undefined), { message: 'give a path or both vendorId and productId' }),
  z
    .object({
      kind: z.literal('hid'),
      path: z.string().min(1).optional(),
      vendorId: hexId.optional(),
      productId: hexId.optional(),
    })
    .strict()
    .refine((s) => s.path !== undefined || (s.vendorId !== undefined && s.productId !== undefined), { message: 'give a path or both vendorId and productId' }),
  // Keyboard wedge lives in the renderer; the station only needs to know to accept its scans.
  z
    .object({
      kind: z.literal('wedge'),
      suffix: z.enum(['Enter', 'Tab', 'none']).default('Enter'),
      maxInterKeyMs: z.number().int().min(5).max(200).default(35),
      minLength: z.number().int().min(4).max(64).default(8),
    })
    .strict(),
]);

const paper = z.enum(['58mm', '80mm']).default('80mm');

export const printerSelectionSchema = z.discriminatedUnion('transport', [
  z.object({ transport: z.literal('none') }).strict(),
  z.object({ transport: z.literal('serial'), path: z.string().min(1), baudRate: z.number().int().min(1200).max(921600).default(115200), paper }).strict(),
  z.object({ transport: z.literal('usb'), path: z.string().regex(/^\/dev\//, 'a device path such as /dev/usb/lp0'), paper }).strict(),
  z.object({ transport: z.literal('tcp'), host: z.string().min(1), port: z.number().int().min(1).max(65535).default(9100), paper }).strict(),
]);

export type ScannerSelection = z.output<typeof scannerSelectionSchema>;
export type PrinterSelection = z.output<typeof printerSelectionSchema>;
export type DeviceRole = 'scanner' | 'printer';

export interface DeviceSelections {
  readonly scanner: ScannerSelection;
  readonly printer: PrinterSelection;
}

export const NO_DEVICES: DeviceSelections = { scanner: { kind: 'none' }, printer: { transport: 'none' } };
