import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Kysely, PGliteDialect } from 'kysely';
import type { PGlite } from '@electric-sql/pglite';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { Database } from '../../src/db/schema.ts';

/**
 * A migrated database for one test file, isolated in its own schema so files run
 * in parallel. PGlite by default (one instance per worker process: it costs
 * seconds to start); real PostgreSQL when TEST_DATABASE_URL is set.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export const DB_KIND = TEST_DATABASE_URL ? 'postgres' : 'pglite';

const shared = globalThis as unknown as { __civiqPglite?: Promise<PGlite>; __civiqPgliteInUse?: boolean };
const newPglite = () => import('@electric-sql/pglite').then(({ PGlite }) => PGlite.create());

/**
 * The worker's shared instance when it is free; a private one otherwise. One PGlite is
 * one connection, so two databases open at once (a second app in one file) cannot
 * share it: the search path is per connection.
 */
async function claimPglite(): Promise<{ pglite: PGlite; release: () => Promise<void> }> {
  if (shared.__civiqPgliteInUse) {
    const pglite = await newPglite();
    return { pglite, release: () => pglite.close() };
  }
  shared.__civiqPgliteInUse = true;
  const pglite = await (shared.__civiqPglite ??= newPglite());
  return { pglite, release: async () => void (shared.__civiqPgliteInUse = false) };
}

export async function createTestDatabase(opts: { migrate?: boolean } = {}): Promise<DatabaseHandle & { schema: string }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  let handle: DatabaseHandle;
  if (TEST_DATABASE_URL) {
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const inner = await connectDatabase({ databaseUrl: TEST_DATABASE_URL, dataDir: 'unused', searchPath: `${schema},public`, poolSize: 5 });
    handle = {
      ...inner,
      close: async () => {
        await inner.close();
        const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await c.connect();
        await c.query(`drop schema ${schema} cascade`);
        await c.end();
      },
    };
  } else {
    const { pglite, release } = await claimPglite();
    await pglite.exec(`create schema ${schema}; set search_path to ${schema}, public;`);
    const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
    // Never destroy the Kysely instance: that would close a PGlite the worker shares.
    handle = {
      db,
      kind: 'pglite',
      schema,
      close: async () => {
        await pglite.exec(`drop schema ${schema} cascade; set search_path to public;`);
        await release();
      },
    };
  }
  if (opts.migrate ?? true) await migrateToLatest(handle.db, schema);
  return { ...handle, schema };
}

/** A whole fresh database on the real server (for tests that start a server process). */
export async function createScratchPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  if (!TEST_DATABASE_URL) return null;
  const name = `civiq_t_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
