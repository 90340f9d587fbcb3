/**
 * The head office link wired into the station (issue 16): notifications HQ relays go to the same
 * handlers as the station's own notify routes (which verify Alipay's signature); pushed documents are
 * checked and prepared through the settings and accounts services (applied by the link in one
 * journal transaction); activity arms the upload.
 */
import { storeSettingsDocSchema } from '../../shared/domain/hqPush';
import { PosError } from '../../shared/errors/posError';
import type { SettingsPatch } from '../../shared/ipc/commands/settings';
import { createHqLink, type HqLink } from '../hq/terminal/hqLink';
import { badDocument, prepareAccountsPush } from '../hq/terminal/pushedAccounts';
import type { StationContext } from './stationContext';

const ACTIVITY = new Set(['payment:stateChanged', 'queue:changed', 'station:statusChanged', 'device:statusChanged', 'shift:changed']);

export function createHqLinkStation(ctx: StationContext): HqLink | null {
  const db = ctx.db;
  if (!db) return null;

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
    async preparePush(kind, body) {
      switch (kind) {
        case 'storeSettings': {
          const r = storeSettingsDocSchema.safeParse(body);
          if (!r.success) throw badDocument(kind, r.error.issues[0]);
          const settings = ctx.settings;
          if (!settings) throw new PosError('NOT_READY', 'settings are not available');
          return () => {
            settings.update(r.data as SettingsPatch, 'hq');
            ctx.publishStatus();
          };
        }
        case 'accounts': {
          if (!ctx.accounts) throw new PosError('NOT_READY', 'accounts are not available');
          return prepareAccountsPush(ctx.accounts, body);
        }
      }
    },
    health() {
      return { network: ctx.status.network, devices: ctx.status.devices };
    },
    onActivity(fn) {
      return ctx.events.subscribe((e) => {
        if (ACTIVITY.has(e.name)) fn();
      });
    },
  });
}
