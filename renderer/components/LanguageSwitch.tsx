import { useTranslation } from 'react-i18next';
import { LOCALES, type Locale } from '../../shared/domain/station';

export function LanguageSwitch({ current, onChange }: { readonly current: Locale; readonly onChange: (l: Locale) => void }) {
  const { t } = useTranslation();
  return (
    <div className="lang-switch" role="group" aria-label={t('language.label')}>
      {LOCALES.map((l) => (
        <button key={l} type="button" className={`btn btn-small${l === current ? ' active' : ''}`} aria-pressed={l === current} data-testid={`lang-${l}`} onClick={() => onChange(l)}>
          {t(`language.${l}`)}
        </button>
      ))}
    </div>
  );
}
