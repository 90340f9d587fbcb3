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

function buttons(p: WalletPaymentView): string {
  const id = esc(p.paymentId);
  return `<form method="post" action="/__sim/wallet/confirm"><input type="hidden" name="paymentId" value="${id}"><input type="hidden" name="redirect" value="1"><button>Pay</button></form>
<form method="post" action="/__sim/wallet/reject"><input type="hidden" name="paymentId" value="${id}"><input type="hidden" name="redirect" value="1"><button>Decline</button></form>`;
}

export function entryPageHtml(p: WalletPaymentView): string {
  return page('Alipay (simulated) — confirm payment', p, buttons(p));
}

export function qrPageHtml(p: WalletPaymentView): string {
  return page('Alipay (simulated) — order code scanned', p, buttons(p));
}
