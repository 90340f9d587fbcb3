/**
 * A customer's payment code is a one-time credential: it is never shown, logged or stored whole.
 * Only the last four digits survive, which is what a cashier needs to tell two scans apart.
 */
export function maskCode(code: string): string {
  if (code.length <= 4) return '*'.repeat(code.length);
  return `${'*'.repeat(Math.min(code.length - 4, 20))}${code.slice(-4)}`;
}

/** Any run of 13–32 digits in free text could be a payment code or card number: mask all but 4. */
const LONG_DIGITS = /\d{13,32}/g;
export function maskDigitsInText(text: string): string {
  return text.replace(LONG_DIGITS, (m) => maskCode(m));
}
