import type {
  ContestInfo,
  DistrictInfo,
  FinalSummary,
  JoinResult,
  Leaderboard,
  PlayerSnapshot,
  QuestionReveal,
  QuestionShow,
  Timing,
} from '../../contests/protocol.ts';
import type { PlayerResponse } from '../../banks/responses.ts';

/**
 * The play screen's state machine: a pure reducer driven by what the player does
 * and what the server sends. The page renders `screen` and performs the socket
 * calls; nothing here touches the DOM, the network or the clock.
 */

export type PlayScreen =
  | 'pin'
  | 'profile'
  | 'lobby'
  | 'question'
  | 'answered'
  | 'reveal'
  | 'leaderboard'
  | 'final'
  | 'reconnecting'
  | 'kicked'
  | 'eliminated'
  | 'ended'
  | 'error';

/** What the page knows about a contest before joining (rendered by the server from the PIN). */
export interface ContestLookup {
  pin: string;
  title: string;
  districts: DistrictInfo[];
  rosterMode: boolean;
}

export interface Profile {
  district: string;
  school: string;
  nickname: string;
  rosterCode: string;
}

/** `sending` until the server acknowledges it; `late`: refused as too late. */
export type AnswerStatus = 'sending' | 'received' | 'late';

export interface PendingAnswer {
  index: number;
  answerId: string;
  response: PlayerResponse;
  status: AnswerStatus;
}

export interface PlayState {
  screen: PlayScreen;
  pin: string | null;
  contest: ContestLookup | null;
  info: ContestInfo | null;
  profile: Profile;
  /** Nickname re-spins left, once one has been suggested. */
  spinsLeft: number | null;
  /** A join, resume or suggestion is in flight. */
  busy: boolean;
  /** Code of the last refused request, for an inline message. */
  error: string | null;
  me: PlayerSnapshot['me'] | null;
  playerCount: number;
  locked: boolean;
  paused: boolean;
  question: QuestionShow | null;
  /** Options picked so far (multiple choice: a set; ordering: the order tapped). */
  selection: number[];
  answer: PendingAnswer | null;
  reveal: QuestionReveal | null;
  leaderboard: Leaderboard | null;
  final: FinalSummary | null;
  online: boolean;
  kicked: 'kicked' | 'banned' | null;
}

export type PlayAction =
  | { type: 'profile-edited'; field: keyof Profile; value: string }
  | { type: 'suggest-started' }
  | { type: 'suggested'; nickname: string; remaining: number }
  | { type: 'join-started' }
  | { type: 'joined'; result: JoinResult }
  | { type: 'request-failed'; code: string }
  | { type: 'resume-failed'; code: string; final: boolean }
  | { type: 'state'; snapshot: PlayerSnapshot }
  | { type: 'lobby'; playerCount: number; locked: boolean }
  | { type: 'question'; show: QuestionShow }
  | { type: 'timing'; index: number; timing: Timing }
  | { type: 'reveal'; reveal: QuestionReveal }
  | { type: 'leaderboard'; leaderboard: Leaderboard }
  | { type: 'ended'; final: FinalSummary }
  | { type: 'kicked'; reason: 'kicked' | 'banned' }
  | { type: 'connection'; online: boolean }
  | { type: 'toggle-choice'; choice: number }
  | { type: 'clear-selection' }
  | { type: 'answer-sent'; answerId: string; response: PlayerResponse }
  | { type: 'answer-acked'; answerId: string }
  | { type: 'answer-failed'; answerId: string; code: string }
  | { type: 'view'; screen: 'reveal' | 'leaderboard' }
  /** The player left from the lobby (to fix their district or name). */
  | { type: 'left' };

/** Screens after which nothing the server sends matters any more. */
const TERMINAL: ReadonlySet<PlayScreen> = new Set(['kicked', 'ended', 'final']);

const IN_PLAY: ReadonlySet<PlayScreen> = new Set(['question', 'answered', 'reveal', 'leaderboard']);

