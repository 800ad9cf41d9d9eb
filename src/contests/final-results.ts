import { fold } from '../shared/text.ts';
import type { OriginalResponse } from '../banks/responses.ts';
import { buildStandings } from './leaderboard.ts';
import type { TeamStanding } from './leaderboard.ts';
import type { EndReason, LiveState } from './live-state.ts';

export interface FinalPlayer {
  playerId: string;
  nickname: string;
  district: string;
  school: string | null;
  rank: number;
  districtRank: number;
  points: number;
  correctCount: number;
  answeredCount: number;
  dueCount: number;
  bestStreak: number;
  eliminated: boolean;
  eliminatedAt: number | null;
}

export interface QuestionResult {
  index: number;
  /** Skipped, or cut short by `end`; its answers do not count. */
  voided: boolean;
  /** False for a question the contest never reached. */
  played: boolean;
  due: number;
  answered: number;
  correct: number;
  /** correct / due; 0 when nobody owed an answer. */
  correctRate: number;
  /** Mean effective answer time over all accepted answers, rounded to the ms; null without answers. */
  meanTimeMs: number | null;
  /** Answers per choice: option id, "true"/"false", the folded short answer, or an ordering "a>b>c". */
  distribution: Record<string, number>;
}

export interface FinalResults {
  endReason: EndReason | null;
  /** Best first. */
  players: FinalPlayer[];
  /** The first three (fewer with fewer players). */
  podium: FinalPlayer[];
  questions: QuestionResult[];
  districts: TeamStanding[];
  schools: TeamStanding[];
}

/** Where an answer counts in a question's distribution. */
export function distributionKeys(response: OriginalResponse): string[] {
  switch (response.type) {
    case 'single_choice':
      return [response.optionId];
    case 'multiple_choice':
      return [...response.optionIds];
    case 'true_false':
      return [String(response.value)];
    case 'short_answer':
      return [fold(response.text)];
    case 'ordering':
      return [response.order.join('>')];
    case 'numerical':
      return [String(response.value)];
    case 'matching':
      return [response.matches.join('>')];
  }
}

/** Per-question figures; for the reveal of one question as much as for the final results. */
export function questionResult(state: LiveState, index: number): QuestionResult {
  const tally = state.tallies[index] ?? null;
  const distribution: Record<string, number> = {};
  let timeSum = 0;
  let answers = 0;
  if (tally && !tally.voided) {
    for (const a of state.answers[index]?.values() ?? []) {
      answers++;
      timeSum += a.elapsedMs;
      for (const key of distributionKeys(a.response)) distribution[key] = (distribution[key] ?? 0) + 1;
    }
  }
  const due = tally?.due ?? 0;
  const correct = tally?.correct ?? 0;
  return {
    index,
    voided: tally?.voided ?? false,
    played: tally !== null,
    due,
    answered: tally?.answered ?? 0,
    correct,
    correctRate: due === 0 ? 0 : correct / due,
    meanTimeMs: answers === 0 ? null : Math.round(timeSum / answers),
    distribution,
  };
}

/** Results after the end (also valid mid-contest, reflecting the last reveal). */
/** Players best first with their ranks, from the standings and each player's own record (answered count, streak, elimination time). */
export function rankedFinalPlayers(
  standings: ReturnType<typeof buildStandings>,
  record: (id: string) => { answeredCount: number; bestStreak: number; eliminatedAt: number | null } | undefined,
): FinalPlayer[] {
  return standings.order.map((r): FinalPlayer => {
    const p = record(r.id);
    const pos = standings.position.get(r.id);
    return {
      playerId: r.id,
      nickname: r.nickname,
      district: r.district,
      school: r.school,
      rank: pos?.rank ?? 0,
      districtRank: pos?.districtRank ?? 0,
      points: r.points,
      correctCount: r.correctCount,
      answeredCount: p?.answeredCount ?? 0,
      dueCount: r.dueCount,
      bestStreak: p?.bestStreak ?? 0,
      eliminated: r.eliminated,
      eliminatedAt: p?.eliminatedAt ?? null,
    };
  });
}

export function finalResults(state: LiveState): FinalResults {
  const standings = buildStandings(state.players.values());
  const players = rankedFinalPlayers(standings, (id) => state.players.get(id));
  return {
    endReason: state.endReason,
    players,
    podium: players.slice(0, 3),
    questions: state.questions.map((_, i) => questionResult(state, i)),
    districts: [...standings.districts],
    schools: [...standings.schools],
  };
}
