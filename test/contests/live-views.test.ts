import { describe, expect, it } from 'vitest';
import { hostSnapshot, snapshotFor } from '../../src/contests/live-views.ts';
import { CLOSES, DEADLINE, OPENS, T0, WRONG, answer, joinPlayers, newContest, ok } from './live-helpers.ts';

describe('snapshotFor', () => {
  it('is null for a player not in the contest', () => {
    const s = newContest();
    expect(snapshotFor(s, 'ghost', 0)).toBeNull();
  });

  it('in the lobby', () => {
    const s = newContest();
    joinPlayers(s, 1);
    expect(snapshotFor(s, 'p1', 500)).toEqual({
      phase: 'lobby',
      questionIndex: -1,
      questionCount: 3,
      paused: false,
      shownAt: null,
      opensAt: null,
      closesAt: null,
      advanceAt: null,
      serverNow: 500,
      remainingMs: null,
      points: 0,
      streak: 0,
      eliminated: false,
      answered: false,
      canAnswer: false,
      lastResult: null,
    });
  });

  it('during a question: timestamps, remaining time and whether an answer would be accepted now', () => {
    const s = newContest();
    joinPlayers(s, 2);
    ok(s, { type: 'start' }, T0);
    const reading = snapshotFor(s, 'p1', OPENS - 1);
    expect([reading?.canAnswer, reading?.remainingMs, reading?.shownAt, reading?.opensAt, reading?.closesAt]).toEqual([false, 20_001, T0, OPENS, CLOSES]);
    expect(snapshotFor(s, 'p1', OPENS)?.canAnswer).toBe(true);
    const inGrace = snapshotFor(s, 'p1', DEADLINE);
    expect([inGrace?.canAnswer, inGrace?.remainingMs]).toEqual([true, 0]);
    expect(snapshotFor(s, 'p1', DEADLINE + 1)?.canAnswer).toBe(false);
    ok(s, answer('p1', 0), 14_000);
    const after = snapshotFor(s, 'p1', 14_001);
    expect([after?.answered, after?.canAnswer, after?.points, after?.serverNow]).toEqual([true, false, 0, 14_001]);
    expect(snapshotFor(s, 'p2', 14_001)?.answered).toBe(false);
  });

  it('while paused the remaining time is frozen', () => {
    const s = newContest();
    joinPlayers(s, 1);
    ok(s, { type: 'start' }, T0);
    ok(s, { type: 'pause' }, 14_000);
    const snap = snapshotFor(s, 'p1', 50_000);
    expect([snap?.paused, snap?.remainingMs, snap?.canAnswer]).toEqual([true, 10_000, false]);
  });

  it('in the reveal: own result for the question, settled points and streak', () => {
    const s = newContest({ autoAdvance: true, revealDurationMs: 10_000 });
    joinPlayers(s, 3);
    ok(s, { type: 'start' }, T0);
    ok(s, answer('p1', 0), OPENS + 10_000);
    ok(s, answer('p2', 0, WRONG), OPENS);
    ok(s, { type: 'next' }, 20_000);
    expect(snapshotFor(s, 'p1', 25_000)).toMatchObject({
      phase: 'reveal',
      questionIndex: 0,
      advanceAt: 30_000,
      remainingMs: 5000,
      points: 750,
      streak: 1,
      answered: true,
      lastResult: { answered: true, correct: true, fraction: 1, points: 750, bonus: 0 },
    });
    expect(snapshotFor(s, 'p3', 25_000)?.lastResult).toEqual({ answered: false, correct: false, fraction: 0, points: 0, bonus: 0 });
  });

  it('shows elimination', () => {
    const s = newContest({ mode: 'elimination' });
    joinPlayers(s, 3);
    ok(s, { type: 'start' }, T0);
    ok(s, answer('p1', 0), OPENS);
    ok(s, answer('p2', 0), OPENS);
    ok(s, { type: 'next' }, 5000);
    ok(s, { type: 'next' }, 6000);
    expect(snapshotFor(s, 'p3', 9000)).toMatchObject({ eliminated: true, canAnswer: false });
  });
});

describe('hostSnapshot', () => {
  it('counts players, connections, eliminations and answers', () => {
    const s = newContest({ mode: 'elimination' });
    joinPlayers(s, 4);
    ok(s, { type: 'start' }, T0);
    ok(s, answer('p1', 0), OPENS);
    ok(s, answer('p2', 0), OPENS);
    ok(s, answer('p3', 0), OPENS);
    ok(s, { type: 'next' }, 5000);
    ok(s, { type: 'next' }, 6000);
    ok(s, { type: 'disconnect', playerId: 'p2' }, 7000);
    ok(s, answer('p1', 1), 9000);
    expect(hostSnapshot(s, 9500)).toEqual({
      phase: 'question',
      questionIndex: 1,
      questionCount: 3,
      paused: false,
      locked: false,
      serverNow: 9500,
      opensAt: 9000,
      closesAt: 29_000,
      advanceAt: null,
      players: 4,
      connected: 3,
      eliminated: 1,
      answered: 1,
      reviveAvailable: true,
    });
  });
});
