import type { AttemptSnapshot, AttemptStatus } from '../../shared/domain/payment';
import { assertNever } from '../../shared/errors/posError';

/** How a state looks: colour family and sound, decided once here so every screen agrees. */
export type Tone = 'waiting' | 'ok' | 'bad' | 'warn';

export interface PaymentView {
  readonly tone: Tone;
  /** i18n key under payment.state.* */
  readonly state: AttemptStatus;
  /** Count down to this instant (epoch ms) while the customer may still pay. */
  readonly countdownTo: number | null;
  readonly canCancel: boolean;
  /** Goods may be handed over only when this is true. */
  readonly handOver: boolean;
  /** Play a sound once when the view first reaches this tone. */
  readonly sound: 'paid' | 'declined' | null;
}

/**
 * Maps an attempt to what the cashier sees. The renderer holds no payment rules: it only chooses
 * colours and words for what the station says, and whether the Cancel button is offered.
 */
export function paymentView(a: AttemptSnapshot): PaymentView {
  const s = a.status;
  switch (s) {
    case 'created':
      return { tone: 'waiting', state: s, countdownTo: null, canCancel: true, handOver: false, sound: null };
    case 'awaitingCustomer':
      return { tone: 'waiting', state: s, countdownTo: a.qr?.expiresAt ?? a.expiresAt, canCancel: true, handOver: false, sound: null };
    case 'unknown':
      return { tone: 'warn', state: s, countdownTo: a.expiresAt, canCancel: true, handOver: false, sound: null };
    case 'cancelling':
    case 'reversing':
      return { tone: 'warn', state: s, countdownTo: null, canCancel: false, handOver: false, sound: null };
    case 'succeeded':
      return { tone: 'ok', state: s, countdownTo: null, canCancel: false, handOver: true, sound: 'paid' };
    case 'failed':
      return { tone: 'bad', state: s, countdownTo: null, canCancel: false, handOver: false, sound: 'declined' };
    case 'unproven':
      return { tone: 'warn', state: s, countdownTo: null, canCancel: false, handOver: false, sound: null };
    case 'cancelled':
    case 'reversed':
      return { tone: 'bad', state: s, countdownTo: null, canCancel: false, handOver: false, sound: null };
    default:
      return assertNever(s, 'attempt status');
  }
}

/** "2:05" for a countdown; never negative. */
export function formatCountdown(msLeft: number): string {
  const total = Math.max(0, Math.ceil(msLeft / 1000));
  const m = Math.floor(total / 60);
  const sec = total % 60;
  return `${m}:${String(sec).padStart(2, '0')}`;
}
