import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import { connectDatabase } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createRegionService } from '../src/regions/region-service.ts';
import { loadRegionSetFile } from '../src/regions/region-files.ts';
import { materialiseSummaries } from '../src/reports/fact-writer.ts';
import { createReportService } from '../src/reports/report-service.ts';
import { materialiseSeries } from '../src/reports/report-queries.ts';
import { renderChart, SERIES_CHARTS } from '../src/reports/report-charts.ts';
import { SYSTEM_PRINCIPAL } from '../src/auth/auth-service.ts';

/**
 * `npm run bench:reports -- --facts 1000000 [--database civiq_bench_reports] [--keep] [--json]`
 *
 * Generates report facts with SQL generate_series on PostgreSQL (15 districts, 300
 * schools, a pool of 100,000 participants, 20 contests grouped in one series, 20
 * questions per participant and contest), materialises every contest's summaries, then
 * times each report query (contest and series views, charts) and the close-time write
 * of one more contest (its facts plus its summaries). Creates the database it names
 * (default civiq_bench_reports) and drops it afterwards unless --keep.
 */
const HELP = `usage: npm run bench:reports -- [--facts N] [--database NAME] [--server URL] [--repeat R] [--keep] [--json]

  --facts N        answer facts across the 20 contests (default 1000000)
  --database NAME  database to create and drop (default civiq_bench_reports)
  --server URL     PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres)
  --repeat R       timed runs per query after one warm-up; the median is reported (default 3)
  --keep           keep the database afterwards
  --json           one JSON line instead of a table`;

const DISTRICTS = 15;
const SCHOOLS = 300;
const POOL = 100_000;
const CONTESTS = 20;
const QUESTIONS = 20;
const log = (m: string) => process.stderr.write(`[bench:reports] ${m}\n`);

