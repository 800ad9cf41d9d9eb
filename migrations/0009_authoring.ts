import type { Kysely } from 'kysely';
import { runScript } from '../src/db/sql-script.ts';

/**
 * Authoring in the browser: a note on each published version ("what changed",
 * shown in the version history) and the organiser right an admin gives a teacher
 * for their region (scheduled contests build on it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    alter table bank_versions add column note text not null default '';
    alter table users add column organiser boolean not null default false;
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    alter table users drop column organiser;
    alter table bank_versions drop column note;
    `,
  );
}
