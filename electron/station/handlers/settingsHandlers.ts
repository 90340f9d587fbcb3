import type { HandlerGroup } from '../dispatcher';
import { appendAudit } from '../../journal/appendAudit';
import type { StationContext } from '../stationContext';
import { loadConfig, resetConfig } from '../../config/loadConfig';
import { verifyChain } from '../../journal/hashChain';
import { PosError } from '../../../shared/errors/posError';
import type { SettingsService } from '../settingsService';
import type { RegistrationService } from '../registrationService';
import { actorOf } from './saleHandlers';

function settingsOf(ctx: StationContext): SettingsService {
  if (!ctx.settings) throw new PosError('NOT_READY', 'settings are not available yet');
  return ctx.settings;
}

function registrationOf(ctx: StationContext): RegistrationService {
  if (!ctx.registration) throw new PosError('NOT_READY', 'registration needs payments, which are not available in setup mode');
  return ctx.registration;
}

export function settingsHandlers(ctx: StationContext): HandlerGroup {
  return {
    'settings:resetConfig': async () => {
      const kept = resetConfig(ctx.configFile, ctx.clock.now());
      ctx.log.warn({ kept }, 'config reset to defaults from the setup screen');
      const loaded = loadConfig(ctx.dataDir);
      if (loaded.status === 'ok' && ctx.db) {
        ctx.config = loaded.config;
        ctx.mode = loaded.mode;
        ctx.setupProblem = null;
        appendAudit(ctx.db, { at: ctx.clock.now(), actor: 'setup', action: 'config.reset', details: { kept } });
        // Out of setup mode the installer session ends: DEMO then offers its documented accounts.
        if (ctx.mode === 'demo') await ctx.accounts?.ensureDemoAccounts();
      } else if (loaded.status === 'invalid') {
        // Defaults plus environment still fail: the environment is the culprit; say which field.
        ctx.setupProblem = loaded.problem;
      }
      ctx.publishStatus();
      return ctx.snapshot();
    },
    'settings:get': () => settingsOf(ctx).view(),
    'settings:update': ({ patch }, call) => settingsOf(ctx).update(patch, actorOf(call)),
    'settings:importKeys': (input, call) => settingsOf(ctx).importKeys(input, actorOf(call)),
    'settings:importCnCredentials': (input, call) => settingsOf(ctx).importCnCredentials(input, actorOf(call)),
    'settings:register': (_input, call) => registrationOf(ctx).register(actorOf(call)),
    'settings:registrationStatus': ({ refresh }) => (refresh ? registrationOf(ctx).refresh() : registrationOf(ctx).current()),
    'settings:verifyJournal': () => {
      if (!ctx.db) throw new PosError('NOT_READY', 'the journal is not open');
      const v = verifyChain(ctx.db);
      return v.ok ? { ok: true, events: v.events, brokenAt: null, reason: null } : { ok: false, events: v.events, brokenAt: v.brokenAt, reason: v.reason };
    },
  };
}
