import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import { Redis } from 'ioredis';

/**
 * Tests of what several nodes share through Redis run when REDIS_URL is set (the
 * CI's PostgreSQL + Redis pass); without it they are reported as skipped, with the
 * reason in their title.
 */
export const REDIS_URL = process.env.REDIS_URL || undefined;
export const REDIS_SKIP_REASON = 'needs REDIS_URL (e.g. REDIS_URL=redis://127.0.0.1:6379)';

/** `describe` with Redis, `describe.skip` (reason in the title) without. */
export function describeRedis(title: string, fn: () => void): void {
  if (REDIS_URL) describe(title, fn);
  else describe.skip(`${title} — skipped: ${REDIS_SKIP_REASON}`, fn);
}

/** A key prefix of its own (a valid REDIS_PREFIX), so parallel test files never share counters in the one Redis. */
export function uniqueRedisPrefix(name: string): string {
  return `civiq-test-${name}-${randomBytes(5).toString('hex')}`;
}

/** A client like the runtime's (no offline queue, one retry). */
export async function connectRedis(url = REDIS_URL!): Promise<Redis> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Delete every key under a prefix (after a test). */
export async function dropPrefix(client: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length) await client.del(...keys);
  } while (cursor !== '0');
}
