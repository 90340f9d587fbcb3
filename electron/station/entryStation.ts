/**
 * The entry-code service wired into the station: journal, clock, payments runtime, the station's
 * events (payment changes in, entry:paymentReceived out), config and the public base URL. One per
 * station context, made on first use by whichever needs it first (routes or handlers).
 */
import { createEntryService, type EntryService, type EntrySettings } from '../payments/entry/entryService';
import { entryRoutes } from '../payments/entry/entryRoutes';
import { customerIdMaskedOf } from '../payments/engine/customerId';
import type { HttpRoute } from './httpRoute';
import type { StationContext } from './stationContext';

export interface EntryStation {
  readonly service: EntryService;
  readonly routes: readonly HttpRoute[];
}

const stations = new WeakMap<StationContext, EntryStation>();

export function entrySettingsOf(ctx: StationContext): EntrySettings {
  const c = ctx.config;
  return {
    enabled: c.entryCode.enabled,
    storeName: c.store.name,
    currency: c.currency,
    maxAmountMinor: c.entryCode.maxAmountMinor,
    formTtlMs: c.entryCode.formTtlMinutes * 60_000,
    payWaitMs: c.entryCode.payWaitSeconds * 1_000,
    customerLocale: ctx.status.customerLocale,
    publicBaseUrl: ctx.payments?.publicUrl('') ?? 'http://127.0.0.1:8480',
  };
}

/** Null in setup mode (no journal or no payments): the routes are then simply absent. */
export function entryStationOf(ctx: StationContext): EntryStation | null {
  const known = stations.get(ctx);
  if (known) return known;
  if (!ctx.db || !ctx.payments) return null;
  const settings = (): EntrySettings => entrySettingsOf(ctx);
  const service = createEntryService({
    db: ctx.db,
    clock: ctx.clock,
    runtime: () => ctx.payments?.runtime ?? null,
    settings,
    subscribe: (listener) => ctx.events.subscribe((e) => (e.name === 'payment:stateChanged' ? listener(e.payload) : undefined)),
    onPaymentReceived: (p) => ctx.events.emit('entry:paymentReceived', p),
    async lookupCustomer(paymentId) {
      const g = ctx.payments?.gateway;
      if (!g) return null;
      const o = await g.client.inquiryPayment({ paymentId });
      if (o.outcome !== 'S') return null;
      // Masked before it leaves: a bare pspCustomerId is the payer's whole account id.
      return customerIdMaskedOf(o.body.pspCustomerInfo);
    },
    log: ctx.log,
  });
  const station: EntryStation = { service, routes: entryRoutes({ service, settings }) };
  stations.set(ctx, station);
  return station;
}
