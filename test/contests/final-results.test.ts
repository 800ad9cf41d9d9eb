import { describe, expect, it } from 'vitest';
import { distributionKeys, finalResults, questionResult } from '../../src/contests/final-results.ts';
import { OPENS, RIGHT, T0, WRONG, joinPlayers, newContest, ok, plans } from './live-helpers.ts';
import type { Command } from '../../src/contests/live-state.ts';

const pick = (playerId: string, questionIndex: number, optionId: string, correct: boolean): Command => ({
  type: 'answer',
  playerId,
  questionIndex,
  grade: correct ? RIGHT : WRONG,
  response: { type: 'single_choice', optionId },
});

describe('distributionKeys', () => {
  it('names where each kind of response counts', () => {
    expect(distributionKeys({ type: 'single_choice', optionId: 'b' })).toEqual(['b']);
    expect(distributionKeys({ type: 'multiple_choice', optionIds: ['a', 'c'] })).toEqual(['a', 'c']);
    expect(distributionKeys({ type: 'true_false', value: false })).toEqual(['false']);
    expect(distributionKeys({ type: 'short_answer', text: '  Mật   KHẨU ' })).toEqual(['mat khau']);
    expect(distributionKeys({ type: 'ordering', order: ['c', 'a', 'b'] })).toEqual(['c>a>b']);
  });
});

describe('finalResults', () => {
  function played() {
    const s = newContest({}, plans(3));
    joinPlayers(s, 4); // p1, p3 in D1; p2, p4 in D2
    ok(s, { type: 'start' }, T0);
    // Question 0 (opens 4000): p1 fast right, p2 slow right, p3 wrong, p4 silent.
    ok(s, pick('p1', 0, 'a', true), OPENS);
    ok(s, pick('p2', 0, 'a', true), OPENS + 10_000);
    ok(s, pick('p3', 0, 'b', false), OPENS + 2000);
    ok(s, { type: 'next' }, 20_000);
    // Question 1 is skipped.
    ok(s, { type: 'next' }, 21_000);
    ok(s, pick('p1', 1, 'c', true), 24_000);
    ok(s, { type: 'skip' }, 25_000);
    // Question 2 (shown 25000, opens 28000): p2 and p3 right at once, p1 wrong.
    ok(s, pick('p2', 2, 'd', true), 28_000);
    ok(s, pick('p3', 2, 'd', true), 28_000);
    ok(s, pick('p1', 2, 'a', false), 29_000);
    ok(s, { type: 'next' }, 30_000);
    ok(s, { type: 'next' }, 31_000);
    return s;
  }

  it('ranks players overall and in their district with their counts', () => {
    const results = finalResults(played());
    expect(results.endReason).toBe('completed');
    // p2: 750 + 1000 + 100 streak = 1850; p1: 1000; p3: 1000 (correct time 0 vs p1's 0, p1 joined first); p4: 0.
    expect(results.players.map((p) => [p.playerId, p.points, p.rank, p.districtRank, p.correctCount, p.answeredCount, p.dueCount, p.bestStreak])).toEqual([
      ['p2', 1850, 1, 1, 2, 2, 2, 2],
      ['p1', 1000, 2, 1, 1, 2, 2, 1],
      ['p3', 1000, 3, 2, 1, 2, 2, 1],
      ['p4', 0, 4, 2, 0, 0, 2, 0],
    ]);
    expect(results.podium.map((p) => p.playerId)).toEqual(['p2', 'p1', 'p3']);
  });

  it('per question: distribution, mean time, correct rate; voided questions stay empty', () => {
    const results = finalResults(played());
    expect(results.questions).toEqual([
      { index: 0, voided: false, played: true, due: 4, answered: 3, correct: 2, correctRate: 0.5, meanTimeMs: 4000, distribution: { a: 2, b: 1 } },
      { index: 1, voided: true, played: true, due: 0, answered: 0, correct: 0, correctRate: 0, meanTimeMs: null, distribution: {} },
      { index: 2, voided: false, played: true, due: 4, answered: 3, correct: 2, correctRate: 0.5, meanTimeMs: 333, distribution: { d: 2, a: 1 } },
    ]);
  });

  it('district standings come along', () => {
    const results = finalResults(played());
    expect(results.districts.map((d) => [d.team, d.score, d.players, d.correctRate])).toEqual([
      ['D1', 1000, 2, 0.5],
      ['D2', 925, 2, 0.5],
    ]);
  });

  it('a question never reached is reported as not played; the podium shrinks with fewer players', () => {
    const s = newContest({}, plans(2));
    joinPlayers(s, 1);
    ok(s, { type: 'start' }, T0);
    ok(s, { type: 'end' }, 2000);
    const results = finalResults(s);
    expect(results.questions[1]).toEqual({ index: 1, voided: false, played: false, due: 0, answered: 0, correct: 0, correctRate: 0, meanTimeMs: null, distribution: {} });
    expect(results.questions[0]?.voided).toBe(true);
    expect(results.podium).toHaveLength(1);
    expect(results.endReason).toBe('host');
  });

  it('questionResult serves a reveal mid-contest', () => {
    const s = newContest({}, plans(2));
    joinPlayers(s, 2);
    ok(s, { type: 'start' }, T0);
    ok(s, pick('p1', 0, 'a', true), OPENS + 1000);
    ok(s, pick('p2', 0, 'c', false), OPENS + 2000);
    expect(questionResult(s, 0)).toEqual({ index: 0, voided: false, played: true, due: 2, answered: 2, correct: 1, correctRate: 0.5, meanTimeMs: 1500, distribution: { a: 1, c: 1 } });
  });
});
