/**
 * The H5 page's own words, in the wallet's language. The page is served by the station to the
 * customer's phone, so its strings live here rather than in the renderer's i18n resources.
 */
import type { Locale } from '../../../shared/domain/station';

export interface EntryTexts {
  readonly title: string;
  readonly payTo: string;
  readonly amountLabel: string;
  readonly amountPlaceholder: string;
  readonly pay: string;
  readonly paying: string;
  readonly hint: string;
  readonly otherLanguage: string;
  readonly confirmingTitle: string;
  readonly confirmingBody: string;
  readonly continueInAlipay: string;
  readonly paidTitle: string;
  readonly paidBody: string;
  readonly notPaidTitle: string;
  readonly tryAgain: string;
  readonly reference: string;
  readonly stillConfirming: string;
  readonly errors: {
    readonly amount: string;
    readonly amountAmbiguous: string;
    readonly amountTooLarge: string;
    readonly expired: string;
    readonly forged: string;
    readonly used: string;
    readonly origin: string;
    readonly disabled: string;
    readonly unavailable: string;
    readonly notStarted: string;
    readonly notFound: string;
    readonly busy: string;
  };
  readonly poster: { readonly scan: string; readonly steps: string };
}

const zh: EntryTexts = {
  title: '支付宝付款',
  payTo: '付款给',
  amountLabel: '付款金额',
  amountPlaceholder: '请输入金额',
  pay: '确认付款',
  paying: '正在提交…',
  hint: '请与收银员核对金额后付款',
  otherLanguage: 'English',
  confirmingTitle: '正在确认付款',
  confirmingBody: '正在向支付宝确认付款结果，请稍候，不要重复付款。',
  continueInAlipay: '尚未付款？继续在支付宝中付款',
  paidTitle: '付款成功',
  paidBody: '支付宝已确认收款。',
  notPaidTitle: '未付款',
  tryAgain: '重新付款',
  reference: '参考号',
  stillConfirming: '仍在确认中，请向收银员出示此页面。',
  errors: {
    amount: '请输入有效金额（最多两位小数，大于零）',
    amountAmbiguous: '该金额有两种理解：请去掉分隔符，或只用一个小数点或逗号并最多保留两位小数（如 1234 或 12.50）',
    amountTooLarge: '金额超出本店单笔上限 {max}',
    expired: '页面已过期，请重新输入金额',
    forged: '请求无效，请重新扫码',
    used: '此付款单已提交过，请重新扫码付款',
    origin: '请求来源无效，请重新扫码',
    disabled: '本店暂未开通扫码付款',
    unavailable: '暂时无法连接支付宝，请稍后再试或改用其他方式付款',
    notStarted: '未能发起付款，未扣款。请重试',
    notFound: '找不到该付款',
    busy: '当前付款人数较多，请稍后再试',
  },
  poster: { scan: '支付宝扫码付款', steps: '打开支付宝扫一扫 · 输入金额 · 确认付款' },
};

const en: EntryTexts = {
  title: 'Pay with Alipay',
  payTo: 'Pay to',
  amountLabel: 'Amount',
  amountPlaceholder: 'Enter the amount',
  pay: 'Pay',
  paying: 'Sending…',
  hint: 'Check the amount with the cashier before paying',
  otherLanguage: '中文',
  confirmingTitle: 'Confirming your payment',
  confirmingBody: 'Checking the result with Alipay. Please wait and do not pay again.',
  continueInAlipay: 'Not paid yet? Continue in Alipay',
  paidTitle: 'Paid',
  paidBody: 'Alipay has confirmed the payment.',
  notPaidTitle: 'Not paid',
  tryAgain: 'Try again',
  reference: 'Reference',
  stillConfirming: 'Still confirming: please show this page to the cashier.',
  errors: {
    amount: 'Enter a valid amount (above zero, at most two decimals)',
    amountAmbiguous: 'That amount can be read two ways: type it without the separator, or with one decimal point or comma and at most two decimals (1234 or 12.50)',
    amountTooLarge: 'The amount is above this store’s limit of {max}',
    expired: 'This page has expired: enter the amount again',
    forged: 'Invalid request: scan the store’s code again',
    used: 'This form was already submitted: scan the store’s code again',
    origin: 'Invalid request origin: scan the store’s code again',
    disabled: 'This store does not take entry-code payments right now',
    unavailable: 'Alipay cannot be reached right now: try again later or pay another way',
    notStarted: 'The payment could not be started; nothing was charged. Please try again',
    notFound: 'No such payment',
    busy: 'Too many payments at once: please try again in a moment',
  },
  poster: { scan: 'Scan to pay with Alipay', steps: 'Open Alipay and scan · Enter the amount · Confirm' },
};

export const ENTRY_TEXTS: Readonly<Record<Locale, EntryTexts>> = { 'zh-CN': zh, en };

/**
 * The wallet's language: an explicit choice on the page first, then Alipay's user-agent marker
 * (`Language/zh-Hans`, `Language/en`), then Accept-Language, then the store's customer language.
 */
export function detectEntryLocale(opts: { query?: string | null; userAgent?: string; acceptLanguage?: string; fallback: Locale }): Locale {
  if (opts.query === 'en' || opts.query === 'zh-CN') return opts.query;
  const ua = /\bLanguage\/([A-Za-z]{2})/i.exec(opts.userAgent ?? '');
  if (ua) return ua[1]!.toLowerCase() === 'zh' ? 'zh-CN' : 'en';
  const first = (opts.acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  if (first.startsWith('zh')) return 'zh-CN';
  if (first.length >= 2) return 'en';
  return opts.fallback;
}
