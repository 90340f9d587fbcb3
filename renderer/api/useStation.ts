import { useCallback, useEffect, useState } from 'react';
import type { StationSnapshot } from '../../shared/domain/station';
import type { IpcError } from '../../shared/ipc/envelope';
import { call, getBridge, type ScreenName } from './bridge';

export interface StationView {
  readonly snapshot: StationSnapshot | null;
  readonly connected: boolean;
  readonly error: IpcError | null;
  refresh(): void;
}

/** Keeps the window's copy of the station snapshot current: hello on start and on every reconnect. */
export function useStation(screen: ScreenName): StationView {
  const [snapshot, setSnapshot] = useState<StationSnapshot | null>(null);
  const [connected, setConnected] = useState(true);
  const [error, setError] = useState<IpcError | null>(null);

  const refresh = useCallback(() => {
    void call(screen, 'session:hello', { window: screen }).then((r) => {
      if (r.ok) {
        setSnapshot(r.value);
        setError(null);
      } else setError(r.error);
    });
  }, [screen]);

  useEffect(() => {
    const b = getBridge(screen);
    refresh();
    const offStatus = b.on('station:statusChanged', (s) => setSnapshot(s));
    const offConn = b.onConnection?.((up) => {
      setConnected(up);
      if (up) refresh();
    });
    return () => {
      offStatus();
      offConn?.();
    };
  }, [screen, refresh]);

  return { snapshot, connected, error, refresh };
}
