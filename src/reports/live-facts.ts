import type { OriginalResponse } from '../banks/responses.ts';
import { distributionKeys } from '../contests/final-results.ts';
import type { LiveSnapshot } from '../contests/live-restore.ts';
import { vietnamDay, type FactRow } from './facts.ts';

export interface LiveQuestionMeta {
  key: string;
  competences: string[];
  difficulty: number;
  gradeBands: string[];
}

export interface LiveAnswerRow {
  playerId: string;
  questionIndex: number;
  correct: boolean;
  points: number;
  elapsedMs: number;
  receivedAt: Date | number;
  response: OriginalResponse;
}

/**
 * A finished live contest as facts. A player owes a question that was played (closed,
 * not voided) from the one on screen when they joined up to the one that eliminated them;
 * an owed question without an answer is a fact with `answered: false`. Practice
 * questions (multiplier 0) count like the others for mastery: they were answered.
 */
/** What the facts need of a player in the contest's snapshot. */
export type LiveFactPlayer = Pick<LiveSnapshot['players'][number], 'id' | 'firstIndex' | 'eliminatedAt'>;

export function liveFacts(input: {
  /** The snapshot's players (all, or one page of them) and the question tallies. */
  snapshot: { players: readonly LiveFactPlayer[]; tallies: LiveSnapshot['tallies'] };
  questions: readonly LiveQuestionMeta[];
  answers: readonly LiveAnswerRow[];
  /** Players by id: their district and school as stored at join (kicked players are absent). */
  players: ReadonlyMap<string, { district: string; school: string | null }>;
  endedAt: Date;
}): FactRow[] {
  const { snapshot, questions } = input;
  const byKey = new Map(input.answers.map((a) => [`${a.playerId}:${a.questionIndex}`, a]));
  // A grade band for the contest only when every question names the same single band.
  const bands = new Set(questions.flatMap((q) => q.gradeBands));
  const gradeBand = bands.size === 1 ? [...bands][0]! : null;
  const endDay = vietnamDay(input.endedAt);
  const facts: FactRow[] = [];
  for (const p of snapshot.players) {
    const info = input.players.get(p.id);
    if (!info) continue;
    for (let i = 0; i < questions.length; i++) {
      const tally = snapshot.tallies[i];
      if (!tally || tally.voided) continue;
      const q = questions[i]!;
      const a = byKey.get(`${p.id}:${i}`);
      // As the machine settles a question: eliminated players owe nothing after their elimination;
      // a late joiner owes nothing before the question on screen when they joined (unless they answered it).
      if (p.eliminatedAt !== null && i > p.eliminatedAt) continue;
      if (!a && i < p.firstIndex) continue;
      facts.push({
        participantId: p.id,
        questionIndex: i,
        questionKey: q.key,
        answered: Boolean(a),
        correct: a?.correct ?? false,
        points: a?.points ?? 0,
        timeMs: a ? a.elapsedMs : null,
        choice: a ? distributionKeys(a.response).join('|') : null,
        competences: q.competences,
        difficulty: q.difficulty,
        district: info.district,
        school: info.school,
        gradeBand,
        attempts: 1,
        answeredOn: a ? vietnamDay(a.receivedAt) : endDay,
      });
    }
  }
  return facts;
}
