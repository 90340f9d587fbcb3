import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SaleSnapshot } from '../../shared/domain/payment';
import type { Locale } from '../../shared/domain/station';
import type { TillOrigin } from '../../shared/domain/till';
import type { IpcError } from '../../shared/ipc/envelope';
import { formatMajor } from '../../shared/domain/money';
import { call, getBridge } from '../api/bridge';
import { checkAmount, EMPTY_ENTRY, entryKey, entryKept, entryOf, entryRetract, keyFromKeyboard, type AmountEntry, type AmountKey } from './amountEntry';
import { PaymentPanel } from './PaymentPanel';
import { ResultPanel } from './ResultPanel';
import { SaleScreen } from './SaleScreen';
import { salePhase } from './saleFlowPhase';
import { useScreenKeys } from './screenKeys';
import { TenderPanel } from './TenderPanel';
import { CashTenderForm, ChangePanel } from './CashTenderForm';
import type { CashTendered } from '../../shared/ipc/commands/shift';

export interface SaleFlowProps {
  readonly currency: string;
  readonly ready: boolean;
  readonly locale: Locale;
  /** Set by the shell when a scan could not start a payment (wedge, device or typed). */
  readonly scanError: IpcError | null;
  readonly onScanError: (e: IpcError | null) => void;
  /** Tells the shell which sale is on screen, so its banners do not repeat what the screen shows. */
  readonly onShownSale?: (saleId: string | null) => void;
}

/**
 * The cashier's main screen: amount → open sale → the customer's code or an order QR → the live
 * payment → paid / declined / cancelled. It shows what the station says; the station decides.
 */
