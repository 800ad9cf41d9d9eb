import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase } from '../support/db.ts';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connect.ts';
import { createMigrator, migrateDown, migrateToLatest } from '../../src/db/migrate.ts';

let h: DatabaseHandle & { schema: string };
beforeAll(async () => {
  h = await createTestDatabase({ migrate: false });
});
afterAll(() => h.close());

const tables = async (db: DatabaseHandle['db'], schema: string) =>
  (await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = ${schema} order by table_name`.execute(db)).rows.map((r) => r.table_name);

describe('migrations', () => {
  it('apply all, roll back one by one, and apply again', async () => {
    const all = await createMigrator(h.db, h.schema).getMigrations();
    expect(all.length).toBeGreaterThan(0);
    await migrateToLatest(h.db, h.schema);
    expect(await tables(h.db, h.schema)).toContain('users');
    for (let i = 0; i < all.length; i++) await migrateDown(h.db, h.schema);
    expect((await tables(h.db, h.schema)).filter((t) => !t.startsWith('kysely_'))).toEqual([]);
    await migrateToLatest(h.db, h.schema);
    const again = await createMigrator(h.db, h.schema).getMigrations();
    expect(again.every((m) => m.executedAt)).toBe(true);
  });

  it('run once when two servers start at the same time', async () => {
    if (h.kind !== 'postgres') {
      // One PGlite has one connection: concurrency is serialised by its mutex. Still check idempotence.
      const [a, b] = await Promise.all([migrateToLatest(h.db, h.schema), migrateToLatest(h.db, h.schema)]);
      expect([...(a.results ?? []), ...(b.results ?? [])].filter((r) => r.status === 'Error')).toEqual([]);
      return;
    }
    const fresh = `${h.schema}_c`;
    await sql.raw(`create schema ${fresh}`).execute(h.db);
    const url = process.env.TEST_DATABASE_URL!;
    const one = await connectDatabase({ databaseUrl: url, dataDir: 'x', searchPath: fresh });
    const two = await connectDatabase({ databaseUrl: url, dataDir: 'x', searchPath: fresh });
    try {
      const [a, b] = await Promise.all([migrateToLatest(one.db, fresh), migrateToLatest(two.db, fresh)]);
      const applied = [...(a.results ?? []), ...(b.results ?? [])].filter((r) => r.status === 'Success').map((r) => r.migrationName);
      const expected = (await createMigrator(one.db, fresh).getMigrations()).map((m) => m.name);
      expect(applied.sort()).toEqual(expected.sort());
    } finally {
      await one.close();
      await two.close();
      await sql.raw(`drop schema ${fresh} cascade`).execute(h.db);
    }
  });
});
