import { parseStoredParticipant, type StoredParticipant } from './attempt-state.ts';
import { participantKey } from '../scheduled-contract.ts';

/**
 * fetch() for the scheduled-contest pages: JSON in and out, the page language,
 * and every failure as a code (`NETWORK` when the server was not reached) so the
 * state modules can tell a retry from a refusal.
 */

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; code: string; message: string; transient: boolean };

export async function callApi<T>(path: string, opts: { method?: string; body?: unknown; token?: string | null; lang: string; signal?: AbortSignal }): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': opts.lang };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  let res: Response;
  try {
    res = await fetch(path, { method: opts.method ?? 'GET', headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}), ...(opts.signal ? { signal: opts.signal } : {}), credentials: 'same-origin' });
  } catch {
    return { ok: false, status: 0, code: 'NETWORK', message: '', transient: true };
  }
  const body = (await res.json().catch(() => null)) as (T & { error?: { code?: string; message?: string } }) | null;
  if (res.ok) return { ok: true, status: res.status, data: body as T };
  const code = body?.error?.code ?? `HTTP_${res.status}`;
  // Server errors and overload are worth retrying; a 4xx is an answer.
  const transient = res.status >= 500 || res.status === 429 || res.status === 408;
  return { ok: false, status: res.status, code, message: body?.error?.message ?? '', transient };
}

/** The participant this browser registered (or resumed) for a contest, from localStorage. */
export function loadParticipant(slug: string): StoredParticipant | null {
  try {
    return parseStoredParticipant(window.localStorage.getItem(participantKey(slug)));
  } catch {
    return null;
  }
}

export function saveParticipant(slug: string, p: StoredParticipant | null): void {
  try {
    if (p) window.localStorage.setItem(participantKey(slug), JSON.stringify(p));
    else window.localStorage.removeItem(participantKey(slug));
  } catch {
    // Storage full or disabled: the page still works, it just cannot resume after a reload.
  }
}
