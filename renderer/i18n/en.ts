/** English UI strings. zh-CN must have exactly the same keys (checked by the type and by a test). */
export const en = {
  app: { title: 'Alipay POS', cashier: 'Cashier', customer: 'Customer display' },
  mode: { demo: 'DEMO', live: 'LIVE', setup: 'SETUP' },
  demoBanner: 'DEMO MODE — payments go to the built-in simulator, no real money moves',
  status: {
    network: { online: 'Alipay online', offline: 'Alipay offline', unknown: 'Alipay: checking…' },
    queue: 'Queue: {{pending}} pending',
    queueDead: '{{dead}} need attention',
    connectionLost: 'Connection to the station lost — reconnecting…',
    starting: 'Starting…',
    notReady: 'Recovering unfinished payments — please wait',
    devicesNone: 'No devices',
  },
  device: {
    role: { scanner: 'Scanner', printer: 'Printer' },
    health: { ok: 'ready', warning: 'check', error: 'error', absent: 'not connected' },
  },
  keypad: {
    amount: 'Amount',
    clear: 'Clear',
    backspace: 'Delete',
    charge: 'Charge',
    hint: 'Type the amount, then Enter',
    keys: 'Keys: 0–9 . ⌫ Esc Enter',
  },
  keycap: { esc: 'Esc', enter: 'Enter' },
  language: { label: 'Language', 'zh-CN': '中文', en: 'English' },
  setup: {
    title: 'Setup needed',
    intro: 'The terminal cannot take payments until this is fixed.',
    field: 'Field',
    problem: 'Problem',
    reset: 'Keep the bad file aside and start with defaults',
    hint: 'An installer can also fix config.json in the data folder and restart.',
  },
  customer: { welcome: 'Welcome', idle: 'We accept Alipay', amountDue: 'Amount due' },
  errors: {
    INVALID_AMOUNT: 'That amount is not valid',
    UNKNOWN_CURRENCY: 'Unknown currency',
    tooManyDecimals: '{{currency}} allows at most {{n}} decimal places',
    zero: 'Enter an amount greater than zero',
    tooLarge: 'That amount is too large',
    generic: 'Something went wrong: {{message}}',
  },
  entry: {
    feedTitle: 'Entry-code payments',
    feedEmpty: 'No entry-code payments yet',
    customer: 'Customer {{id}}',
    customerUnknown: 'Customer not shown',
    refunded: 'Refunded',
    partiallyRefunded: 'Partly refunded',
    demoAmount: 'Amount',
    demoPay: 'Simulate a customer paying',
    demoFailed: 'The virtual wallet did not pay: {{detail}}',
    qrLabel: 'Store entry code',
    qrCaption: 'Scan with Alipay, enter the amount and pay',
    notReachable: 'Demo address: phones cannot reach it',
  },
  errorBoundary: { title: 'This screen hit a problem', body: 'No payment data was lost.', retry: 'Reload the screen' },
};

type Shape<T> = { readonly [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
export type Resources = Shape<typeof en>;
