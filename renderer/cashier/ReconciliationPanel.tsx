import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportProgress, Reconciliation, ReportAcquirer } from '../../shared/domain/report';
import type { Locale } from '../../shared/domain/station';
import type { IpcError } from '../../shared/ipc/envelope';
import { call, getBridge } from '../api/bridge';
import { dateTimeText } from './adminFormat';
import { ReconList } from './ReconList';
import { importErrorKey, importSummary, isImportRunning, itemsByList, newImportJobId, progressPercent, RECON_LISTS, signedAmountText, type ImportSummary } from './reconView';
import { useScreenKeys } from './screenKeys';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** An import, reconcile or export refusal, said in the cashier's language, with the station's own words (file, line) below. */
function ReconError({ error }: { readonly error: IpcError }) {
  const { t } = useTranslation();
  return (
    <div className="admin-error recon-error" role="alert" data-testid="recon-error" data-code={error.code}>
      <strong>{t(importErrorKey(error.code, error.details))}</strong>
      <span className="admin-error-detail">{error.message}</span>
    </div>
  );
}

function ProgressBar({ progress, onCancel }: { readonly progress: ImportProgress; readonly onCancel: () => void }) {
  const { t } = useTranslation();
  const pct = progressPercent(progress);
  return (
    <div className="recon-progress" data-testid="recon-progress" data-phase={progress.phase}>
      <div className="recon-progress-text">
        <span>{t(`recon.phase.${progress.phase}`, { file: progress.fileName ?? '' })}</span>
        <span className="hint">{t('recon.progressCounts', { files: progress.filesDone, total: progress.filesTotal, rows: progress.rowsDone })}</span>
      </div>
      {/* Without aria-valuenow the bar is indeterminate: rows are being checked, the share is not known yet. */}
      <div className={pct === null ? 'recon-progress-track indeterminate' : 'recon-progress-track'} role="progressbar" aria-label={t('recon.progressLabel')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? undefined}>
        <div className="recon-progress-fill" style={pct === null ? undefined : { width: `${pct}%` }} />
      </div>
      <button type="button" className="btn btn-danger" data-testid="recon-cancel" onClick={onCancel}>
        {t('recon.cancel')} <kbd>{t('keycap.esc')}</kbd>
      </button>
    </div>
  );
}

/**
 * Reconciliation with Alipay (issue #7 item 3), a tab of the end-of-day screen: import the day's
 * files from the drop folder with progress and cancel, then the four lists with what to do next.
 * Keys: Enter imports, Esc cancels a running import (or folds the matched list), M matched, E export.
 */
