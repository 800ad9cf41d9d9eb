import type { Kysely } from 'kysely';
import { runScript } from '../src/db/sql-script.ts';

/**
 * Regions are versioned data, never code: Vietnam's administrative map changes
 * (the district level was abolished on 1 Jul 2025), so each region set carries
 * its validity and a contest picks one. Schools and their enrolment hang off a
 * set's units so participation = players / enrolment can be computed per unit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    create table region_sets (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      name jsonb not null,
      province text not null,
      valid_from date not null,
      valid_to date,
      source text not null default '',
      is_default boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (valid_to is null or valid_to >= valid_from)
    );
    create unique index region_sets_one_default on region_sets (is_default) where is_default;

    create table regions (
      id uuid primary key default gen_random_uuid(),
      set_id uuid not null references region_sets(id) on delete cascade,
      code text not null check (code ~ '^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$'),
      parent_code text,
      level text not null check (level in ('province', 'district', 'commune', 'school-cluster')),
      kind text not null,
      name text not null,
      full_name text not null,
      name_en text not null,
      aliases jsonb not null default '[]',
      match_keys text[] not null default '{}',
      position integer not null,
      unique (set_id, code),
      foreign key (set_id, parent_code) references regions (set_id, code) deferrable initially deferred
    );
    create index regions_match_keys_idx on regions using gin (match_keys);

    create table schools (
      id uuid primary key default gen_random_uuid(),
      set_id uuid not null references region_sets(id) on delete cascade,
      region_code text not null,
      name text not null,
      grade_band text,
      enrolment integer not null check (enrolment >= 0),
      is_demo boolean not null default false,
      source text not null default '',
      updated_at timestamptz not null default now(),
      foreign key (set_id, region_code) references regions (set_id, code)
    );
    create unique index schools_unit_name_band_key on schools (set_id, region_code, name, coalesce(grade_band, ''));
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(db, 'drop table schools;\ndrop table regions;\ndrop table region_sets;');
}
