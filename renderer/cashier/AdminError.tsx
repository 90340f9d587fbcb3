import { useTranslation } from 'react-i18next';
import type { IpcError } from '../../shared/ipc/envelope';

/**
 * A station refusal on an admin screen: the translated meaning of its code when we have one, and the
 * station's own words underneath (they name the field or the job). Never replaces the screen.
 */
export function AdminError({ error, testId }: { readonly error: IpcError | null; readonly testId?: string }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const key = `admin.errors.${error.code}`;
  const known = i18n.exists(key);
  return (
    <div className="admin-error" role="alert" data-testid={testId ?? 'admin-error'} data-code={error.code}>
      <strong>{known ? t(key) : t('admin.errors.generic')}</strong>
      <span className="admin-error-detail">{error.message}</span>
    </div>
  );
}
