/**
 * The payments layer's own events for business reactions (DESIGN §3): receipts, the entry-code feed,
 * the till and uploads subscribe here. The window hub (station/eventHub) is only a relay to windows;
 * nothing that acts on money listens to it. Listeners run synchronously in emit order; one that
 * throws is logged and the others still hear the event, so a broken receipt printer can never stop
 * the entry feed (or the journal write that caused the event: emits come after the commit).
 */
import type { NetworkState } from '../../shared/domain/station';
import type { PaymentStateChanged, QueueSnapshot, RefundSnapshot, UnresolvedAttempts } from '../../shared/domain/payment';

/** The gateway answered an unsigned request-level rejection (amsClient REQUEST_REJECTION_CODES). */
export interface GatewayRejection {
  readonly resultCode: string;
  readonly at: number;
}

export interface PaymentEventMap {
  /** An attempt's state was journalled (its sale as it is now). */
  readonly attemptChanged: PaymentStateChanged & { readonly attempt: NonNullable<PaymentStateChanged['attempt']> };
  /** A refund was created or finished (the sale and the refunded attempt as they are now). */
  readonly refundChanged: PaymentStateChanged & { readonly refund: RefundSnapshot | null };
  /** The sale itself changed: created, amount, void, a cash tender (no attempt involved). */
  readonly saleChanged: PaymentStateChanged;
  readonly queueChanged: QueueSnapshot;
  readonly unresolvedChanged: UnresolvedAttempts;
  readonly networkChanged: NetworkState;
  /** Alipay refuses our requests themselves (wrong key, unknown client id), or accepts them again (null). */
  readonly gatewayRejected: GatewayRejection | null;
}

export type PaymentEventName = keyof PaymentEventMap;
export type PaymentEventListener<E extends PaymentEventName> = (payload: PaymentEventMap[E]) => void;

/** The three events that carry a sale: what a receipt or a feed reacts to, whatever changed it. */
export const SALE_EVENTS = ['attemptChanged', 'refundChanged', 'saleChanged'] as const satisfies readonly PaymentEventName[];

export interface PaymentEvents {
  on<E extends PaymentEventName>(name: E, listener: PaymentEventListener<E>): () => void;
  /** Every event that carries a sale, as the plain {sale, attempt} a window is sent. */
  onSale(listener: (p: PaymentStateChanged) => void): () => void;
  emit<E extends PaymentEventName>(name: E, payload: PaymentEventMap[E]): void;
}

export interface PaymentEventsLog {
  error(obj: object, msg?: string): void;
}

export function createPaymentEvents(log?: PaymentEventsLog): PaymentEvents {
  const listeners = new Map<PaymentEventName, Set<(payload: never) => void>>();
  const bus: PaymentEvents = {
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const l = listener as (payload: never) => void;
      set.add(l);
      return () => void set.delete(l);
    },
    onSale(listener) {
      const offs = SALE_EVENTS.map((name) => bus.on(name, (p: PaymentStateChanged) => listener({ sale: p.sale, attempt: p.attempt })));
      return () => offs.forEach((off) => off());
    },
    emit(name, payload) {
      for (const l of [...(listeners.get(name) ?? [])]) {
        try {
          (l as PaymentEventListener<typeof name>)(payload);
        } catch (e) {
          log?.error({ err: e, event: name }, 'payment event listener failed');
        }
      }
    },
  };
  return bus;
}
