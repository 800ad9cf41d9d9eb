import type { PlayerReveal } from '../../banks/player-view.ts';
import type { PlayerResponse } from '../../banks/responses.ts';
import type { AttemptQuestion } from './attempt-state.ts';
import { draftResponse, nextDraft, toMs } from './attempt-state.ts';

/**
 * Solo practice: one question at a time, checked at once with the explanation,
 * then the next; at the end a summary by competence. Pure reducer; the page does
 * the requests (the practice API of the attempt engine) and passes times in.
 */

export interface CompetenceSummary {
  competence: string;
  questions: number;
  answered: number;
  correct: number;
}

export interface PracticeSummary {
  score: number;
  maxScore: number;
  correctCount: number;
  answered: number;
  byCompetence: CompetenceSummary[];
}

export interface Checked {
  correct: boolean;
  reveal: PlayerReveal | null;
}

export type PracticePhase = 'setup' | 'starting' | 'question' | 'checking' | 'feedback' | 'finishing' | 'summary';

export interface PracticeState {
  phase: PracticePhase;
  attemptId: string | null;
  questions: AttemptQuestion[];
  index: number;
  /** Server clock; null when untimed. */
  deadline: number | null;
  offsetMs: number;
  draft: number[];
  response: PlayerResponse | null;
  checked: Record<string, Checked>;
  summary: PracticeSummary | null;
  error: string | null;
}

export type PracticeAction =
  | { type: 'start-requested' }
  | { type: 'started'; id: string; questions: AttemptQuestion[]; deadline: string | number | null; serverNow: string | number; clientNow: number }
  | { type: 'choose'; response: PlayerResponse }
  | { type: 'tap'; choice: number }
  | { type: 'check-requested' }
  | { type: 'checked'; questionId: string; correct: boolean; reveal: PlayerReveal | null }
  | { type: 'next' }
  | { type: 'finish-requested' }
  | { type: 'finished'; summary: PracticeSummary }
  | { type: 'failed'; code: string }
  | { type: 'restart' };

export function initialPracticeState(): PracticeState {
  return { phase: 'setup', attemptId: null, questions: [], index: 0, deadline: null, offsetMs: 0, draft: [], response: null, checked: {}, summary: null, error: null };
}

export function practiceReducer(s: PracticeState, a: PracticeAction): PracticeState {
  switch (a.type) {
    case 'start-requested':
      return s.phase === 'setup' ? { ...s, phase: 'starting', error: null } : s;
    case 'started':
      return { ...initialPracticeState(), phase: a.questions.length > 0 ? 'question' : 'summary', attemptId: a.id, questions: a.questions, deadline: a.deadline === null ? null : toMs(a.deadline), offsetMs: toMs(a.serverNow) - a.clientNow };
    case 'choose':
      return s.phase === 'question' ? { ...s, response: a.response, error: null } : s;
    case 'tap': {
      const q = s.questions[s.index];
      if (s.phase !== 'question' || !q) return s;
      const draft = nextDraft(q.view, s.draft, a.choice);
      return { ...s, draft, response: draftResponse(q.view, draft), error: null };
    }
    case 'check-requested':
      return s.phase === 'question' && s.response ? { ...s, phase: 'checking', error: null } : s;
    case 'checked':
      if (s.phase !== 'checking') return s;
      return { ...s, phase: 'feedback', checked: { ...s.checked, [a.questionId]: { correct: a.correct, reveal: a.reveal } } };
    case 'next':
      if (s.phase !== 'feedback' && s.phase !== 'question') return s;
      if (s.index + 1 >= s.questions.length) return { ...s, phase: 'finishing' };
      return { ...s, phase: 'question', index: s.index + 1, draft: [], response: null };
    case 'finish-requested':
      return s.attemptId && s.phase !== 'summary' ? { ...s, phase: 'finishing' } : s;
    case 'finished':
      return { ...s, phase: 'summary', summary: a.summary };
    case 'failed':
      // A refused check (the time ran out) ends the run; anything else lets the player try again.
      if (a.code === 'ATTEMPT_CLOSED') return { ...s, phase: 'finishing', error: null };
      return { ...s, phase: s.phase === 'starting' ? 'setup' : s.phase === 'checking' ? 'question' : s.phase === 'finishing' ? 'feedback' : s.phase, error: a.code };
    case 'restart':
      return initialPracticeState();
  }
}

/** Time left on the server clock, or null when untimed. */
export function practiceRemainingMs(s: PracticeState, clientNow: number): number | null {
  return s.deadline === null ? null : Math.max(0, s.deadline - (clientNow + s.offsetMs));
}

/** Share of correct answers per competence, as a whole percent of the questions asked. */
export function competencePercent(c: CompetenceSummary): number {
  return c.questions === 0 ? 0 : Math.round((c.correct * 100) / c.questions);
}
