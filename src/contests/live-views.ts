import { answerDeadline } from './live-state.ts';
import type { LiveState, Phase } from './live-state.ts';

/** What a (re)connecting player needs to pick the contest up where it is. */
export interface PlayerSnapshot {
  phase: Phase;
  /** Current question; −1 in the lobby. */
  questionIndex: number;
  questionCount: number;
  paused: boolean;
  shownAt: number | null;
  opensAt: number | null;
  closesAt: number | null;
  /** Reveal end under auto-advance. */
  advanceAt: number | null;
  /** The server's clock, so the client counts down exactly whatever its own clock says. */
  serverNow: number;
  /** Answer time left (question) or reveal time left (auto-advance); frozen while paused. */
  remainingMs: number | null;
  points: number;
  streak: number;
  eliminated: boolean;
  /** Whether the player has an accepted answer for the current question. */
  answered: boolean;
  /** Whether an answer sent now would be accepted as far as time goes (window open, not paused, not eliminated, not yet answered). */
  canAnswer: boolean;
  /** In the reveal: the player's result for the question just closed. */
  lastResult: { answered: boolean; correct: boolean; fraction: number; points: number; bonus: number } | null;
}

/** The snapshot for one player, or null when they are not (or no longer) in the contest. Read-only. */
export function snapshotFor(state: LiveState, playerId: string, now: number): PlayerSnapshot | null {
  const player = state.players.get(playerId);
  if (!player) return null;
  const inQuestion = state.phase === 'question';
  const clockNow = state.pausedAt ?? now;
  const answer = state.index >= 0 ? state.answers[state.index]?.get(playerId) : undefined;
  const deadline = answerDeadline(state);
  let remainingMs: number | null = null;
  if (inQuestion && state.closesAt !== null) remainingMs = Math.max(0, state.closesAt - clockNow);
  else if (state.phase === 'reveal' && state.advanceAt !== null) remainingMs = Math.max(0, state.advanceAt - clockNow);
  return {
    phase: state.phase,
    questionIndex: state.index,
    questionCount: state.questions.length,
    paused: state.pausedAt !== null,
    shownAt: inQuestion ? state.shownAt : null,
    opensAt: inQuestion ? state.opensAt : null,
    closesAt: inQuestion ? state.closesAt : null,
    advanceAt: state.phase === 'reveal' ? state.advanceAt : null,
    serverNow: now,
    remainingMs,
    points: player.points,
    streak: player.streak,
    eliminated: player.eliminated,
    answered: answer !== undefined,
    canAnswer:
      inQuestion &&
      state.pausedAt === null &&
      !player.eliminated &&
      answer === undefined &&
      state.opensAt !== null &&
      deadline !== null &&
      now >= state.opensAt &&
      now <= deadline,
    lastResult:
      state.phase === 'reveal' && player.settledThrough >= state.index && !state.tallies[state.index]?.voided
        ? {
            answered: answer !== undefined,
            correct: answer?.correct ?? false,
            fraction: answer?.fraction ?? 0,
            points: answer ? answer.points + answer.bonus : 0,
            bonus: answer?.bonus ?? 0,
          }
        : null,
  };
}

/** Live figures for the host's screen (send at most once a second during a question). O(N). */
export interface HostSnapshot {
  phase: Phase;
  questionIndex: number;
  questionCount: number;
  paused: boolean;
  locked: boolean;
  serverNow: number;
  opensAt: number | null;
  closesAt: number | null;
  advanceAt: number | null;
  players: number;
  connected: number;
  eliminated: number;
  /** Accepted answers to the current question. */
  answered: number;
  reviveAvailable: boolean;
}

export function hostSnapshot(state: LiveState, now: number): HostSnapshot {
  let connected = 0;
  let eliminated = 0;
  for (const p of state.players.values()) {
    if (p.connected) connected++;
    if (p.eliminated) eliminated++;
  }
  const inQuestion = state.phase === 'question';
  return {
    phase: state.phase,
    questionIndex: state.index,
    questionCount: state.questions.length,
    paused: state.pausedAt !== null,
    locked: state.locked,
    serverNow: now,
    opensAt: inQuestion ? state.opensAt : null,
    closesAt: inQuestion ? state.closesAt : null,
    advanceAt: state.phase === 'reveal' ? state.advanceAt : null,
    players: state.players.size,
    connected,
    eliminated,
    answered: inQuestion ? (state.answers[state.index]?.size ?? 0) : 0,
    reviveAvailable: state.settings.mode === 'elimination' && !state.reviveUsed && eliminated > 0 && (inQuestion || state.phase === 'reveal'),
  };
}
