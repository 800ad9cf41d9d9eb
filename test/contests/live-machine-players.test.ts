import { describe, expect, it } from 'vitest';
import { CLOSES, OPENS, T0, answer, err, joinPlayers, newContest, ok, plans } from './live-helpers.ts';

const join = (playerId: string, nickname: string, district = 'Buôn Ma Thuột', school?: string | null) =>
  ({ type: 'join', playerId, nickname, district, ...(school === undefined ? {} : { school }) }) as const;

describe('join', () => {
  it('adds a player with a normalised nickname and key, in join order', () => {
    const s = newContest();
    const step = ok(s, join('a', '  Mai   Anh ', ' Krông Pắc ', ' THCS Lê Lợi '), 500);
    expect(step.effects).toEqual([{ kind: 'player-joined', playerId: 'a' }]);
    ok(s, join('b', 'Nam', 'Krông Pắc', '  '), 600);
    expect(s.players.get('a')).toEqual({
      id: 'a',
      nickname: 'Mai Anh',
      key: 'maianh',
      district: 'Krông Pắc',
      school: 'THCS Lê Lợi',
      joinOrder: 0,
      joinedAt: 500,
      firstIndex: 0,
      connected: true,
      eliminated: false,
      eliminatedAt: null,
      points: 0,
      streak: 0,
      bestStreak: 0,
      correctCount: 0,
      answeredCount: 0,
      dueCount: 0,
      correctTimeMs: 0,
      settledThrough: -1,
    });
    expect(s.players.get('b')?.school).toBeNull();
    expect(s.players.get('b')?.joinOrder).toBe(1);
  });

  it('normalises NFD input to NFC', () => {
    const s = newContest();
    ok(s, join('a', 'Đức Phúc'.normalize('NFD'), 'Cư M’gar'.normalize('NFD')), 0);
    expect(s.players.get('a')?.nickname).toBe('Đức Phúc'.normalize('NFC'));
    expect(s.players.get('a')?.district).toBe('Cư M’gar'.normalize('NFC'));
  });

  it('nicknames are unique per contest regardless of case, diacritics, spacing and digit spellings', () => {
    const s = newContest();
    ok(s, join('a', 'Nam'), 0);
    for (const [i, nick] of ['NAM', 'Nâm', 'N a m', 'N4m', 'Naam', 'nam.'].entries()) {
      expect(err(s, join(`x${i}`, nick), 0)).toBe('NICKNAME_TAKEN');
    }
    ok(s, join('b', 'Nam Anh'), 0);
  });

  it('refuses invalid nicknames with the validator’s code and an empty district as INVALID', () => {
    const s = newContest();
    expect(err(s, join('a', 'x'), 0)).toBe('TOO_SHORT');
    expect(err(s, join('a', 'vcl'), 0)).toBe('PROFANITY');
    expect(err(s, join('a', 'Nam', '   '), 0)).toBe('INVALID');
    expect(s.players.size).toBe(0);
  });

  it('refuses a second join with the same id', () => {
    const s = newContest();
    ok(s, join('a', 'Nam'), 0);
    expect(err(s, join('a', 'Lan'), 0)).toBe('ALREADY_JOINED');
  });

  it('respects the lobby lock; lock and unlock are idempotent', () => {
    const s = newContest();
    expect(ok(s, { type: 'lock' }, 0).effects).toEqual([{ kind: 'lobby-locked', locked: true }]);
    expect(ok(s, { type: 'lock' }, 0).effects).toEqual([]);
    expect(err(s, join('a', 'Nam'), 0)).toBe('LOCKED');
    expect(ok(s, { type: 'unlock' }, 0).effects).toEqual([{ kind: 'lobby-locked', locked: false }]);
    ok(s, join('a', 'Nam'), 0);
  });

  it('respects maxPlayers', () => {
    const s = newContest({ maxPlayers: 2 });
    joinPlayers(s, 2);
    expect(err(s, join('c', 'Third One'), 0)).toBe('FULL');
  });
});

