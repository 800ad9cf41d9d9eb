import { describe, expect, it } from 'vitest';
import { apply } from '../../src/contests/live-machine.ts';
import { CLOSES, DEADLINE, OPENS, PICK_A, RIGHT, T0, WRONG, answer, err, joinPlayers, kinds, newContest, ok, plans } from './live-helpers.ts';

function started(n = 3, settings: Parameters<typeof newContest>[0] = {}, questions = plans(3)) {
  const s = newContest(settings, questions);
  const ids = joinPlayers(s, n);
  ok(s, { type: 'start' }, T0);
  return { s, ids };
}

describe('answer timing boundaries', () => {
  it('refuses before opensAt and accepts from opensAt', () => {
    const { s } = started();
    expect(err(s, answer('p1', 0), T0)).toBe('TOO_EARLY');
    expect(err(s, answer('p1', 0), OPENS - 1)).toBe('TOO_EARLY');
    const step = ok(s, answer('p1', 0), OPENS);
    expect(step.effects).toEqual([
      {
        kind: 'answer-recorded',
        answer: { playerId: 'p1', questionIndex: 0, receivedAt: OPENS, rttMs: null, elapsedMs: 0, correct: true, fraction: 1, points: 1000, bonus: 0, response: PICK_A },
      },
    ]);
  });

  it('accepts up to closesAt + grace, scored as t = T, and refuses 1 ms later', () => {
    const { s } = started();
    ok(s, answer('p1', 0), CLOSES);
    ok(s, answer('p2', 0), DEADLINE);
    expect(s.answers[0]?.get('p1')?.points).toBe(500);
    expect(s.answers[0]?.get('p2')?.points).toBe(500);
    expect(s.answers[0]?.get('p2')?.elapsedMs).toBe(20_000);
    const late = apply(s, answer('p3', 0), DEADLINE + 1);
    expect(late.error).toBe('TOO_LATE');
    // The overdue close is honoured first, even though the timer has not fired yet.
    expect(kinds(late)).toEqual(['reveal', 'cancel-timer']);
  });

  it('honours a custom grace', () => {
    const { s } = started(2, { graceMs: 0 });
    ok(s, answer('p1', 0), CLOSES);
    expect(err(s, answer('p2', 0), CLOSES + 1)).toBe('TOO_LATE');
  });

  it('refuses answers for another question index or outside a question', () => {
    const { s } = started();
    expect(err(s, answer('p1', 1), OPENS)).toBe('TOO_LATE');
    expect(err(s, answer('p1', -1), OPENS)).toBe('TOO_LATE');
    ok(s, { type: 'next' }, 5000);
    expect(err(s, answer('p1', 0), 5001)).toBe('TOO_LATE');
    const lobby = newContest();
    joinPlayers(lobby, 1);
    expect(err(lobby, answer('p1', 0), 0)).toBe('TOO_LATE');
  });

  it('a second answer is ALREADY_ANSWERED, during the question and after it', () => {
    const { s } = started();
    ok(s, answer('p1', 0), OPENS);
    expect(err(s, answer('p1', 0, WRONG), OPENS + 1)).toBe('ALREADY_ANSWERED');
    expect(s.answers[0]?.get('p1')?.correct).toBe(true);
    ok(s, { type: 'next' }, 5000);
    expect(err(s, answer('p1', 0), 5001)).toBe('ALREADY_ANSWERED');
  });

  it('unknown players are NOT_IN_CONTEST; unusable responses are INVALID', () => {
    const { s } = started();
    expect(err(s, answer('ghost', 0), OPENS)).toBe('NOT_IN_CONTEST');
    expect(err(s, answer('p1', 0, null), OPENS)).toBe('INVALID');
    expect(err(s, { type: 'answer', playerId: 'p1', questionIndex: 0, grade: RIGHT, response: null }, OPENS)).toBe('INVALID');
    expect(err(s, answer('p1', 0, { correct: true, fraction: Number.NaN }), OPENS)).toBe('INVALID');
    // An invalid attempt does not use up the player's answer.
    ok(s, answer('p1', 0), OPENS + 1);
  });

  it('timing is checked before validity: an early unusable answer is TOO_EARLY', () => {
    const { s } = started();
    expect(err(s, answer('p1', 0, null), OPENS - 1)).toBe('TOO_EARLY');
  });
});

