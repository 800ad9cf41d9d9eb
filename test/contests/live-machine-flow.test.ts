import { describe, expect, it } from 'vitest';
import { apply } from '../../src/contests/live-machine.ts';
import { CLOSES, DEADLINE, OPENS, T0, answer, err, joinPlayers, kinds, newContest, ok, plans } from './live-helpers.ts';

describe('phases', () => {
  it('starts in the lobby and refuses to start without players', () => {
    const s = newContest();
    expect(s.phase).toBe('lobby');
    expect(s.index).toBe(-1);
    expect(err(s, { type: 'start' }, T0)).toBe('NO_PLAYERS');
    expect(s.phase).toBe('lobby');
  });

  it('start shows question 0 with its timestamps and schedules the close after the grace', () => {
    const s = newContest();
    joinPlayers(s, 2);
    const step = ok(s, { type: 'start' }, T0);
    expect(step.effects).toEqual([
      { kind: 'question', index: 0, shownAt: T0, opensAt: OPENS, closesAt: CLOSES },
      { kind: 'schedule', at: DEADLINE + 1, reason: 'close' },
    ]);
    expect(s.phase).toBe('question');
    expect(s.index).toBe(0);
    expect(err(s, { type: 'start' }, T0 + 1)).toBe('WRONG_PHASE');
  });

  it('a question with no answers closes only when the timer passes the grace period', () => {
    const s = newContest();
    joinPlayers(s, 2);
    ok(s, { type: 'start' }, T0);
    expect(ok(s, { type: 'tick' }, CLOSES).effects).toEqual([]);
    expect(ok(s, { type: 'tick' }, DEADLINE).effects).toEqual([]);
    expect(s.phase).toBe('question');
    const step = ok(s, { type: 'tick' }, DEADLINE + 1);
    expect(step.effects).toEqual([{ kind: 'reveal', index: 0 }, { kind: 'cancel-timer' }]);
    expect(s.phase).toBe('reveal');
    expect(s.tallies[0]).toEqual({ voided: false, due: 2, answered: 0, correct: 0 });
  });

  it('next from the reveal shows the next question, and after the last one ends the contest', () => {
    const s = newContest({}, plans(2));
    joinPlayers(s, 1);
    ok(s, { type: 'start' }, T0);
    ok(s, { type: 'tick' }, DEADLINE + 1);
    const step = ok(s, { type: 'next' }, 30_000);
    expect(step.effects).toEqual([
      { kind: 'question', index: 1, shownAt: 30_000, opensAt: 33_000, closesAt: 53_000 },
      { kind: 'schedule', at: 53_251, reason: 'close' },
    ]);
    ok(s, { type: 'tick' }, 53_251);
    expect(s.phase).toBe('reveal');
    expect(ok(s, { type: 'next' }, 60_000).effects).toEqual([{ kind: 'cancel-timer' }, { kind: 'ended', reason: 'completed' }]);
    expect(s.phase).toBe('ended');
    expect(s.endReason).toBe('completed');
    expect(err(s, { type: 'next' }, 60_001)).toBe('WRONG_PHASE');
  });

  it('next during a question closes it at once', () => {
    const s = newContest();
    joinPlayers(s, 2);
    ok(s, { type: 'start' }, T0);
    ok(s, answer('p1', 0), OPENS);
    const step = ok(s, { type: 'next' }, 10_000);
    expect(kinds(step)).toEqual(['reveal', 'cancel-timer']);
    expect(s.players.get('p1')?.points).toBe(1000);
  });

  it('next in the lobby is refused: the host starts with start', () => {
    const s = newContest();
    joinPlayers(s, 1);
    expect(err(s, { type: 'next' }, T0)).toBe('WRONG_PHASE');
  });

  it('uses each question’s own time limit', () => {
    const s = newContest({}, [
      { timeLimitMs: 5000, multiplier: 1 },
      { timeLimitMs: 240_000, multiplier: 1 },
    ]);
    joinPlayers(s, 1);
    expect(ok(s, { type: 'start' }, 0).effects[0]).toEqual({ kind: 'question', index: 0, shownAt: 0, opensAt: 3000, closesAt: 8000 });
    ok(s, { type: 'next' }, 1000);
    expect(ok(s, { type: 'next' }, 2000).effects[0]).toEqual({ kind: 'question', index: 1, shownAt: 2000, opensAt: 5000, closesAt: 245_000 });
  });

  it('a contest without questions ends at start', () => {
    const s = newContest({}, []);
    joinPlayers(s, 1);
    expect(kinds(ok(s, { type: 'start' }, T0))).toEqual(['cancel-timer', 'ended']);
    expect(s.endReason).toBe('completed');
  });
});

