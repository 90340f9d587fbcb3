/**
 * AMS datetimes are ISO-8601 with an explicit offset ("2019-11-27T12:01:01+08:00"). We write them
 * in a fixed offset (the store's, default Beijing +08:00) so receipts and Alipay's files agree.
 */
export const BEIJING_OFFSET_MINUTES = 480;

export function formatAmsTime(epochMs: number, offsetMinutes = BEIJING_OFFSET_MINUTES): string {
  const shifted = new Date(Math.floor(epochMs / 1000) * 1000 + offsetMinutes * 60_000);
  const iso = shifted.toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${iso}${sign}${hh}:${mm}`;
}

/**
 * Parses what AMS actually sends: strict ISO, ISO with millis, and the seed's "2020-01-01 12:01:00 +08:30".
 * Returns undefined rather than guessing.
 */
export function parseAmsTime(text: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const zone = m[4] === 'Z' ? 'Z' : `${m[4]!.slice(0, 3)}:${m[4]!.slice(-2)}`;
  const ms = Date.parse(`${m[1]}T${m[2]}${m[3] ?? ''}${zone}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** request-time / response-time header: epoch ms as a string; ISO with offset also accepted on input. */
export function parseHeaderTime(text: string): number | undefined {
  if (/^\d{10,16}$/.test(text.trim())) return Number(text.trim());
  return parseAmsTime(text);
}
