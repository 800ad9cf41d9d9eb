import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { mkdir } from 'node:fs/promises';
import type { Database } from './schema.ts';
import { configurePgTypes } from './pg-types.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** The schema the application's tables live in, when not the default (tests). */
  schema?: string | undefined;
  /** Close every connection (PGlite: flush and close the embedded database). */
  close(): Promise<void>;
}

export interface ConnectOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory, used when no DATABASE_URL is given. */
  dataDir: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
  /** Schema to put first on the search path (tests isolate files this way). */
  searchPath?: string;
}

configurePgTypes(pg);

/** Open the configured database: real PostgreSQL when a URL is given, embedded PGlite otherwise. */
export async function connectDatabase(opts: ConnectOptions): Promise<DatabaseHandle> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      ...(opts.searchPath ? { options: `-c search_path=${opts.searchPath}` } : {}),
    });
    // An idle client losing its server must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', schema: opts.searchPath?.split(',')[0], close: () => db.destroy() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  if (opts.dataDir !== 'memory://') await mkdir(opts.dataDir, { recursive: true });
  const pglite = await PGlite.create(opts.dataDir === 'memory://' ? undefined : opts.dataDir);
  if (opts.searchPath) await pglite.exec(`set search_path to ${opts.searchPath}`);
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: 'pglite',
    schema: opts.searchPath?.split(',')[0],
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
