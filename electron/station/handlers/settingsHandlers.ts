import type { HandlerGroup } from '../dispatcher';
import { appendAudit } from '../../journal/appendAudit';
import { loadConfig, resetConfig } from '../../config/loadConfig';
import { verifyChain } from '../../journal/hashChain';
import { PosError } from '../../../shared/errors/posError';
import type { StationSnapshot } from '../../../shared/domain/station';
import type { Db } from '../../journal/openJournal';
import type { Clock } from '../../../shared/domain/clock';
import type { Logger } from 'pino';
import type { AccountsService } from '../../accounts/accountsService';
import type { SettingsService } from '../../config/settingsService';
import type { RegistrationService } from '../registrationService';
import type { StationState } from '../stationState';
import { actorOf } from './actorOf';

export interface SettingsHandlerDeps {
  readonly state: StationState;
  readonly dataDir: string;
  readonly configFile: string;
  readonly db: Db | null;
  readonly clock: Clock;
  readonly log: Logger;
  readonly settings: SettingsService;
  /** Null in setup mode (registration needs payments). */
  readonly registration: RegistrationService | null;
  readonly accounts: AccountsService | null;
  snapshot(): StationSnapshot;
  publishStatus(): void;
}

export function settingsHandlers(deps: SettingsHandlerDeps): HandlerGroup {
  const { state, settings, db, clock, log } = deps;
  const registration = (): RegistrationService => {
    if (!deps.registration) throw new PosError('NOT_READY', 'registration needs payments, which are not available in setup mode');
    return deps.registration;
  };
  return {
    'settings:resetConfig': async () => {
      const kept = resetConfig(deps.configFile, clock.now());
      log.warn({ kept }, 'config reset to defaults from the setup screen');
      const loaded = loadConfig(deps.dataDir);
      if (loaded.status === 'ok' && db) {
        state.setConfig(loaded.config);
        state.setMode(loaded.mode, null);
        appendAudit(db, { at: clock.now(), actor: 'setup', action: 'config.reset', details: { kept } });
        // Out of setup mode the installer session ends: DEMO then offers its documented accounts.
        if (state.mode === 'demo') await deps.accounts?.ensureDemoAccounts();
      } else if (loaded.status === 'invalid') {
        // Defaults plus environment still fail: the environment is the culprit; say which field.
        state.setSetupProblem(loaded.problem);
      }
      deps.publishStatus();
      return deps.snapshot();
    },
    'settings:get': () => settings.view(),
    'settings:update': ({ patch }, call) => settings.update(patch, actorOf(call)),
    'settings:importKeys': (input, call) => settings.importKeys(input, actorOf(call)),
    'settings:importCnCredentials': (input, call) => settings.importCnCredentials(input, actorOf(call)),
    'settings:register': (_input, call) => registration().register(actorOf(call)),
    'settings:registrationStatus': ({ refresh }) => (refresh ? registration().refresh() : registration().current()),
    'settings:verifyJournal': () => {
      if (!db) throw new PosError('NOT_READY', 'the journal is not open');
      const v = verifyChain(db);
      return v.ok ? { ok: true, events: v.events, brokenAt: null, reason: null } : { ok: false, events: v.events, brokenAt: v.brokenAt, reason: v.reason };
    },
  };
}
