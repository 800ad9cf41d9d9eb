import type { Question } from '../banks/question-schema.ts';
import type { NicknameError } from './nickname.ts';
import type { Grade } from '../banks/grading.ts';
import type { OriginalResponse } from '../banks/responses.ts';
import type { LiveSettings } from './settings.ts';

/**
 * The data of one live contest, as held in memory by the state machine
 * (`live-machine.ts`). Plain data apart from `Map`/`Set` for O(1) player and
 * answer look-ups at 2,000+ players; `toSnapshot`/`restore` convert it to and
 * from the JSON-friendly form the shell persists.
 */

export type Phase = 'lobby' | 'question' | 'reveal' | 'ended';
export type EndReason = 'completed' | 'host' | 'last-standing';

/** What the machine needs to know about a question; the key stays with the shell's grader. */
export interface QuestionPlan {
  timeLimitMs: number;
  /** 0 (practice: no points, no streak change, no elimination), 1 or 2. */
  multiplier: 0 | 1 | 2;
}

export interface PlayerState {
  id: string;
  nickname: string;
  /** Uniqueness key from `validateNickname` (bans are by key). */
  key: string;
  district: string;
  school: string | null;
  /** 0, 1, 2… in join order; the last tie-break. */
  joinOrder: number;
  joinedAt: number;
  /** First question the player must answer; a late joiner owes nothing for a question already on screen. */
  firstIndex: number;
  connected: boolean;
  eliminated: boolean;
  /** Question at whose close the player was eliminated. */
  eliminatedAt: number | null;
  /** Settled points: changes only when a question closes. */
  points: number;
  streak: number;
  bestStreak: number;
  /** Fully correct answers among settled questions. */
  correctCount: number;
  answeredCount: number;
  /** Settled questions the player owed an answer to. */
  dueCount: number;
  /** Sum of effective elapsed times of fully correct answers: the tie-break after points. */
  correctTimeMs: number;
  /** Last question folded into the totals; a restored close skips players already settled, so nothing counts twice. */
  settledThrough: number;
}

export interface AnswerRecord {
  playerId: string;
  questionIndex: number;
  receivedAt: number;
  rttMs: number | null;
  /** Effective elapsed time `t` used for scoring (0..T). */
  elapsedMs: number;
  /** Fully correct (`isFullyCorrect`); partial credit is `fraction` < 1 and not correct. */
  correct: boolean;
  fraction: number;
  /** Points computed on receipt, before the streak bonus; shown only at the reveal. */
  points: number;
  /** Streak bonus, fixed when the question closes. */
  bonus: number;
  /** The response in option ids (`toOriginalResponse`), kept for persistence and distributions. */
  response: OriginalResponse;
}

/** Figures of a closed question, fixed at close (who owed an answer is not recoverable later). */
export interface QuestionTally {
  voided: boolean;
  /** Players who owed an answer. */
  due: number;
  answered: number;
  correct: number;
}

export interface LiveState {
  settings: LiveSettings;
  questions: readonly QuestionPlan[];
  phase: Phase;
  /** Current question; −1 in the lobby. */
  index: number;
  locked: boolean;
  shownAt: number | null;
  opensAt: number | null;
  closesAt: number | null;
  /** Reveal end under auto-advance. */
  advanceAt: number | null;
  pausedAt: number | null;
  players: Map<string, PlayerState>;
  /** Nickname key → player id. */
  keys: Map<string, string>;
  /** Banned nickname keys. */
  banned: Set<string>;
  nextJoinOrder: number;
  reviveUsed: boolean;
  /** Per question index: accepted answers by player id. */
  answers: Map<string, AnswerRecord>[];
  /** Per question index, set when it closes or is voided. */
  tallies: (QuestionTally | null)[];
  /** Connected, non-eliminated players who have not answered the current question. */
  pending: number;
  endReason: EndReason | null;
}

export type HostCommand =
  | { type: 'lock' }
  | { type: 'unlock' }
  | { type: 'kick'; playerId: string; ban?: boolean }
  | { type: 'start' }
  | { type: 'next' }
  | { type: 'skip' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'extend'; seconds: number }
  | { type: 'end' }
  | { type: 'revive' };

export type PlayerCommand =
  | { type: 'join'; playerId: string; nickname: string; district: string; school?: string | null }
  | { type: 'leave'; playerId: string }
  | { type: 'disconnect'; playerId: string }
  | { type: 'reconnect'; playerId: string }
  | {
      type: 'answer';
      playerId: string;
      questionIndex: number;
      /** The grader's verdict, or null when the response does not fit the question (→ `INVALID`). */
      grade: Grade | null;
      /** Mapped back to option ids (`toOriginalResponse`; null when it does not fit → `INVALID`); stored with the answer. */
      response: OriginalResponse | null;
      /** Round trip measured by the shell (never by the client's word). */
      rttMs?: number;
    };

