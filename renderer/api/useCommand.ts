import { useCallback, useState } from 'react';
import type { Envelope, IpcError } from '../../shared/ipc/envelope';

export interface Command {
  /** A command sent by `run` has not answered yet (buttons disable on it). */
  readonly busy: boolean;
  /** The station's refusal of the last command run, until the next run or `setError`. */
  readonly error: IpcError | null;
  /**
   * Sends one station command: its value, or null when refused (then `error` says why). `onOk` runs
   * only on success, so a command whose answer may itself be null is told apart from a refusal;
   * `onRefused` only on a refusal (after `error` is set).
   */
  run<T>(command: Promise<Envelope<T>>, onOk?: (value: T) => void, onRefused?: (error: IpcError) => void): Promise<T | null>;
  /** For a refusal the screen decides itself (a field it checks before sending), or to clear one. */
  setError(error: IpcError | null): void;
}

/**
 * The busy / error / run of a screen's station commands, in one place (issue 13): every cashier
 * screen sends commands the same way, so a refusal is shown and buttons disable the same way.
 * Busy counts commands in flight, so two at once stay busy until both answered.
 */
export function useCommand(): Command {
  const [inFlight, setInFlight] = useState(0);
  const [error, setError] = useState<IpcError | null>(null);
  const run = useCallback(async <T,>(command: Promise<Envelope<T>>, onOk?: (value: T) => void, onRefused?: (error: IpcError) => void): Promise<T | null> => {
    setInFlight((n) => n + 1);
    setError(null);
    try {
      const r = await command;
      if (r.ok) {
        onOk?.(r.value);
        return r.value;
      }
      setError(r.error);
      onRefused?.(r.error);
      return null;
    } finally {
      setInFlight((n) => n - 1);
    }
  }, []);
  return { busy: inFlight > 0, error, run, setError };
}
