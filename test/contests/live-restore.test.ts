import { describe, expect, it } from 'vitest';
import { apply } from '../../src/contests/live-machine.ts';
import { addStoredJoins, restore, toSnapshot, type StoredJoin } from '../../src/contests/live-restore.ts';
import { createLiveState } from '../../src/contests/live-state.ts';
import type { LiveState } from '../../src/contests/live-state.ts';
import { CLOSES, DEADLINE, OPENS, T0, WRONG, answer, err, joinPlayers, kinds, newContest, ok, plans } from './live-helpers.ts';

/** Through JSON, as the shell would store and read it. */
const roundTrip = (state: LiveState, savedAt?: number) => JSON.parse(JSON.stringify(toSnapshot(state, savedAt)));

function midQuestion(settings: Parameters<typeof newContest>[0] = {}) {
  const s = newContest(settings, plans(3));
  joinPlayers(s, 3);
  ok(s, { type: 'start' }, T0);
  ok(s, answer('p1', 0), OPENS);
  ok(s, { type: 'next' }, 5000);
  ok(s, { type: 'next' }, 6000); // question 1: shown 6000, opens 9000, closes 29000
  ok(s, answer('p1', 1), 9000);
  ok(s, answer('p2', 1, WRONG), 10_000);
  return s;
}

