import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppContext } from './app-env.ts';

/** On Node: the socket peer's address (a reverse proxy in front must be configured with care). */
export function nodeClientAddress(c: AppContext): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket.
    return 'unknown';
  }
}
