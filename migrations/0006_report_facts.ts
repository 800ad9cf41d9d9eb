import type { Kysely } from 'kysely';
import { runScript } from '../src/db/sql-script.ts';

/**
 * Reports read one results model, written when a contest ends (live) or closes
 * (scheduled) and never from the hot answer tables: `report_facts` holds one row
 * per participant × question, and the per-contest summaries below are
 * materialised from it in the same transaction (src/reports/fact-writer.ts).
 * Every filter a report uses has an index; see docs/reports.md.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    create table report_contests (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('live', 'scheduled')),
      -- The live contest's id, or the scheduled contest's slug.
      source_id text not null,
      title text not null,
      owner_id uuid references users(id) on delete set null,
      region_set text,
      bank_slug text,
      -- The bank version the questions came from (their text for the question views).
      bank_version_id uuid,
      question_count integer not null default 0,
      -- How a unit's collective score is computed: 'mean-points' (live: mean of members' points)
      -- or 'participation-prizes' (scheduled: participation % + prize points of members).
      unit_formula text not null default 'mean-points' check (unit_formula in ('mean-points', 'participation-prizes')),
      ended_at timestamptz not null,
      facts_written_at timestamptz not null default now(),
      unique (kind, source_id)
    );
    create index report_contests_region_ended_idx on report_contests (region_set, ended_at);
    create index report_contests_owner_idx on report_contests (owner_id);

    create table report_facts (
      contest_id uuid not null references report_contests(id) on delete cascade,
      contest_kind text not null,
      participant_id text not null,
      question_index integer not null,
      question_key text not null,
      answered boolean not null,
      correct boolean not null,
      points integer not null,
      time_ms integer,
      -- The chosen option ids (or the folded short answer), for "the most chosen wrong option".
      choice text,
      competences text[] not null default '{}',
      domains text[] not null default '{}',
      difficulty smallint not null default 2,
      district text not null,
      school text,
      grade_band text,
      attempts smallint not null default 1,
      answered_on date not null,
      primary key (contest_id, participant_id, question_index)
    );
    -- Facts are written once per contest and read by contest id (the primary key) when the summaries
    -- are materialised; reports filter the summaries, whose keys carry the filters. Two more for
    -- ad-hoc reads by district and by day; each extra index here costs on every close.
    create index report_facts_district_idx on report_facts (contest_id, district, school);
    create index report_facts_date_idx on report_facts (answered_on);

    create table report_participants (
      contest_id uuid not null references report_contests(id) on delete cascade,
      participant_id text not null,
      district text not null,
      school text,
      grade_band text,
      attempts integer not null,
      due integer not null,
      answered integer not null,
      correct integer not null,
      points integer not null,
      -- Percent of due questions answered fully correctly (0–100): comparable across contests.
      score real not null,
      completed boolean not null,
      primary key (contest_id, participant_id)
    );
    create index report_participants_district_idx on report_participants (contest_id, district, school);

    create table report_district_summary (
      contest_id uuid not null references report_contests(id) on delete cascade,
      district text not null,
      participants integer not null,
      attempts integer not null,
      enrolment integer,
      mean_score real not null,
      median_score real not null,
      p90_score real not null,
      mean_points real not null,
      completion_rate real not null,
      collective_score real not null,
      rank integer not null,
      primary key (contest_id, district)
    );

    create table report_school_summary (
      contest_id uuid not null references report_contests(id) on delete cascade,
      district text not null,
      school text not null,
      participants integer not null,
      attempts integer not null,
      enrolment integer,
      mean_score real not null,
      median_score real not null,
      p90_score real not null,
      completion_rate real not null,
      primary key (contest_id, district, school)
    );

    create table report_competence_summary (
      contest_id uuid not null references report_contests(id) on delete cascade,
      district text not null,
      -- A component code ('4.2') or a domain ('4').
      competence text not null,
      is_domain boolean not null,
      participants integer not null,
      answers integer not null,
      correct integer not null,
      primary key (contest_id, district, competence)
    );

    create table report_question_summary (
      contest_id uuid not null references report_contests(id) on delete cascade,
      -- '' is the whole contest.
      district text not null,
      -- The question's position (live: its index; scheduled: its lowest position in an attempt).
      question_index integer not null,
      question_key text not null,
      participants integer not null,
      answered integer not null,
      correct integer not null,
      time_sum bigint not null,
      time_n integer not null,
      top_wrong_choice text,
      top_wrong_count integer not null default 0,
      -- By question key: scheduled attempts draw questions in random order, so a position means nothing across participants.
      primary key (contest_id, district, question_key)
    );

    create table report_series (
      id uuid primary key default gen_random_uuid(),
      title text not null,
      owner_id uuid references users(id) on delete set null,
      region_set text,
      created_at timestamptz not null default now()
    );

    create table report_series_contests (
      series_id uuid not null references report_series(id) on delete cascade,
      contest_id uuid not null references report_contests(id) on delete cascade,
      position integer not null,
      primary key (series_id, contest_id)
    );
    create index report_series_contests_contest_idx on report_series_contests (contest_id);

    -- Per series and district, materialised when the series is created and whenever one of its
    -- contests is (re)written: medians and percentiles over a whole series cannot be added up
    -- from the per-contest summaries, and computing them per request grows with the series.
    create table report_series_district_summary (
      series_id uuid not null references report_series(id) on delete cascade,
      district text not null,
      participants integer not null,
      attempts integer not null,
      enrolment integer,
      mean_score real not null,
      median_score real not null,
      p90_score real not null,
      mean_points real not null,
      completion_rate real not null,
      collective_score real not null,
      participation_rate real,
      primary key (series_id, district)
    );
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runScript(
    db,
    `
    drop table report_series_district_summary;
    drop table report_series_contests;
    drop table report_series;
    drop table report_question_summary;
    drop table report_competence_summary;
    drop table report_school_summary;
    drop table report_district_summary;
    drop table report_participants;
    drop table report_facts;
    drop table report_contests;
  `,
  );
}
