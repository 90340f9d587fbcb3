import { useTranslation } from 'react-i18next';
import type { HqHourTotal } from '../../shared/hq/hqDashboard';
import { formatMajor } from '../../shared/domain/money';

/** Today's takings per hour as bars, one currency (the day's largest by payments); others are listed in the tender table. */
export function HqHourChart({ hours }: { readonly hours: readonly HqHourTotal[] }) {
  const { t } = useTranslation();
  const byCurrency = new Map<string, number>();
  for (const h of hours) byCurrency.set(h.amount.currency, (byCurrency.get(h.amount.currency) ?? 0) + h.payments);
  const currency = [...byCurrency.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!currency) return <p className="hq-empty">{t('hqDash.noTakings')}</p>;
  const shown = hours.filter((h) => h.amount.currency === currency);
  const max = Math.max(1, ...shown.map((h) => h.amount.minor));
  const at = new Map(shown.map((h) => [h.hour, h]));
  return (
    <figure className="hq-chart" data-testid="hq-hours" aria-label={t('hqDash.byHourIn', { currency })}>
      <figcaption>{t('hqDash.byHourIn', { currency })}</figcaption>
      <div className="hq-bars">
        {Array.from({ length: 24 }, (_, hour) => {
          const h = at.get(hour);
          const label = h ? t('hqDash.hourBar', { hour, amount: formatMajor(h.amount), currency, payments: h.payments }) : t('hqDash.hourEmpty', { hour });
          return (
            <div key={hour} className="hq-bar-col" title={label} aria-label={label} data-testid={h ? `hq-hour-${hour}` : undefined}>
              <div className="hq-bar" style={{ height: `${h ? Math.max(2, Math.round((h.amount.minor / max) * 100)) : 0}%` }} />
              <span className="hq-bar-label">{hour % 3 === 0 ? hour : ''}</span>
            </div>
          );
        })}
      </div>
    </figure>
  );
}
