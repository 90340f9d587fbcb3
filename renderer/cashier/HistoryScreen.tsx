import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SaleSnapshot, SaleStatus } from '../../shared/domain/payment';
import type { IpcError } from '../../shared/ipc/envelope';
import { call, getBridge } from '../api/bridge';
import { useStation } from '../api/useStation';
import { AdminError } from './AdminError';
import { dateTimeText, moneyText } from './adminFormat';
import { EMPTY_FILTERS, toSaleSearch, type FilterError, type HistoryFilterForm } from './historyFilters';
import { SaleDetail } from './SaleDetail';
import { useScreenKeys } from './screenKeys';

const STATUSES: ReadonlyArray<SaleStatus | 'all'> = ['all', 'paid', 'partially_refunded', 'refunded', 'paying', 'open', 'voided'];

/** History (F2): search sales, open one for its payments, timeline, refunds and receipt. */
export function HistoryScreen() {
  const { t } = useTranslation();
  const { snapshot } = useStation('cashier');
  const currency = snapshot?.currency ?? 'CNY';
  const locale = snapshot?.locale ?? 'zh-CN';
  const [form, setForm] = useState<HistoryFilterForm>(EMPTY_FILTERS);
  const [sales, setSales] = useState<SaleSnapshot[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [filterError, setFilterError] = useState<FilterError | null>(null);
  const [cursor, setCursor] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);
  const listRef = useRef<HTMLTableSectionElement>(null);

  const search = useCallback(
    (f: HistoryFilterForm, after: string | null) => {
      const q = toSaleSearch(f, currency);
      if (!q.ok) {
        setFilterError(q.error);
        return;
      }
      setFilterError(null);
      setLoading(true);
      void call('cashier', 'sale:search', after ? { ...q.search, cursor: after } : q.search).then((r) => {
        setLoading(false);
        if (!r.ok) {
          setError(r.error);
          return;
        }
        setError(null);
        setSales((prev) => (after ? [...prev, ...r.value.sales] : [...r.value.sales]));
        setNextCursor(r.value.nextCursor);
        if (!after) setCursor(0);
      });
    },
    [currency],
  );

  useEffect(() => {
    search(EMPTY_FILTERS, null);
  }, [search]);

  // Whole sale snapshots arrive with every payment or refund change: a listed sale updates in place.
  useEffect(
    () =>
      getBridge('cashier').on('payment:stateChanged', (p) => {
        setSales((prev) => prev.map((s) => (s.saleId === p.sale.saleId ? p.sale : s)));
      }),
    [],
  );

  useScreenKeys((k) => {
    if (openId !== null) {
      if (k.key === 'Escape') setOpenId(null);
      return;
    }
    if (k.key === 'ArrowDown') setCursor((c) => Math.min(c + 1, Math.max(0, sales.length - 1)));
    else if (k.key === 'ArrowUp') setCursor((c) => Math.max(0, c - 1));
    else if (k.key === 'Enter' && sales[cursor]) setOpenId(sales[cursor].saleId);
    else if (k.key === 'Escape') {
      setForm(EMPTY_FILTERS);
      search(EMPTY_FILTERS, null);
    }
  });

  useEffect(() => {
    listRef.current?.querySelector<HTMLElement>(`[data-index="${cursor}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [cursor]);

  const set = <K extends keyof HistoryFilterForm>(k: K, v: HistoryFilterForm[K]): void => setForm((f) => ({ ...f, [k]: v }));
  const open = sales.find((s) => s.saleId === openId) ?? null;

  return (
    <section className="screen admin-screen history" data-testid="history-screen" aria-label={t('history.title')}>
      <div className="admin-column">
        <h2>{t('history.title')}</h2>
        <form
          className="filters"
          data-testid="history-filters"
          onSubmit={(e) => {
            e.preventDefault();
            search(form, null);
          }}
        >
          <label className="field">
            <span>{t('history.from')}</span>
            <input type="date" value={form.fromDate} data-testid="filter-from" onChange={(e) => set('fromDate', e.target.value)} />
          </label>
          <label className="field">
            <span>{t('history.to')}</span>
            <input type="date" value={form.toDate} data-testid="filter-to" onChange={(e) => set('toDate', e.target.value)} />
          </label>
          <label className="field">
            <span>{t('history.status')}</span>
            <select value={form.status} data-testid="filter-status" onChange={(e) => set('status', e.target.value as SaleStatus | 'all')}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`history.saleStatus.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('history.minAmount', { currency })}</span>
            <input inputMode="decimal" value={form.minAmount} data-testid="filter-min" onChange={(e) => set('minAmount', e.target.value)} />
          </label>
          <label className="field">
            <span>{t('history.maxAmount', { currency })}</span>
            <input inputMode="decimal" value={form.maxAmount} data-testid="filter-max" onChange={(e) => set('maxAmount', e.target.value)} />
          </label>
          <label className="field">
            <span>{t('history.codeTail')}</span>
            <input inputMode="numeric" maxLength={4} value={form.codeTail} placeholder={t('history.codeTailHint')} data-testid="filter-tail" onChange={(e) => set('codeTail', e.target.value.replace(/\D/g, ''))} />
          </label>
          <div className="actions">
            <button type="submit" className="btn btn-primary" data-testid="history-search">
              {t('history.search')} <kbd>{t('keycap.enter')}</kbd>
            </button>
            <button
              type="button"
              className="btn"
              data-testid="history-clear"
              onClick={() => {
                setForm(EMPTY_FILTERS);
                search(EMPTY_FILTERS, null);
              }}
            >
              {t('history.clear')} <kbd>{t('keycap.esc')}</kbd>
            </button>
          </div>
        </form>
        {filterError && (
          <div className="admin-error" role="alert" data-testid="filter-error">
            {t(`history.filterError.${filterError}`)}
          </div>
        )}
        <AdminError error={error} />
        <p className="hint">{t('history.keys')}</p>
        <table className="admin-table" data-testid="history-list">
          <thead>
            <tr>
              <th>{t('history.col.time')}</th>
              <th>{t('history.col.amount')}</th>
              <th>{t('history.col.status')}</th>
              <th>{t('history.col.code')}</th>
            </tr>
          </thead>
          <tbody ref={listRef}>
            {sales.map((s, i) => {
              const tail = s.paid?.codeTail ?? s.attempts[0]?.codeTail ?? null;
              return (
                <tr
                  key={s.saleId}
                  data-index={i}
                  data-testid={`history-row-${s.saleId}`}
                  className={`${i === cursor ? 'cursor ' : ''}${s.saleId === openId ? 'selected' : ''}`}
                  aria-selected={s.saleId === openId}
                  tabIndex={0}
                  onClick={() => {
                    setCursor(i);
                    setOpenId(s.saleId);
                  }}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') setOpenId(s.saleId);
                  }}
                >
                  <td>{dateTimeText(s.createdAt, locale)}</td>
                  <td className="num">{moneyText(s.amount)}</td>
                  <td>
                    <span className={`pill sale-${s.status}`}>{t(`history.saleStatus.${s.status}`)}</span>
                    {/* A 当面付 payment says so in the list; its trade_no / out_trade_no are in the detail. */}
                    {s.paid?.acquirer === 'alipay-cn' && (
                      <span className="pill" data-testid="history-acquirer">
                        {t('acquirer.short.alipay-cn')}
                      </span>
                    )}
                  </td>
                  <td className="num">{tail ? t('history.tail', { tail }) : t('history.noCode')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {!loading && sales.length === 0 && <p className="empty" data-testid="history-empty">{t('history.empty')}</p>}
        {nextCursor && (
          <button type="button" className="btn" data-testid="history-more" disabled={loading} onClick={() => search(form, nextCursor)}>
            {t('history.more')}
          </button>
        )}
      </div>
      <div className="admin-column detail-column">
        {open ? (
          <SaleDetail key={open.saleId} sale={open} locale={locale} onClose={() => setOpenId(null)} onSale={(s) => setSales((prev) => prev.map((x) => (x.saleId === s.saleId ? s : x)))} />
        ) : (
          <p className="empty">{t('history.pick')}</p>
        )}
      </div>
    </section>
  );
}
