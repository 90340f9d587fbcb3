/**
 * Can Alipay deliver payment notifications to this terminal? Only when `alipay.publicBaseUrl` is an
 * address on the internet: Alipay's servers cannot reach a loopback, private-network or
 * single-label host (a terminal behind NAT receives nothing unless something public relays it).
 * Without notifications every result is learnt by polling (inquiryPayment), which still works.
 */
export type NotifyReach =
  | { readonly kind: 'notifications'; readonly notifyUrl: string }
  | { readonly kind: 'pollingOnly'; readonly reason: 'unset' | 'private' };

const PRIVATE_HOST = [
  /^localhost$/i, /\.local(host)?$/i, /\.lan$/i, /\.internal$/i, /^\[?::1\]?$/, /^\[?f[cd][0-9a-f]{2}:/i, /^\[?fe80:/i,
  /^127\./, /^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^169\.254\./, /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./, /^0\./,
];

export function notifyReachOf(mode: 'demo' | 'live' | 'setup', publicBaseUrl: string | null | undefined, notifyPath: string): NotifyReach {
  // DEMO: the simulator runs in this process and reaches the station on loopback.
  if (mode === 'demo' && !publicBaseUrl) return { kind: 'notifications', notifyUrl: notifyPath };
  if (!publicBaseUrl || !URL.canParse(publicBaseUrl)) return { kind: 'pollingOnly', reason: 'unset' };
  const u = new URL(publicBaseUrl);
  const host = u.hostname;
  if (mode !== 'demo' && (PRIVATE_HOST.some((r) => r.test(host)) || !host.includes('.') && !host.includes(':'))) return { kind: 'pollingOnly', reason: 'private' };
  return { kind: 'notifications', notifyUrl: `${publicBaseUrl.replace(/\/+$/, '')}${notifyPath}` };
}
