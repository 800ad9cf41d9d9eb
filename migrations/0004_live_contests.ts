import type { Kysely } from 'kysely';
import { runScript } from '../src/db/sql-script.ts';

/**
 * Live contests. The contest row holds the state machine's durable fields so a
 * restarted server resumes where it stopped; answers are unique per contest ×
 * player × question and inserted with ON CONFLICT DO NOTHING (exactly once).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    create table live_contests (
      id uuid primary key default gen_random_uuid(),
      pin text not null,
      owner_id uuid references users(id) on delete set null,
      title text not null,
      bank_slug text not null,
      bank_version integer not null,
      bank_version_id uuid not null references bank_versions(id) on delete restrict,
      question_keys jsonb not null,
      settings jsonb not null,
      region_set text,
      districts jsonb not null default '[]',
      roster_mode boolean not null default false,
      -- The projector token is HMAC(session secret, salt): shown to the host any time, never stored; a new salt revokes it.
      screen_salt text not null,
      seed text not null,
      phase text not null default 'lobby' check (phase in ('lobby', 'question', 'reveal', 'ended')),
      question_index integer not null default -1,
      -- The state machine's snapshot without answers (src/contests/live-restore.ts), saved at every
      -- phase change and as a heartbeat; answers live in live_answers.
      state jsonb,
      state_saved_at timestamptz,
      created_at timestamptz not null default now(),
      started_at timestamptz,
      ended_at timestamptz
    );
    create unique index live_contests_open_pin_key on live_contests (pin) where phase <> 'ended';
    create index live_contests_owner_idx on live_contests (owner_id, created_at desc);

    create table live_players (
      id uuid primary key default gen_random_uuid(),
      contest_id uuid not null references live_contests(id) on delete cascade,
      nickname text not null,
      nickname_key text not null,
      district text not null,
      school text,
      class_name text,
      roster_code_id uuid,
      reconnect_token_hash text not null unique,
      join_order integer not null,
      joined_at timestamptz not null default now(),
      kicked_at timestamptz
    );
    -- A kicked player's nickname is free again (unless banned, which the state machine enforces).
    create unique index live_players_nickname_key on live_players (contest_id, nickname_key) where kicked_at is null;

    create table live_answers (
      contest_id uuid not null references live_contests(id) on delete cascade,
      player_id uuid not null references live_players(id) on delete cascade,
      question_index integer not null,
      answer_id text not null,
      response jsonb not null,
      received_at timestamptz not null,
      rtt_ms integer,
      elapsed_ms integer not null,
      correct boolean not null,
      fraction real not null,
      points integer not null,
      primary key (contest_id, player_id, question_index)
    );

    create table live_roster_codes (
      id uuid primary key default gen_random_uuid(),
      contest_id uuid not null references live_contests(id) on delete cascade,
      code_hash text not null,
      label text not null,
      district text,
      used_by uuid references live_players(id) on delete set null,
      unique (contest_id, code_hash)
    );
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    drop table live_roster_codes;
    drop table live_answers;
    drop table live_players;
    drop table live_contests;
  `,
  );
}
