import { ERROR_MESSAGES } from '../http/errors.ts';

/**
 * Paths the Workers build does not serve: live contests run over socket.io (Node only); the
 * pages (and /docs, /metrics) load bundles and files from the Node server's disk; password
 * sign-in and account administration run scrypt at the OWASP cost (128 MiB per hash, the whole
 * memory of a Worker isolate). With `NODE_URL` set the worker forwards such requests to the
 * Node deployment; without it, it answers 501 with the `NODE_ONLY` code and where to go.
 */

/** What the worker serves itself: the API and the machine-readable documents. */
const WORKER_PATHS = [/^\/api\//, /^\/(healthz|readyz|openapi\.json)$/, /^\/schemas\//, /^\/uploads\//];
/** API routes that still need the Node server. */
const NODE_ONLY_API = [/^\/api\/live-contests(\/|$)/, /^\/api\/auth\/login$/, /^\/api\/users(\/|$)/];

export function isNodeOnly(pathname: string): boolean {
  return !WORKER_PATHS.some((re) => re.test(pathname)) || NODE_ONLY_API.some((re) => re.test(pathname));
}

export async function forwardToNode(request: Request, nodeUrl: string | undefined, lang: 'vi' | 'en'): Promise<Response> {
  const url = new URL(request.url);
  if (nodeUrl) {
    const target = new URL(url.pathname + url.search, nodeUrl);
    return fetch(new Request(target, request));
  }
  const body = {
    error: {
      code: 'NODE_ONLY',
      message: ERROR_MESSAGES.NODE_ONLY[lang],
      details: { path: url.pathname, hint: 'Set NODE_URL in wrangler.toml to forward these requests to the Node server (see docs/deploy.md).' },
    },
  };
  return new Response(JSON.stringify(body), { status: 501, headers: { 'Content-Type': 'application/json; charset=utf-8' } });
}