describe('scoring at the answer, settled at the close', () => {
  it('computes points on receipt but adds them to the total only at the close', () => {
    const { s } = started(2);
    ok(s, answer('p1', 0), OPENS + 10_000);
    expect(s.answers[0]?.get('p1')?.points).toBe(750);
    expect(s.players.get('p1')?.points).toBe(0);
    ok(s, { type: 'tick' }, DEADLINE + 1);
    expect(s.players.get('p1')?.points).toBe(750);
    expect(s.players.get('p1')?.correctTimeMs).toBe(10_000);
  });

  it('subtracts half the measured round trip when latency-fair is on, capped at latencyCapMs', () => {
    const { s } = started(3, { latencyFair: true, latencyCapMs: 300 });
    ok(s, answer('p1', 0, RIGHT, 400), OPENS + 10_200);
    ok(s, answer('p2', 0, RIGHT, 5000), OPENS + 10_300);
    ok(s, answer('p3', 0, RIGHT), OPENS + 10_000);
    expect(s.answers[0]?.get('p1')?.elapsedMs).toBe(10_000);
    expect(s.answers[0]?.get('p1')?.rttMs).toBe(400);
    expect(s.answers[0]?.get('p2')?.elapsedMs).toBe(10_000);
    expect([...(s.answers[0]?.values() ?? [])].map((a) => a.points)).toEqual([750, 750, 750]);
  });

  it('ignores a nonsense round trip', () => {
    const { s } = started(1, { latencyFair: true });
    ok(s, answer('p1', 0, RIGHT, -20), OPENS + 10_000);
    expect(s.answers[0]?.get('p1')?.rttMs).toBeNull();
    expect(s.answers[0]?.get('p1')?.elapsedMs).toBe(10_000);
  });

  it('gives full points whatever the speed when speed scoring is off', () => {
    const { s } = started(1, { speedScoring: false });
    ok(s, answer('p1', 0), CLOSES);
    expect(s.answers[0]?.get('p1')?.points).toBe(1000);
  });

  it('double and practice questions', () => {
    const { s } = started(1, {}, [
      { timeLimitMs: 20_000, multiplier: 2 },
      { timeLimitMs: 20_000, multiplier: 0 },
    ]);
    ok(s, answer('p1', 0), OPENS + 10_000);
    expect(s.players.get('p1')?.points).toBe(1500);
    ok(s, { type: 'next' }, 30_000);
    ok(s, answer('p1', 1), 33_000);
    expect(s.answers[1]?.get('p1')?.points).toBe(0);
    expect(s.players.get('p1')?.points).toBe(1500);
    // Counted as a correct answer in the statistics all the same.
    expect(s.players.get('p1')?.correctCount).toBe(2);
  });

  it('partial credit earns its share of points but no streak', () => {
    const { s } = started(1);
    ok(s, answer('p1', 0), OPENS);
    ok(s, { type: 'next' }, 5000);
    ok(s, answer('p1', 1, { correct: false, fraction: 0.5 }), 8000);
    const p = s.players.get('p1');
    expect(s.answers[1]?.get('p1')).toMatchObject({ correct: false, fraction: 0.5, points: 500, bonus: 0 });
    expect([p?.points, p?.streak, p?.correctCount, p?.answeredCount]).toEqual([1500, 0, 1, 2]);
  });
});

describe('streaks', () => {
  it('add +100 per consecutive correct answer from the second, capped at +500', () => {
    const { s } = started(1, {}, plans(8));
    const gains: number[] = [];
    for (let i = 0; i < 8; i++) {
      const before = s.players.get('p1')?.points ?? 0;
      ok(s, answer('p1', i), s.opensAt ?? 0); // the only player: closes at once
      gains.push((s.players.get('p1')?.points ?? 0) - before);
      if (i < 7) ok(s, { type: 'next' }, (s.opensAt ?? 0) + 1);
    }
    expect(gains).toEqual([1000, 1100, 1200, 1300, 1400, 1500, 1500, 1500]);
    expect(s.players.get('p1')?.bestStreak).toBe(8);
    expect(s.answers[5]?.get('p1')?.bonus).toBe(500);
  });

  it('are reset by a wrong answer and by a missing one', () => {
    const { s } = started(2, {}, plans(5));
    const play = (i: number, p1: 'right' | 'wrong' | 'none') => {
      if (p1 !== 'none') ok(s, answer('p1', i, p1 === 'right' ? RIGHT : WRONG), s.opensAt ?? 0);
      ok(s, { type: 'next' }, (s.opensAt ?? 0) + 1);
      if (i < 4) ok(s, { type: 'next' }, (s.opensAt ?? 0) + 2);
    };
    play(0, 'right');
    play(1, 'right');
    expect(s.players.get('p1')?.streak).toBe(2);
    play(2, 'wrong');
    expect(s.players.get('p1')?.streak).toBe(0);
    play(3, 'right');
    play(4, 'none');
    const p = s.players.get('p1');
    expect([p?.streak, p?.bestStreak, p?.points, p?.dueCount, p?.answeredCount, p?.correctCount]).toEqual([0, 2, 3100, 5, 4, 3]);
  });

  it('a practice question neither adds to nor breaks a streak', () => {
    const { s } = started(1, {}, [
      { timeLimitMs: 20_000, multiplier: 1 },
      { timeLimitMs: 20_000, multiplier: 0 },
      { timeLimitMs: 20_000, multiplier: 1 },
    ]);
    ok(s, answer('p1', 0), OPENS);
    ok(s, { type: 'next' }, 5000);
    ok(s, { type: 'next' }, 6000); // practice question closes with no answer
    ok(s, { type: 'next' }, 7000);
    expect(s.players.get('p1')?.streak).toBe(1);
    ok(s, answer('p1', 2), 10_000);
    expect(s.players.get('p1')?.points).toBe(2100);
  });

  it('no bonus when the streak bonus is off', () => {
    const { s } = started(1, { streakBonus: false });
    ok(s, answer('p1', 0), OPENS);
    ok(s, { type: 'next' }, 5000);
    ok(s, answer('p1', 1), 8000);
    expect(s.players.get('p1')?.points).toBe(2000);
    expect(s.players.get('p1')?.streak).toBe(2);
  });
});

