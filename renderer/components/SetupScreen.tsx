import { useTranslation } from 'react-i18next';
import type { SetupProblem } from '../../shared/domain/station';

export function SetupScreen({ problem, onReset }: { readonly problem: SetupProblem; readonly onReset: () => void }) {
  const { t } = useTranslation();
  return (
    <main className="setup" data-testid="setup-screen">
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.intro')}</p>
      <dl>
        <dt>{t('setup.field')}</dt>
        <dd data-testid="setup-field">{problem.field}</dd>
        <dt>{t('setup.problem')}</dt>
        <dd data-testid="setup-message">{problem.message}</dd>
      </dl>
      {problem.field !== '(journal)' && (
        <button type="button" className="btn btn-primary" onClick={onReset} data-testid="setup-reset">
          {t('setup.reset')}
        </button>
      )}
      <p className="hint">{t('setup.hint')}</p>
    </main>
  );
}
