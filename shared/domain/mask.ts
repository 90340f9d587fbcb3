/**
 * A customer's payment code is a one-time credential: it is never shown, logged or stored whole.
 * Only the last four digits survive, which is what a cashier needs to tell two scans apart.
 */
export function maskCode(code: string): string {
  const tail = code.slice(-4);
  return `${'*'.repeat(Math.max(0, Math.min(code.length, 24) - 4))}${tail}`;
}

/** Any run of 13–32 digits in free text could be a payment code or card number: mask all but 4. */
const LONG_DIGITS = /\d{13,32}/g;
export function maskDigitsInText(text: string): string {
  return text.replace(LONG_DIGITS, (m) => maskCode(m));
}
