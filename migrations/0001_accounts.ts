import type { Kysely } from 'kysely';
import { runScript } from '../src/db/sql-script.ts';

/** Accounts, server-side sessions and revocable API tokens. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(db, `
    create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      display_name text not null default '',
      role text not null check (role in ('admin', 'teacher', 'official')),
      region_code text,
      password_hash text not null,
      created_at timestamptz not null default now(),
      disabled_at timestamptz
    );
    create unique index users_email_key on users (lower(email));

    create table sessions (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id) on delete cascade,
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      last_seen_at timestamptz not null default now(),
      user_agent text,
      ip text
    );
    create index sessions_user_idx on sessions (user_id);

    create table api_tokens (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id) on delete cascade,
      name text not null,
      token_hash text not null unique,
      prefix text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz
    );
    create index api_tokens_user_idx on api_tokens (user_id);
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, 'drop table api_tokens;\ndrop table sessions;\ndrop table users;');
}
