import WebSocket from 'ws';

export interface StationClient {
  call<T>(channel: string, payload?: unknown): Promise<T>;
  close(): void;
}

/**
 * Talks to a running POS the way its own pages do: reads the per-launch token from the served page
 * and speaks the contract over the WebSocket. For test set-up and checks beside the browser.
 */
export async function connectStation(baseUrl: string): Promise<StationClient> {
  const html = await (await fetch(baseUrl)).text();
  const token = /name="pos-token" content="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no token in the cashier page');
  const origin = baseUrl.replace(/\/$/, '');
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/ipc?token=${encodeURIComponent(token)}&window=cashier`, { origin });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let next = 1;
  const pending = new Map<number, (r: { ok: boolean; value?: unknown; error?: { code: string; message: string } }) => void>();
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as { id?: number; result?: { ok: boolean; value?: unknown; error?: { code: string; message: string } } };
    if (typeof m.id === 'number' && m.result) pending.get(m.id)?.(m.result);
  });
  return {
    call: <T>(channel: string, payload: unknown = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = next++;
        pending.set(id, (r) => {
          pending.delete(id);
          if (r.ok) resolve(r.value as T);
          else reject(Object.assign(new Error(`${channel}: ${r.error?.code} ${r.error?.message}`), { code: r.error?.code }));
        });
        ws.send(JSON.stringify({ id, channel, payload }));
      }),
    close: () => ws.close(),
  };
}

/** POST to the simulator's control API (/__sim/…). */
export async function simControl<T = unknown>(simUrl: string, path: string, body: unknown, method = 'POST'): Promise<T> {
  const r = await fetch(new URL(path, simUrl), { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' || body === null ? null : JSON.stringify(body) });
  const text = await r.text();
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