/** The state a page load starts in. `hasToken`: the tab holds a reconnect token for `pin`. */
export function initialPlayState(init: { pin: string | null; contest: ContestLookup | null; hasToken: boolean; notFound?: boolean }): PlayState {
  const screen: PlayScreen = init.pin && init.hasToken ? 'reconnecting' : init.contest ? 'profile' : 'pin';
  return {
    screen,
    pin: init.contest?.pin ?? init.pin,
    contest: init.contest,
    info: null,
    profile: { district: '', school: '', nickname: '', rosterCode: '' },
    spinsLeft: null,
    busy: screen === 'reconnecting',
    error: init.notFound ? 'CONTEST_UNAVAILABLE' : null,
    me: null,
    playerCount: 0,
    locked: false,
    paused: false,
    question: null,
    selection: [],
    answer: null,
    reveal: null,
    leaderboard: null,
    final: null,
    online: true,
    kicked: null,
  };
}

export function playReducer(s: PlayState, a: PlayAction): PlayState {
  if (TERMINAL.has(s.screen)) return a.type === 'connection' ? { ...s, online: a.online } : s;
  switch (a.type) {
    case 'profile-edited':
      return { ...s, profile: { ...s.profile, [a.field]: a.value }, error: null };
    case 'suggest-started':
    case 'join-started':
      return { ...s, busy: true, error: null };
    case 'suggested':
      return { ...s, busy: false, profile: { ...s.profile, nickname: a.nickname }, spinsLeft: a.remaining };
    case 'request-failed':
      return { ...s, busy: false, error: a.code };
    case 'joined':
      return fromSnapshot({ ...s, busy: false, error: null }, a.result.snapshot);
    case 'resume-failed':
      if (!a.final) return { ...s, busy: false, screen: 'error', error: a.code };
      if (a.code === 'CONTEST_UNAVAILABLE') return { ...s, busy: false, screen: 'ended', me: null };
      return { ...s, busy: false, me: null, screen: s.contest ? 'profile' : 'pin', error: a.code };
    case 'state':
      return fromSnapshot({ ...s, busy: false, online: true }, a.snapshot);
    case 'lobby':
      return { ...s, playerCount: a.playerCount, locked: a.locked };
    case 'question': {
      if (!s.me) return s;
      const eliminated = s.me.eliminated;
      return {
        ...s,
        question: a.show,
        paused: a.show.timing.pausedRemainingMs !== null,
        selection: [],
        answer: null,
        reveal: null,
        error: null,
        me: { ...s.me, answeredCurrent: false },
        screen: eliminated ? 'eliminated' : 'question',
      };
    }
    case 'timing':
      if (!s.question || s.question.question.index !== a.index) return s;
      return { ...s, question: { ...s.question, timing: a.timing }, paused: a.timing.pausedRemainingMs !== null };
    case 'reveal': {
      if (!s.me) return s;
      const mine = a.reveal.me;
      const me = mine ? { ...s.me, points: mine.totalPoints, streak: mine.streak, eliminated: mine.eliminated } : s.me;
      // Someone already out keeps watching; everyone else (the newly eliminated too) sees their result.
      return { ...s, reveal: a.reveal, me, paused: false, screen: s.me.eliminated ? 'eliminated' : 'reveal' };
    }
    case 'leaderboard': {
      const me = s.me && a.leaderboard.me ? { ...s.me, points: a.leaderboard.me.points, streak: a.leaderboard.me.streak } : s.me;
      return { ...s, leaderboard: a.leaderboard, me };
    }
    case 'ended':
      return { ...s, final: a.final, screen: 'final', paused: false };
    case 'kicked':
      return { ...s, kicked: a.reason, screen: 'kicked', busy: false };
    case 'connection': {
      if (a.online) return { ...s, online: true };
      // Before joining there is nothing to resume: the form stays, with an offline notice.
      return { ...s, online: false, screen: s.me ? 'reconnecting' : s.screen };
    }
    case 'toggle-choice': {
      if (s.screen !== 'question') return s;
      const has = s.selection.includes(a.choice);
      return { ...s, selection: has ? s.selection.filter((c) => c !== a.choice) : [...s.selection, a.choice] };
    }
    case 'clear-selection':
      return { ...s, selection: [] };
    case 'answer-sent': {
      if (s.screen !== 'question' || !s.question || !s.me) return s;
      const answer: PendingAnswer = { index: s.question.question.index, answerId: a.answerId, response: a.response, status: 'sending' };
      return { ...s, answer, error: null, screen: 'answered', me: { ...s.me, answeredCurrent: true } };
    }
    case 'answer-acked':
      if (s.answer?.answerId !== a.answerId) return s;
      return { ...s, answer: { ...s.answer, status: 'received' } };
    case 'answer-failed':
      return answerFailed(s, a.answerId, a.code);
    case 'left':
      return { ...s, me: null, busy: false, question: null, reveal: null, leaderboard: null, screen: s.contest ? 'profile' : 'pin' };
    case 'view':
      if ((s.screen !== 'reveal' && s.screen !== 'leaderboard') || (a.screen === 'leaderboard' && !s.leaderboard)) return s;
      return { ...s, screen: a.screen };
  }
}

