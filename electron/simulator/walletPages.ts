import type { WalletPaymentView } from './wallet';

/** Minimal wallet screens for the demo: what the customer's phone would show. */
const esc = (s: string): string => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function page(title: string, p: WalletPaymentView, actions: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${esc(title)}</title></head>
<body style="font-family:sans-serif;max-width:24rem;margin:2rem auto">
<h1>${esc(title)}</h1>
<p>Amount: <strong>${esc(p.amount.value)} ${esc(p.amount.currency)}</strong> (minor units)</p>
<p>Status: <strong>${esc(p.status)}</strong></p>
${p.status === 'PROCESSING' ? actions : ''}
</body></html>`;
}

/** `formToken`: the simulator's per-start secret; only a form carrying it passes controlGuard (CSRF). */
function buttons(p: WalletPaymentView, formToken: string): string {
  const id = esc(p.paymentId);
  const hidden = `<input type="hidden" name="paymentId" value="${id}"><input type="hidden" name="redirect" value="1"><input type="hidden" name="formToken" value="${esc(formToken)}">`;
  return `<form method="post" action="/__sim/wallet/confirm">${hidden}<button>Pay</button></form>
<form method="post" action="/__sim/wallet/reject">${hidden}<button>Decline</button></form>`;
}

export function entryPageHtml(p: WalletPaymentView, formToken: string): string {
  return page('Alipay (simulated) — confirm payment', p, buttons(p, formToken));
}

export function qrPageHtml(p: WalletPaymentView, formToken: string): string {
  return page('Alipay (simulated) — order code scanned', p, buttons(p, formToken));
}
