/**
 * Store registration with Alipay (AMS registration, inquiryRegistrationStatus, and the registration
 * notification). The request id is saved before the request leaves and reused until Alipay has
 * answered, so pressing Register again after a lost answer never registers twice. The status lives in
 * the journal's settings table and every change is pushed as settings:registrationChanged.
 */
import { registrationWire, type MerchantRegistrationDetails } from '../../shared/domain/merchantRegistration';
import { appendAudit } from '../journal/appendAudit';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NOTIFICATION_ACK_BODY, verifyRegistrationNotification } from '../payments/ams/notification';
import type { AmsOutcome } from '../payments/ams/amsClient';
import { newId } from '../../shared/domain/ids';
import { PosError } from '../../shared/errors/posError';
import type { RegistrationView } from '../../shared/ipc/commands/settings';
import type { HttpRoute } from './httpRoute';
import type { StationContext } from './stationContext';
import { requirePayments as paymentsOf } from './paymentsService';

/** DEMO only: placeholder KYB details so a demo terminal can try registration against the simulator. */
const DEMO_REGISTRATION: MerchantRegistrationDetails = {
  legalName: 'Demo Merchant Co., Ltd.', registrationType: 'ENTERPRISE_REGISTRATION_NO', registrationNo: '91310000DEMO00000X', businessType: 'ENTERPRISE',
  registrationAddress: { region: 'CN', state: 'Shanghai', city: 'Shanghai', address1: '1 Demo Road' },
};

export const REGISTRATION_NOTIFY_PATH = '/alipay/notify/registration';
const SETTINGS_KEY = 'alipay.registration';
const FINAL = new Set(['APPROVED', 'REJECTED', 'FAILED']);

export interface RegistrationService {
  readonly notifyRoute: HttpRoute;
  current(): RegistrationView | null;
  register(actor: string): Promise<RegistrationView>;
  refresh(): Promise<RegistrationView | null>;
}

function unanswered(o: Extract<AmsOutcome<unknown>, { outcome: 'U' }>): string {
  return `${o.resultCode ?? o.reason}: ${o.resultMessage ?? o.detail}`;
}

