import { describe, expect, it } from 'vitest';
import { OPENS, RIGHT, T0, WRONG, answer, err, joinPlayers, kinds, newContest, ok, plans } from './live-helpers.ts';
import type { LiveState } from '../../src/contests/live-state.ts';

function elimination(n: number, questions = plans(5), settings: Parameters<typeof newContest>[0] = {}) {
  const s = newContest({ mode: 'elimination', ...settings }, questions);
  joinPlayers(s, n);
  ok(s, { type: 'start' }, T0);
  return s;
}

const eliminated = (s: LiveState) => [...s.players.values()].filter((p) => p.eliminated).map((p) => p.id);

describe('elimination mode', () => {
  it('at the close, wrong, partial and missing answers eliminate', () => {
    const s = elimination(5);
    ok(s, answer('p1', 0, RIGHT), OPENS);
    ok(s, answer('p2', 0, RIGHT), OPENS);
    ok(s, answer('p3', 0, WRONG), OPENS);
    ok(s, answer('p4', 0, { correct: false, fraction: 0.5 }), OPENS);
    const step = ok(s, { type: 'next' }, 5000);
    expect(step.effects).toEqual([
      { kind: 'reveal', index: 0 },
      { kind: 'eliminated', index: 0, playerIds: ['p3', 'p4', 'p5'] },
      { kind: 'cancel-timer' },
    ]);
    expect(eliminated(s)).toEqual(['p3', 'p4', 'p5']);
    expect(s.players.get('p3')?.eliminatedAt).toBe(0);
    // Partial credit still scores its points.
    expect(s.players.get('p4')?.points).toBe(500);
  });

  it('eliminated players cannot answer, owe nothing and are not waited for', () => {
    const s = elimination(3);
    ok(s, answer('p1', 0), OPENS);
    ok(s, answer('p2', 0), OPENS);
    ok(s, { type: 'next' }, 5000);
    ok(s, { type: 'next' }, 6000);
    expect(s.pending).toBe(2);
    expect(err(s, answer('p3', 1), 9000)).toBe('ELIMINATED');
    ok(s, answer('p1', 1), 9000);
    expect(kinds(ok(s, answer('p2', 1), 9001))).toContain('reveal');
    expect(s.players.get('p3')?.dueCount).toBe(1);
  });

  it('ends when one player is left after a question', () => {
    const s = elimination(3);
    ok(s, answer('p1', 0), OPENS);
    ok(s, answer('p2', 0, WRONG), OPENS);
    ok(s, { type: 'next' }, 5000);
    expect(s.phase).toBe('reveal');
    expect(ok(s, { type: 'next' }, 6000).effects).toEqual([{ kind: 'cancel-timer' }, { kind: 'ended', reason: 'last-standing' }]);
    expect(s.endReason).toBe('last-standing');
  });

  it('ends when nobody is left', () => {
    const s = elimination(2);
    ok(s, answer('p1', 0, WRONG), OPENS);
    ok(s, answer('p2', 0, WRONG), OPENS);
    ok(s, { type: 'next' }, 5000);
    expect(s.endReason).toBe('last-standing');
  });

  it('ends with several survivors when the questions run out', () => {
    const s = elimination(2, plans(1));
    ok(s, answer('p1', 0), OPENS);
    ok(s, answer('p2', 0), OPENS);
    ok(s, { type: 'next' }, 5000);
    expect(s.endReason).toBe('completed');
  });

  it('a practice question eliminates nobody', () => {
    const s = elimination(3, [{ timeLimitMs: 20_000, multiplier: 0 }, ...plans(2)]);
    ok(s, answer('p1', 0, WRONG), OPENS);
    ok(s, { type: 'next' }, 5000);
    expect(eliminated(s)).toEqual([]);
  });

  it('revive brings every eliminated player back, once per contest', () => {
    const s = elimination(4);
    ok(s, answer('p1', 0), OPENS);
    ok(s, answer('p2', 0), OPENS);
    ok(s, { type: 'next' }, 5000);
    expect(ok(s, { type: 'revive' }, 5500).effects).toEqual([{ kind: 'revived', playerIds: ['p3', 'p4'] }]);
    expect(eliminated(s)).toEqual([]);
    expect(s.players.get('p3')?.eliminatedAt).toBeNull();
    ok(s, { type: 'next' }, 6000);
    ok(s, answer('p3', 1), 9000);
    ok(s, { type: 'next' }, 9500);
    expect(eliminated(s)).toEqual(['p1', 'p2', 'p4']);
    expect(err(s, { type: 'revive' }, 10_000)).toBe('REVIVE_USED');
  });

  it('revive saves a contest that would end with one survivor', () => {
    const s = elimination(3);
    ok(s, answer('p1', 0), OPENS);
    ok(s, { type: 'next' }, 5000);
    ok(s, { type: 'revive' }, 5500);
    expect(kinds(ok(s, { type: 'next' }, 6000))).toEqual(['question', 'schedule']);
  });

  it('revived mid-question, a player may answer but is not eliminated again for not answering', () => {
    const s = elimination(4);
    ok(s, answer('p1', 0), OPENS);
    ok(s, answer('p2', 0), OPENS);
    ok(s, answer('p3', 0), OPENS);
    ok(s, { type: 'next' }, 5000);
    ok(s, { type: 'next' }, 6000);
    ok(s, { type: 'revive' }, 8000);
    expect(s.pending).toBe(4);
    ok(s, answer('p1', 1), 9000);
    ok(s, answer('p2', 1), 9000);
    ok(s, answer('p3', 1), 9000);
    expect(s.phase).toBe('question');
    ok(s, { type: 'next' }, 10_000);
    expect(eliminated(s)).toEqual([]);
    expect(s.players.get('p4')?.dueCount).toBe(1);
  });

  it('revive is refused in classic mode, outside play, and when nobody is eliminated (without using it up)', () => {
    const classic = newContest();
    joinPlayers(classic, 2);
    ok(classic, { type: 'start' }, T0);
    expect(err(classic, { type: 'revive' }, 5000)).toBe('NOT_ELIMINATION');

    const lobby = newContest({ mode: 'elimination' });
    joinPlayers(lobby, 2);
    expect(err(lobby, { type: 'revive' }, 0)).toBe('WRONG_PHASE');

    const s = elimination(2);
    expect(err(s, { type: 'revive' }, 5000)).toBe('NOTHING_TO_REVIVE');
    expect(s.reviveUsed).toBe(false);
  });
});
