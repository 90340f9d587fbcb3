/**
 * The head office link wired into the station (issue 16): notifications HQ relays go to the same
 * handlers as the station's own notify routes (which verify Alipay's signature); pushed documents are
 * checked and applied through the settings and accounts services; activity arms the upload.
 */
import { accountsDocSchema, storeSettingsDocSchema } from '../../shared/domain/hqPush';
import { minPinLength } from '../../shared/domain/account';
import { PosError } from '../../shared/errors/posError';
import type { SettingsPatch } from '../../shared/ipc/commands/settings';
import { createHqLink, type HqLink } from '../hq/terminal/hqLink';
import type { PushKind } from '../hq/relayProtocol';
import type { StationContext } from './stationContext';

const ACTIVITY = new Set(['payment:stateChanged', 'queue:changed', 'station:statusChanged', 'device:statusChanged']);

function badDocument(kind: PushKind, issue: { path: PropertyKey[]; message: string } | undefined): PosError {
  return new PosError('BAD_DOCUMENT', `${kind}: ${issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(document)'}: ${issue?.message ?? 'invalid'}`);
}

export function createHqLinkStation(ctx: StationContext): HqLink | null {
  const db = ctx.db;
  if (!db) return null;

  async function applyAccounts(body: unknown): Promise<void> {
    const r = accountsDocSchema.safeParse(body);
    if (!r.success) throw badDocument('accounts', r.error.issues[0]);
    const accounts = ctx.accounts;
    if (!accounts) throw new PosError('NOT_READY', 'accounts are not available');
    const existing = new Map(accounts.list().map((a) => [a.shortId.toLowerCase(), a]));
    // Checked as a whole before anything changes: one bad entry refuses the document, the old accounts stay.
    for (const a of r.data.accounts) {
      const known = existing.get(a.shortId.toLowerCase());
      if (!known && a.pin === undefined) throw new PosError('BAD_DOCUMENT', `accounts: ${a.shortId} is new to this terminal and needs a first PIN`);
      if (a.pin !== undefined && a.pin.length < minPinLength(a.role)) throw new PosError('BAD_DOCUMENT', `accounts: ${a.shortId}: a ${a.role} PIN is at least ${minPinLength(a.role)} digits`);
      if (known && a.pin === undefined && minPinLength(a.role) > minPinLength(known.role)) throw new PosError('BAD_DOCUMENT', `accounts: ${a.shortId}: promoted to ${a.role}, so a new PIN of ${minPinLength(a.role)} digits is needed`);
    }
    const managers = r.data.accounts.filter((a) => a.role === 'manager' && !a.disabled).length
      + [...existing.values()].filter((e) => e.role === 'manager' && !e.disabled && !r.data.accounts.some((a) => a.shortId.toLowerCase() === e.shortId.toLowerCase())).length;
    if (managers === 0) throw new PosError('BAD_DOCUMENT', 'accounts: the terminal would be left without a manager');
    for (const a of r.data.accounts) {
      const known = existing.get(a.shortId.toLowerCase());
      if (!known) await accounts.create({ name: a.name, shortId: a.shortId, role: a.role, pin: a.pin });
      else await accounts.update({ accountId: known.accountId, name: a.name, role: a.role, disabled: a.disabled, ...(a.pin !== undefined ? { pin: a.pin } : {}) });
    }
  }

  return createHqLink({
    db,
    dataDir: ctx.dataDir,
    clock: ctx.clock,
    log: ctx.log,
    uploadPolicy: { baseDelayMs: ctx.config.hq.retryBaseDelayMs, maxDelayMs: ctx.config.hq.retryMaxDelayMs, maxFailures: 8 },
    async handleAmsNotification(n) {
      const rt = ctx.payments?.runtime;
      if (!rt) return { status: 503, body: 'starting' };
      return rt.handleNotification({ path: n.path, headers: n.headers, body: n.body });
    },
    handleCnNotification(body) {
      const h = ctx.payments?.runtime?.handleCnNotification;
      return h ? h(body) : null;
    },
    async applyPush(kind, body) {
      switch (kind) {
        case 'storeSettings': {
          const r = storeSettingsDocSchema.safeParse(body);
          if (!r.success) throw badDocument(kind, r.error.issues[0]);
          if (!ctx.settings) throw new PosError('NOT_READY', 'settings are not available');
          ctx.settings.update(r.data as SettingsPatch, 'hq');
          ctx.publishStatus();
          return;
        }
        case 'accounts':
          return applyAccounts(body);
      }
    },
    health() {
      const queue = db.prepare("SELECT status, count(*) AS n FROM outbox WHERE kind NOT IN ('upload','print') AND status IN ('pending','running','dead') GROUP BY status ORDER BY status").all();
      return { network: ctx.status.network, devices: ctx.status.devices, queue };
    },
    onActivity(fn) {
      return ctx.events.subscribe((e) => {
        if (ACTIVITY.has(e.name)) fn();
      });
    },
  });
}
