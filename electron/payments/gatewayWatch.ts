/**
 * Gateway start-up and health: whether Alipay is reachable (reachability, probing while offline)
 * and whether it accepts our credentials at all (an unsigned request-level rejection: wrong key,
 * unknown client id). Every acquirer answer passes through `observe`, so a wrong key shows at once.
 */
import type { Clock } from '../../shared/domain/clock';
import type { NetworkState } from '../../shared/domain/station';
import type { AcquirerAnswer, AcquirerPort } from './engine/enginePorts';
import { createReachability } from './engine/reachability';
import type { GatewayRejection, PaymentEvents } from './paymentEvents';
import type { PaymentsLog } from './paymentsLog';

export interface GatewayWatchDeps {
  readonly clock: Clock;
  readonly gateway: AcquirerPort;
  readonly events: PaymentEvents;
  readonly log: PaymentsLog;
  readonly probeIntervalMs?: number | undefined;
  audit(action: string, details: Record<string, unknown>): void;
  /** After the bus heard it: the link came back (the queue is due now, DESIGN §6) or went away. */
  onNetworkChanged(state: NetworkState, previous: NetworkState): void;
}

export type GatewayWatch = ReturnType<typeof createGatewayWatch>;

export function createGatewayWatch(d: GatewayWatchDeps) {
  const { clock, gateway, events, log } = d;
  let rejection: GatewayRejection | null = null;

  const reach = createReachability({
    clock,
    probeIntervalMs: d.probeIntervalMs,
    probe: () => gateway.probe(),
    onChange(state, prev) {
      log.info({ network: state, was: prev }, 'gateway reachability changed');
      events.emit('networkChanged', state);
      d.onNetworkChanged(state, prev);
    },
  });

  function observe(out: AcquirerAnswer<unknown>): void {
    reach.report(out);
    if (out.rejectedCode) {
      if (rejection?.resultCode === out.rejectedCode) return;
      rejection = { resultCode: out.rejectedCode, at: clock.now() };
      const api = out.trace?.api ?? null;
      log.error({ resultCode: out.rejectedCode, api }, 'Alipay rejects our requests: check the client id and keys in Settings');
      d.audit('gateway.rejected', { resultCode: out.rejectedCode, api });
      events.emit('gatewayRejected', rejection);
    } else if (rejection && out.verified) {
      // A verified (signed) answer: our credentials work again.
      rejection = null;
      log.info({}, 'Alipay accepts our requests again');
      events.emit('gatewayRejected', null);
    }
  }

  return {
    observe,
    get network(): NetworkState {
      return reach.state;
    },
    get rejection(): GatewayRejection | null {
      return rejection;
    },
    /** One signed call (an inquiry for an id that does not exist) at go-live: a wrong key shows in seconds, before any sale. */
    async checkCredentials(): Promise<GatewayRejection | null> {
      observe(await gateway.inquiryPayment({ paymentRequestId: 'CREDENTIALS-CHECK', paymentId: null }));
      return rejection;
    },
    stop: () => reach.stop(),
  };
}
