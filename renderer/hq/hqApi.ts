/**
 * The dashboard page's only door to HQ: same-origin JSON over fetch, the session riding in HQ's
 * HttpOnly cookie (the page never sees it). Failures come back typed by HQ's error code.
 */
import type { HqMe, HqToday } from '../../shared/hq/hqDashboard';

export type HqFailure = { readonly ok: false; readonly status: number; readonly code: string; readonly details: Record<string, unknown> };
export type HqResult<T> = { readonly ok: true; readonly value: T } | HqFailure;

async function call<T>(path: string, init?: RequestInit): Promise<HqResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', ...init, headers: { 'content-type': 'application/json', ...init?.headers } });
  } catch {
    return { ok: false, status: 0, code: 'HQ_UNREACHABLE', details: {} };
  }
  const json = (await res.json().catch(() => null)) as { ok: boolean; value?: T; error?: { code: string; details?: Record<string, unknown> } } | null;
  if (json?.ok && res.ok) return { ok: true, value: json.value as T };
  return { ok: false, status: res.status, code: json?.error?.code ?? `HTTP_${res.status}`, details: json?.error?.details ?? {} };
}

const post = <T>(path: string, body: unknown): Promise<HqResult<T>> => call<T>(path, { method: 'POST', body: JSON.stringify(body) });

export const hqApi = {
  me: () => call<HqMe>('/api/v1/hq/me'),
  signIn: (merchantId: string, login: string, password: string) => post<HqMe>('/api/v1/hq/sign-in', { merchantId, login, password }),
  signOut: () => post<Record<string, never>>('/api/v1/hq/sign-out', {}),
  today: (store: string | null) => call<HqToday>(`/api/v1/hq/today${store ? `?store=${encodeURIComponent(store)}` : ''}`),
  csvHref: (what: 'takings' | 'unresolved', store: string | null) => `/api/v1/hq/export/${what}.csv${store ? `?store=${encodeURIComponent(store)}` : ''}`,
};
