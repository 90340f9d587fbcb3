/**
 * Alipay's business day for cancel windows and settlement files is the calendar day in Beijing
 * (UTC+8) unless configured otherwise.
 */
export const BUSINESS_DAY_OFFSET_MINUTES = 480;

export function businessDayOf(epochMs: number, offsetMinutes = BUSINESS_DAY_OFFSET_MINUTES): string {
  return new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, 10).replace(/-/g, '');
}
