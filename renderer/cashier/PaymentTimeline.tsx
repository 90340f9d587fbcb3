import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaymentJournalEvent } from '../../shared/ipc/commands/payment';
import type { IpcError } from '../../shared/ipc/envelope';
import { call } from '../api/bridge';
import { AdminError } from './AdminError';
import { dateTimeText } from './adminFormat';
import { toTimelineLine } from './timelineView';

/** The attempt's journal, oldest first; `version` changes whenever the sale does, to reload. */
export function PaymentTimeline({ paymentRequestId, locale, version }: { readonly paymentRequestId: string; readonly locale: string; readonly version: number }) {
  const { t } = useTranslation();
  const [events, setEvents] = useState<readonly PaymentJournalEvent[]>([]);
  const [error, setError] = useState<IpcError | null>(null);

  useEffect(() => {
    let live = true;
    void call('cashier', 'payment:events', { paymentRequestId }).then((r) => {
      if (!live) return;
      if (r.ok) {
        setEvents(r.value);
        setError(null);
      } else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [paymentRequestId, version]);

  return (
    <div className="timeline" data-testid="timeline">
      <h4>{t('history.timeline')}</h4>
      <AdminError error={error} />
      <ol>
        {events.map(toTimelineLine).map((l) => (
          <li key={l.seq} data-testid="timeline-item" data-type={l.type}>
            <time>{dateTimeText(l.at, locale)}</time>
            <span className="event-label">{l.labelKey ? t(`history.event.${l.labelKey}`) : l.type}</span>
            <span className="pill">{l.status}</span>
            {l.facts.length > 0 && <span className="facts">{l.facts.join(' · ')}</span>}
          </li>
        ))}
      </ol>
    </div>
  );
}