export function createRegistrationService(ctx: StationContext): RegistrationService {
  const read = (): RegistrationView | null => {
    const row = ctx.db?.prepare('SELECT value_json FROM settings WHERE key = ?').get(SETTINGS_KEY) as { value_json: string } | undefined;
    if (!row) return null;
    try {
      return JSON.parse(row.value_json) as RegistrationView;
    } catch {
      return null;
    }
  };
  const save = (r: RegistrationView): RegistrationView => {
    if (!ctx.db) throw new PosError('NOT_READY', 'the journal is not open');
    ctx.db
      .prepare('INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at')
      .run(SETTINGS_KEY, JSON.stringify(r), r.updatedAt);
    ctx.events.emit('settings:registrationChanged', r);
    return r;
  };
  const withStatus = (r: RegistrationView, status: string, patch: Partial<RegistrationView>): RegistrationView =>
    ({ ...r, status, final: FINAL.has(status), updatedAt: ctx.clock.now(), ...patch });

  const gateway = () => {
    const g = paymentsOf(ctx).gateway;
    if (!g) throw new PosError('NOT_READY', 'payments are still starting', { retryable: true });
    return g;
  };

  const service: RegistrationService = {
    current: read,

    async register(actor) {
      const c = ctx.config.store;
      // Alipay refuses a registration without the legal entity: say what is missing before sending anything.
      const details = ctx.config.registration ?? (ctx.mode === 'demo' ? DEMO_REGISTRATION : undefined);
      if (!details) throw new PosError('BAD_REQUEST', 'registration needs the merchant’s legal name, registration number and address: enter them under Settings → registration (config "registration") first');
      const wire = registrationWire(details, c.merchantName);
      let r = read();
      const sameStore = r !== null && r.referenceMerchantId === c.referenceMerchantId && r.referenceStoreId === c.referenceStoreId;
      // Already decided for this store, or waiting for Alipay's decision: nothing to send.
      if (r && sameStore && (r.status === 'APPROVED' || (r.status === 'PROCESSING' && r.lastError === null))) return r;
      // A request whose answer was lost goes again with the same id; anything else is a new request.
      if (!r || !sameStore || r.final) {
        const now = ctx.clock.now();
        r = save({
          registrationRequestId: newId('R', now), referenceMerchantId: c.referenceMerchantId, referenceStoreId: c.referenceStoreId,
          status: 'SENDING', final: false, rejectReasons: null, lastError: null, requestedAt: now, updatedAt: now, source: 'request',
        });
        if (ctx.db) appendAudit(ctx.db, { at: now, actor, action: 'registration.request', details: { registrationRequestId: r.registrationRequestId, referenceMerchantId: c.referenceMerchantId, referenceStoreId: c.referenceStoreId } });
      }
      const o = await gateway().client.registration({
        registrationRequestId: r.registrationRequestId,
        registrationNotifyURL: paymentsOf(ctx).publicUrl(REGISTRATION_NOTIFY_PATH),
        merchantInfo: { referenceMerchantId: c.referenceMerchantId, merchantDisplayName: c.merchantName, merchantMCC: c.merchantMCC, ...wire.merchantInfo },
        storeInfo: { referenceStoreId: c.referenceStoreId, storeName: c.name, storeMCC: c.storeMCC, storeAddress: wire.storeAddress },
        productCodes: ['IN_STORE_PAYMENT'],
      });
      switch (o.outcome) {
        case 'S':
          return save(withStatus(r, 'PROCESSING', { lastError: null, source: 'request' }));
        case 'F':
          return save(withStatus(r, 'FAILED', { lastError: `${o.resultCode}: ${o.resultMessage}`, source: 'request' }));
        case 'U':
          return save(withStatus(r, r.status === 'SENDING' ? 'SENDING' : r.status, { lastError: unanswered(o), source: 'request' }));
      }
    },

    async refresh() {
      const r = read();
      if (!r || r.status === 'SENDING') return r;
      const o = await gateway().client.inquiryRegistrationStatus({ registrationRequestId: r.registrationRequestId });
      switch (o.outcome) {
        case 'S': {
          const result = o.body.registrationResult;
          if (!result) return r;
          if (result.registrationStatus === r.status && r.lastError === null) return r;
          return save(withStatus(r, result.registrationStatus, { rejectReasons: result.rejectReasons ?? null, lastError: null, source: 'inquiry' }));
        }
        case 'F':
          return save(withStatus(r, r.status, { lastError: `${o.resultCode}: ${o.resultMessage}`, source: 'inquiry' }));
        case 'U':
          return save(withStatus(r, r.status, { lastError: unanswered(o), source: 'inquiry' }));
      }
    },

    notifyRoute: {
      method: 'POST',
      path: REGISTRATION_NOTIFY_PATH,
      handle(req: IncomingMessage, res: ServerResponse, body: Buffer) {
        const g = ctx.payments?.gateway;
        if (!g) {
          // Not acknowledged: Alipay sends it again once we are up.
          res.writeHead(503, { 'content-type': 'application/json' }).end('{"result":{"resultCode":"SYSTEM_BUSY","resultStatus":"U","resultMessage":"starting"}}');
          return;
        }
        const v = verifyRegistrationNotification({ path: new URL(req.url ?? REGISTRATION_NOTIFY_PATH, 'http://station').pathname, headers: req.headers, body }, g.alipayPublicKey, g.clientId);
        if (!v.ok) {
          ctx.log.warn({ err: v.error.message }, 'registration notification refused');
          res.writeHead(401, { 'content-type': 'application/json' }).end('{"result":{"resultCode":"INVALID_SIGNATURE","resultStatus":"F","resultMessage":"refused"}}');
          return;
        }
        const n = v.notification;
        const r = read();
        if (r && n.registrationResult && n.registrationRequestId === r.registrationRequestId) {
          save(withStatus(r, n.registrationResult.registrationStatus, { rejectReasons: n.registrationResult.rejectReasons ?? null, lastError: null, source: 'notification' }));
        } else {
          ctx.log.warn({ registrationRequestId: n.registrationRequestId ?? null }, 'registration notification for an unknown request');
        }
        res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' }).end(NOTIFICATION_ACK_BODY);
      },
    },
  };
  return service;
}
