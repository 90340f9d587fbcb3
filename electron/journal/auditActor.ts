import { AsyncLocalStorage } from 'node:async_hooks';

/** The account behind the command being run, and who approved it (refund, void, queue retry). */
export interface AuditActor {
  readonly accountId: string;
  readonly approvedBy?: string;
}

const store = new AsyncLocalStorage<AuditActor>();

/**
 * The dispatcher runs every signed-in command inside runAs, so each audit row and each sale it
 * writes carries the account without every handler passing it down (and none can forget to).
 */
export function runAs<T>(actor: AuditActor, fn: () => T): T {
  return store.run(actor, fn);
}

export function currentActor(): AuditActor | undefined {
  return store.getStore();
}
