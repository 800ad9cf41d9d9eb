import { describe, expect, it } from 'vitest';
import { buildStandings, districtTop, playerStanding, topPlayers } from '../../src/contests/leaderboard.ts';
import type { RankedPlayer } from '../../src/contests/leaderboard.ts';

let order = 0;
function player(id: string, district: string, points: number, over: Partial<RankedPlayer> = {}): RankedPlayer {
  return {
    id,
    nickname: `Nick ${id}`,
    district,
    school: null,
    points,
    correctTimeMs: 0,
    joinOrder: order++,
    correctCount: 0,
    dueCount: 0,
    eliminated: false,
    ...over,
  };
}

describe('player standings', () => {
  it('orders by points, then faster correct answers, then join order', () => {
    const players = [
      player('slow', 'A', 1000, { correctTimeMs: 9000, joinOrder: 0 }),
      player('late', 'A', 1000, { correctTimeMs: 3000, joinOrder: 5 }),
      player('early', 'B', 1000, { correctTimeMs: 3000, joinOrder: 2 }),
      player('top', 'B', 1500, { correctTimeMs: 20_000, joinOrder: 9 }),
      player('none', 'A', 0, { joinOrder: 1 }),
    ];
    const s = buildStandings(players);
    expect(s.order.map((p) => p.id)).toEqual(['top', 'early', 'late', 'slow', 'none']);
    expect(topPlayers(s, 3).map((r) => [r.playerId, r.rank, r.districtRank])).toEqual([
      ['top', 1, 1],
      ['early', 2, 2],
      ['late', 3, 1],
    ]);
  });

  it('gives any player’s rank overall and in the district', () => {
    const s = buildStandings([player('a', 'X', 300), player('b', 'Y', 200), player('c', 'X', 100)]);
    expect(playerStanding(s, 'c')).toEqual({
      playerId: 'c',
      nickname: 'Nick c',
      district: 'X',
      school: null,
      points: 100,
      rank: 3,
      districtRank: 2,
      eliminated: false,
    });
    expect(playerStanding(s, 'nobody')).toBeNull();
  });

  it('top 10 overall and per district', () => {
    const players = Array.from({ length: 25 }, (_, i) => player(`p${i}`, i % 2 === 0 ? 'Even' : 'Odd', i * 10));
    const s = buildStandings(players);
    expect(topPlayers(s).map((r) => r.playerId)).toEqual(['p24', 'p23', 'p22', 'p21', 'p20', 'p19', 'p18', 'p17', 'p16', 'p15']);
    expect(districtTop(s, 'Odd').map((r) => [r.playerId, r.districtRank])).toEqual([
      ['p23', 1],
      ['p21', 2],
      ['p19', 3],
      ['p17', 4],
      ['p15', 5],
      ['p13', 6],
      ['p11', 7],
      ['p9', 8],
      ['p7', 9],
      ['p5', 10],
    ]);
    expect(districtTop(s, 'Odd', 2).map((r) => r.rank)).toEqual([2, 4]);
    expect(districtTop(s, 'Nowhere')).toEqual([]);
  });

  it('handles thousands of players with consistent ranks', () => {
    const players = Array.from({ length: 10_000 }, (_, i) => player(`p${i}`, `D${i % 15}`, (i * 7919) % 5000, { correctTimeMs: i % 97 }));
    const s = buildStandings(players);
    expect(s.order).toHaveLength(10_000);
    const seen = new Set<number>();
    for (const p of players) seen.add(playerStanding(s, p.id)?.rank ?? 0);
    expect(seen.size).toBe(10_000);
    for (let i = 1; i < s.order.length; i++) {
      const a = s.order[i - 1]!;
      const b = s.order[i]!;
      expect(a.points > b.points || (a.points === b.points && a.correctTimeMs <= b.correctTimeMs)).toBe(true);
    }
    expect(districtTop(s, 'D3').every((r, i) => r.districtRank === i + 1)).toBe(true);
  });
});

describe('team standings', () => {
  it('ranks districts by mean points, with player count and correct rate', () => {
    const s = buildStandings([
      player('a1', 'Ea Kar', 1000, { correctCount: 2, dueCount: 2 }),
      player('a2', 'Ea Kar', 0, { correctCount: 0, dueCount: 2 }),
      player('b1', 'Krông Bông', 900, { correctCount: 1, dueCount: 2 }),
      player('c1', 'Lắk', 300, { correctCount: 1, dueCount: 2 }),
      player('c2', 'Lắk', 300, { correctCount: 1, dueCount: 2 }),
      player('c3', 'Lắk', 300, { correctCount: 0, dueCount: 0 }),
    ]);
    expect(s.districts).toEqual([
      { team: 'Krông Bông', district: 'Krông Bông', rank: 1, score: 900, players: 1, correctRate: 0.5 },
      { team: 'Ea Kar', district: 'Ea Kar', rank: 2, score: 500, players: 2, correctRate: 0.5 },
      { team: 'Lắk', district: 'Lắk', rank: 3, score: 300, players: 3, correctRate: 0.5 },
    ]);
  });

  it('breaks equal scores by correct rate, then size, then name', () => {
    const s = buildStandings([
      player('a', 'Bình', 500, { correctCount: 1, dueCount: 2 }),
      player('b', 'An', 500, { correctCount: 1, dueCount: 2 }),
      player('c', 'Châu', 500, { correctCount: 2, dueCount: 2 }),
      player('d', 'Đông', 500, { correctCount: 1, dueCount: 2 }),
      player('e', 'Đông', 500, { correctCount: 1, dueCount: 2 }),
    ]);
    expect(s.districts.map((d) => d.team)).toEqual(['Châu', 'Đông', 'An', 'Bình']);
  });

  it('a district where nothing was due yet has a correct rate of 0', () => {
    const s = buildStandings([player('a', 'X', 0)]);
    expect(s.districts[0]?.correctRate).toBe(0);
  });

  it('school standings group by district and school, skipping players without a school', () => {
    const s = buildStandings([
      player('a', 'X', 800, { school: 'THCS Lê Lợi' }),
      player('b', 'X', 400, { school: 'THCS Lê Lợi' }),
      player('c', 'Y', 700, { school: 'THCS Lê Lợi' }),
      player('d', 'Y', 900),
    ]);
    expect(s.schools.map((t) => [t.team, t.district, t.score, t.players])).toEqual([
      ['THCS Lê Lợi', 'Y', 700, 1],
      ['THCS Lê Lợi', 'X', 600, 2],
    ]);
  });
});
