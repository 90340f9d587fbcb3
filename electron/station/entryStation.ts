/**
 * The entry-code service wired into the station: journal, clock, the running payments, the
 * payments' bus (attempt changes in), entry:paymentReceived out to windows, config and the public
 * base URL. Built once by the payments service (createEntryStation); entryStationOf reads it.
 */
import { createEntryService, type EntryService, type EntrySettings } from '../payments/entry/entryService';
import { entryRoutes } from '../payments/entry/entryRoutes';
import { customerIdMaskedOf } from '../payments/engine/customerId';
import type { HttpRoute } from './httpRoute';
import type { PaymentsService } from './paymentsService';
import type { StationContext } from './stationContext';

export interface EntryStation {
  readonly service: EntryService;
  readonly routes: readonly HttpRoute[];
}

export function entrySettingsOf(ctx: StationContext, payments: Pick<PaymentsService, 'publicUrl'> | null = ctx.payments ?? null): EntrySettings {
  const c = ctx.config;
  return {
    enabled: c.entryCode.enabled,
    storeName: c.store.name,
    currency: c.currency,
    maxAmountMinor: c.entryCode.maxAmountMinor,
    formTtlMs: c.entryCode.formTtlMinutes * 60_000,
    payWaitMs: c.entryCode.payWaitSeconds * 1_000,
    customerLocale: ctx.status.customerLocale,
    publicBaseUrl: payments?.publicUrl('') ?? 'http://127.0.0.1:8480',
  };
}

/** Null without a journal (setup mode): the routes are then simply absent. */
export function createEntryStation(ctx: StationContext, payments: PaymentsService): EntryStation | null {
  if (!ctx.db) return null;
  const settings = (): EntrySettings => entrySettingsOf(ctx, payments);
  const service = createEntryService({
    db: ctx.db,
    clock: ctx.clock,
    runtime: () => payments.runtime,
    settings,
    subscribe: (listener) => payments.events.onSale(listener),
    onPaymentReceived: (p) => ctx.events.emit('entry:paymentReceived', p),
    async lookupCustomer(paymentId) {
      const g = payments.gateway;
      if (!g) return null;
      const o = await g.client.inquiryPayment({ paymentId });
      if (o.outcome !== 'S') return null;
      // Masked before it leaves: a bare pspCustomerId is the payer's whole account id.
      return customerIdMaskedOf(o.body.pspCustomerInfo);
    },
    log: ctx.log,
  });
  return { service, routes: entryRoutes({ service, settings }) };
}

/** The station's entry-code part (null in setup mode). */
export function entryStationOf(ctx: StationContext): EntryStation | null {
  return ctx.payments?.entry ?? null;
}
