/**
 * ESC/POS real-time status (DLE EOT n) and the GS r reply used as the end-of-job receipt. Both come
 * back on the same wire, told apart by their fixed bits: DLE EOT replies are 0xx1xx10, GS r
 * replies 0xx0xxxx. Pure.
 */

export const DLE_EOT_PRINTER = Uint8Array.of(0x10, 0x04, 0x01);
export const DLE_EOT_OFFLINE_CAUSE = Uint8Array.of(0x10, 0x04, 0x02);
export const DLE_EOT_PAPER = Uint8Array.of(0x10, 0x04, 0x04);
/** The three queries one status poll sends, answered in this order. */
export const STATUS_QUERY = Uint8Array.of(...DLE_EOT_PRINTER, ...DLE_EOT_OFFLINE_CAUSE, ...DLE_EOT_PAPER);

/** GS r 1: "transmit paper sensor status", answered only once everything before it was processed. */
export const GS_R_1 = Uint8Array.of(0x1d, 0x72, 0x01);
/** ESC p 0 25 250: pulse drawer pin 2 for 50 ms on, 500 ms off (the usual RJ-11 drawer). */
export const DRAWER_KICK = Uint8Array.of(0x1b, 0x70, 0x00, 0x19, 0xfa);

export const isRealtimeReply = (b: number): boolean => (b & 0x93) === 0x12;
export const isGsRReply = (b: number): boolean => (b & 0x90) === 0x00;

export interface Readiness {
  readonly offline: boolean;
  readonly paperOut: boolean;
  readonly paperNearEnd: boolean;
  readonly coverOpen: boolean;
  readonly error: boolean;
}

/** Decodes the three replies of STATUS_QUERY (printer, offline cause, roll paper sensor). */
export function readinessFrom(printer: number, offlineCause: number, paper: number): Readiness {
  return {
    offline: (printer & 0x08) !== 0,
    coverOpen: (offlineCause & 0x04) !== 0,
    paperOut: (offlineCause & 0x20) !== 0 || (paper & 0x60) === 0x60,
    paperNearEnd: (paper & 0x0c) === 0x0c,
    error: (offlineCause & 0x40) !== 0,
  };
}

/** The replies a printer in this condition sends: used by the virtual printer. */
export function repliesFor(r: Readiness): { printer: number; offlineCause: number; paper: number; gsr1: number } {
  return {
    printer: 0x12 | (r.offline ? 0x08 : 0),
    offlineCause: 0x12 | (r.coverOpen ? 0x04 : 0) | (r.paperOut ? 0x20 : 0) | (r.error ? 0x40 : 0),
    paper: 0x12 | (r.paperNearEnd ? 0x0c : 0) | (r.paperOut ? 0x60 : 0),
    gsr1: (r.paperNearEnd ? 0x03 : 0) | (r.paperOut ? 0x0c : 0),
  };
}

export function isReady(r: Readiness): boolean {
  return !r.offline && !r.paperOut && !r.coverOpen && !r.error;
}
