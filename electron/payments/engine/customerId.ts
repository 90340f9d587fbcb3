/**
 * The customer id a receipt may show (AMS.md §4 pspCustomerInfo). Alipay sends `displayCustomerId`
 * already masked ("ka***@163.com", "138****1234"); `pspCustomerId` is the whole account id and must
 * never be stored or printed as is. Whatever comes in, what leaves here is masked.
 */

/** What Alipay may send: the wire schema's pspCustomerInfo, all fields optional. */
export interface PspCustomerInfo {
  readonly pspName?: string | undefined;
  readonly pspCustomerId?: string | undefined;
  readonly displayCustomerId?: string | undefined;
}

/** A receipt line, not a document: anything longer is cut rather than printed across the paper. */
const MAX_LENGTH = 40;

/**
 * Masks an id ourselves: at most the first 2 and the last 4 characters stay, and never more than
 * half of a short id (a 6-character id must not be left almost whole).
 */
export function maskCustomerId(id: string): string {
  const chars = [...id.trim()];
  const head = Math.min(2, Math.floor(chars.length / 4));
  const tail = Math.min(4, Math.floor(chars.length / 4));
  const hidden = Math.max(1, chars.length - head - tail);
  return `${chars.slice(0, head).join('')}${'*'.repeat(Math.min(hidden, MAX_LENGTH - head - tail))}${tail > 0 ? chars.slice(-tail).join('') : ''}`;
}

/**
 * Alipay's display id when it sends one that is visibly masked; otherwise our mask of whichever id
 * it sent (a display id without a single `*` is treated as unmasked, to be safe); null when neither.
 */
export function customerIdMaskedOf(info: PspCustomerInfo | undefined | null): string | null {
  const display = info?.displayCustomerId?.trim();
  if (display) return display.includes('*') && [...display].length <= MAX_LENGTH ? display : maskCustomerId(display);
  const psp = info?.pspCustomerId?.trim();
  return psp ? maskCustomerId(psp) : null;
}
