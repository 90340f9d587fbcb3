/**
 * The entry-code service wired into the station: journal, clock, the running payments, the
 * payments' bus (attempt changes in), entry:paymentReceived out to windows, config and the public
 * base URL. Built once by the payments service (createEntryStation); entryStationOf reads it.
 */
import { createEntryService, type EntryService, type EntrySettings } from '../payments/entry/entryService';
import { entryRoutes } from '../payments/entry/entryRoutes';
import { customerIdMaskedOf } from '../payments/engine/customerId';
import type { HttpRoute } from './httpRoute';
import type { Payments } from '../payments/createPayments';
import type { PaymentEvents } from '../payments/paymentEvents';
import type { AmsClient } from '../payments/ams/amsClient';
import type { Db } from '../journal/openJournal';
import type { Clock } from '../../shared/domain/clock';
import type { Logger } from 'pino';
import type { PosConfig } from '../config/configSchema';
import type { Locale } from '../../shared/domain/station';
import type { EventHub } from './eventHub';

/**
 * What the entry station needs of the station and of the payments service. Structural (a station
 * context and the payments service fit as they are), so this module imports neither and no import
 * cycle runs through it.
 */
export interface EntryStationDeps {
  readonly db: Db | null;
  readonly clock: Clock;
  readonly log: Logger;
  readonly events: EventHub;
  readonly config: PosConfig;
  readonly status: { readonly customerLocale: Locale };
}
export interface EntryPayments {
  readonly events: PaymentEvents;
  readonly runtime: Payments | null;
  readonly gateway: { readonly client: Pick<AmsClient, 'inquiryPayment'> } | null;
  publicUrl(path: string): string;
}

export interface EntryStation {
  readonly service: EntryService;
  readonly routes: readonly HttpRoute[];
}

export function entrySettingsOf(ctx: EntryStationDeps, payments: Pick<EntryPayments, 'publicUrl'> | null): EntrySettings {
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
export function createEntryStation(ctx: EntryStationDeps, payments: EntryPayments): EntryStation | null {
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
export function entryStationOf(ctx: { readonly payments?: { readonly entry: EntryStation | null } | null }): EntryStation | null {
  return ctx.payments?.entry ?? null;
}
