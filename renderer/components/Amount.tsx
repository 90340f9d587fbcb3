import { formatMajor, type Money } from '../../shared/domain/money';

/** Money as the cashier reads it: currency code, then the amount with its minor digits. */
export function Amount({ money, className }: { readonly money: Money; readonly className?: string }) {
  return (
    <span className={`money ${className ?? ''}`} data-testid="money">
      <span className="money-currency">{money.currency}</span> <span className="money-value">{formatMajor(money)}</span>
    </span>
  );
}
