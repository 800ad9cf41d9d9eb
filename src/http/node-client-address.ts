import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppContext } from './app-env.ts';
import type { AddressResolver } from './client-address.ts';

/** On Node: the socket peer's address (a reverse proxy in front must be configured with care). */
export function nodeClientAddress(c: AppContext): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket.
    return 'unknown';
  }
}

/** The socket peer's address on Node, or null without a socket (app.request in tests). */
export function nodePeerAddress(c: AppContext): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}

/** On Node behind reverse proxies: the peer, or the client named by a trusted proxy (see client-address.ts). */
export function nodeClientAddressVia(resolve: AddressResolver): (c: AppContext) => string {
  return (c) => resolve(nodePeerAddress(c) ?? 'unknown', c.req.header('X-Forwarded-For'));
}