export function ReconciliationPanel({ locale, demo }: { readonly locale: Locale; readonly demo: boolean }) {
  const { t } = useTranslation();
  const [date, setDate] = useState('');
  const [job, setJob] = useState<string | null>(null);
  const jobRef = useRef<string | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [rec, setRec] = useState<Reconciliation | null>(null);
  // Whose files the day's import reads (AMS drop folder or the 当面付 bill): kept while a new date loads.
  const [acquirer, setAcquirer] = useState<ReportAcquirer>('ams');
  useEffect(() => {
    if (rec?.acquirer) setAcquirer(rec.acquirer);
  }, [rec]);
  const cn = acquirer === 'alipay-cn';
  const [showMatched, setShowMatched] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const validDate = DATE.test(date);
  // The date the lists are for: an answer for a date the manager has since left is dropped.
  const dateRef = useRef(date);
  useEffect(() => {
    dateRef.current = date;
  }, [date]);

  // Start on the business day the terminal is in; the manager picks another with the date field.
  useEffect(() => {
    void call('cashier', 'report:day', {}).then((r) => {
      if (r.ok) setDate((d) => d || r.value.date);
      else setError(r.error);
    });
  }, []);

  // Progress events carry the whole state; only the import this panel started is drawn.
  useEffect(
    () =>
      getBridge('cashier').on('report:importProgress', (p) => {
        if (p.jobId === jobRef.current) setProgress(p);
      }),
    [],
  );

  const reconcile = useCallback((d: string, matched: boolean) => {
    void call('cashier', 'report:reconcile', { date: d, includeMatched: matched }).then((r) => {
      if (r.ok) {
        if (r.value.date === dateRef.current) setRec(r.value);
      } else setError(r.error);
    });
  }, []);
  useEffect(() => {
    if (DATE.test(date)) reconcile(date, showMatched);
  }, [date, showMatched, reconcile]);

  const running = job !== null;

  const startImport = (): void => {
    if (running || !validDate) return;
    const jobId = newImportJobId(Date.now(), Math.random());
    jobRef.current = jobId;
    setJob(jobId);
    setProgress(null);
    setError(null);
    setNotice(null);
    setSummary(null);
    void call('cashier', 'report:importSettlement', { date, jobId }).then((r) => {
      jobRef.current = null;
      setJob(null);
      setProgress(null);
      if (r.ok) setSummary(importSummary(r.value));
      else setError(r.error);
      // Reconcile either way: a refused or cancelled import left the previous state, shown as it is.
      reconcile(date, showMatched);
    });
  };

  const cancelImport = (): void => {
    if (!job) return;
    void call('cashier', 'report:cancelImport', { jobId: job }).then((r) => {
      if (!r.ok) setError(r.error);
    });
  };

  const hasImports = (rec?.imports.length ?? 0) > 0;
  const exportCsv = (): void => {
    // Before any import every journal row would read "missing on Alipay's side": not worth a file.
    if (!validDate || !hasImports || running) return;
    void call('cashier', 'report:export', { what: 'reconciliation', date, locale }).then((r) => (r.ok ? setNotice(t('recon.exported', { file: r.value.file })) : setError(r.error)));
  };

  const deliverDemoFiles = (): void => {
    void call('cashier', 'demo:deliverSettlement', validDate ? { date } : {}).then((r) => {
      if (!r.ok) return setError(r.error);
      setError(null);
      setNotice(cn ? t('acquirer.reconDemoDone', { date: r.value.date }) : t('recon.demoDelivered', { count: r.value.files.length, date: r.value.date, dir: r.value.dir }));
    });
  };

  useScreenKeys((k) => {
    const key = k.key.toLowerCase();
    if (k.key === 'Enter') startImport();
    else if (k.key === 'Escape') {
      if (running) cancelImport();
      else setShowMatched(false);
    } else if (key === t('recon.keyMatched').toLowerCase()) setShowMatched((s) => !s);
    else if (key === t('recon.keyExport').toLowerCase()) exportCsv();
  });

  const lists = useMemo(() => itemsByList(rec?.items ?? []), [rec]);

  return (
    <div className="recon" data-testid="recon-panel">
      <form
        className="recon-controls"
        onSubmit={(e) => {
          e.preventDefault();
          startImport();
        }}
        onKeyDown={(e) => {
          // The cashier shell does not see keys typed in the date field; Esc there still cancels.
          if (e.key !== 'Escape') return;
          e.preventDefault();
          if (running) cancelImport();
          // Leaving the field hands the keys (Enter, M, E) back to the screen.
          else if (e.target instanceof HTMLElement) e.target.blur();
        }}
      >
        <label className="field">
          <span>{t('recon.date')}</span>
          <input type="date" value={date} required data-testid="recon-date" disabled={running} onChange={(e) => {
              setDate(e.target.value);
              setRec(null);
              setSummary(null);
              setNotice(null);
              setError(null);
            }} />
        </label>
        <button type="submit" className="btn btn-primary" data-testid="recon-import" disabled={running || !validDate}>
          {t(cn ? 'acquirer.reconImport' : 'recon.import')} <kbd>{t('keycap.enter')}</kbd>
        </button>
        <button type="button" className="btn" data-testid="recon-export" disabled={running || !hasImports} onClick={exportCsv}>
          {t('recon.exportCsv')} <kbd>{t('recon.keyExport')}</kbd>
        </button>
        {demo && (
          <button type="button" className="btn" data-testid="recon-demo-deliver" disabled={running} onClick={deliverDemoFiles}>
            {t(cn ? 'acquirer.reconDemo' : 'recon.demoDeliver')}
          </button>
        )}
      </form>
      <p className="hint">{t(cn ? 'acquirer.reconIntro' : 'recon.intro')}</p>
      {running && progress && isImportRunning(progress) && <ProgressBar progress={progress} onCancel={cancelImport} />}
      {running && !progress && (
        <p className="hint" data-testid="recon-starting">
          {t('recon.starting')}
        </p>
      )}
      {error && <ReconError error={error} />}
      {summary && (
        <p className={summary.nothingChanged ? 'notice recon-summary' : 'admin-ok recon-summary'} role="status" data-testid="recon-summary" data-nothing-changed={summary.nothingChanged}>
          {summary.nothingChanged ? t('recon.nothingChanged', { count: summary.alreadyImported }) : t('recon.imported', { files: summary.imported, rows: summary.rows })}
          {!summary.nothingChanged && summary.alreadyImported > 0 && ` ${t('recon.skipped', { count: summary.alreadyImported })}`}
        </p>
      )}
      {summary && summary.unrecognised.length > 0 && (
        <p className="notice" role="status" data-testid="recon-unrecognised">
          {t('unrecognisedFiles.some', { count: summary.unrecognised.length, names: summary.unrecognised.join(', ') })}
        </p>
      )}
      {notice && (
        <p className="admin-ok" role="status" data-testid="recon-notice">
          {notice}
        </p>
      )}
      {rec && !hasImports && (
        <p className="empty" data-testid="recon-no-imports">
          {t('recon.noImports', { date: rec.date })}
        </p>
      )}
      {rec && hasImports && (
        <>
          <div className="recon-counts" data-testid="recon-counts">
            {RECON_LISTS.map((s) => (
              <a key={s} href={`#recon-${s}`} className={`recon-count recon-${s}`} data-testid={`recon-count-${s}`} data-count={rec.counts[s]}>
                <strong>{rec.counts[s]}</strong>
                <span>{t(`recon.list.${s}`)}</span>
              </a>
            ))}
          </div>
          <table className="admin-table" data-testid="recon-totals">
            <thead>
              <tr>
                <th>{t('recon.totals.currency')}</th>
                <th>{t('recon.totals.ours')}</th>
                <th>{t('recon.totals.alipay')}</th>
                <th>{t('recon.totals.difference')}</th>
              </tr>
            </thead>
            <tbody>
              {rec.totals.map((x) => (
                <tr key={x.currency} className={x.oursMinor === x.alipayMinor ? undefined : 'dead'}>
                  <td>{x.currency}</td>
                  <td className="num">{signedAmountText(x.oursMinor, x.currency)}</td>
                  <td className="num">{signedAmountText(x.alipayMinor, x.currency)}</td>
                  <td className="num">{signedAmountText(x.alipayMinor - x.oursMinor, x.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {rec.settlementChecks.length > 0 && (
            <ul className="recon-checks" data-testid="recon-checks">
              {rec.settlementChecks.map((c) => (
                <li key={`${c.currency}-${c.message}`} className={c.ok ? 'recon-check-ok' : 'recon-check-bad'}>
                  <strong>{c.ok ? t('recon.checkOk', { currency: c.currency }) : t('recon.checkBad', { currency: c.currency })}</strong> <span>{c.message}</span>
                </li>
              ))}
            </ul>
          )}
          {RECON_LISTS.map((s) => (
            <section key={s} id={`recon-${s}`} className="card recon-section" data-testid={`recon-section-${s}`} aria-label={t(`recon.list.${s}`)}>
              <h3>
                {t(`recon.list.${s}`)} <span className={`pill recon-pill recon-${s}${rec.counts[s] === 0 ? ' recon-pill-zero' : ''}`}>{rec.counts[s]}</span>
                {s === 'matched' && rec.counts.matched > 0 && (
                  <button type="button" className="btn btn-small" data-testid="recon-toggle-matched" aria-expanded={showMatched} onClick={() => setShowMatched((v) => !v)}>
                    {showMatched ? t('recon.hideMatched') : t('recon.showMatched')} <kbd>{t('recon.keyMatched')}</kbd>
                  </button>
                )}
              </h3>
              <p className="hint">{t(`recon.listHint.${s}`)}</p>
              {(s !== 'matched' || showMatched || rec.counts.matched === 0) && <ReconList status={s} items={lists[s]} locale={locale} acquirer={rec.acquirer} />}
            </section>
          ))}
          <details className="recon-files" data-testid="recon-files">
            <summary>{t('recon.filesTitle', { count: rec.imports.length })}</summary>
            <ul>
              {rec.imports.map((f) => (
                <li key={f.id} className="mono">
                  {t('recon.fileRow', { file: f.fileName, rows: f.rows, at: dateTimeText(f.importedAt, locale) })}
                </li>
              ))}
            </ul>
          </details>
        </>
      )}
    </div>
  );
}