/** `tick` tells the machine time has passed (a scheduled timer fired); it is harmless at any time. */
export type Command = HostCommand | PlayerCommand | { type: 'tick' };

export type AnswerError = 'TOO_EARLY' | 'TOO_LATE' | 'ALREADY_ANSWERED' | 'NOT_IN_CONTEST' | 'ELIMINATED' | 'PAUSED' | 'INVALID';
export type JoinError =
  | 'ALREADY_JOINED'
  | 'ENDED'
  | 'LOCKED'
  | 'LATE_JOIN_CLOSED'
  | 'FULL'
  | 'INVALID'
  | 'BANNED'
  | 'NICKNAME_TAKEN'
  | NicknameError;
export type HostError = 'WRONG_PHASE' | 'NO_PLAYERS' | 'NOT_IN_CONTEST' | 'INVALID' | 'NOT_ELIMINATION' | 'REVIVE_USED' | 'NOTHING_TO_REVIVE';
export type LiveError = AnswerError | JoinError | HostError;

/**
 * Work for the shell, in order. There is one timer per contest: each `schedule`
 * replaces the pending one and `cancel-timer` clears it; when it fires the shell
 * sends `tick`. Stale ticks are harmless because the machine checks its own deadlines.
 */
export type Effect =
  | { kind: 'player-joined'; playerId: string }
  | { kind: 'player-kicked'; playerId: string; banned: boolean }
  | { kind: 'lobby-locked'; locked: boolean }
  /** Persist the answer (batched); it is already counted in memory. */
  | { kind: 'answer-recorded'; answer: AnswerRecord }
  /** Send question `index` to every player (each in their own shuffled view) with these timestamps. */
  | { kind: 'question'; index: number; shownAt: number; opensAt: number; closesAt: number }
  /** The clock of the current phase changed (pause, resume, extend): re-send timestamps. */
  | { kind: 'clock'; index: number; paused: boolean; opensAt: number | null; closesAt: number | null; advanceAt: number | null }
  | { kind: 'schedule'; at: number; reason: 'close' | 'advance' }
  | { kind: 'cancel-timer' }
  /** Question `index` closed and was settled: persist totals, send key, explanation, distribution, own results, leaderboards. */
  | { kind: 'reveal'; index: number }
  | { kind: 'eliminated'; index: number; playerIds: string[] }
  | { kind: 'revived'; playerIds: string[] }
  /** Question `index` was voided (no points, no streak change). */
  | { kind: 'voided'; index: number }
  | { kind: 'ended'; reason: EndReason };

/** The result of one command. `state` is the same object, mutated in place. */
export interface Step {
  state: LiveState;
  effects: Effect[];
  error: LiveError | null;
}

/** A fresh contest in its lobby. */
export function createLiveState(settings: LiveSettings, questions: readonly QuestionPlan[]): LiveState {
  return {
    settings,
    questions,
    phase: 'lobby',
    index: -1,
    locked: false,
    shownAt: null,
    opensAt: null,
    closesAt: null,
    advanceAt: null,
    pausedAt: null,
    players: new Map(),
    keys: new Map(),
    banned: new Set(),
    nextJoinOrder: 0,
    reviveUsed: false,
    answers: questions.map(() => new Map()),
    tallies: questions.map(() => null),
    pending: 0,
    endReason: null,
  };
}

/**
 * Timing and points of each question: a question's own `timeLimitSec` wins over
 * the contest default, because the author sized it to the prompt's length.
 */
export function planQuestions(questions: readonly Pick<Question, 'timeLimitSec' | 'points'>[], settings: Pick<LiveSettings, 'timeLimitSec'>): QuestionPlan[] {
  return questions.map((q) => ({ timeLimitMs: (q.timeLimitSec ?? settings.timeLimitSec) * 1000, multiplier: q.points }));
}

/** The last moment an answer to the current question is accepted (deadline plus grace). */
export function answerDeadline(state: LiveState): number | null {
  return state.closesAt === null ? null : state.closesAt + state.settings.graceMs;
}

/** Players still in the running (all of them in classic mode). */
export function survivorCount(state: LiveState): number {
  let n = 0;
  for (const p of state.players.values()) if (!p.eliminated) n++;
  return n;
}

/**
 * A player joining now, at the state's phase: in the lobby they owe every question;
 * during question j they owe the questions after it and j stays to be settled (they
 * may still answer it). The join command and the restore of stored joins both use it.
 */
export function joiningPlayer(state: LiveState, p: { id: string; nickname: string; key: string; district: string; school: string | null; joinOrder: number; joinedAt: number }): PlayerState {
  return {
    ...p,
    firstIndex: state.phase === 'lobby' ? 0 : state.index + 1,
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
    settledThrough: state.phase === 'question' ? state.index - 1 : state.index,
  };
}
