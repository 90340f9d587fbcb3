import type { z } from 'zod';

/**
 * A contract entry: the zod schema the station validates input with, and (as a phantom type) what
 * it answers. The output is a type only: the station produces it, it is never parsed.
 */
export interface CommandDef<I extends z.ZodType, O> {
  readonly input: I;
  readonly __output?: O;
}

export const command =
  <O>() =>
  <I extends z.ZodType>(input: I): CommandDef<I, O> => ({ input });
