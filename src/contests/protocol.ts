import { z } from 'zod';
import { ResponseSchema } from '../banks/responses.ts';
import type { Ack, AckFn } from '../realtime/events.ts';

/**
 * The live-contest socket protocol: namespace `/live`, events named `entity:verb`.
 * Shared by the server (src/contests/live-socket.ts), the typed client
 * (src/contests/live-client.ts) and the web pages. Documented in docs/protocol.md.
 *
 * Every client → server event carries an acknowledgement that receives
 * `{ ok: true, data }` or `{ ok: false, error: { code, message } }`.
 * Payloads are validated with the schemas below; unknown fields are refused.
 */
export const LIVE_NAMESPACE = '/live';

// ---------- payload schemas (client → server) ----------

export const PinSchema = z.string().regex(/^\d{6,8}$/, '6–8 digits');
const Lang = z.enum(['vi', 'en']);

export const PlayerJoinSchema = z
  .object({
    pin: PinSchema,
    /** Omit to be given a generated nickname. */
    nickname: z.string().max(200).optional(),
    /** Region code of the player's district, from the contest's region set. */
    district: z.string().min(1).max(64),
    school: z.string().max(120).optional(),
    className: z.string().max(40).optional(),
    /** Roster mode: the per-student code issued by the teacher. */
    rosterCode: z.string().max(32).optional(),
    lang: Lang.optional(),
  })
  .strict();

export const PlayerResumeSchema = z.object({ reconnectToken: z.string().min(20).max(200) }).strict();
export const NicknameSuggestSchema = z.object({ pin: PinSchema, lang: Lang.optional() }).strict();
export const AnswerSubmitSchema = z
  .object({
    questionIndex: z.number().int().min(0).max(1000),
    /** Client-generated id: a retry with the same id gets the same ack. */
    answerId: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/),
    response: ResponseSchema,
  })
  .strict();
export const TimeSyncSchema = z.object({ clientSentAt: z.number().finite() }).strict();
export const EmptySchema = z.object({}).strict();

export const HostAttachSchema = z.object({ contestId: z.uuid() }).strict();
export const LobbyLockSchema = z.object({ locked: z.boolean() }).strict();
export const PlayerKickSchema = z.object({ playerId: z.uuid(), ban: z.boolean().default(false) }).strict();
/** `contest:next` / `contest:skip`: optionally the step the host saw, refused (WRONG_PHASE) if the contest moved on. */
export const StepSchema = z
  .object({ expect: z.object({ index: z.number().int().min(-1).max(1000), phase: z.enum(['lobby', 'question', 'reveal', 'ended']) }).strict().optional() })
  .strict();
export const ContestExtendSchema = z.object({ seconds: z.number().int().min(1).max(120) }).strict();
export const ScreenAttachSchema = z
  .object({ pin: PinSchema, screenToken: z.string().min(20).max(200), district: z.string().max(64).optional() })
  .strict();

// ---------- what the server sends ----------

export type Phase = 'lobby' | 'question' | 'reveal' | 'ended';

export interface DistrictInfo {
  code: string;
  name: string;
}

/** Public facts about a contest (no keys, no bank ids). */
export interface ContestInfo {
  id: string;
  title: string;
  mode: 'classic' | 'elimination';
  questionCount: number;
  districts: DistrictInfo[];
  rosterMode: boolean;
}

/** A question as a player sees it: no key, no correctness hint; options relabelled per player. */
export interface QuestionView {
  index: number;
  total: number;
  type: 'single_choice' | 'multiple_choice' | 'true_false' | 'short_answer' | 'ordering' | 'numerical' | 'matching';
  prompt: { vi: string; en: string };
  options?: Array<{ index: number; text: { vi: string; en: string } }>;
  image?: { url: string; alt?: { vi: string; en: string } };
  /** Multiple choice: how many options to pick. */
  count?: number;
  /** Matching: the right-hand items, shuffled per player; `options` are the left-hand items in order. */
  matches?: Array<{ index: number; text: { vi: string; en: string } }>;
  /** Numerical: keypad or slider (with its bounds) and an optional unit. */
  numeric?: { display: 'keypad' | 'slider'; unit?: string; slider?: { min: number; max: number; step: number } };
  points: number;
}

