import { z } from 'zod';

/**
 * Official ranking rules of a scheduled contest (pure). The SQL in
 * `ranking-queries.ts` orders by exactly these keys; a test runs both on the same
 * crafted ties and requires the same order.
 *
 * Individual order, total and reproducible:
 * 1. best score desc; 2. |prediction − actual| asc (no prediction last);
 * 3. duration asc; 4. submit time asc; 5. attempt id asc.
 */

export interface RankingEntry {
  participantId: string;
  attemptId: string;
  score: number;
  /** null when the attempt ended without a prediction (closed automatically). */
  predictionError: number | null;
  durationMs: number;
  submittedAt: number;
}

/** |prediction − actual|, or null when either is missing. */
export function predictionError(prediction: number | null, actual: number | null): number | null {
  if (prediction === null || actual === null) return null;
  return Math.abs(prediction - actual);
}

/** The figure predictions are scored against, by the contest's `scoredAgainst`. */
export function predictionActual(scoredAgainst: 'participants' | 'perfectScores', counts: { participants: number; perfectScores: number }): number {
  return scoredAgainst === 'participants' ? counts.participants : counts.perfectScores;
}

/** Byte order of lower-case uuids, as PostgreSQL compares the uuid type. */
function compareIds(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

export function compareEntries(a: RankingEntry, b: RankingEntry): number {
  if (a.score !== b.score) return b.score - a.score;
  const ea = a.predictionError ?? Number.POSITIVE_INFINITY;
  const eb = b.predictionError ?? Number.POSITIVE_INFINITY;
  if (ea !== eb) return ea < eb ? -1 : 1;
  if (a.durationMs !== b.durationMs) return a.durationMs - b.durationMs;
  if (a.submittedAt !== b.submittedAt) return a.submittedAt - b.submittedAt;
  return compareIds(a.attemptId, b.attemptId);
}

/** Ranks 1..n in the official order (no shared ranks: the order is total). */
export function rankIndividuals<T extends RankingEntry>(entries: readonly T[]): Array<T & { rank: number }> {
  return [...entries].sort(compareEntries).map((e, i) => ({ ...e, rank: i + 1 }));
}

export interface FinishedAttempt {
  id: string;
  score: number;
  endedAt: number;
}

/** A person's counting attempt: the best score; between equal scores, the earlier one (then the smaller id). */
export function bestAttempt<T extends FinishedAttempt>(attempts: readonly T[]): T | null {
  let best: T | null = null;
  for (const a of attempts) {
    if (!best || a.score > best.score || (a.score === best.score && (a.endedAt < best.endedAt || (a.endedAt === best.endedAt && compareIds(a.id, best.id) < 0)))) best = a;
  }
  return best;
}

export const PRIZE_LEVELS = ['first', 'second', 'third', 'consolation'] as const;
export type PrizeLevel = (typeof PRIZE_LEVELS)[number];

/** How many individual prizes of each level (e.g. 1 first, 5 second, 10 third, 20 consolation). */
export const PrizesSchema = z
  .object({
    first: z.number().int().min(0).max(100_000).default(0),
    second: z.number().int().min(0).max(100_000).default(0),
    third: z.number().int().min(0).max(100_000).default(0),
    consolation: z.number().int().min(0).max(100_000).default(0),
  })
  .strict();
export type Prizes = z.infer<typeof PrizesSchema>;

/** Prizes go down the ranking in order: the first `first` ranks, then the next `second`, … */
export function prizeForRank(rank: number, prizes: Prizes): PrizeLevel | null {
  let upTo = 0;
  for (const level of PRIZE_LEVELS) {
    upTo += prizes[level];
    if (rank <= upTo) return level;
  }
  return null;
}

/**
 * The collective (unit) formula: `participationWeight` × participation rate in percent
 * + the prize points of the unit's members. Default: 1 × rate + 10/8/6/2 per prize.
 */
export const UnitFormulaSchema = z
  .object({
    participationWeight: z.number().min(0).max(1000).default(1),
    prizePoints: z
      .object({
        first: z.number().min(0).max(1000).default(10),
        second: z.number().min(0).max(1000).default(8),
        third: z.number().min(0).max(1000).default(6),
        consolation: z.number().min(0).max(1000).default(2),
      })
      .strict()
      .default({ first: 10, second: 8, third: 6, consolation: 2 }),
  })
  .strict();
export type UnitFormula = z.infer<typeof UnitFormulaSchema>;
export const DEFAULT_UNIT_FORMULA: UnitFormula = UnitFormulaSchema.parse({});

/** Participants as a percentage of enrolment; null without enrolment data. Not capped: over 100 % shows bad enrolment data. */
export function participationRate(participants: number, enrolment: number | null): number | null {
  if (enrolment === null || enrolment <= 0) return null;
  return (participants * 100) / enrolment;
}

export function prizePoints(counts: Partial<Record<PrizeLevel, number>>, formula: UnitFormula): number {
  return PRIZE_LEVELS.reduce((sum, level) => sum + (counts[level] ?? 0) * formula.prizePoints[level], 0);
}

/** Unit score = weight × rate (0 when unknown) + prize points. */
export function collectiveScore(rate: number | null, points: number, formula: UnitFormula): number {
  return formula.participationWeight * (rate ?? 0) + points;
}

/** The median of a list of numbers (mean of the middle two for even counts); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export interface UnitEntry {
  unitKey: string;
  collectiveScore: number;
  participationRate: number | null;
  meanScore: number | null;
}

/** Units: collective score desc, participation rate desc (unknown last), mean score desc, unit key asc. */
export function compareUnits(a: UnitEntry, b: UnitEntry): number {
  if (a.collectiveScore !== b.collectiveScore) return b.collectiveScore - a.collectiveScore;
  const ra = a.participationRate ?? Number.NEGATIVE_INFINITY;
  const rb = b.participationRate ?? Number.NEGATIVE_INFINITY;
  if (ra !== rb) return rb > ra ? 1 : -1;
  const ma = a.meanScore ?? Number.NEGATIVE_INFINITY;
  const mb = b.meanScore ?? Number.NEGATIVE_INFINITY;
  if (ma !== mb) return mb > ma ? 1 : -1;
  return a.unitKey < b.unitKey ? -1 : a.unitKey > b.unitKey ? 1 : 0;
}

export function rankUnits<T extends UnitEntry>(units: readonly T[]): Array<T & { rank: number }> {
  return [...units].sort(compareUnits).map((u, i) => ({ ...u, rank: i + 1 }));
}
