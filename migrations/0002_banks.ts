import type { Kysely } from 'kysely';
import { runScript } from '../src/db/sql-script.ts';

/**
 * Question banks: a mutable draft (questions), immutable published versions
 * (bank_versions + bank_version_questions, frozen copies that contests pin),
 * collaborators, the optional review workflow, and uploaded images.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    create table banks (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique,
      title jsonb not null,
      description jsonb,
      default_language text not null default 'vi' check (default_language in ('vi', 'en')),
      framework text not null,
      visibility text not null default 'private' check (visibility in ('private', 'unit', 'public')),
      region_code text,
      licence text,
      author text,
      tags jsonb not null default '[]',
      owner_id uuid references users(id) on delete set null,
      review_required boolean not null default false,
      review_state text not null default 'draft' check (review_state in ('draft', 'in_review', 'approved', 'changes_requested')),
      reviewed_revision integer,
      draft_revision integer not null default 0,
      next_position integer not null default 0,
      archived_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table bank_members (
      bank_id uuid not null references banks(id) on delete cascade,
      user_id uuid not null references users(id) on delete cascade,
      role text not null check (role in ('editor', 'viewer', 'reviewer')),
      primary key (bank_id, user_id)
    );

    create table questions (
      id uuid primary key default gen_random_uuid(),
      bank_id uuid not null references banks(id) on delete cascade,
      key text not null,
      position integer not null,
      type text not null,
      body jsonb not null,
      search_text text not null,
      competences text[] not null default '{}',
      grade_bands text[] not null default '{}',
      difficulty smallint not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (bank_id, key)
    );
    create index questions_bank_position_idx on questions (bank_id, position);
    create index questions_search_idx on questions using gin (to_tsvector('simple', search_text));
    create index questions_competences_idx on questions using gin (competences);

    create table bank_versions (
      id uuid primary key default gen_random_uuid(),
      bank_id uuid not null references banks(id) on delete restrict,
      version integer not null,
      meta jsonb not null,
      checksum text not null,
      question_count integer not null,
      published_by uuid references users(id) on delete set null,
      published_at timestamptz not null default now(),
      unique (bank_id, version)
    );

    create table bank_version_questions (
      version_id uuid not null references bank_versions(id) on delete restrict,
      key text not null,
      position integer not null,
      type text not null,
      body jsonb not null,
      competences text[] not null default '{}',
      grade_bands text[] not null default '{}',
      difficulty smallint not null,
      primary key (version_id, key)
    );

    create table review_comments (
      id uuid primary key default gen_random_uuid(),
      bank_id uuid not null references banks(id) on delete cascade,
      question_key text,
      author_id uuid references users(id) on delete set null,
      kind text not null default 'comment' check (kind in ('comment', 'submitted', 'approved', 'changes_requested')),
      body text not null default '',
      created_at timestamptz not null default now()
    );
    create index review_comments_bank_idx on review_comments (bank_id, created_at);

    create table images (
      id uuid primary key default gen_random_uuid(),
      bank_id uuid references banks(id) on delete set null,
      content_type text not null,
      bytes bytea not null,
      size integer not null,
      uploaded_by uuid references users(id) on delete set null,
      created_at timestamptz not null default now()
    );
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    drop table images;
    drop table review_comments;
    drop table bank_version_questions;
    drop table bank_versions;
    drop table questions;
    drop table bank_members;
    drop table banks;
  `,
  );
}