export interface Timing {
  /** Server clock, ms since epoch, when this message was built: clients compute their offset from it. */
  serverNow: number;
  shownAt: number;
  opensAt: number;
  closesAt: number;
  /** Remaining answer time while paused (the clock is frozen), else null. */
  pausedRemainingMs: number | null;
}

export interface QuestionShow {
  question: QuestionView;
  timing: Timing;
}

export interface RevealPersonal {
  answered: boolean;
  correct: boolean;
  points: number;
  totalPoints: number;
  streak: number;
  eliminated: boolean;
}

export interface QuestionReveal {
  index: number;
  /** Server time when the reveal went out (one stamp for every receiver): lets clients and benchmarks measure delivery. */
  serverNow?: number;
  /** In the receiver's display terms (its own option order). */
  correct: {
    choices?: number[];
    value?: boolean;
    accepted?: string[];
    order?: number[];
    /** Numerical: the numbers that earn full marks. */
    numbers?: Array<{ value: number; tolerance: number } | { min: number; max: number }>;
    /** Matching: for each left item, the display index of its right-hand item. */
    pairs?: number[];
  };
  explanation?: { vi: string; en: string };
  /** Count per option in the receiver's display order (choice types), or right/wrong counts. */
  distribution: { options?: number[]; right: number; wrong: number; noAnswer: number };
  /** Present for players only. */
  me?: RevealPersonal;
}

export interface BoardEntry {
  rank: number;
  nickname: string;
  district: string;
  points: number;
}

export interface DistrictStanding {
  rank: number;
  district: string;
  name: string;
  /** Mean points of the district's players. */
  teamScore: number;
  players: number;
  /** Correct answers / answers due, 0..1. */
  correctRate: number;
}

export interface Leaderboard {
  overall: BoardEntry[];
  districts: DistrictStanding[];
  /** The receiver's district board (players) or the screen's district. */
  district?: { code: string; top: BoardEntry[] };
  me?: { rank: number; points: number; districtRank: number; streak: number };
}

export interface PlayerSnapshot {
  contest: ContestInfo;
  phase: Phase;
  paused: boolean;
  lobbyLocked: boolean;
  playerCount: number;
  me: { playerId: string; nickname: string; district: string; points: number; streak: number; eliminated: boolean; answeredCurrent: boolean };
  question?: QuestionShow;
  reveal?: QuestionReveal;
  leaderboard?: Leaderboard;
  final?: FinalSummary;
}

export interface FinalSummary {
  podium: BoardEntry[];
  me?: { rank: number; districtRank: number; points: number; correct: number; total: number; review: Array<{ index: number; prompt: { vi: string; en: string }; correct: boolean; explanation?: { vi: string; en: string } }> };
  districts: DistrictStanding[];
}

/** The answer in the host's display terms (hosts see it during the question). */
export interface QuestionKey {
  type: QuestionView['type'];
  correct?: number[];
  value?: boolean;
  accepted?: string[];
  order?: number[];
  numbers?: Array<{ value: number; tolerance: number } | { min: number; max: number }>;
  pairs?: number[];
  explanation?: { vi: string; en: string };
}

export interface HostPlayer {
  id: string;
  nickname: string;
  district: string;
  school?: string;
  connected: boolean;
  points: number;
  eliminated: boolean;
}

export interface HostSnapshot {
  contest: ContestInfo & { pin: string; joinUrl: string; screenToken: string; settings: Record<string, unknown> };
  phase: Phase;
  paused: boolean;
  lobbyLocked: boolean;
  questionIndex: number;
  players: HostPlayer[];
  /** The current question with its key: hosts see answers. */
  question?: QuestionShow & { key: QuestionKey; explanation?: { vi: string; en: string } };
  answered: number;
  reveal?: QuestionReveal;
  leaderboard?: Leaderboard;
  final?: FinalSummary;
  reviveAvailable: boolean;
}

export interface ScreenSnapshot {
  contest: ContestInfo;
  district: DistrictInfo | null;
  phase: Phase;
  paused: boolean;
  playerCount: number;
  question?: QuestionShow;
  reveal?: QuestionReveal;
  leaderboard?: Leaderboard;
  final?: FinalSummary;
  /** Where phones join (`…/play?pin=…`): a network address of the server, not the projector's `localhost`. */
  joinUrl?: string;
}

export interface JoinResult {
  playerId: string;
  nickname: string;
  reconnectToken: string;
  snapshot: PlayerSnapshot;
}

