import type { z } from 'zod';
import type { Role } from '../domain/account';

export type { Role } from '../domain/account';

/** The windows a station drives: the counter's cashier screen and the customer-facing display. */
export type WindowName = 'cashier' | 'customer';
export const WINDOW_NAMES: readonly WindowName[] = ['cashier', 'customer'];

/** What the caller must be: `none` needs no signed-in account (hello, sign-in, the customer display). */
export type Need = 'none' | Role;

/**
 * Who may call a command, declared beside its schema so the contract is the one table of authority:
 * a window missing here is refused whatever its role; `approval` means the input carries a
 * supervisor's (another account's) PIN or badge, which the dispatcher verifies before the handler runs.
 */
export interface Access {
  readonly cashier?: Need;
  /** The customer display may only read what it shows and set its language: never a role. */
  readonly customer?: 'none';
  readonly approval?: 'supervisor';
}

/**
 * A contract entry: the zod schema the station validates input with, who may call it, and (as a
 * phantom type) what it answers. The output is a type only: the station produces it, it is never parsed.
 */
export interface CommandDef<I extends z.ZodType, O> {
  readonly input: I;
  readonly access: Access;
  readonly __output?: O;
}

/** `access` is required: a command without a declared role and window does not type-check. */
export const command =
  <O>() =>
  <I extends z.ZodType>(input: I, access: Access): CommandDef<I, O> => ({ input, access });

// The usual access rules, named so each command's line says who may call it.
export const CASHIER: Access = { cashier: 'cashier' };
export const SUPERVISOR: Access = { cashier: 'supervisor' };
export const MANAGER: Access = { cashier: 'manager' };
/** A cashier command that also needs a supervisor's approval in the input. */
export const APPROVED: Access = { cashier: 'cashier', approval: 'supervisor' };
/** Before sign-in, cashier window only (sign-in, first-run set-up). */
export const SIGNED_OUT: Access = { cashier: 'none' };
/** What the customer display shows: both windows, no account. */
export const DISPLAY: Access = { cashier: 'none', customer: 'none' };
/** The customer display may read it; the cashier window needs a signed-in cashier. */
export const SHOWN: Access = { cashier: 'cashier', customer: 'none' };
