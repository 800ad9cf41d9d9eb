import type { Kysely } from 'kysely';
import { runScript } from '../src/db/sql-script.ts';

/**
 * Security (issue 13):
 * - `bank_invitations`: adding a collaborator by email stores an invitation
 *   whether or not the email has an account, so the answer does not tell the
 *   caller which emails exist; it becomes a membership when that account next
 *   uses banks (or is created).
 * - `live_answers.flagged`: answers faster than the human floor (after the
 *   measured round trip) are kept, flagged, and shown to the host and in results.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    create table bank_invitations (
      bank_id uuid not null references banks(id) on delete cascade,
      email text not null,
      role text not null check (role in ('editor', 'viewer', 'reviewer')),
      created_at timestamptz not null default now(),
      primary key (bank_id, email)
    );
    create index bank_invitations_email on bank_invitations (email);
    alter table live_answers add column flagged boolean not null default false;
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    alter table live_answers drop column flagged;
    drop table bank_invitations;
  `,
  );
}