// ---------- event maps ----------

type Req<S extends z.ZodType, R> = (payload: z.input<S>, ack: AckFn<R>) => void;

export interface LiveClientToServer {
  'player:join': Req<typeof PlayerJoinSchema, JoinResult>;
  'player:resume': Req<typeof PlayerResumeSchema, JoinResult>;
  'player:leave': Req<typeof EmptySchema, { left: true }>;
  'nickname:suggest': Req<typeof NicknameSuggestSchema, { nickname: string; remaining: number }>;
  'answer:submit': Req<typeof AnswerSubmitSchema, { accepted: true; receivedAt: number }>;
  'time:sync': Req<typeof TimeSyncSchema, { clientSentAt: number; serverNow: number }>;
  'host:attach': Req<typeof HostAttachSchema, HostSnapshot>;
  'lobby:lock': Req<typeof LobbyLockSchema, { locked: boolean }>;
  'player:kick': Req<typeof PlayerKickSchema, { kicked: true }>;
  'contest:start': Req<typeof EmptySchema, { phase: Phase }>;
  'contest:next': Req<typeof StepSchema, { phase: Phase }>;
  'contest:skip': Req<typeof StepSchema, { phase: Phase }>;
  'contest:pause': Req<typeof EmptySchema, { paused: true }>;
  'contest:resume': Req<typeof EmptySchema, { paused: false }>;
  'contest:extend': Req<typeof ContestExtendSchema, { closesAt: number }>;
  'contest:end': Req<typeof EmptySchema, { phase: 'ended' }>;
  'players:revive': Req<typeof EmptySchema, { revived: number }>;
  'screen:attach': Req<typeof ScreenAttachSchema, ScreenSnapshot>;
}

export interface LiveServerToClient {
  /** Full state for players after a phase change the client may have missed (also sent on resume). */
  'contest:state': (s: PlayerSnapshot) => void;
  'host:state': (s: HostSnapshot) => void;
  'lobby:update': (u: { playerCount: number; byDistrict: Record<string, number>; locked: boolean }) => void;
  'question:show': (q: QuestionShow) => void;
  /** Pause, resume or extend changed the clock. */
  'question:timing': (t: { index: number; timing: Timing }) => void;
  /** Hosts: answers received so far (at most once per second). */
  'question:progress': (p: { index: number; answered: number; players: number }) => void;
  /** Hosts: an answer came faster than a person could give it (fast-answers.ts); it is kept, flagged and listed in the results. */
  'answer:flagged': (f: { index: number; playerId: string; nickname: string; humanTimeMs: number }) => void;
  'question:reveal': (r: QuestionReveal) => void;
  'leaderboard:update': (l: Leaderboard) => void;
  'contest:ended': (f: FinalSummary) => void;
  'player:kicked': (k: { reason: 'kicked' | 'banned' }) => void;
  'server:shutdown': (s: { reason: string; reconnectAfterMs: number }) => void;
  /**
   * The server measures each player's round trip itself (never from the client's word)
   * for latency-fair scoring: clients just acknowledge with no data.
   */
  'time:ping': (p: Record<string, never>, ack: () => void) => void;
}

/** Error codes an ack may carry. */
export const LIVE_ERROR_CODES = [
  'INVALID',
  'UNKNOWN_EVENT', // an event name the server does not handle (a strike; repeat offenders are disconnected)
  'RATE_LIMITED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CONTEST_UNAVAILABLE', // unknown, locked, full or finished PIN: all answer alike
  'NICKNAME_INVALID',
  'NICKNAME_TAKEN',
  'NICKNAME_BANNED',
  'DISTRICT_UNKNOWN',
  'ROSTER_CODE_INVALID',
  'RESUME_INVALID',
  'NOT_IN_CONTEST',
  'TOO_EARLY',
  'TOO_LATE',
  'ALREADY_ANSWERED',
  'ELIMINATED',
  'PAUSED',
  'WRONG_PHASE',
  'REVIVE_USED',
  'NO_PLAYERS',
  'NOT_ELIMINATION',
  'NOTHING_TO_REVIVE',
  'UNAVAILABLE', // the database did not confirm: retry with the same answerId
  'INTERNAL',
] as const;
export type LiveErrorCode = (typeof LIVE_ERROR_CODES)[number];

export type { Ack };
