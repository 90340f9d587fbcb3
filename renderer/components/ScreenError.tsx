import { useTranslation } from 'react-i18next';

export function ScreenError({ onRetry }: { readonly onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="screen-error" role="alert">
      <h1>{t('errorBoundary.title')}</h1>
      <p>{t('errorBoundary.body')}</p>
      <button type="button" className="btn btn-primary" onClick={onRetry}>
        {t('errorBoundary.retry')}
      </button>
    </div>
  );
}
