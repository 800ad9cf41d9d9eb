/**
 * JSON calls from the authoring pages: the page's language goes with every
 * request (server messages come back in it), and every answer is a value, never
 * a throw, so a page can show the error where it belongs.
 */

export interface ApiError {
  code: string;
  message: string;
  details?: unknown;
}

export type ApiResult<T> = { ok: true; status: number; data: T; response: Response } | { ok: false; status: number; error: ApiError };

let language = 'vi';
export function setApiLanguage(lang: string): void {
  language = lang;
}

export async function api<T>(method: string, url: string, opts: { json?: unknown; body?: BodyInit; contentType?: string } = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { 'Accept-Language': language };
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.body !== undefined) {
    body = opts.body;
    headers['Content-Type'] = opts.contentType ?? 'application/octet-stream';
  }
  let res: Response;
  try {
    res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}), credentials: 'same-origin' });
  } catch {
    return { ok: false, status: 0, error: { code: 'NETWORK', message: language === 'en' ? 'Could not reach the server. Check the connection and try again.' : 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.' } };
  }
  if (res.status === 401) {
    location.assign(`/login?next=${encodeURIComponent(location.pathname + location.search)}`);
  }
  const type = res.headers.get('Content-Type') ?? '';
  if (!res.ok) {
    const env = type.includes('json') ? ((await res.json().catch(() => null)) as { error?: ApiError } | null) : null;
    return { ok: false, status: res.status, error: env?.error ?? { code: `HTTP_${res.status}`, message: res.statusText } };
  }
  const data = res.status === 204 ? (undefined as T) : type.includes('json') ? ((await res.json()) as T) : ((await res.text()) as unknown as T);
  return { ok: true, status: res.status, data, response: res };
}

/** The error's message with its field details, one line each (for an announced error box). */
export function errorLines(e: ApiError): string[] {
  const lines = [e.message];
  if (Array.isArray(e.details)) {
    for (const d of e.details.slice(0, 20) as Array<{ path?: string; line?: number; message?: string }>) {
      if (d && typeof d === 'object' && d.message) lines.push(d.line ? `${d.line}: ${d.message}` : d.path ? `${d.path}: ${d.message}` : d.message);
    }
  }
  return lines;
}
