import type { CommandName, InputOf, OutputOf } from './contract';
import type { Envelope } from './envelope';
import type { EventMap, EventName } from './events';

type DomainOf<K extends string> = K extends `${infer D}:${string}` ? D : never;
type MethodOf<K extends string, D extends string> = K extends `${D}:${infer M}` ? M : never;

/**
 * What the preload exposes as window.pos: one function per contract method, grouped by domain
 * (`pos.session.hello(input)`), plus `on` for events. Every call answers with an Envelope.
 */
export type PosBridge = {
  readonly [D in DomainOf<CommandName>]: {
    readonly [M in MethodOf<CommandName, D>]: (input: InputOf<`${D}:${M}` & CommandName>) => Promise<Envelope<OutputOf<`${D}:${M}` & CommandName>>>;
  };
} & {
  readonly on: <E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) => () => void;
};

export function splitChannel(name: string): { domain: string; method: string } {
  const i = name.indexOf(':');
  return { domain: name.slice(0, i), method: name.slice(i + 1) };
}
