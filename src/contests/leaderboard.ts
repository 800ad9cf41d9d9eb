import type { PlayerState } from './live-state.ts';

/**
 * In-memory standings. Built once per reveal in O(N log N) (10,000 players sort
 * in milliseconds); every query after that is O(1) or O(k). Points only change
 * when a question closes, so there is nothing to re-sort per answer.
 */

/** The fields standings read; `PlayerState` has them all. */
export type RankedPlayer = Pick<
  PlayerState,
  'id' | 'nickname' | 'district' | 'school' | 'points' | 'correctTimeMs' | 'joinOrder' | 'correctCount' | 'dueCount' | 'eliminated'
>;

export interface StandingRow {
  playerId: string;
  nickname: string;
  district: string;
  school: string | null;
  points: number;
  /** 1-based; unique, because ties are broken down to join order. */
  rank: number;
  districtRank: number;
  eliminated: boolean;
}

export interface TeamStanding {
  /** District name, or the school name for school standings. */
  team: string;
  district: string;
  rank: number;
  /** Mean points of the team's players (unrounded). */
  score: number;
  players: number;
  /** Fully correct answers / answers due, 0 when nothing was due yet. */
  correctRate: number;
}

export interface Standings {
  /** Players best first. */
  readonly order: readonly RankedPlayer[];
  readonly position: ReadonlyMap<string, { rank: number; districtRank: number }>;
  readonly byDistrict: ReadonlyMap<string, readonly RankedPlayer[]>;
  readonly districts: readonly TeamStanding[];
  readonly schools: readonly TeamStanding[];
}

/** Points desc, then total time of correct answers asc (faster wins), then who joined first. */
export function comparePlayers(a: RankedPlayer, b: RankedPlayer): number {
  return b.points - a.points || a.correctTimeMs - b.correctTimeMs || a.joinOrder - b.joinOrder;
}

export function buildStandings(players: Iterable<RankedPlayer>): Standings {
  const order = [...players].sort(comparePlayers);
  const position = new Map<string, { rank: number; districtRank: number }>();
  const byDistrict = new Map<string, RankedPlayer[]>();
  order.forEach((p, i) => {
    let list = byDistrict.get(p.district);
    if (!list) byDistrict.set(p.district, (list = []));
    list.push(p);
    position.set(p.id, { rank: i + 1, districtRank: list.length });
  });
  const schools = order.filter((p) => p.school !== null);
  return {
    order,
    position,
    byDistrict,
    districts: teamStandings(order, (p) => p.district, (p) => p.district),
    schools: teamStandings(schools, (p) => `${p.district}\u0000${p.school ?? ''}`, (p) => p.school ?? ''),
  };
}

/** The overall top `n` (10 on the boards). */
export function topPlayers(standings: Standings, n = 10): StandingRow[] {
  return standings.order.slice(0, n).map((p) => row(standings, p));
}

/** The top `n` of one district. */
export function districtTop(standings: Standings, district: string, n = 10): StandingRow[] {
  return (standings.byDistrict.get(district) ?? []).slice(0, n).map((p) => row(standings, p));
}

/** One player's place overall and in their district, or null for an unknown player. */
export function playerStanding(standings: Standings, playerId: string): StandingRow | null {
  const pos = standings.position.get(playerId);
  if (!pos) return null;
  const p = standings.order[pos.rank - 1];
  return p ? row(standings, p) : null;
}

function row(standings: Standings, p: RankedPlayer): StandingRow {
  const pos = standings.position.get(p.id) ?? { rank: 0, districtRank: 0 };
  return {
    playerId: p.id,
    nickname: p.nickname,
    district: p.district,
    school: p.school,
    points: p.points,
    rank: pos.rank,
    districtRank: pos.districtRank,
    eliminated: p.eliminated,
  };
}

/**
 * Team standings: mean points (so a district with more players is not favoured),
 * then correct rate, then more players, then name.
 */
function teamStandings(players: readonly RankedPlayer[], keyOf: (p: RankedPlayer) => string, nameOf: (p: RankedPlayer) => string): TeamStanding[] {
  const teams = new Map<string, { team: string; district: string; points: number; players: number; correct: number; due: number }>();
  for (const p of players) {
    const key = keyOf(p);
    let t = teams.get(key);
    if (!t) teams.set(key, (t = { team: nameOf(p), district: p.district, points: 0, players: 0, correct: 0, due: 0 }));
    t.points += p.points;
    t.players++;
    t.correct += p.correctCount;
    t.due += p.dueCount;
  }
  const rows = [...teams.values()].map((t) => ({
    team: t.team,
    district: t.district,
    rank: 0,
    score: t.points / t.players,
    players: t.players,
    correctRate: t.due === 0 ? 0 : t.correct / t.due,
  }));
  rows.sort((a, b) => b.score - a.score || b.correctRate - a.correctRate || b.players - a.players || a.team.localeCompare(b.team, 'vi') || a.district.localeCompare(b.district, 'vi'));
  rows.forEach((r, i) => (r.rank = i + 1));
  return rows;
}
