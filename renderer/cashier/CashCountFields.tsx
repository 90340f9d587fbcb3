import { useTranslation } from 'react-i18next';
import { formatMajor, money } from '../../shared/domain/money';
import { denominationsOf } from '../../shared/domain/denomination';
import { checkCount, type CountDraft } from './cashCount';

/**
 * A cash count keyed per note and coin (pieces × face value, totalled in minor units as typed) or as
 * one total. Letters, negative or absurd figures are named at the field; the total is shown only for
 * what the cashier typed, never the drawer's expected figure (a blind count).
 */
export function CashCountFields({ draft, onChange, currency, locale, testId }: {
  readonly draft: CountDraft;
  readonly onChange: (d: CountDraft) => void;
  readonly currency: string;
  readonly locale: string;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  const denoms = denominationsOf(currency);
  const check = checkCount(draft, currency, locale);
  const face = (d: number): string => formatMajor(money(d, currency));
  const fieldProblem = (key: string): string | undefined => (!check.ok && check.fields ? check.fields[key] : undefined);
  return (
    <div className="cash-count" data-testid={`${testId}-fields`} data-mode={draft.mode}>
      {denoms.length > 0 && (
        <div className="row count-mode" role="radiogroup" aria-label={t('tillday.count.mode')}>
          <button type="button" role="radio" aria-checked={draft.mode === 'pieces'} className={`btn btn-small${draft.mode === 'pieces' ? ' active' : ''}`} data-testid={`${testId}-by-pieces`} onClick={() => onChange({ ...draft, mode: 'pieces' })}>
            {t('tillday.count.byPieces')}
          </button>
          <button type="button" role="radio" aria-checked={draft.mode === 'total'} className={`btn btn-small${draft.mode === 'total' ? ' active' : ''}`} data-testid={`${testId}-by-total`} onClick={() => onChange({ ...draft, mode: 'total' })}>
            {t('tillday.count.byTotal')}
          </button>
        </div>
      )}
      {draft.mode === 'pieces' ? (
        <div className="denom-grid">
          {denoms.map((d) => {
            const key = String(d);
            const problem = fieldProblem(key);
            return (
              <label key={key} className="field denom">
                <span>{currency} {face(d)}</span>
                <input
                  inputMode="numeric"
                  autoComplete="off"
                  maxLength={9}
                  value={draft.pieces[key] ?? ''}
                  placeholder="0"
                  aria-invalid={problem ? true : undefined}
                  title={problem ? t(`tillday.count.problem.${problem}`) : undefined}
                  data-testid={`${testId}-${key}`}
                  onChange={(e) => onChange({ ...draft, pieces: { ...draft.pieces, [key]: e.target.value } })}
                />
              </label>
            );
          })}
        </div>
      ) : (
        <label className="field">
          <span>{t('shifts.countTotal')}</span>
          <input inputMode="decimal" autoComplete="off" maxLength={16} value={draft.totalText} data-testid={testId} onChange={(e) => onChange({ ...draft, totalText: e.target.value })} />
        </label>
      )}
      <p className="count-total" data-testid={`${testId}-sum`} data-ok={check.ok ? 'true' : 'false'} role={check.ok ? undefined : 'alert'}>
        {check.ok
          ? t('tillday.count.total', { total: `${currency} ${formatMajor(money(check.totalMinor, currency, { allowZero: true }))}` })
          : check.problem === 'pieces'
            ? t(`tillday.count.problem.${Object.values(check.fields)[0]}`, { note: `${currency} ${face(Number(Object.keys(check.fields)[0]))}` })
            : check.problem === 'empty'
              ? t('tillday.count.problem.empty')
              : t(`tillday.count.problem.${check.problem}`)}
      </p>
    </div>
  );
}
