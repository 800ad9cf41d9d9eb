/**
 * SQL that fills a scheduled contest for the benchmark without going through HTTP
 * (the peak's participants do; see scheduled-bench.ts). The rows look like what
 * the API writes: hashed tokens and resume codes, folded name and school keys,
 * submitted attempts with a score, a prediction and a server-measured duration.
 * Scores lean high and many tie, so the tie-break keys (prediction error,
 * duration, submit time) do real work.
 */

/** $1 contest id, $2 first index − 1, $3 how many, $4 district codes (text[]). About 60 schools per district. */
export const SCHEDULED_SEED_SQL = `
insert into scheduled_participants (contest_id, full_name, name_key, date_of_birth, school, school_key, district, class_name, guardian_consent, token_salt, token_hash, resume_code_hash, created_at)
select $1::uuid,
       'Thí Sinh Bulk ' || i,
       'thi sinh bulk ' || i,
       date '2006-01-01' + (i % 3650),
       'Trường ' || (i % 60),
       'truong ' || (i % 60),
       ($4::text[])[1 + (i / 60) % array_length($4::text[], 1)],
       (6 + i % 7)::text || 'A',
       true,
       'bench',
       md5($1::text || ':token:' || i),
       md5($1::text || ':resume:' || i),
       now() - interval '10 days'
from generate_series($2::int + 1, $2::int + $3::int) as i`;

/**
 * $1 contest id, $2 attempts, $3 questions per attempt. Every participant without
 * an attempt gets one; the extra attempts go round them again (attempt 2, 3 …).
 */
export const SCHEDULED_BULK_ATTEMPTS_SQL = `
with ids as (
  -- One array, indexed in O(1) below (a join on "k = g % n" would be quadratic).
  select array_agg(p.id order by p.id) as a
  from scheduled_participants p
  where p.contest_id = $1::uuid and not exists (select 1 from scheduled_attempts a where a.participant_id = p.id)
),
keys as (select question_keys, mappings from scheduled_attempts where contest_id = $1::uuid limit 1),
g as (
  select g, random() as r1, random() as r2, random() as r3, random() as r4
  from generate_series(0, $2::int - 1) as g
)
insert into scheduled_attempts (contest_id, participant_id, attempt_no, seed, question_keys, mappings, started_at, deadline, ended_at, end_reason, prediction, score, max_score, correct_count, duration_ms)
select $1::uuid, ids.a[1 + g.g % cardinality(ids.a)], 1 + g.g / cardinality(ids.a), 'bulk',
       coalesce((select question_keys from keys), '[]'::jsonb), coalesce((select mappings from keys), '[]'::jsonb),
       st, st + interval '30 minutes', st + dur * interval '1 millisecond', 'submitted',
       (g.r3 * 60000)::int,
       correct * 10, $3::int * 10, correct, dur
from g
cross join ids
cross join lateral (select now() - interval '1 hour' - (g.r1 * 9 * 86400) * interval '1 second' as st,
                           (60000 + floor(g.r2 * 1740000))::int as dur,
                           least($3::int, floor($3::int * (0.35 + 0.65 * sqrt(g.r4)) + 0.5))::int as correct) as x
where cardinality(ids.a) > 0`;

/** $1 contest id, $2 questions: the answers of the bulk attempts (right ones first, matching the attempt's count). */
export const SCHEDULED_BULK_ANSWERS_SQL = `
insert into scheduled_answers (attempt_id, question_key, position, response, correct, fraction, points, saved_at, elapsed_ms)
select a.id, coalesce(a.question_keys ->> (q - 1), 'q' || q), q - 1, '{"type":"single_choice","choice":0}'::jsonb,
       q <= a.correct_count, case when q <= a.correct_count then 1 else 0 end, case when q <= a.correct_count then 10 else 0 end,
       a.started_at + (q * a.duration_ms / ($2::int + 1)) * interval '1 millisecond', q * a.duration_ms / ($2::int + 1)
from scheduled_attempts a
cross join generate_series(1, $2::int) as q
where a.contest_id = $1::uuid and a.seed = 'bulk'`;