describe('auto-advance', () => {
  it('schedules the advance after the reveal and leaves it on the timer', () => {
    const s = newContest({ autoAdvance: true, revealDurationMs: 8000 }, plans(2));
    joinPlayers(s, 1);
    ok(s, { type: 'start' }, T0);
    const close = ok(s, { type: 'tick' }, DEADLINE + 1);
    expect(close.effects).toEqual([
      { kind: 'reveal', index: 0 },
      { kind: 'schedule', at: DEADLINE + 1 + 8000, reason: 'advance' },
    ]);
    expect(ok(s, { type: 'tick' }, DEADLINE + 8000).effects).toEqual([]);
    expect(s.phase).toBe('reveal');
    const advance = ok(s, { type: 'tick' }, DEADLINE + 8001);
    expect(kinds(advance)).toEqual(['question', 'schedule']);
    expect(s.index).toBe(1);
  });

  it('ends after the last reveal on the timer', () => {
    const s = newContest({ autoAdvance: true, revealDurationMs: 5000 }, plans(1));
    joinPlayers(s, 1);
    ok(s, { type: 'start' }, T0);
    ok(s, answer('p1', 0), OPENS); // the only player answered: closes now, at OPENS
    expect(s.advanceAt).toBe(OPENS + 5000);
    expect(kinds(ok(s, { type: 'tick' }, OPENS + 5000))).toEqual(['cancel-timer', 'ended']);
  });

  it('without auto-advance the reveal waits for the host however long', () => {
    const s = newContest({}, plans(2));
    joinPlayers(s, 1);
    ok(s, { type: 'start' }, T0);
    ok(s, { type: 'next' }, 5000);
    expect(ok(s, { type: 'tick' }, 10_000_000).effects).toEqual([]);
    expect(s.phase).toBe('reveal');
  });

  it('a late timer closes at the time it is handled, so one call makes at most one transition', () => {
    const s = newContest({ autoAdvance: true, revealDurationMs: 5000 }, plans(3));
    joinPlayers(s, 1);
    ok(s, { type: 'start' }, T0);
    const step = ok(s, { type: 'tick' }, 1_000_000);
    expect(step.effects).toEqual([
      { kind: 'reveal', index: 0 },
      { kind: 'schedule', at: 1_005_000, reason: 'advance' },
    ]);
    expect(s.index).toBe(0);
  });
});