describe('early close when everyone has answered', () => {
  it('closes as soon as the last connected player answers', () => {
    const { s } = started(3);
    expect(kinds(ok(s, answer('p1', 0), OPENS))).toEqual(['answer-recorded']);
    ok(s, answer('p2', 0), OPENS + 1);
    expect(s.pending).toBe(1);
    expect(kinds(ok(s, answer('p3', 0), OPENS + 2))).toEqual(['answer-recorded', 'reveal', 'cancel-timer']);
    expect(s.phase).toBe('reveal');
  });

  it('does not wait for disconnected players, and a disconnect can be what completes the set', () => {
    const { s } = started(3);
    ok(s, { type: 'disconnect', playerId: 'p3' }, OPENS);
    ok(s, answer('p1', 0), OPENS + 1);
    expect(kinds(ok(s, answer('p2', 0), OPENS + 2))).toContain('reveal');

    const second = started(3).s;
    ok(second, answer('p1', 0), OPENS);
    ok(second, answer('p2', 0), OPENS + 1);
    expect(kinds(ok(second, { type: 'leave', playerId: 'p3' }, OPENS + 2))).toEqual(['reveal', 'cancel-timer']);
  });

  it('a kick can complete the set', () => {
    const { s } = started(2);
    ok(s, answer('p1', 0), OPENS);
    expect(kinds(ok(s, { type: 'kick', playerId: 'p2' }, OPENS + 1))).toEqual(['player-kicked', 'reveal', 'cancel-timer']);
  });

  it('an empty room does not close: at least one answer is needed', () => {
    const { s } = started(2);
    ok(s, { type: 'disconnect', playerId: 'p1' }, OPENS);
    expect(kinds(ok(s, { type: 'disconnect', playerId: 'p2' }, OPENS + 1))).toEqual([]);
    expect(s.phase).toBe('question');
  });

  it('a disconnected player may still answer before the deadline, and a reconnect is waited for again', () => {
    const { s } = started(2);
    ok(s, { type: 'disconnect', playerId: 'p2' }, OPENS);
    ok(s, { type: 'reconnect', playerId: 'p2' }, OPENS + 1);
    ok(s, answer('p1', 0), OPENS + 2);
    expect(s.phase).toBe('question');
    ok(s, { type: 'disconnect', playerId: 'p2' }, OPENS + 3);
    expect(s.phase).toBe('reveal');

    const other = started(2).s;
    ok(other, { type: 'disconnect', playerId: 'p2' }, OPENS);
    ok(other, answer('p2', 0), OPENS + 1); // arrived before the server saw the reconnect
    expect(other.phase).toBe('question');
    expect(other.answers[0]?.has('p2')).toBe(true);
  });

  it('disconnect and reconnect of unknown players are NOT_IN_CONTEST, repeats are no-ops', () => {
    const { s } = started(2);
    expect(err(s, { type: 'disconnect', playerId: 'ghost' }, OPENS)).toBe('NOT_IN_CONTEST');
    expect(err(s, { type: 'reconnect', playerId: 'ghost' }, OPENS)).toBe('NOT_IN_CONTEST');
    ok(s, { type: 'disconnect', playerId: 'p1' }, OPENS);
    ok(s, { type: 'disconnect', playerId: 'p1' }, OPENS);
    expect(s.pending).toBe(1);
    ok(s, { type: 'reconnect', playerId: 'p1' }, OPENS);
    ok(s, { type: 'reconnect', playerId: 'p1' }, OPENS);
    expect(s.pending).toBe(2);
  });
});
