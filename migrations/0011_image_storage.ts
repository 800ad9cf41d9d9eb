import type { Kysely } from 'kysely';
import { runScript } from '../src/db/sql-script.ts';

/**
 * Question images: the row keeps the metadata; the bytes live where the image store put them
 * (`stored_in`): in the row (the default, shared by the Node server and the worker), on the
 * Node server's disk (IMAGE_DIR), or in an R2 bucket (the worker's IMAGES binding).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    alter table images alter column bytes drop not null;
    alter table images add column stored_in text not null default 'database' check (stored_in in ('database', 'disk', 'r2'));
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    delete from images where bytes is null;
    alter table images drop column stored_in;
    alter table images alter column bytes set not null;
  `,
  );
}
