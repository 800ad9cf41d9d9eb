import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppContext } from './app-env.ts';

/** On Node: the socket peer's address, or null without a socket (`app.request` in tests). */
export function nodePeerAddress(c: AppContext): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}
