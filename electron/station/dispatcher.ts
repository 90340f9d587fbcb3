import { contract, type CommandName, type OutputOf, type ParsedInputOf } from '../../shared/ipc/contract';
import { MAX_PAYLOAD_BYTES, fail, ok, type Envelope } from '../../shared/ipc/envelope';
import { PosError } from '../../shared/errors/posError';
import { isStorageFailure, toStorageError } from '../journal/openJournal';
import { runAs } from '../journal/auditActor';
import { roleAtLeast, type AccountView } from '../../shared/domain/account';
import type { Approval } from '../../shared/ipc/commands/account';
import type { Session } from '../accounts/accountsService';

/** Who is calling: hosts fill in host and window; the dispatcher adds the account and approver. */
export interface CallContext {
  readonly host: 'electron' | 'browser';
  readonly window: 'cashier' | 'customer' | 'unknown';
  /** The signed-in account, for commands that need one (set by the dispatcher, never by a host). */
  readonly account?: Session;
  /** Who approved it, for commands whose access says `approval`. */
  readonly approver?: AccountView;
}

/** What the dispatcher asks about accounts: the signed-in session and the one approval check. */
export interface AccessGuard {
  current(): Session | null;
  touch(): void;
  verifyApproval(approval: Approval, signedIn: Session | null, purpose: string): Promise<AccountView>;
}

export type Handler<K extends CommandName> = (input: ParsedInputOf<K>, ctx: CallContext) => OutputOf<K> | Promise<OutputOf<K>>;
export type Handlers = { readonly [K in CommandName]: Handler<K> };
export type HandlerGroup = Partial<{ [K in CommandName]: Handler<K> }>;

export interface Dispatcher {
  dispatch(channel: unknown, payload: unknown, ctx: CallContext): Promise<Envelope<unknown>>;
}

/**
 * Merges per-domain handler groups into one table, refusing a command handled twice or not at all:
 * both hosts go through this one table, so a gap or a shadowed handler is caught at start-up.
 */
export function combineHandlers(groups: readonly HandlerGroup[]): Handlers {
  const table: Record<string, unknown> = {};
  for (const g of groups) {
    for (const [name, fn] of Object.entries(g)) {
      if (!(name in contract)) throw new Error(`handler for unknown command ${name}`);
      if (name in table) throw new Error(`command ${name} has more than one handler`);
      table[name] = fn;
    }
  }
  const missing = Object.keys(contract).filter((k) => !(k in table));
  if (missing.length > 0) throw new Error(`commands without a handler: ${missing.join(', ')}`);
  return table as Handlers;
}

function payloadSize(payload: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(payload ?? null) ?? '', 'utf8');
  } catch {
    return Number.POSITIVE_INFINITY; // cyclic or unserialisable: treat as too large to accept
  }
}

/** The single dispatcher both hosts use: validate, run, wrap. It never throws and never crashes the station. */
export function createDispatcher(handlers: Handlers, onInternalError: (channel: string, e: unknown) => void, guard: AccessGuard): Dispatcher {
  return {
    async dispatch(channel, payload, ctx) {
      if (typeof channel !== 'string' || !Object.prototype.hasOwnProperty.call(contract, channel)) {
        return fail({ code: 'UNKNOWN_COMMAND', message: `unknown command ${JSON.stringify(String(channel)).slice(0, 80)}`, retryable: false });
      }
      const name = channel as CommandName;
      // Authority first, before the input is even parsed: the contract's access table says which
      // windows may call this and what role the signed-in account needs.
      const access = contract[name].access;
      const need = ctx.window === 'cashier' ? access.cashier : ctx.window === 'customer' ? access.customer : undefined;
      if (need === undefined) {
        return fail({ code: 'FORBIDDEN', message: `the ${ctx.window} window may not call ${name}`, retryable: false, details: { window: ctx.window } });
      }
      let account: Session | null = null;
      if (need !== 'none') {
        account = guard.current();
        if (!account) return fail({ code: 'SIGNED_OUT', message: 'sign in first', retryable: false });
        if (!roleAtLeast(account.role, need)) {
          return fail({ code: 'FORBIDDEN', message: `${name} needs a ${need}`, retryable: false, details: { need, role: account.role } });
        }
        guard.touch();
      }
      if (payloadSize(payload) > MAX_PAYLOAD_BYTES) {
        return fail({ code: 'PAYLOAD_TOO_LARGE', message: `payload larger than ${MAX_PAYLOAD_BYTES} bytes`, retryable: false });
      }
      const parsed = contract[name].input.safeParse(payload ?? {});
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        const where = first && first.path.length > 0 ? first.path.join('.') : '(input)';
        return fail({ code: 'BAD_REQUEST', message: `${where}: ${first?.message ?? 'invalid input'}`, retryable: false });
      }
      try {
        const handler = handlers[name] as (input: unknown, ctx: CallContext) => unknown;
        let approver: AccountView | undefined;
        if (access.approval) {
          approver = await guard.verifyApproval((parsed.data as { approval: Approval }).approval, account, name);
          guard.touch(); // the approval may have taken a while (PIN hashing)
        }
        const call: CallContext = { host: ctx.host, window: ctx.window, ...(account ? { account } : {}), ...(approver ? { approver } : {}) };
        const run = (): unknown => handler(parsed.data, call);
        return ok(await (account ? runAs({ accountId: account.accountId, ...(approver ? { approvedBy: approver.accountId } : {}) }, run) : run()));
      } catch (e) {
        // A full disk or a locked journal is not a bug: the cashier gets a clear, typed message.
        const known = e instanceof PosError ? e : isStorageFailure(e) ? toStorageError(e) : null;
        if (known) {
          return fail({ code: known.code, message: known.message, retryable: known.retryable, ...(known.details ? { details: known.details } : {}) });
        }
        onInternalError(name, e);
        return fail({ code: 'INTERNAL', message: 'internal error; the station logged the details', retryable: true });
      }
    },
  };
}
