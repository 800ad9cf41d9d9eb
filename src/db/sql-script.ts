import { sql, type Kysely } from 'kysely';

/**
 * Run a migration script statement by statement: both drivers send queries as
 * prepared statements, which hold one command each. Statements end with `;` at
 * the end of a line; keep that convention in migrations (no `;` line ends inside
 * function bodies — use a separate `sql` call for those).
 */
export async function runScript(db: Kysely<any>, script: string): Promise<void> {
  const statements = script
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  for (const statement of statements) await sql.raw(statement).execute(db);
}
