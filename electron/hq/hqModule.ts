/** A group of HQ routes in a module of its own, registered from hqServer.ts with one line. */
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { PosError } from '../../shared/errors/posError';
import type { HqDb } from './hqDb';

export interface HqModuleContext {
  readonly db: HqDb;
  readonly now: () => number;
  readonly adminToken: string;
}

export interface HqModule {
  /** undefined: not this module's route; else the value (or a PosError) answered as JSON. */
  route?(req: http.IncomingMessage, route: string, body: Buffer): Promise<unknown> | undefined;
  /** true: this module took the upgrade request. */
  upgrade?(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean;
  stop?(): Promise<void>;
}

export function requireAdmin(ctx: HqModuleContext, headers: http.IncomingHttpHeaders): void {
  if (headers.authorization !== `Bearer ${ctx.adminToken}`) throw new PosError('UNAUTHORIZED', 'admin token required');
}