function answerFailed(s: PlayState, answerId: string, code: string): PlayState {
  if (s.answer?.answerId !== answerId) return s;
  if (code === 'ALREADY_ANSWERED') return { ...s, answer: { ...s.answer, status: 'received' } };
  if (code === 'TOO_LATE') return { ...s, answer: { ...s.answer, status: 'late' } };
  if (code === 'ELIMINATED' && s.me) return { ...s, answer: null, screen: 'eliminated', me: { ...s.me, eliminated: true, answeredCurrent: false } };
  // Not counted (paused, too early, never arrived…): back to the question, selection kept, to try again.
  const me = s.me ? { ...s.me, answeredCurrent: false } : s.me;
  return s.screen === 'answered' ? { ...s, answer: null, me, error: code, screen: 'question' } : { ...s, answer: null, me, error: code };
}

/** Everything from a full snapshot (join, resume, or a phase change the client may have missed). */
function fromSnapshot(s: PlayState, snap: PlayerSnapshot): PlayState {
  const sameQuestion = s.question && snap.question && s.question.question.index === snap.question.question.index;
  const next: PlayState = {
    ...s,
    info: snap.contest,
    me: snap.me,
    playerCount: snap.playerCount,
    locked: snap.lobbyLocked,
    paused: snap.paused,
    question: snap.question ?? null,
    reveal: snap.reveal ?? null,
    leaderboard: snap.leaderboard ?? s.leaderboard,
    final: snap.final ?? null,
    // A pending answer survives a resume to the same question; the server's `answeredCurrent` decides the screen.
    selection: sameQuestion ? s.selection : [],
    answer: sameQuestion ? s.answer : null,
  };
  next.screen = screenOf(snap, s);
  if (next.screen === 'answered' && next.answer?.status === 'sending') next.answer = { ...next.answer, status: 'received' };
  return next;
}

function screenOf(snap: PlayerSnapshot, prev: PlayState): PlayScreen {
  switch (snap.phase) {
    case 'lobby':
      return 'lobby';
    case 'question':
      if (snap.me.eliminated) return 'eliminated';
      return snap.me.answeredCurrent ? 'answered' : 'question';
    case 'reveal':
      // Only a player who was still in the running sees this reveal as their own result.
      if (snap.me.eliminated && !IN_PLAY.has(prev.screen)) return 'eliminated';
      return prev.screen === 'leaderboard' ? 'leaderboard' : 'reveal';
    case 'ended':
      return snap.final ? 'final' : 'ended';
  }
}

/**
 * The response for the current selection, or null while it is incomplete:
 * multiple choice needs at least one option, ordering every item.
 */
export function selectionResponse(q: QuestionShow['question'], selection: readonly number[]): PlayerResponse | null {
  if (q.type === 'multiple_choice') return selection.length > 0 ? { type: 'multiple_choice', choices: [...selection].sort((x, y) => x - y) } : null;
  if (q.type === 'ordering') return q.options && selection.length === q.options.length ? { type: 'ordering', order: [...selection] } : null;
  return null;
}
