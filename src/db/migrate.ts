import type { Kysely } from 'kysely';
import { FileMigrationProvider, Migrator, type MigrationResultSet } from 'kysely/migration';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

/**
 * Migrations run through Kysely's Migrator. On PostgreSQL the migrator holds an advisory
 * lock (`pg_advisory_lock`, Kysely's Postgres adapter) around the whole run,
 * so two servers starting at once never both migrate: the second waits, then
 * finds nothing left to do.
 */
export function createMigrator(db: Kysely<any>, schema?: string): Migrator {
  return new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_DIR }),
    // Kysely looks its bookkeeping tables up across schemas; pin them when the app has its own schema.
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<MigrationResultSet> {
  return check(await createMigrator(db, schema).migrateToLatest());
}

export async function migrateDown(db: Kysely<any>, schema?: string): Promise<MigrationResultSet> {
  return check(await createMigrator(db, schema).migrateDown());
}

function check(result: MigrationResultSet): MigrationResultSet {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const err = new Error(`migration ${failed?.migrationName ?? ''} failed: ${(result.error as Error).message ?? result.error}`);
    (err as Error & { cause?: unknown }).cause = result.error;
    throw err;
  }
  return result;
}
