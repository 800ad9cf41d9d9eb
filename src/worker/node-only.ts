import { ERROR_MESSAGES } from '../http/errors.ts';

/**
 * Paths the Workers build does not serve: live contests run over socket.io (Node only), the
 * pages load bundles from the Node server's disk, and password sign-in runs scrypt at the
 * OWASP cost (128 MiB per hash, the whole memory of a Worker isolate). With `NODE_URL` set the
 * worker forwards such requests to the Node deployment; without it, it answers 501 with the
 * `NODE_ONLY` code and where to go.
 */
const NODE_ONLY = [/^\/api\/live-contests(\/|$)/, /^\/api\/auth\/login$/, /^\/api\/users(\/|$)/, /^\/socket\.io\//, /^\/(play|host|screen|login|static)(\/|$)/, /^\/$/];

export function isNodeOnly(pathname: string): boolean {
  return NODE_ONLY.some((re) => re.test(pathname));
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
