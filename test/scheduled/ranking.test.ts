import { describe, expect, it } from 'vitest';
import {
  bestAttempt, collectiveScore, compareEntries, compareUnits, median, participationRate, predictionActual, predictionError, prizeForRank, prizePoints,
  rankIndividuals, rankUnits, DEFAULT_UNIT_FORMULA, UnitFormulaSchema, type RankingEntry,
} from '../../src/scheduled/ranking.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const entry = (n: number, over: Partial<RankingEntry> = {}): RankingEntry => ({
  participantId: `p${n}`, attemptId: id(n), score: 50, predictionError: 10, durationMs: 60_000, submittedAt: 1_000, ...over,
});
const order = (entries: RankingEntry[]) => rankIndividuals(entries).map((e) => e.participantId);

describe('individual order', () => {
  it('1. best score first', () => {
    expect(order([entry(1, { score: 40 }), entry(2, { score: 90 }), entry(3, { score: 60 })])).toEqual(['p2', 'p3', 'p1']);
  });
  it('2. equal scores: closer prediction first; no prediction last', () => {
    expect(order([entry(1, { predictionError: 5 }), entry(2, { predictionError: null }), entry(3, { predictionError: 0 }), entry(4, { predictionError: 4 })])).toEqual(['p3', 'p4', 'p1', 'p2']);
  });
  it('2. a better score beats a perfect prediction', () => {
    expect(order([entry(1, { score: 40, predictionError: 0 }), entry(2, { score: 41, predictionError: null })])).toEqual(['p2', 'p1']);
  });
  it('3. equal score and prediction error: shorter duration first', () => {
    expect(order([entry(1, { durationMs: 90_000 }), entry(2, { durationMs: 30_000 }), entry(3, { durationMs: 60_000 })])).toEqual(['p2', 'p3', 'p1']);
  });
  it('3. duration only matters after prediction', () => {
    expect(order([entry(1, { predictionError: 1, durationMs: 1 }), entry(2, { predictionError: 0, durationMs: 999_999 })])).toEqual(['p2', 'p1']);
  });
  it('4. equal up to duration: earlier submit first', () => {
    expect(order([entry(1, { submittedAt: 3000 }), entry(2, { submittedAt: 1000 }), entry(3, { submittedAt: 2000 })])).toEqual(['p2', 'p3', 'p1']);
  });
  it('5. equal on every key: attempt id decides (byte order, case-insensitive)', () => {
    const a = entry(1, { attemptId: 'B0000000-0000-4000-8000-000000000000' });
    const b = entry(2, { attemptId: 'a0000000-0000-4000-8000-000000000000' });
    expect(order([a, b])).toEqual(['p2', 'p1']);
    expect(compareEntries(a, a)).toBe(0);
  });
  it('is total and independent of input order', () => {
    const list = Array.from({ length: 40 }, (_, i) => entry(i, { score: (i * 7) % 3, predictionError: i % 4 === 0 ? null : i % 2, durationMs: (i % 5) * 1000, submittedAt: i % 3 }));
    const a = order(list);
    const b = order([...list].reverse());
    expect(a).toEqual(b);
    expect(rankIndividuals(list).map((e) => e.rank)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });
});

describe('best attempt of one person', () => {
  it('takes the best score; between equal scores the earlier, then the smaller id', () => {
    expect(bestAttempt([{ id: id(1), score: 50, endedAt: 5 }, { id: id(2), score: 70, endedAt: 9 }])?.id).toBe(id(2));
    expect(bestAttempt([{ id: id(1), score: 70, endedAt: 9 }, { id: id(2), score: 70, endedAt: 5 }])?.id).toBe(id(2));
    expect(bestAttempt([{ id: id(2), score: 70, endedAt: 5 }, { id: id(1), score: 70, endedAt: 5 }])?.id).toBe(id(1));
    expect(bestAttempt([])).toBeNull();
  });
});

describe('prediction', () => {
  it('error is the absolute difference; null without a prediction or an actual', () => {
    expect(predictionError(120, 100)).toBe(20);
    expect(predictionError(80, 100)).toBe(20);
    expect(predictionError(null, 100)).toBeNull();
    expect(predictionError(5, null)).toBeNull();
  });
  it('is scored against participants or perfect scores', () => {
    expect(predictionActual('participants', { participants: 38, perfectScores: 4 })).toBe(38);
    expect(predictionActual('perfectScores', { participants: 38, perfectScores: 4 })).toBe(4);
  });
});

describe('prizes', () => {
  const prizes = { first: 1, second: 2, third: 3, consolation: 4 };
  it('go down the ranking level by level', () => {
    expect([1, 2, 3, 4, 6, 7, 10, 11].map((r) => prizeForRank(r, prizes))).toEqual(['first', 'second', 'second', 'third', 'third', 'consolation', 'consolation', null]);
  });
  it('skip levels with no prizes', () => {
    expect(prizeForRank(1, { first: 0, second: 0, third: 1, consolation: 0 })).toBe('third');
    expect(prizeForRank(1, { first: 0, second: 0, third: 0, consolation: 0 })).toBeNull();
  });
});

describe('unit formula', () => {
  it('defaults: participation % + 10/8/6/2 per prize', () => {
    expect(DEFAULT_UNIT_FORMULA).toEqual({ participationWeight: 1, prizePoints: { first: 10, second: 8, third: 6, consolation: 2 } });
    const rate = participationRate(70, 100);
    expect(rate).toBe(70);
    const points = prizePoints({ first: 1, second: 2, consolation: 3 }, DEFAULT_UNIT_FORMULA);
    expect(points).toBe(10 + 16 + 6);
    expect(collectiveScore(rate, points, DEFAULT_UNIT_FORMULA)).toBe(102);
  });
  it('takes configured weights', () => {
    const f = UnitFormulaSchema.parse({ participationWeight: 0.5, prizePoints: { first: 20, second: 0, third: 0, consolation: 1 } });
    expect(collectiveScore(participationRate(1, 4), prizePoints({ first: 1, consolation: 2 }, f), f)).toBe(0.5 * 25 + 22);
  });
  it('participation rate is unknown without enrolment and not capped above 100', () => {
    expect(participationRate(5, null)).toBeNull();
    expect(participationRate(5, 0)).toBeNull();
    expect(participationRate(30, 20)).toBe(150);
    expect(collectiveScore(null, 8, DEFAULT_UNIT_FORMULA)).toBe(8);
  });
  it('median of odd, even and empty lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe('unit order', () => {
  const u = (key: string, collectiveScore: number, participationRate: number | null, meanScore: number | null) => ({ unitKey: key, collectiveScore, participationRate, meanScore });
  const keys = (list: ReturnType<typeof u>[]) => rankUnits(list).map((x) => x.unitKey);
  it('collective score desc', () => expect(keys([u('a', 5, 1, 1), u('b', 9, 1, 1)])).toEqual(['b', 'a']));
  it('then participation rate desc, unknown last', () => expect(keys([u('a', 5, 10, 1), u('b', 5, null, 1), u('c', 5, 20, 1)])).toEqual(['c', 'a', 'b']));
  it('then mean score desc, none last', () => expect(keys([u('a', 5, 10, 40), u('b', 5, 10, null), u('c', 5, 10, 60)])).toEqual(['c', 'a', 'b']));
  it('then unit key (byte order)', () => {
    expect(keys([u('krong-pac', 5, 10, 40), u('Z', 5, 10, 40), u('buon-ho', 5, 10, 40)])).toEqual(['Z', 'buon-ho', 'krong-pac']);
    expect(compareUnits(u('a', 1, 1, 1), u('a', 1, 1, 1))).toBe(0);
  });
});