describe('pause, resume, extend', () => {
  it('pausing freezes the clock and refuses answers; resuming shifts every deadline by the pause', () => {
    const s = newContest();
    joinPlayers(s, 2);
    ok(s, { type: 'start' }, T0);
    expect(ok(s, { type: 'pause' }, 10_000).effects).toEqual([
      { kind: 'cancel-timer' },
      { kind: 'clock', index: 0, paused: true, opensAt: OPENS, closesAt: CLOSES, advanceAt: null },
    ]);
    expect(err(s, answer('p1', 0), 12_000)).toBe('PAUSED');
    expect(ok(s, { type: 'tick' }, 100_000).effects).toEqual([]);
    expect(s.phase).toBe('question');
    const resumed = ok(s, { type: 'resume' }, 15_000);
    expect(resumed.effects).toEqual([
      { kind: 'clock', index: 0, paused: false, opensAt: 9000, closesAt: 29_000, advanceAt: null },
      { kind: 'schedule', at: 29_251, reason: 'close' },
    ]);
    // 6 s after the shifted opening: round(1000 × (1 − 0.3/2)) = 850.
    ok(s, answer('p1', 0), 15_000);
    expect(s.answers[0]?.get('p1')?.points).toBe(850);
    expect(s.answers[0]?.get('p1')?.elapsedMs).toBe(6000);
  });

  it('a pause during the reading delay delays the opening too', () => {
    const s = newContest();
    joinPlayers(s, 1);
    ok(s, { type: 'start' }, T0);
    ok(s, { type: 'pause' }, 2000);
    ok(s, { type: 'resume' }, 2500);
    expect([s.opensAt, s.closesAt]).toEqual([4500, 24_500]);
    expect(err(s, answer('p1', 0), 4499)).toBe('TOO_EARLY');
    ok(s, answer('p1', 0), 4500);
  });

  it('pause and resume are idempotent and only valid during a question or a reveal', () => {
    const s = newContest();
    joinPlayers(s, 1);
    expect(err(s, { type: 'pause' }, 0)).toBe('WRONG_PHASE');
    expect(err(s, { type: 'resume' }, 0)).toBe('WRONG_PHASE');
    ok(s, { type: 'start' }, T0);
    expect(ok(s, { type: 'resume' }, 5000).effects).toEqual([]);
    ok(s, { type: 'pause' }, 5000);
    expect(ok(s, { type: 'pause' }, 6000).effects).toEqual([]);
    expect(s.pausedAt).toBe(5000);
  });

  it('pausing a reveal holds the auto-advance', () => {
    const s = newContest({ autoAdvance: true, revealDurationMs: 10_000 });
    joinPlayers(s, 1);
    ok(s, { type: 'start' }, T0);
    ok(s, { type: 'next' }, 10_000);
    expect(s.advanceAt).toBe(20_000);
    ok(s, { type: 'pause' }, 12_000);
    expect(ok(s, { type: 'tick' }, 20_000).effects).toEqual([]);
    expect(ok(s, { type: 'resume' }, 42_000).effects).toEqual([
      { kind: 'clock', index: 0, paused: false, opensAt: null, closesAt: null, advanceAt: 50_000 },
      { kind: 'schedule', at: 50_000, reason: 'advance' },
    ]);
  });

  it('next while paused closes the question and clears the pause', () => {
    const s = newContest();
    joinPlayers(s, 1);
    ok(s, { type: 'start' }, T0);
    ok(s, { type: 'pause' }, 5000);
    ok(s, { type: 'next' }, 6000);
    expect(s.phase).toBe('reveal');
    expect(s.pausedAt).toBeNull();
  });

  it('extend moves the deadline and reschedules the close', () => {
    const s = newContest();
    joinPlayers(s, 2);
    ok(s, { type: 'start' }, T0);
    expect(ok(s, { type: 'extend', seconds: 10 }, 20_000).effects).toEqual([
      { kind: 'clock', index: 0, paused: false, opensAt: OPENS, closesAt: 34_000, advanceAt: null },
      { kind: 'schedule', at: 34_251, reason: 'close' },
    ]);
    ok(s, answer('p1', 0), 34_250);
    // Answers in the extra time score as at T: an extension never changes an answer's value.
    expect(s.answers[0]?.get('p1')?.points).toBe(500);
    expect(err(s, answer('p2', 0), 34_251)).toBe('TOO_LATE');
  });

  it('extend during a pause adds to the remaining time without a timer; resume schedules it', () => {
    const s = newContest();
    joinPlayers(s, 1);
    ok(s, { type: 'start' }, T0);
    ok(s, { type: 'pause' }, 14_000);
    expect(kinds(ok(s, { type: 'extend', seconds: 5 }, 15_000))).toEqual(['clock']);
    expect(ok(s, { type: 'resume' }, 20_000).effects[1]).toEqual({ kind: 'schedule', at: 35_251, reason: 'close' });
  });

  it('extend is refused outside a question and for nonsense amounts', () => {
    const s = newContest();
    joinPlayers(s, 1);
    expect(err(s, { type: 'extend', seconds: 10 }, 0)).toBe('WRONG_PHASE');
    ok(s, { type: 'start' }, T0);
    expect(err(s, { type: 'extend', seconds: 0 }, 5000)).toBe('INVALID');
    expect(err(s, { type: 'extend', seconds: 1.5 }, 5000)).toBe('INVALID');
    expect(err(s, { type: 'extend', seconds: 601 }, 5000)).toBe('INVALID');
    expect(s.closesAt).toBe(CLOSES);
    ok(s, { type: 'next' }, 6000);
    expect(err(s, { type: 'extend', seconds: 10 }, 7000)).toBe('WRONG_PHASE');
  });

  it('an extension given inside the grace period reopens the window', () => {
    const s = newContest();
    joinPlayers(s, 2);
    ok(s, { type: 'start' }, T0);
    ok(s, { type: 'extend', seconds: 5 }, CLOSES + 100);
    ok(s, answer('p1', 0), CLOSES + 4000);
    expect(s.phase).toBe('question');
  });
});

