import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntryPayment } from '../../shared/domain/entry';
import { formatMajor } from '../../shared/domain/money';
import { call, getBridge } from '../api/bridge';
import { playSound } from '../components/sounds';

const MAX_ITEMS = 20;

/**
 * The live feed of entry-code payments (customers who scanned the store's code and paid on their
 * phone): amount, time and masked customer, newest first, with a sound for each new one. Only
 * payments the station verified (notification or inquiry) ever appear. In DEMO a small form lets
 * the simulator's virtual wallet play the customer.
 */
export function EntryFeed({ demo }: { readonly demo: boolean }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<readonly EntryPayment[]>([]);
  const [demoAmount, setDemoAmount] = useState('8.80');
  const [demoNote, setDemoNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = useCallback(() => {
    void call('cashier', 'entry:feed', { limit: MAX_ITEMS }).then((r) => r.ok && setItems(r.value));
  }, []);

  useEffect(() => {
    const b = getBridge('cashier');
    reload();
    const offs = [
      b.on('entry:paymentReceived', (p) => {
        setItems((list) => [p, ...list.filter((x) => x.paymentRequestId !== p.paymentRequestId)].slice(0, MAX_ITEMS));
        playSound('paid');
      }),
      // Refunds of a fed payment change its line: read the feed again.
      b.on('payment:stateChanged', (c) => {
        if (c.attempt?.scenario === 'EntryCode' && c.attempt.status === 'succeeded') reload();
      }),
      b.onConnection?.((up) => up && reload()) ?? (() => undefined),
    ];
    return () => offs.forEach((off) => off());
  }, [reload]);

  const simulate = (e: FormEvent): void => {
    e.preventDefault();
    setBusy(true);
    setDemoNote(null);
    void call('cashier', 'entry:demoPay', { amount: demoAmount, decline: false }).then((r) => {
      setBusy(false);
      if (!r.ok) setDemoNote(t('entry.demoFailed', { detail: r.error.message }));
      else if (r.value.outcome !== 'confirmed') setDemoNote(t('entry.demoFailed', { detail: r.value.detail }));
    });
  };

  return (
    <section className="entry-feed" data-testid="entry-feed" aria-live="polite">
      <h2>{t('entry.feedTitle')}</h2>
      {items.length === 0 && <p className="entry-feed-empty">{t('entry.feedEmpty')}</p>}
      <ul>
        {items.map((p) => (
          <li key={p.paymentRequestId} className={`entry-feed-item ${p.saleStatus}`} data-testid="entry-feed-item" data-attempt-id={p.paymentRequestId}>
            <strong className="entry-feed-amount" data-testid="entry-feed-amount">{`${p.amount.currency} ${formatMajor(p.amount)}`}</strong>
            <time dateTime={new Date(p.paidAt ?? p.createdAt).toISOString()}>{new Date(p.paidAt ?? p.createdAt).toLocaleTimeString()}</time>
            <span className="entry-feed-customer">{p.customer ? t('entry.customer', { id: p.customer }) : t('entry.customerUnknown')}</span>
            {p.saleStatus === 'refunded' && <span className="entry-feed-badge">{t('entry.refunded')}</span>}
            {p.saleStatus === 'partially_refunded' && <span className="entry-feed-badge">{t('entry.partiallyRefunded')}</span>}
          </li>
        ))}
      </ul>
      {demo && (
        <form className="entry-feed-demo" onSubmit={simulate} data-testid="entry-demo">
          <label>
            {t('entry.demoAmount')}
            <input value={demoAmount} onChange={(e) => setDemoAmount(e.target.value)} inputMode="decimal" data-testid="entry-demo-amount" />
          </label>
          <button type="submit" className="btn" disabled={busy} data-testid="entry-demo-pay">{t('entry.demoPay')}</button>
          {demoNote && <p className="entry-feed-note" role="alert">{demoNote}</p>}
        </form>
      )}
    </section>
  );
}