const { values } = parseArgs({
  options: { facts: { type: 'string' }, database: { type: 'string' }, server: { type: 'string' }, repeat: { type: 'string' }, keep: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
});
if (values.help) {
  process.stdout.write(HELP + '\n');
  process.exit(0);
}
const FACTS = Number(values.facts ?? 1_000_000);
const DB = values.database ?? 'civiq_bench_reports';
const SERVER = values.server ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REPEAT = Number(values.repeat ?? 3);
if (!Number.isInteger(FACTS) || FACTS < CONTESTS * QUESTIONS || !/^[a-z_][a-z0-9_]*$/.test(DB) || !(REPEAT >= 1)) {
  process.stderr.write(HELP + '\n');
  process.exit(2);
}
const PER_CONTEST = Math.floor(FACTS / CONTESTS / QUESTIONS);

async function admin(q: string): Promise<void> {
  const c = new pg.Client({ connectionString: SERVER });
  await c.connect();
  try {
    await c.query(q);
  } finally {
    await c.end();
  }
}

const ms = (start: number) => Math.round((performance.now() - start) * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const url = new URL(SERVER);
  url.pathname = `/${DB}`;
  log(`creating database ${DB}`);
  await admin(`drop database if exists ${DB} with (force)`);
  await admin(`create database ${DB}`);
  const handle = await connectDatabase({ databaseUrl: url.toString(), dataDir: 'unused', poolSize: 4 });
  const db = handle.db;
  const result: Record<string, unknown> = {
    facts: PER_CONTEST * QUESTIONS * CONTESTS,
    contests: CONTESTS,
    perContestParticipants: PER_CONTEST,
    questions: QUESTIONS,
    districts: DISTRICTS,
    schools: SCHOOLS,
    pool: POOL,
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    postgres: '',
  };
  try {
    await migrateToLatest(db);
    result.postgres = (await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db)).rows[0]!.v;
    const regions = createRegionService({ db });
    await loadRegionSetFile(regions, path.resolve(import.meta.dirname, '../data/regions/daklak-2021.json'));
    const districts = (await db.selectFrom('regions').select('code').where('level', '=', 'district').orderBy('position').execute()).map((r) => r.code);
    if (districts.length !== DISTRICTS) throw new Error(`expected ${DISTRICTS} districts, found ${districts.length}`);
    const setId = (await db.selectFrom('region_sets').select('id').where('code', '=', 'daklak-2021').executeTakeFirstOrThrow()).id;
    // 300 schools, 20 per district, enrolment 400–799 each.
    await sql`
      insert into schools (set_id, region_code, name, enrolment)
      select ${setId}::uuid, (${districts}::text[])[1 + s % ${DISTRICTS}], 'Trường ' || s, 400 + (s * 37) % 400
      from generate_series(0, ${SCHOOLS - 1}) s`.execute(db);

    const t0 = performance.now();
    const contestIds: string[] = [];
    for (let c = 0; c < CONTESTS; c++) {
      const id = await insertContest(c);
      contestIds.push(id);
      await generateFacts(id, c);
      await materialiseSummaries(db, id);
      log(`contest ${c + 1}/${CONTESTS} written (${Math.round((performance.now() - t0) / 1000)} s)`);
    }
    result.loadSeconds = Math.round((performance.now() - t0) / 100) / 10;
    await sql`analyze`.execute(db);
    const size = await sql<{ facts: string; all: string }>`select pg_size_pretty(pg_total_relation_size('report_facts')) as facts, pg_size_pretty(pg_database_size(current_database())) as all`.execute(db);
    result.factsTableSize = size.rows[0]!.facts;
    result.databaseSize = size.rows[0]!.all;

    const series = await db.insertInto('report_series').values({ title: 'Bench series', owner_id: null, region_set: 'daklak-2021' }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('report_series_contests').values(contestIds.map((id, i) => ({ series_id: series.id, contest_id: id, position: i + 1 }))).execute();
    // The series' district figures: materialised when a series is created and when one of its contests is rewritten.
    const sm = performance.now();
    await materialiseSeries(db, series.id);
    result.seriesMaterialiseMs = ms(sm);
    log(`series materialised in ${result.seriesMaterialiseMs} ms`);

    const reports = createReportService({ db });
    const contest = await reports.contest(SYSTEM_PRINCIPAL, 'live', 'bench-contest-19');
    const seriesSubject = await reports.series(SYSTEM_PRINCIPAL, series.id);
    const d = districts[0]!;
    const queries: Array<[string, () => Promise<unknown>]> = [];
    for (const [label, s] of [['contest', contest], ['series', seriesSubject]] as const) {
      queries.push([`${label} districts`, () => reports.districts(s, 'vi')]);
      queries.push([`${label} competences`, () => reports.competences(s, 'vi', 'all')]);
      queries.push([`${label} questions`, () => reports.questions(s, 'vi', undefined)]);
      queries.push([`${label} questions ?district`, () => reports.questions(s, 'vi', d)]);
      queries.push([`${label} schools ?district`, () => reports.schools(s, d)]);
      queries.push([`${label} distribution`, () => reports.distribution(s)]);
      if (label === 'series') queries.push([`${label} trend`, () => reports.trend(s, 'vi')]);
      for (const chart of SERIES_CHARTS) if (label === 'series' || chart !== 'trend') queries.push([`${label} chart ${chart}.svg`, () => renderChart(reports, s, chart, 'vi')]);
    }
    const timings: Record<string, { firstMs: number; medianMs: number }> = {};
    for (const [label, run] of queries) {
      let start = performance.now();
      await run();
      const first = ms(start);
      const runs: number[] = [];
      for (let i = 0; i < REPEAT; i++) {
        start = performance.now();
        await run();
        runs.push(ms(start));
      }
      timings[label] = { firstMs: first, medianMs: median(runs) };
      log(`${label.padEnd(34)} first ${first} ms, median ${median(runs)} ms`);
    }
    result.queries = timings;

    // Close-time write of one more contest: its facts (generated in SQL, as a closing contest's
    // would be inserted) and its summaries, in one transaction.
    const extra = await insertContest(CONTESTS);
    let start = performance.now();
    await db.transaction().execute(async (trx) => {
      await generateFacts(extra, CONTESTS, trx);
      const factsMs = ms(start);
      const s2 = performance.now();
      await materialiseSummaries(trx, extra);
      result.closeWrite = { facts: PER_CONTEST * QUESTIONS, factsMs, summariesMs: ms(s2) };
    });
    (result.closeWrite as Record<string, number>).totalMs = ms(start);
    log(`close-time write of one contest (${PER_CONTEST * QUESTIONS} facts): ${JSON.stringify(result.closeWrite)}`);
    start = performance.now();
    await materialiseSummaries(db, extra);
    result.summariesOnlyMs = ms(start);
  } finally {
    await handle.close();
    if (!values.keep) {
      log(`dropping database ${DB}`);
      await admin(`drop database if exists ${DB} with (force)`);
    }
  }
  if (values.json) process.stdout.write(JSON.stringify(result) + '\n');
  else {
    const q = result.queries as Record<string, { firstMs: number; medianMs: number }>;
    process.stdout.write(`facts ${result.facts} (${CONTESTS} contests × ${PER_CONTEST} participants × ${QUESTIONS} questions), ${result.machine}, PostgreSQL ${result.postgres}\n`);
    process.stdout.write(`load ${result.loadSeconds} s; facts table ${result.factsTableSize}; database ${result.databaseSize}\n\n| query | first (ms) | median of ${REPEAT} (ms) |\n| --- | ---: | ---: |\n`);
    for (const [k, v] of Object.entries(q)) process.stdout.write(`| ${k} | ${v.firstMs} | ${v.medianMs} |\n`);
    process.stdout.write(`\nclose-time write of one contest: ${JSON.stringify(result.closeWrite)}; summaries alone ${result.summariesOnlyMs} ms; series (20 contests) materialised in ${result.seriesMaterialiseMs} ms\n`);
  }

  async function insertContest(c: number): Promise<string> {
    const row = await db
      .insertInto('report_contests')
      .values({ kind: 'live', source_id: `bench-contest-${c}`, title: `Vòng ${c + 1}`, owner_id: null, region_set: 'daklak-2021', bank_slug: 'bench', question_count: QUESTIONS, unit_formula: c % 2 ? 'participation-prizes' : 'mean-points', ended_at: new Date(Date.UTC(2026, 0, 1 + c * 7)) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /**
   * One contest's facts: PER_CONTEST participants from the pool (a window that moves per
   * contest, so participants recur across the series), each owing QUESTIONS questions; a
   * participant's district and school follow from their number; correctness from a hash with
   * a per-district and per-question bias; 3 % unanswered.
   */
  async function generateFacts(contestId: string, c: number, q: Kysely<Database> | Transaction<Database> = db): Promise<void> {
    const districtsArr = sql`(select array_agg(code order by position) from regions where level = 'district')`;
    await sql`
      insert into report_facts (contest_id, contest_kind, participant_id, question_index, question_key, answered, correct, points, time_ms, choice,
                                competences, domains, difficulty, district, school, grade_band, attempts, answered_on)
      select ${contestId}::uuid, 'live', 'p' || pid, qi, 'q-' || qi, h % 100 >= 3, h % 100 >= 3 and (h / 100) % 100 < 40 + (pid % ${DISTRICTS}) * 2 + qi,
             case when h % 100 >= 3 and (h / 100) % 100 < 40 + (pid % ${DISTRICTS}) * 2 + qi then 500 + (h / 10000) % 500 else 0 end,
             case when h % 100 >= 3 then 1000 + (h / 1000) % 20000 end,
             case when h % 100 >= 3 then chr(97 + ((h / 7) % 4)::int) end,
             array[((qi % 6) + 1) || '.' || ((qi % 3) + 1)], array[((qi % 6) + 1)::text], 1 + qi % 3,
             d.codes[1 + pid % ${DISTRICTS}], 'Trường ' || (pid % ${SCHOOLS}), null, 1 + (h % 7 = 0)::int,
             date '2026-01-01' + ${c * 7}::int
      from generate_series(0, ${PER_CONTEST - 1}) i
      cross join lateral (select ((i + ${c} * 4999) % ${POOL}) as pid) p
      cross join generate_series(0, ${QUESTIONS - 1}) qi
      cross join lateral (select abs(hashint8(pid * 1000 + qi * 31 + ${c}))::bigint as h) x
      cross join (select ${districtsArr} as codes) d`.execute(q);
  }
}

main().catch((err) => {
  process.stderr.write(`bench:reports failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