describe('late join', () => {
  it('with lateJoinUntil 0 joining closes when the contest starts', () => {
    const s = newContest({ lateJoinUntil: 0 });
    joinPlayers(s, 1);
    ok(s, { type: 'start' }, T0);
    expect(err(s, join('late', 'Late One'), OPENS)).toBe('LATE_JOIN_CLOSED');
  });

  it('with lateJoinUntil k players may join until question k starts', () => {
    const s = newContest({ lateJoinUntil: 2 }, plans(4));
    joinPlayers(s, 1);
    ok(s, { type: 'start' }, T0);
    ok(s, join('q0', 'During Zero'), OPENS);
    ok(s, { type: 'next' }, 5000);
    ok(s, { type: 'next' }, 6000);
    ok(s, join('q1', 'During One'), 7000);
    ok(s, { type: 'next' }, 8000);
    ok(s, join('r1', 'Reveal One'), 8001);
    ok(s, { type: 'next' }, 9000);
    expect(s.index).toBe(2);
    expect(err(s, join('q2', 'During Two'), 9001)).toBe('LATE_JOIN_CLOSED');
    expect([s.players.get('q0')?.firstIndex, s.players.get('q1')?.firstIndex, s.players.get('r1')?.firstIndex]).toEqual([1, 2, 2]);
  });

  it('a player joining mid-question may answer it; if they do not, it is not held against them', () => {
    const s = newContest({ lateJoinUntil: 3 });
    joinPlayers(s, 1);
    ok(s, { type: 'start' }, T0);
    ok(s, join('late', 'Late One'), OPENS);
    ok(s, join('later', 'Later One'), OPENS);
    expect(s.pending).toBe(3);
    ok(s, answer('late', 0), OPENS + 1);
    ok(s, { type: 'next' }, 5000);
    const late = s.players.get('late');
    const later = s.players.get('later');
    expect([late?.points, late?.dueCount, late?.streak]).toEqual([1000, 1, 1]);
    expect([later?.points, later?.dueCount, later?.settledThrough]).toEqual([0, 0, 0]);
    expect(s.tallies[0]).toEqual({ voided: false, due: 2, answered: 1, correct: 1 });
  });
});

describe('kick and ban', () => {
  it('removes the player, frees the nickname and drops their answers', () => {
    const s = newContest();
    joinPlayers(s, 3);
    ok(s, { type: 'start' }, T0);
    ok(s, answer('p1', 0), OPENS);
    expect(ok(s, { type: 'kick', playerId: 'p1' }, OPENS + 1).effects).toEqual([{ kind: 'player-kicked', playerId: 'p1', banned: false }]);
    expect(s.players.has('p1')).toBe(false);
    expect(s.answers[0]?.has('p1')).toBe(false);
    expect(err(s, answer('p1', 0), OPENS + 2)).toBe('NOT_IN_CONTEST');
    expect(err(s, { type: 'kick', playerId: 'p1' }, OPENS + 2)).toBe('NOT_IN_CONTEST');
    const fresh = newContest();
    ok(fresh, join('p1', 'Player A'), 0);
    ok(fresh, { type: 'kick', playerId: 'p1' }, 1);
    ok(fresh, join('p9', 'Player A'), 2);
  });

  it('a ban blocks the nickname key, whatever its spelling', () => {
    const s = newContest();
    ok(s, join('a', 'Nam'), 0);
    expect(ok(s, { type: 'kick', playerId: 'a', ban: true }, 1).effects).toEqual([{ kind: 'player-kicked', playerId: 'a', banned: true }]);
    expect(err(s, join('b', 'N4M'), 2)).toBe('BANNED');
    expect(err(s, join('c', 'Nâm'), 2)).toBe('BANNED');
    ok(s, join('d', 'Lan'), 2);
  });

  it('a kicked player no longer counts for the close', () => {
    const s = newContest();
    joinPlayers(s, 3);
    ok(s, { type: 'start' }, T0);
    ok(s, answer('p1', 0), OPENS);
    ok(s, { type: 'kick', playerId: 'p2' }, OPENS + 1);
    expect(s.phase).toBe('question');
    ok(s, answer('p3', 0), OPENS + 2);
    expect(s.phase).toBe('reveal');
    expect(s.tallies[0]).toEqual({ voided: false, due: 2, answered: 2, correct: 2 });
  });

  it('kicking an already answered player does not close a question still waiting for others', () => {
    const s = newContest();
    joinPlayers(s, 2);
    ok(s, { type: 'start' }, T0);
    ok(s, answer('p1', 0), OPENS);
    ok(s, { type: 'kick', playerId: 'p1' }, OPENS + 1);
    expect(s.phase).toBe('question');
    expect(s.pending).toBe(1);
    ok(s, { type: 'tick' }, CLOSES + 251);
    expect(s.tallies[0]).toEqual({ voided: false, due: 1, answered: 0, correct: 0 });
  });
});
