import { contract, type CommandName, type OutputOf, type ParsedInputOf } from '../../shared/ipc/contract';
import { MAX_PAYLOAD_BYTES, fail, ok, type Envelope } from '../../shared/ipc/envelope';
import { PosError } from '../../shared/errors/posError';
import { isStorageFailure, toStorageError } from '../journal/openJournal';

/** Who is calling: hosts fill it in, handlers use it for audit and per-window behaviour. */
export interface CallContext {
  readonly host: 'electron' | 'browser';
  readonly window: 'cashier' | 'customer' | 'unknown';
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
export function createDispatcher(handlers: Handlers, onInternalError: (channel: string, e: unknown) => void): Dispatcher {
  return {
    async dispatch(channel, payload, ctx) {
      if (typeof channel !== 'string' || !Object.prototype.hasOwnProperty.call(contract, channel)) {
        return fail({ code: 'UNKNOWN_COMMAND', message: `unknown command ${JSON.stringify(String(channel)).slice(0, 80)}`, retryable: false });
      }
      const name = channel as CommandName;
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
        return ok(await handler(parsed.data, ctx));
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
