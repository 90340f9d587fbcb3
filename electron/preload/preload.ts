// Sandboxed preload (bundled to dist/electron/preload.cjs): exposes window.pos and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../shared/ipc/channels';
import { buildBridge } from '../../shared/ipc/buildBridge';

const bridge = buildBridge(
  (channel, payload) => ipcRenderer.invoke(INVOKE_CHANNEL, channel, payload),
  (listener) => {
    const wrapped = (_e: unknown, name: string, payload: unknown): void => listener(name, payload);
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
  },
);
contextBridge.exposeInMainWorld('pos', bridge);
