import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommand } from '../api/useCommand';
import { call } from '../api/bridge';
import { AdminError } from './AdminError';
import { PinField } from './PinField';

/** Changing the signed-in account's own PIN: the current one is required, the new one typed twice. */
export function PinChange() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const { error, run } = useCommand();
  const [local, setLocal] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const submit = (): void => {
    setDone(false);
    if (!/^\d{4,12}$/.test(next)) return setLocal(t('settings.pinFormat'));
    if (next !== again) return setLocal(t('settings.pinMismatch'));
    setLocal(null);
    void run(call('cashier', 'account:changePin', { newPin: next, currentPin: current }), () => {
      setNext('');
      setAgain('');
      setDone(true);
    }).then(() => setCurrent(''));
  };

  return (
    <form
      className="card"
      data-testid="pin-change"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h3>{t('settings.pin')}</h3>
      <PinField value={current} onChange={setCurrent} testId="pin-current" label={t('settings.pinCurrent')} />
      <PinField value={next} onChange={setNext} testId="pin-new" label={t('settings.pinNew')} />
      <PinField value={again} onChange={setAgain} testId="pin-again" label={t('settings.pinAgain')} />
      {local && (
        <div className="admin-error" role="alert">
          {local}
        </div>
      )}
      <AdminError error={error} />
      {done && (
        <p className="admin-ok" role="status" data-testid="pin-changed">
          {t('settings.pinChanged')}
        </p>
      )}
      <button type="submit" className="btn btn-primary" data-testid="pin-submit">
        {t('settings.pinSubmit')}
      </button>
    </form>
  );
}
