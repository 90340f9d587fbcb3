import { COMMAND_NAMES, EVENT_NAMES } from './channels';

type Invoke = (channel: string, payload: unknown) => Promise<unknown>;
type Listen = (listener: (name: string, payload: unknown) => void) => () => void;

/**
 * Builds window.pos (Electron preload) and its WebSocket twin (browser host): one function per contract method, grouped by domain, and `on` for known
 * events. It is a closed list, not a generic "send anything" channel.
 */
export function buildBridge(invoke: Invoke, listen: Listen): Record<string, unknown> {
  const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const name of COMMAND_NAMES) {
    const [domain, method] = name.split(':') as [string, string];
    api[domain] ??= {};
    api[domain][method] = (input: unknown) => invoke(name, input);
  }
  const known = new Set<string>(EVENT_NAMES);
  const on = (event: string, listener: (payload: unknown) => void): (() => void) => {
    if (!known.has(event)) throw new Error(`unknown event ${event}`);
    return listen((name, payload) => {
      if (name === event) listener(payload);
    });
  };
  return { ...api, on };
}
