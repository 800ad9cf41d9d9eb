import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { fold } from '../shared/text.ts';
import { buildStandings } from './leaderboard.ts';
import { rankedFinalPlayers, type FinalResults, type QuestionResult } from './final-results.ts';
import type { LiveSnapshot } from './live-restore.ts';

/**
 * Live results from SQL aggregates instead of replaying every answer: the saved
 * snapshot already holds each player's settled totals and each closed question's
 * tally, so only the per-question answer count, time and distribution are needed
 * from `live_answers`, and PostgreSQL computes those with GROUP BY. The figures are
 * the ones `finalResults` gives from the restored state (the same code ranks the
 * players); the tests of the results endpoint hold both to the same contract.
 */
export interface AnswerAggregate {
  answers: number;
  timeSum: number;
  distribution: Record<string, number>;
}

export async function answerAggregates(db: Kysely<Database>, contestId: string): Promise<Map<number, AnswerAggregate>> {
  const out = new Map<number, AnswerAggregate>();
  const totals = await db
    .selectFrom('live_answers')
    .select(['question_index', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('elapsed_ms').as('t')])
    .where('contest_id', '=', contestId)
    .groupBy('question_index')
    .execute();
  for (const r of totals) out.set(r.question_index, { answers: Number(r.n), timeSum: Number(r.t), distribution: {} });
  // Where each answer counts (as distributionKeys in final-results.ts): an option id, "true"/"false",
  // the short answer (folded below, as the live reveal folds it), an ordering "a>b>c", a number, or
  // the matches "x>y>z".
  const { rows } = await sql<{ question_index: number; kind: string; choice: string; n: number }>`
    select question_index, response->>'type' as kind, k.choice, count(*)::int as n
    from live_answers a
    cross join lateral (
      select response->>'optionId' as choice where response->>'type' = 'single_choice'
      union all select jsonb_array_elements_text(response->'optionIds') where response->>'type' = 'multiple_choice'
      union all select response->>'value' where response->>'type' = 'true_false'
      union all select response->>'text' where response->>'type' = 'short_answer'
      union all select (select string_agg(o, '>' order by i) from jsonb_array_elements_text(response->'order') with ordinality as e(o, i)) where response->>'type' = 'ordering'
      union all select response->>'value' where response->>'type' = 'numerical'
      union all select (select string_agg(o, '>' order by i) from jsonb_array_elements_text(response->'matches') with ordinality as e(o, i)) where response->>'type' = 'matching'
    ) k
    where a.contest_id = ${contestId}
    group by question_index, kind, k.choice`.execute(db);
  for (const r of rows) {
    const agg = out.get(r.question_index);
    if (!agg) continue;
    const key = r.kind === 'short_answer' ? fold(r.choice) : r.choice;
    agg.distribution[key] = (agg.distribution[key] ?? 0) + Number(r.n);
  }
  return out;
}

/** Players (ranked from the snapshot's settled totals) and per-question figures (tallies + aggregates). */
export function resultsFromSnapshot(snapshot: Omit<LiveSnapshot, 'answers'>, aggregates: ReadonlyMap<number, AnswerAggregate>): Omit<FinalResults, 'podium' | 'schools'> & { schools: FinalResults['schools'] } {
  const records = new Map(snapshot.players.map((p) => [p.id, p]));
  const standings = buildStandings(snapshot.players);
  const players = rankedFinalPlayers(standings, (id) => records.get(id));
  const questions = snapshot.questions.map((_, index): QuestionResult => {
    const tally = snapshot.tallies[index] ?? null;
    const agg = tally && !tally.voided ? aggregates.get(index) : undefined;
    const due = tally?.due ?? 0;
    const correct = tally?.correct ?? 0;
    return {
      index,
      voided: tally?.voided ?? false,
      played: tally !== null,
      due,
      answered: tally?.answered ?? 0,
      correct,
      correctRate: due === 0 ? 0 : correct / due,
      meanTimeMs: agg && agg.answers > 0 ? Math.round(agg.timeSum / agg.answers) : null,
      distribution: agg?.distribution ?? {},
    };
  });
  return { endReason: snapshot.endReason, players, questions, districts: [...standings.districts], schools: [...standings.schools] };
}

/** Answers flagged as faster than a person could give them (fast-answers.ts), per player: for the organisers to review. */
export async function flaggedAnswersByPlayer(db: Kysely<Database>, contestId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('live_answers')
    .select(['player_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('contest_id', '=', contestId)
    .where('flagged', '=', true)
    .groupBy('player_id')
    .execute();
  return new Map(rows.map((r) => [r.player_id, Number(r.n)]));
}
