import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueJobSnapshot, QueueSnapshot } from '../../shared/domain/payment';
import type { IpcError } from '../../shared/ipc/envelope';
import { call, getBridge } from '../api/bridge';
import { useStation } from '../api/useStation';
import { AdminError } from './AdminError';
import { dateTimeText } from './adminFormat';
import { ApprovalFields, approvalLooksValid, EMPTY_APPROVAL } from './ApprovalFields';
import { secondsUntil, shortId, sortJobs } from './queueView';
import { useScreenKeys } from './screenKeys';

/** Seconds tick for the "next try in" column. */
function useSecondTick(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, []);
  return now;
}

/** Offline queue (F3): what waits for Alipay, what gave up (dead letter) and why; supervisor retry. */
export function QueueScreen() {
  const { t } = useTranslation();
  const { snapshot } = useStation('cashier');
  const locale = snapshot?.locale ?? 'zh-CN';
  const [queue, setQueue] = useState<QueueSnapshot | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [openId, setOpenId] = useState<number | null>(null);
  const [retryId, setRetryId] = useState<number | null>(null);
  const [approval, setApproval] = useState(EMPTY_APPROVAL);
  const [retryError, setRetryError] = useState<IpcError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const now = useSecondTick();

  useEffect(() => {
    void call('cashier', 'queue:get', {}).then((r) => (r.ok ? setQueue(r.value) : setError(r.error)));
    return getBridge('cashier').on('queue:changed', (q) => {
      setQueue(q);
      setError(null);
    });
  }, []);

  useScreenKeys((k) => {
    if (k.key === 'Escape') {
      if (retryId !== null) setRetryId(null);
      else setOpenId(null);
    }
  });

  const retry = (job: QueueJobSnapshot): void => {
    if (!approvalLooksValid(approval)) {
      setRetryError({ code: 'PIN_REJECTED', message: t('queue.pinFormat'), retryable: false });
      return;
    }
    void call('cashier', 'queue:retry', { jobId: job.id, approval }).then((r) => {
      setApproval(EMPTY_APPROVAL);
      if (r.ok) {
        setQueue(r.value);
        setRetryId(null);
        setRetryError(null);
        setNotice(t('queue.retried', { id: job.id }));
      } else setRetryError(r.error);
    });
  };

  const jobs = queue ? sortJobs(queue.jobs) : [];
  return (
    <section className="screen admin-screen queue" data-testid="queue-screen" aria-label={t('queue.title')}>
      <div className="admin-column wide">
        <h2>{t('queue.title')}</h2>
        {queue && (
          <div className="summary" data-testid="queue-summary">
            <span className={`pill net-${queue.network}`} data-testid="queue-network">
              {t(`queue.network.${queue.network}`)}
            </span>
            <span className="pill" data-testid="queue-pending">
              {t('queue.pending', { count: queue.pending })}
            </span>
            <span className="pill" data-testid="queue-running">
              {t('queue.running', { count: queue.running })}
            </span>
            <span className={`pill ${queue.dead > 0 ? 'dev-error' : ''}`} data-testid="queue-dead">
              {t('queue.dead', { count: queue.dead })}
            </span>
          </div>
        )}
        <p className="hint">{queue?.network === 'offline' ? t('queue.offlineHint') : t('queue.hint')}</p>
        <AdminError error={error} />
        {notice && (
          <p className="admin-ok" role="status">
            {notice}
          </p>
        )}
        {queue && jobs.length === 0 && (
          <p className="empty" data-testid="queue-empty">
            {t('queue.empty')}
          </p>
        )}
        {jobs.length > 0 && (
          <table className="admin-table" data-testid="queue-list">
            <thead>
              <tr>
                <th>{t('queue.col.kind')}</th>
                <th>{t('queue.col.status')}</th>
                <th>{t('queue.col.subject')}</th>
                <th>{t('queue.col.attempts')}</th>
                <th>{t('queue.col.next')}</th>
                <th>{t('queue.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => {
                const wait = secondsUntil(j, now);
                return [
                  <tr key={j.id} data-testid={`queue-job-${j.id}`} data-kind={j.kind} data-status={j.status} className={j.status === 'dead' ? 'dead' : ''}>
                    <td>{t(`queue.kind.${j.kind}`)}</td>
                    <td>
                      <span className={`pill job-${j.status}`}>{t(`queue.status.${j.status}`)}</span>
                    </td>
                    <td className="mono" title={j.subject}>
                      {shortId(j.subject)}
                    </td>
                    <td className="num">{j.attempts}</td>
                    <td>{wait === null ? '' : wait === 0 ? t('queue.now') : t('queue.inSeconds', { s: wait })}</td>
                    <td className="actions">
                      <button type="button" className="btn btn-small" aria-expanded={openId === j.id} data-testid={`queue-details-${j.id}`} onClick={() => setOpenId(openId === j.id ? null : j.id)}>
                        {t('queue.details')}
                      </button>
                      {j.status === 'dead' && (
                        <button
                          type="button"
                          className="btn btn-small btn-primary"
                          data-testid={`queue-retry-${j.id}`}
                          onClick={() => {
                            setRetryId(j.id);
                            setRetryError(null);
                            setApproval(EMPTY_APPROVAL);
                          }}
                        >
                          {t('queue.retry')}
                        </button>
                      )}
                    </td>
                  </tr>,
                  openId === j.id && (
                    <tr key={`${j.id}-details`} className="job-details" data-testid={`queue-job-details-${j.id}`}>
                      <td colSpan={6}>
                        <dl className="facts-grid">
                          <dt>{t('queue.key')}</dt>
                          <dd className="mono">{j.key}</dd>
                          <dt>{t('queue.subject')}</dt>
                          <dd className="mono">{j.subject}</dd>
                          <dt>{t('queue.created')}</dt>
                          <dd>{dateTimeText(j.createdAt, locale)}</dd>
                          <dt>{t('queue.updated')}</dt>
                          <dd>{dateTimeText(j.updatedAt, locale)}</dd>
                          <dt>{t('queue.lastError')}</dt>
                          <dd className="mono">{j.lastError ?? t('queue.noError')}</dd>
                        </dl>
                      </td>
                    </tr>
                  ),
                  retryId === j.id && (
                    <tr key={`${j.id}-retry`} className="job-retry">
                      <td colSpan={6}>
                        <form
                          className="inline-form"
                          data-testid="queue-retry-form"
                          onSubmit={(e) => {
                            e.preventDefault();
                            retry(j);
                          }}
                          onKeyDown={(e) => {
                            if (e.key === 'Escape') setRetryId(null);
                          }}
                        >
                          <p>{t('queue.retryExplain')}</p>
                          <ApprovalFields value={approval} onChange={setApproval} testId="queue-retry-pin" />
                          <button type="submit" className="btn btn-primary" data-testid="queue-retry-submit">
                            {t('queue.retryConfirm')} <kbd>{t('keycap.enter')}</kbd>
                          </button>
                          <button type="button" className="btn" onClick={() => setRetryId(null)}>
                            {t('admin.cancel')} <kbd>{t('keycap.esc')}</kbd>
                          </button>
                          <AdminError error={retryError} testId="queue-retry-error" />
                        </form>
                      </td>
                    </tr>
                  ),
                ];
              })}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
