import { useTranslation } from 'react-i18next';
import { formatMajor, money } from '../../shared/domain/money';
import type { ChartSeries } from '../../shared/domain/report';
import { hourBars, hourLabel } from './eodView';

const W = 720;
const H = 160;

/** Sales per hour of the business day, one chart per currency; every bar has its value as a title. */
export function EodChart({ series, timeZone }: { readonly series: ChartSeries; readonly timeZone: string }) {
  const { t } = useTranslation();
  const bars = hourBars(series, W, H);
  const fmt = (minor: number): string => {
    try {
      return formatMajor(money(minor, series.currency, { allowZero: true }));
    } catch {
      return String(minor);
    }
  };
  return (
    <figure className="eod-chart" data-testid="eod-chart" data-currency={series.currency}>
      <figcaption>{t('eod.chartTitle', { currency: series.currency })}</figcaption>
      <svg viewBox={`0 -4 ${W} ${H + 24}`} role="img" aria-label={t('eod.chartTitle', { currency: series.currency })}>
        <line x1={0} y1={H} x2={W} y2={H} className="axis" />
        {bars.map((b, i) => (
          <g key={b.hourStart}>
            {b.height > 0 && (
              <rect x={b.x} y={b.y} width={b.width} height={b.height} className="bar" data-testid="eod-bar">
                <title>{t('eod.barTitle', { hour: hourLabel(b.hourStart, timeZone), count: b.count, amount: `${series.currency} ${fmt(b.minor)}` })}</title>
              </rect>
            )}
            {i % 2 === 0 && (
              <text x={b.x + b.width / 2} y={H + 16} className="tick">
                {hourLabel(b.hourStart, timeZone)}
              </text>
            )}
          </g>
        ))}
      </svg>
    </figure>
  );
}
