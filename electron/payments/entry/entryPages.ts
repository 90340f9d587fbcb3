/**
 * The H5 pages the wallet's in-app browser shows, rendered on the station as plain HTML: no inline
 * script or style (the CSP forbids both), every dynamic value escaped, links relative to the public
 * base path so the pages also work behind a reverse proxy.
 */
import { formatMajor, type Money } from '../../../shared/domain/money';
import type { Locale } from '../../../shared/domain/station';
import { ENTRY_TEXTS, type EntryTexts } from './entryTexts';

export const esc = (s: string): string => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export type FormError = keyof EntryTexts['errors'];

/** What the customer sees of the order behind a result page. */
export type EntryStatusView =
  | { readonly kind: 'confirming'; readonly redirectUrl: string | null }
  | { readonly kind: 'paid'; readonly paidAt: number | null }
  | { readonly kind: 'notPaid'; readonly message: string | null };

interface Frame {
  readonly locale: Locale;
  readonly basePath: string;
  readonly title: string;
}

function page(f: Frame, body: string): string {
  return `<!doctype html>
<html lang="${f.locale}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<link rel="icon" href="data:,">
<title>${esc(f.title)}</title>
<link rel="stylesheet" href="${f.basePath}/entry/assets/entry.css">
<script src="${f.basePath}/entry/assets/entry.js" defer></script>
</head><body class="entry">
${body}
</body></html>`;
}

const amountText = (m: Money): string => `${m.currency} ${formatMajor(m)}`;
const other = (l: Locale): Locale => (l === 'en' ? 'zh-CN' : 'en');

export interface FormPageInput {
  readonly locale: Locale;
  readonly basePath: string;
  readonly storeName: string;
  readonly currency: string;
  readonly token: string;
  readonly amount?: string;
  readonly error?: FormError;
  readonly maxAmount?: Money;
}

export function formPageHtml(p: FormPageInput): string {
  const t = ENTRY_TEXTS[p.locale];
  const error = p.error ? t.errors[p.error].replace('{max}', p.maxAmount ? amountText(p.maxAmount) : '') : '';
  return page({ locale: p.locale, basePath: p.basePath, title: t.title }, `<main class="card" data-page="form">
<p class="pay-to">${esc(t.payTo)}</p>
<h1 class="store" data-testid="entry-store">${esc(p.storeName)}</h1>
<form method="post" action="${p.basePath}/entry/pay" id="entry-form" autocomplete="off">
<input type="hidden" name="token" value="${esc(p.token)}">
<input type="hidden" name="lang" value="${p.locale}">
<label for="amount">${esc(t.amountLabel)}</label>
<div class="amount-row"><span class="currency">${esc(p.currency)}</span><input id="amount" name="amount" type="text" inputmode="decimal" maxlength="20" required placeholder="${esc(t.amountPlaceholder)}" value="${esc(p.amount ?? '')}" data-testid="entry-amount"></div>
${error ? `<p class="error" role="alert" data-testid="entry-error" data-error="${p.error}">${esc(error)}</p>` : ''}
<button type="submit" data-testid="entry-pay" data-busy-text="${esc(t.paying)}">${esc(t.pay)}</button>
</form>
<p class="hint">${esc(t.hint)}</p>
<p class="lang"><a href="${p.basePath}/entry?lang=${other(p.locale)}">${esc(t.otherLanguage)}</a></p>
</main>`);
}

export interface ResultPageInput {
  readonly locale: Locale;
  readonly basePath: string;
  readonly storeName: string;
  readonly ref: string;
  readonly reference: string;
  readonly amount: Money;
  readonly status: EntryStatusView;
  /** Arrived here because pay was slow: send the wallet on to Alipay as soon as the order exists. */
  readonly autopay: boolean;
}

export function resultPageHtml(p: ResultPageInput): string {
  const t = ENTRY_TEXTS[p.locale];
  const s = p.status;
  let title: string;
  let body: string;
  let extra = '';
  switch (s.kind) {
    case 'confirming':
      title = t.confirmingTitle;
      body = t.confirmingBody;
      if (s.redirectUrl && !p.autopay) extra = `<p><a class="button secondary" href="${esc(s.redirectUrl)}" data-testid="entry-continue">${esc(t.continueInAlipay)}</a></p>`;
      extra += `<p class="still" hidden>${esc(t.stillConfirming)}</p>`;
      break;
    case 'paid':
      title = t.paidTitle;
      body = t.paidBody;
      break;
    case 'notPaid':
      title = t.notPaidTitle;
      body = s.message ?? t.errors.notStarted;
      extra = `<p><a class="button" href="${p.basePath}/entry?lang=${p.locale}" data-testid="entry-again">${esc(t.tryAgain)}</a></p>`;
      break;
  }
  return page({ locale: p.locale, basePath: p.basePath, title }, `<main class="card result ${s.kind}" data-page="result" data-testid="entry-result" data-status="${s.kind}" data-status-url="${p.basePath}/entry/status/${esc(p.ref)}"${p.autopay ? ' data-autopay="1"' : ''}>
<p class="pay-to">${esc(p.storeName)}</p>
<h1 data-testid="entry-result-title">${esc(title)}</h1>
<p class="amount" data-testid="entry-result-amount">${esc(amountText(p.amount))}</p>
<p class="body">${esc(body)}</p>
<p class="ref">${esc(t.reference)} ${esc(p.reference)}</p>
${extra}
</main>`);
}

export function messagePageHtml(p: { locale: Locale; basePath: string; message: FormError; again: boolean }): string {
  const t = ENTRY_TEXTS[p.locale];
  return page({ locale: p.locale, basePath: p.basePath, title: t.title }, `<main class="card" data-page="message">
<h1>${esc(t.title)}</h1>
<p class="error" role="alert" data-testid="entry-error" data-error="${p.message}">${esc(t.errors[p.message])}</p>
${p.again ? `<p><a class="button" href="${p.basePath}/entry?lang=${p.locale}">${esc(t.tryAgain)}</a></p>` : ''}
</main>`);
}

/** A printable A5 poster: the store's entry code with both languages, for the counter or the door. */
export function posterPageHtml(p: { basePath: string; storeName: string; url: string; qrSvg: string }): string {
  const zh = ENTRY_TEXTS['zh-CN'].poster;
  const en = ENTRY_TEXTS.en.poster;
  return page({ locale: 'zh-CN', basePath: p.basePath, title: `${p.storeName} — ${zh.scan}` }, `<main class="poster" data-page="poster">
<h1 data-testid="poster-store">${esc(p.storeName)}</h1>
<div class="poster-qr" data-testid="poster-qr" data-qr-value="${esc(p.url)}">${p.qrSvg}</div>
<p class="scan">${esc(zh.scan)}</p>
<p class="scan en" lang="en">${esc(en.scan)}</p>
<p class="steps">${esc(zh.steps)}</p>
<p class="steps en" lang="en">${esc(en.steps)}</p>
<p class="url">${esc(p.url)}</p>
<p class="no-print"><button type="button" id="print-poster">打印 Print</button></p>
</main>`);
}