export function SaleFlow({ currency, ready, locale, scanError, onScanError, onShownSale }: SaleFlowProps) {
  const { t } = useTranslation();
  // The keypad's entry lives in a ref as well as in state: a scan reads the amount synchronously,
  // right after the scanner's own tentative digits were taken back, never a stale render's copy.
  const entryRef = useRef<AmountEntry>(EMPTY_ENTRY);
  const [entry, setEntryState] = useState<AmountEntry>(EMPTY_ENTRY);
  const setEntry = useCallback((f: (e: AmountEntry) => AmountEntry): void => {
    entryRef.current = f(entryRef.current);
    setEntryState(entryRef.current);
  }, []);
  const text = entry.text;
  const typeKey = useCallback((key: AmountKey, tentative: boolean): void => setEntry((e) => entryKey(e, key, currency, tentative)), [setEntry, currency]);
  const onPadKey = useCallback((k: AmountKey): void => typeKey(k, false), [typeKey]);
  const [sale, setSale] = useState<SaleSnapshot | null>(null);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [origin, setOrigin] = useState<TillOrigin | null>(null);
  // Cash (issue 14): the form is open for the sale on the counter; the change stays up until "next".
  const [cashFor, setCashFor] = useState<string | null>(null);
  const [cashResult, setCashResult] = useState<CashTendered | null>(null);

  // Resync on mount (and after a reload mid-payment): the station knows the current sale.
  useEffect(() => {
    void call('cashier', 'sale:current', {}).then((r) => {
      if (!r.ok) return;
      setSale(r.value);
      if (r.value) void call('cashier', 'till:originOf', { saleId: r.value.saleId }).then((o) => o.ok && setOrigin(o.value));
    });
    const offState = getBridge('cashier').on('payment:stateChanged', (p) => {
      // Only this counter's sale: entry-code payments (customers paying on their phones) arrive as
      // sales of their own and belong in the feed, not on the cashier's sale screen.
      setSale((cur) => (cur !== null && cur.saleId === p.sale.saleId ? p.sale : cur));
    });
    // A till handed an amount over: the station only does so while no sale is open at the counter.
    const offTill = getBridge('cashier').on('till:saleOpened', (p) => {
      setOrigin({ saleId: p.saleId, tillName: p.tillName, orderReference: p.orderReference });
      setSale(p.sale);
    });
    return () => {
      offState();
      offTill();
    };
  }, []);

  const phase = salePhase(sale, dismissed);
  const fromTill = origin !== null && phase.kind !== 'entry' && origin.saleId === phase.sale.saleId ? origin : null;
  const shownSaleId = phase.kind === 'entry' ? null : phase.sale.saleId;
  useEffect(() => onShownSale?.(shownSaleId), [shownSaleId, onShownSale]);

  const run = useCallback(async <T,>(p: Promise<{ ok: true; value: T } | { ok: false; error: IpcError }>): Promise<T | null> => {
    setBusy(true);
    setError(null);
    try {
      const r = await p;
      if (r.ok) return r.value;
      setError(r.error);
      return null;
    } finally {
      setBusy(false);
    }
  }, []);

  const charge = async (): Promise<void> => {
    const c = checkAmount(text, currency, locale);
    if (!c.ok || busy || !ready) return;
    const created = await run(call('cashier', 'sale:create', { amountMinor: c.money.minor, currency }));
    if (created) {
      setSale(created);
      setEntry(() => EMPTY_ENTRY);
      onScanError(null);
    }
  };
  /**
   * The customer's code scanned right after the amount was keyed, no Enter between: the station opens
   * the sale with exactly this amount and starts the payment with the code in one step, so nothing
   * can change the amount in between and the customer display shows the amount being charged. A code
   * refused up front opens nothing: the amount stays on the keypad for the next code.
   */
  const chargeWithCode = (raw: string): boolean => {
    if (phase.kind !== 'entry' || !ready) return false;
    const c = checkAmount(entryRef.current.text, currency, locale);
    if (!c.ok) return false;
    // A charge is already on its way (Enter just pressed): this scan must not open a second sale. The
    // shell's default sends it to the open sale instead, which the station has by then (in order).
    if (busy) return false;
    onScanError(null);
    void run(call('cashier', 'sale:createWithCode', { amountMinor: c.money.minor, currency, code: raw })).then((opened) => {
      if (!opened) return;
      setSale(opened);
      setEntry(() => EMPTY_ENTRY);
    });
    return true;
  };
  const showQr = async (): Promise<void> => {
    if (phase.kind !== 'tender') return;
    onScanError(null);
    await run(call('cashier', 'payment:showOrderCode', { saleId: phase.sale.saleId }));
  };
  const changeAmount = async (): Promise<void> => {
    if (phase.kind !== 'tender') return;
    const voided = await run(call('cashier', 'sale:void', { saleId: phase.sale.saleId }));
    if (voided) {
      // A till's amount goes back to the till (it hears "cancelled"); it is never re-keyed by hand.
      if (!fromTill) setEntry(() => entryOf(formatMajor(phase.sale.amount)));
      setSale(null);
      onScanError(null);
    }
  };
  const manualCode = async (code: string): Promise<void> => {
    if (phase.kind !== 'tender') return;
    onScanError(null);
    const r = await call('cashier', 'payment:scan', { saleId: phase.sale.saleId, code });
    if (!r.ok) onScanError(r.error);
  };
  const cancel = async (): Promise<void> => {
    if (phase.kind !== 'paying') return;
    await run(call('cashier', 'payment:cancel', { paymentRequestId: phase.attempt.paymentRequestId }));
  };
  const next = async (): Promise<void> => {
    if (phase.kind !== 'result') return;
    setDismissed((d) => new Set(d).add(phase.attempt.paymentRequestId));
    onScanError(null);
    if (phase.attempt.status === 'failed') return; // same sale, another code
    // Paid: the sale is over. Cancelled: the customer walked away, so the open sale is voided too,
    // which also returns the customer display to idle.
    if (phase.sale.status === 'open') await run(call('cashier', 'sale:void', { saleId: phase.sale.saleId }));
    else void call('cashier', 'sale:dismiss', { saleId: phase.sale.saleId });
    setSale(null);
  };
  const voidSale = async (): Promise<void> => {
    if (phase.kind !== 'result') return;
    const voided = await run(call('cashier', 'sale:void', { saleId: phase.sale.saleId }));
    if (voided) {
      setDismissed((d) => new Set(d).add(phase.attempt.paymentRequestId));
      setSale(null);
    }
  };

  // Stable for the memoised keypad: the latest charge() is always the one run.
  const chargeRef = useRef(charge);
  useLayoutEffect(() => {
    chargeRef.current = charge;
  });
  const onCharge = useCallback((): void => void chargeRef.current(), []);
  const cashDone = (r: CashTendered): void => {
    setCashFor(null);
    setSale(r.sale);
    if (r.settles) setCashResult(r);
  };
  const cashNext = (): void => {
    if (cashResult) void call('cashier', 'sale:dismiss', { saleId: cashResult.sale.saleId });
    setCashResult(null);
    setSale(null);
  };
  const cashOpen = phase.kind === 'tender' && cashFor === phase.sale.saleId;

  useScreenKeys((k) => {
    if (cashResult) {
      if (k.key === 'Enter') cashNext();
      return;
    }
    if (cashOpen) {
      if (k.key === 'Escape') setCashFor(null);
      return;
    }
    switch (phase.kind) {
      case 'entry': {
        if (k.key === 'Enter') void charge();
        else {
          const key = keyFromKeyboard(k.key);
          if (key) typeKey(key, k.tentative === true);
        }
        return;
      }
      case 'tender':
        if (k.key === 'F8') void showQr();
        else if (k.key === 'F7') setCashFor(phase.sale.saleId);
        else if (k.key === 'Escape') void changeAmount();
        return;
      case 'paying':
        if (k.key === 'Escape') void cancel();
        return;
      case 'result':
        if (k.key === 'Enter') void next();
        else if (k.key === 'Escape' && phase.attempt.status === 'failed') void voidSale();
        else if (k.key === 'F9' && phase.attempt.status === 'succeeded') void call('cashier', 'receipt:reprint', { paymentRequestId: phase.attempt.paymentRequestId });
        return;
    }
  }, {
    // Digits show at once; a burst that turns out to be a scanner's is taken back (amountEntry.ts).
    optimistic: { retract: () => setEntry(entryRetract), settle: () => setEntry(entryKept) },
    onScan: chargeWithCode,
  });

  const shownError = error ?? scanError;
  return (
    <div className="sale-flow" data-testid="sale-flow" data-phase={phase.kind}>
      {shownError && (
        <div className="flow-error" role="alert" data-testid="flow-error" data-code={shownError.code}>
          {t(`refusal.${shownError.code}`, { defaultValue: t('errors.generic', { message: shownError.message }) })}
        </div>
      )}
      {fromTill && (
        <div className="till-from" data-testid="till-from">
          <span>{t('till.from', { till: fromTill.tillName })}</span>
          <span className="till-order">{t('till.order', { ref: fromTill.orderReference })}</span>
        </div>
      )}
      {!cashResult && phase.kind === 'entry' && (
        <SaleScreen
          currency={currency}
          locale={locale}
          text={text}
          disabled={!ready}
          busy={busy}
          onKey={onPadKey}
          onCharge={onCharge}
        />
      )}
      {cashResult && <ChangePanel result={cashResult} onNext={cashNext} />}
      {!cashResult && cashOpen && <CashTenderForm sale={phase.sale} locale={locale} onDone={cashDone} onBack={() => setCashFor(null)} />}
      {!cashResult && phase.kind === 'tender' && !cashOpen && <TenderPanel onCash={() => setCashFor(phase.sale.saleId)} sale={phase.sale} busy={busy} fromTill={fromTill !== null} onShowQr={() => void showQr()} onChangeAmount={() => void changeAmount()} onManualCode={(c) => void manualCode(c)} />}
      {phase.kind === 'paying' && <PaymentPanel attempt={phase.attempt} cancelling={busy} onCancel={() => void cancel()} />}
      {phase.kind === 'result' && <ResultPanel attempt={phase.attempt} locale={locale} onNext={() => void next()} onVoid={() => void voidSale()} />}
    </div>
  );
}
