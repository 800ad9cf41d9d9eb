import type { Kysely } from 'kysely';
import { runScript } from '../src/db/sql-script.ts';

/**
 * Scheduled online contests ("cuộc thi trực tuyến", docs/scheduled.md): a contest
 * with a time window, registered participants (no account; a hashed bearer token),
 * timed attempts drawn at random and autosaved answer by answer, and the official
 * results frozen at close into `scheduled_result_*` tables that later changes to
 * accounts, banks or settings never touch. Also the organiser right: a teacher
 * granted it for a region set may run contests there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    create table organiser_grants (
      user_id uuid not null references users(id) on delete cascade,
      region_set text not null,
      granted_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now(),
      primary key (user_id, region_set)
    );

    create table scheduled_contests (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique,
      owner_id uuid references users(id) on delete set null,
      title jsonb not null,
      rules jsonb not null,
      bank_slug text not null,
      bank_version integer not null,
      bank_version_id uuid not null references bank_versions(id) on delete restrict,
      questions_per_attempt integer,
      blueprint jsonb,
      attempt_minutes integer not null,
      max_attempts integer not null,
      opens_at timestamptz not null,
      closes_at timestamptz not null,
      region_set text not null,
      grade_bands jsonb not null default '[]',
      prediction jsonb not null,
      keys_visible text not null default 'afterClose' check (keys_visible in ('afterSubmit', 'afterClose')),
      prizes jsonb not null,
      unit_formula jsonb not null,
      draft boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      -- Set by the close step, in the same transaction as the results snapshot.
      closed_at timestamptz,
      -- The figure predictions are scored against, frozen at close.
      prediction_actual integer,
      published_at timestamptz,
      check (closes_at > opens_at)
    );
    create index scheduled_contests_window_idx on scheduled_contests (closes_at) where closed_at is null;

    create table scheduled_participants (
      id uuid primary key default gen_random_uuid(),
      contest_id uuid not null references scheduled_contests(id) on delete cascade,
      full_name text not null,
      name_key text not null,
      date_of_birth date,
      grade_band text,
      school text not null,
      school_key text not null,
      district text not null,
      class_name text,
      phone text,
      email text,
      guardian_consent boolean not null default false,
      token_salt text not null,
      token_hash text not null unique,
      resume_code_hash text not null,
      -- Set when an organiser merges this registration into another (its attempts move there).
      merged_into uuid references scheduled_participants(id) on delete set null,
      created_at timestamptz not null default now(),
      unique (contest_id, resume_code_hash)
    );
    create index scheduled_participants_district_idx on scheduled_participants (contest_id, district);
    create index scheduled_participants_identity_idx on scheduled_participants (contest_id, name_key, date_of_birth, school_key);

    create table scheduled_duplicates (
      id uuid primary key default gen_random_uuid(),
      contest_id uuid not null references scheduled_contests(id) on delete cascade,
      participant_id uuid not null references scheduled_participants(id) on delete cascade,
      duplicate_of uuid not null references scheduled_participants(id) on delete cascade,
      status text not null default 'open' check (status in ('open', 'merged', 'dismissed')),
      decided_by uuid references users(id) on delete set null,
      decided_at timestamptz,
      created_at timestamptz not null default now(),
      unique (participant_id, duplicate_of)
    );
    create index scheduled_duplicates_contest_idx on scheduled_duplicates (contest_id, status);

    create table scheduled_attempts (
      id uuid primary key default gen_random_uuid(),
      contest_id uuid not null references scheduled_contests(id) on delete cascade,
      participant_id uuid not null references scheduled_participants(id) on delete cascade,
      attempt_no integer not null,
      seed text not null,
      question_keys jsonb not null,
      -- Per question, the original option ids in display order (player-view.ts).
      mappings jsonb not null,
      started_at timestamptz not null,
      deadline timestamptz not null,
      ended_at timestamptz,
      end_reason text check (end_reason in ('submitted', 'deadline', 'contest_closed')),
      prediction integer,
      score integer,
      max_score integer not null,
      correct_count integer,
      duration_ms integer
    );
    create index scheduled_attempts_participant_idx on scheduled_attempts (participant_id, attempt_no);
    create index scheduled_attempts_open_idx on scheduled_attempts (deadline) where ended_at is null;
    -- Best attempt per participant: score desc, then the earlier.
    create index scheduled_attempts_best_idx on scheduled_attempts (contest_id, participant_id, score desc, ended_at, id) where ended_at is not null;

    create table scheduled_answers (
      attempt_id uuid not null references scheduled_attempts(id) on delete cascade,
      question_key text not null,
      position integer not null,
      response jsonb not null,
      correct boolean not null,
      fraction real not null,
      points integer not null,
      saved_at timestamptz not null,
      elapsed_ms integer not null,
      primary key (attempt_id, question_key)
    );

    -- The official results, frozen at close (one row per participant with a finished attempt).
    create table scheduled_result_individuals (
      contest_id uuid not null references scheduled_contests(id) on delete cascade,
      participant_id uuid not null,
      rank integer not null,
      district_rank integer not null,
      attempt_id uuid not null,
      full_name text not null,
      district text not null,
      school text not null,
      school_key text not null,
      class_name text,
      grade_band text,
      score integer not null,
      max_score integer not null,
      correct_count integer not null,
      prediction integer,
      prediction_error integer,
      duration_ms integer not null,
      submitted_at timestamptz not null,
      prize text,
      primary key (contest_id, participant_id)
    );
    create unique index scheduled_result_individuals_rank_idx on scheduled_result_individuals (contest_id, rank);
    create index scheduled_result_individuals_district_idx on scheduled_result_individuals (contest_id, district, rank);

    create table scheduled_result_units (
      contest_id uuid not null references scheduled_contests(id) on delete cascade,
      scope text not null check (scope in ('school', 'district')),
      unit_key text not null,
      name text not null,
      district text not null,
      participants integer not null,
      enrolment integer,
      participation_rate double precision,
      mean_score double precision,
      median_score double precision,
      prize_points double precision not null,
      collective_score double precision not null,
      rank integer not null,
      primary key (contest_id, scope, unit_key)
    );
    create index scheduled_result_units_rank_idx on scheduled_result_units (contest_id, scope, rank);

    -- Solo practice: no participant, nothing personal; purged after a day.
    create table practice_attempts (
      id uuid primary key default gen_random_uuid(),
      bank_slug text not null,
      bank_version integer not null,
      bank_version_id uuid not null references bank_versions(id) on delete cascade,
      seed text not null,
      question_keys jsonb not null,
      mappings jsonb not null,
      answers jsonb not null default '{}',
      started_at timestamptz not null,
      deadline timestamptz,
      ended_at timestamptz
    );
    create index practice_attempts_started_idx on practice_attempts (started_at);
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    drop table practice_attempts;
    drop table scheduled_result_units;
    drop table scheduled_result_individuals;
    drop table scheduled_answers;
    drop table scheduled_attempts;
    drop table scheduled_duplicates;
    drop table scheduled_participants;
    drop table scheduled_contests;
    drop table organiser_grants;
  `,
  );
}