describe('toSnapshot / restore', () => {
  it('round-trips a lobby, including locks, bans and join order', () => {
    const s = newContest();
    joinPlayers(s, 2);
    ok(s, { type: 'join', playerId: 'x', nickname: 'Bad Name', district: 'D1' }, 0);
    ok(s, { type: 'kick', playerId: 'x', ban: true }, 0);
    ok(s, { type: 'lock' }, 0);
    const { state, effects } = restore(roundTrip(s), 100);
    expect(effects).toEqual([{ kind: 'cancel-timer' }]);
    expect(state.phase).toBe('lobby');
    expect(state.locked).toBe(true);
    expect([...state.players.keys()]).toEqual(['p1', 'p2']);
    ok(state, { type: 'unlock' }, 101);
    expect(err(state, { type: 'join', playerId: 'y', nickname: 'B4d Name', district: 'D1' }, 102)).toBe('BANNED');
    expect(err(state, { type: 'join', playerId: 'y', nickname: 'player a', district: 'D1' }, 102)).toBe('NICKNAME_TAKEN');
    ok(state, { type: 'join', playerId: 'z', nickname: 'Newcomer', district: 'D1' }, 102);
    expect(state.players.get('z')?.joinOrder).toBe(3);
  });

  it('mid-question with auto-advance keeps the original deadline and scores nothing twice', () => {
    const s = midQuestion({ autoAdvance: true });
    const { state, effects } = restore(roundTrip(s), 12_000);
    expect(effects).toEqual([{ kind: 'schedule', at: 29_251, reason: 'close' }]);
    expect([state.phase, state.index, state.opensAt, state.closesAt]).toEqual(['question', 1, 9000, 29_000]);
    expect(state.pending).toBe(1);
    expect(err(state, answer('p1', 1), 12_001)).toBe('ALREADY_ANSWERED');
    expect(kinds(ok(state, answer('p3', 1), 12_002))).toEqual(['answer-recorded', 'reveal', 'schedule']);
    const points = [...state.players.values()].map((p) => p.points);
    // p1: 1000 for q0, then 1000 + 100 streak for q1; p2 wrong; p3 at 3002 ms: round(1000 × (1 − 0.15010/2)) = 925.
    expect(points).toEqual([2100, 0, 925]);
  });

  it('mid-question with auto-advance past the deadline closes at once', () => {
    const s = midQuestion({ autoAdvance: true, revealDurationMs: 5000 });
    const { state, effects } = restore(roundTrip(s), 60_000);
    expect(effects).toEqual([
      { kind: 'reveal', index: 1 },
      { kind: 'schedule', at: 65_000, reason: 'advance' },
    ]);
    expect(state.players.get('p1')?.points).toBe(2100);
    expect(state.tallies[1]).toEqual({ voided: false, due: 3, answered: 2, correct: 1 });
  });

  it('mid-question without auto-advance pauses with the time left when last saved', () => {
    const s = midQuestion();
    const { state, effects } = restore(roundTrip(s, 14_000), 60_000);
    expect(effects).toEqual([
      { kind: 'cancel-timer' },
      { kind: 'clock', index: 1, paused: true, opensAt: 9000, closesAt: 29_000, advanceAt: null },
    ]);
    expect(state.pausedAt).toBe(14_000);
    expect(err(state, answer('p3', 1), 60_001)).toBe('PAUSED');
    const resumed = ok(state, { type: 'resume' }, 70_000);
    expect(resumed.effects[1]).toEqual({ kind: 'schedule', at: 85_251, reason: 'close' });
    expect(state.closesAt).toBe(85_000); // 15 s left, as at the save
    ok(state, answer('p3', 1), 70_000);
    // 5 s + 56 s paused: the pause does not count, so t = 70000 − 65000 = 5000 → 875.
    expect(state.answers[1]?.get('p3')?.points).toBe(875);
  });

  it('without a save time, the pause starts at the restore', () => {
    const s = midQuestion();
    const { state } = restore(roundTrip(s), 20_000);
    expect(state.pausedAt).toBe(20_000);
  });

  it('without auto-advance, a question whose deadline had passed at the save closes at once', () => {
    const s = midQuestion();
    const { state, effects } = restore(roundTrip(s, 29_251), 40_000);
    expect(effects).toEqual([{ kind: 'reveal', index: 1 }, { kind: 'cancel-timer' }]);
    expect(state.phase).toBe('reveal');
  });

  it('a paused contest stays paused', () => {
    const s = midQuestion({ autoAdvance: true });
    ok(s, { type: 'pause' }, 11_000);
    const { state, effects } = restore(roundTrip(s), 90_000);
    expect(kinds({ state, effects, error: null })).toEqual(['cancel-timer', 'clock']);
    expect(state.pausedAt).toBe(11_000);
    ok(state, { type: 'resume' }, 100_000);
    expect(state.closesAt).toBe(29_000 + 89_000);
  });

  it('a close saved with its totals but before the phase change is not counted again', () => {
    const s = midQuestion();
    const snapshot = roundTrip(s);
    // Totals as if question 1 had been settled, phase still "question".
    const settledOnce = (() => {
      const copy = restore(roundTrip(s), 12_000).state;
      ok(copy, { type: 'next' }, 12_001);
      return roundTrip(copy);
    })();
    snapshot.players = settledOnce.players;
    const { state } = restore(snapshot, 12_000);
    ok(state, { type: 'resume' }, 12_000);
    ok(state, { type: 'next' }, 12_500);
    expect([...state.players.values()].map((p) => p.points)).toEqual([2100, 0, 0]);
    expect(state.players.get('p1')?.streak).toBe(2);
  });

  it('in a reveal under auto-advance, an overdue advance runs at once', () => {
    const s = midQuestion({ autoAdvance: true, revealDurationMs: 5000 });
    ok(s, { type: 'next' }, 12_000);
    const { state, effects } = restore(roundTrip(s), 30_000);
    expect(effects).toEqual([
      { kind: 'question', index: 2, shownAt: 30_000, opensAt: 33_000, closesAt: 53_000 },
      { kind: 'schedule', at: 53_251, reason: 'close' },
    ]);
    expect(state.players.get('p1')?.points).toBe(2100);
  });

  it('in a reveal under auto-advance, a pending advance is rescheduled', () => {
    const s = midQuestion({ autoAdvance: true, revealDurationMs: 5000 });
    ok(s, { type: 'next' }, 12_000);
    expect(restore(roundTrip(s), 13_000).effects).toEqual([{ kind: 'schedule', at: 17_000, reason: 'advance' }]);
  });

  it('an ended contest stays ended and keeps its results', () => {
    const s = midQuestion();
    ok(s, { type: 'end' }, 12_000);
    const { state, effects } = restore(roundTrip(s), 99_000);
    expect(effects).toEqual([{ kind: 'cancel-timer' }]);
    expect([state.phase, state.endReason]).toEqual(['ended', 'host']);
    expect(state.answers[1]?.size).toBe(0);
    expect(state.tallies[1]?.voided).toBe(true);
  });

  it('drops stored answers of voided questions and of players no longer in the contest', () => {
    const s = midQuestion();
    const snapshot = roundTrip(s);
    snapshot.tallies[1] = { voided: true, due: 0, answered: 0, correct: 0 };
    snapshot.answers.push({ ...snapshot.answers[0], playerId: 'kicked-long-ago' });
    const { state } = restore(snapshot, 12_000);
    expect(state.answers[1]?.size).toBe(0);
    expect(state.answers[0]?.has('kicked-long-ago')).toBe(false);
  });

  it('presumes every player connected: the question waits for them', () => {
    const s = newContest({ autoAdvance: true });
    joinPlayers(s, 3);
    ok(s, { type: 'start' }, T0);
    ok(s, answer('p1', 0), OPENS);
    ok(s, { type: 'disconnect', playerId: 'p3' }, 5000);
    expect(s.pending).toBe(1);
    const { state } = restore(roundTrip(s), 6000);
    expect(state.players.get('p3')?.connected).toBe(true);
    expect(state.pending).toBe(2);
    ok(state, answer('p2', 0), 6001);
    expect(state.phase).toBe('question');
    expect(kinds(apply(state, { type: 'disconnect', playerId: 'p3' }, 6002))).toEqual(['reveal', 'schedule']);
  });

  it('a snapshot is plain data', () => {
    const s = midQuestion();
    const snap = toSnapshot(s, 1);
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
    expect(snap.answers).toHaveLength(3);
    expect(snap.savedAt).toBe(1);
    expect('connected' in (snap.players[0] ?? {})).toBe(false);
  });
});

