import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import { configurePgTypes } from '../db/pg-types.ts';

configurePgTypes(pg);

/**
 * Workers forbid I/O objects shared across requests ("Cannot perform I/O on behalf of a
 * different request"), so a module-level pool fails there. Each request opens its own small
 * pool over the Hyperdrive connection string (Hyperdrive pools the real connections near the
 * database) and ends it with `waitUntil` once the response is sent.
 *
 * The Kysely instance, the services and the Hono app are built once per isolate; only the
 * pool changes per request. `requestScopedPool` is the `PostgresPool` Kysely sees: it hands
 * out clients of the pool of the request that is running, found through AsyncLocalStorage.
 */
const current = new AsyncLocalStorage<pg.Pool>();

/** Runs `fn` with a fresh pool for this request; the pool is ended through `waitUntil`. */
export async function withRequestPool<T>(connectionString: string, waitUntil: (p: Promise<unknown>) => void, fn: () => Promise<T>): Promise<T> {
  // Three connections cover a transaction plus a parallel read in one request.
  const pool = new pg.Pool({ connectionString, max: 3 });
  pool.on('error', () => {});
  try {
    return await current.run(pool, fn);
  } finally {
    waitUntil(pool.end().catch(() => {}));
  }
}

export const requestScopedPool: PostgresPool = {
  // Kysely opens a control connection with these to cancel a running query.
  Client: pg.Client,
  get options(): object {
    return current.getStore()?.options ?? {};
  },
  async connect(): Promise<PostgresPoolClient> {
    const pool = current.getStore();
    if (!pool) throw new Error('no database pool for this request (called outside withRequestPool)');
    return pool.connect();
  },
  // Pools end per request (withRequestPool); Kysely's destroy has nothing left to close.
  async end(): Promise<void> {},
};
