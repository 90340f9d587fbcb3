import { useTranslation } from 'react-i18next';
import type { DayShift } from '../../shared/domain/report';
import { dateTimeText } from './adminFormat';

/** The business day's shifts at this terminal (issue 14): who, from when to when, and each variance. */
export function DayShifts({ shifts, locale, fmt }: { readonly shifts: readonly DayShift[]; readonly locale: string; readonly fmt: (minor: number, currency: string) => string }) {
  const { t } = useTranslation();
  return (
    <table className="admin-table" data-testid="eod-shifts">
      <caption>{t('tillday.eod.shiftsTitle')}</caption>
      <thead>
        <tr>
          <th>{t('tillday.eod.cashier')}</th>
          <th>{t('tillday.eod.opened')}</th>
          <th>{t('tillday.eod.closed')}</th>
          <th>{t('tillday.eod.variance')}</th>
        </tr>
      </thead>
      <tbody>
        {shifts.length === 0 && (
          <tr>
            <td colSpan={4}>{t('tillday.eod.noShifts')}</td>
          </tr>
        )}
        {shifts.map((s) => (
          <tr key={s.shiftId} data-testid="eod-shift" data-open={s.closedAt === null ? 'true' : 'false'}>
            <td>{s.cashierName}</td>
            <td>{dateTimeText(s.openedAt, locale)}</td>
            <td>{s.closedAt === null ? <strong className="warn">{t('tillday.eod.stillOpen')}</strong> : dateTimeText(s.closedAt, locale)}</td>
            <td className="num" data-testid="eod-shift-variance">{s.varianceMinor === null ? '—' : `${s.varianceMinor < 0 ? '−' : s.varianceMinor > 0 ? '+' : ''}${fmt(Math.abs(s.varianceMinor), s.currency)}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