describe('take-over and stored joins', () => {
  const row = (id: string, nickname: string, joinOrder: number, extra: Partial<StoredJoin> = {}): StoredJoin => ({
    id,
    nickname,
    nicknameKey: nickname.toLowerCase().replace(/\s+/g, ''),
    district: 'D1',
    school: null,
    joinOrder,
    joinedAt: 500,
    kicked: false,
    ...extra,
  });

  it('a take-over keeps a running question on its deadline (no pause), unlike a restart', () => {
    const s = midQuestion();
    const taken = restore(roundTrip(s, 14_000), 20_000, { keepDeadline: true });
    expect(taken.state.pausedAt).toBeNull();
    expect(taken.effects).toEqual([{ kind: 'schedule', at: 29_251, reason: 'close' }]);
    ok(taken.state, answer('p3', 1), 20_001);
    const restarted = restore(roundTrip(s, 14_000), 20_000);
    expect(restarted.state.pausedAt).toBe(14_000);
  });

  it('joins stored after the last save come back as they joined; players of the snapshot and kicked rows are left alone', () => {
    const s = newContest();
    joinPlayers(s, 2); // p1, p2 with join orders 0, 1 — the snapshot is taken now
    const snap = roundTrip(s);
    const stored = [row('p1', 'Player A', 0), row('p2', 'Player B', 1), row('late', 'Late Comer', 2, { district: 'D2', school: 'THCS A' }), row('gone', 'Kicked One', 3, { kicked: true })];
    const { state } = restore(snap, 1000, { stored });
    expect([...state.players.keys()]).toEqual(['p1', 'p2', 'late']);
    expect(state.players.get('late')).toMatchObject({ nickname: 'Late Comer', district: 'D2', school: 'THCS A', joinOrder: 2, firstIndex: 0, connected: true, points: 0 });
    // Their nickname stays theirs, and the next join comes after them.
    expect(err(state, { type: 'join', playerId: 'x', nickname: 'Late Comer', district: 'D1' }, 1001)).toBe('NICKNAME_TAKEN');
    ok(state, { type: 'join', playerId: 'y', nickname: 'Someone New', district: 'D1' }, 1002);
    expect(state.players.get('y')?.joinOrder).toBe(4);
  });

  it('a late join stored during a question owes only the questions after it, and its stored answer to that question counts', () => {
    const s = midQuestion({ lateJoinUntil: 3 });
    const snap = roundTrip(s, 12_000);
    snap.answers.push({ ...snap.answers.find((a: { playerId: string; questionIndex: number }) => a.playerId === 'p1' && a.questionIndex === 1)!, playerId: 'late', receivedAt: 12_500 });
    const { state } = restore(snap, 13_000, { keepDeadline: true, stored: [row('late', 'Late Comer', 3)] });
    expect(state.players.get('late')).toMatchObject({ firstIndex: 2, settledThrough: 0 });
    expect(state.answers[1]?.has('late')).toBe(true);
  });

  it('a contest never saved (lobby) is rebuilt from its stored joins', () => {
    const state = createLiveState(newContest().settings, plans(3));
    expect(addStoredJoins(state, [row('b', 'Bao', 1), row('a', 'An Nhien', 0)])).toBe(2);
    expect([...state.players.values()].map((p) => [p.id, p.joinOrder])).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
    expect(addStoredJoins(state, [row('a', 'An Nhien', 0)])).toBe(0);
  });
});

describe('deadline constants used above', () => {
  it('match the helper timeline', () => {
    expect([OPENS, CLOSES, DEADLINE]).toEqual([4000, 24_000, 24_250]);
  });
});