describe('skip and end', () => {
  it('skip voids the question: answers discarded, no points, no streak change, next question at once', () => {
    const s = newContest();
    joinPlayers(s, 2);
    ok(s, { type: 'start' }, T0);
    ok(s, answer('p1', 0), OPENS);
    ok(s, { type: 'next' }, 5000);
    ok(s, { type: 'next' }, 6000);
    ok(s, answer('p1', 1), 9000);
    const step = ok(s, { type: 'skip' }, 10_000);
    expect(step.effects).toEqual([
      { kind: 'voided', index: 1 },
      { kind: 'question', index: 2, shownAt: 10_000, opensAt: 13_000, closesAt: 33_000 },
      { kind: 'schedule', at: 33_251, reason: 'close' },
    ]);
    expect(s.answers[1]?.size).toBe(0);
    expect(s.tallies[1]).toEqual({ voided: true, due: 0, answered: 0, correct: 0 });
    const p1 = s.players.get('p1');
    expect([p1?.points, p1?.streak, p1?.dueCount]).toEqual([1000, 1, 1]);
    const p2 = s.players.get('p2');
    expect([p2?.points, p2?.streak, p2?.dueCount]).toEqual([0, 0, 1]);
    // The streak carries over the voided question.
    ok(s, answer('p1', 2), 13_000);
    ok(s, { type: 'next' }, 14_000);
    expect(s.players.get('p1')?.points).toBe(2100);
  });

  it('skipping the last question ends the contest; skip is refused outside a question', () => {
    const s = newContest({}, plans(1));
    joinPlayers(s, 1);
    expect(err(s, { type: 'skip' }, 0)).toBe('WRONG_PHASE');
    ok(s, { type: 'start' }, T0);
    expect(kinds(ok(s, { type: 'skip' }, 5000))).toEqual(['voided', 'cancel-timer', 'ended']);
    expect(s.endReason).toBe('completed');
  });

  it('skip in the reveal is refused (a settled question is not undone)', () => {
    const s = newContest();
    joinPlayers(s, 1);
    ok(s, { type: 'start' }, T0);
    ok(s, { type: 'next' }, 5000);
    expect(err(s, { type: 'skip' }, 6000)).toBe('WRONG_PHASE');
  });

  it('end during a question voids it and stops the timer', () => {
    const s = newContest();
    joinPlayers(s, 1);
    ok(s, { type: 'start' }, T0);
    ok(s, answer('p1', 0), OPENS);
    // p1 was the only player, so the question closed; start a second one to end mid-way.
    ok(s, { type: 'next' }, 5000);
    ok(s, answer('p1', 1), 8000);
    expect(s.phase).toBe('reveal');
    ok(s, { type: 'next' }, 9000);
    const step = ok(s, { type: 'end' }, 10_000);
    expect(step.effects).toEqual([{ kind: 'voided', index: 2 }, { kind: 'cancel-timer' }, { kind: 'ended', reason: 'host' }]);
    expect(s.players.get('p1')?.points).toBe(2100);
    expect(err(s, { type: 'end' }, 10_001)).toBe('WRONG_PHASE');
  });

  it('end works from the lobby and the reveal', () => {
    const lobby = newContest();
    expect(kinds(ok(lobby, { type: 'end' }, 0))).toEqual(['cancel-timer', 'ended']);
    const reveal = newContest();
    joinPlayers(reveal, 1);
    ok(reveal, { type: 'start' }, T0);
    ok(reveal, { type: 'next' }, 5000);
    expect(ok(reveal, { type: 'end' }, 6000).effects).toEqual([{ kind: 'cancel-timer' }, { kind: 'ended', reason: 'host' }]);
    expect(reveal.tallies[0]?.voided).toBe(false);
  });

  it('nothing is accepted after the end', () => {
    const s = newContest();
    joinPlayers(s, 1);
    ok(s, { type: 'end' }, 0);
    expect(err(s, answer('p1', 0), 1)).toBe('TOO_LATE');
    expect(err(s, { type: 'join', playerId: 'x', nickname: 'Late Comer', district: 'D1' }, 1)).toBe('ENDED');
    expect(err(s, { type: 'lock' }, 1)).toBe('WRONG_PHASE');
    expect(apply(s, { type: 'tick' }, 1).effects).toEqual([]);
  });
});
