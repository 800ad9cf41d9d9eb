import { answerDeadline } from './live-state.ts';
import type { LiveState, Phase, PlayerState } from './live-state.ts';
import type { LiveRoom } from './live-room.ts';
import { buildPlayerQuestion, revealFor, type DisplayMapping, type PlayerQuestion } from '../banks/player-view.ts';
import { seededRandom } from '../shared/random.ts';
import { revealCorrect, viewExtras } from './question-wire.ts';
import { buildStandings, districtTop, playerStanding, topPlayers, type Standings, type StandingRow } from './leaderboard.ts';
import { questionResult, type QuestionResult } from './final-results.ts';
import { sharedPart, type SharedPart } from './live-ports.ts';
import type {
  BoardEntry,
  ContestInfo,
  DistrictStanding,
  FinalSummary,
  HostPlayer,
  HostSnapshot as ProtocolHostSnapshot,
  Leaderboard,
  PlayerSnapshot as ProtocolPlayerSnapshot,
  QuestionReveal,
  QuestionShow,
  QuestionView,
  ScreenSnapshot,
  Timing,
} from './protocol.ts';

/**
 * Every view of a live contest, in one place: the machine-level summaries
 * (`snapshotFor`, `hostSnapshot`) and the protocol payloads built from them
 * (question, reveal, leaderboards, player/host/screen snapshots).
 */

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

// ---------------------------------------------------------------------------
// Protocol views: what players, hosts and screens are sent (protocol.ts shapes).
// Pure functions of a room's data and the time; the only memory they touch is the
// room's cache of per-viewer question views (deterministic from the contest seed)
// and of the current reveal's shared parts, so a reveal costs O(N log N) once
// (one sort) and O(1) per player after that — nothing per player is O(players).
// ---------------------------------------------------------------------------

/** The fields of a room the views read (live-room.ts `LiveRoom` has them all). */
export type RoomView = Pick<
  LiveRoom,
  'id' | 'title' | 'settings' | 'seed' | 'districts' | 'districtNames' | 'rosterMode' | 'questions' | 'state' | 'views' | 'viewsIndex' | 'standings' | 'pin'
> & { revealCache?: RevealShared | null };

export function contestInfo(c: RoomView): ContestInfo {
  return { id: c.id, title: c.title, mode: c.settings.mode, questionCount: c.questions.length, districts: c.districts, rosterMode: c.rosterMode };
}

/** A viewer's view of question `index`: deterministic from the contest seed, so it is rebuilt identically after a restart. */
export function viewFor(c: RoomView, index: number, viewer: string, shuffle = c.settings.shuffleOptions): { view: PlayerQuestion; mapping: DisplayMapping } {
  if (c.viewsIndex !== index) {
    c.views.clear();
    c.viewsIndex = index;
  }
  const key = `${viewer}:${shuffle}`;
  let v = c.views.get(key);
  if (!v) {
    v = buildPlayerQuestion(c.questions[index]!, { shuffle, rng: seededRandom(`${c.seed}:${index}:${viewer}`) });
    c.views.set(key, v);
  }
  return v;
}

export function questionView(c: RoomView, index: number, view: PlayerQuestion): QuestionView {
  const plan = c.state.questions[index]!;
  return {
    index,
    total: c.questions.length,
    type: view.type,
    prompt: view.prompt,
    ...(view.options ? { options: view.options } : {}),
    ...(view.image ? { image: view.image } : {}),
    ...(view.count !== undefined ? { count: view.count } : {}),
    ...viewExtras(view),
    points: 1000 * plan.multiplier,
  };
}

export function timingOf(state: LiveState, now: number): Timing {
  return {
    serverNow: now,
    shownAt: state.shownAt ?? 0,
    opensAt: state.opensAt ?? 0,
    closesAt: state.closesAt ?? 0,
    pausedRemainingMs: state.pausedAt !== null && state.closesAt !== null ? Math.max(0, state.closesAt - state.pausedAt) : null,
  };
}

export function showFor(c: RoomView, viewer: string, now: number, shuffle?: boolean): QuestionShow {
  const { view } = viewFor(c, c.state.index, viewer, shuffle);
  return { question: questionView(c, c.state.index, view), timing: timingOf(c.state, now) };
}

/** What every receiver of a reveal shares: the question's figures, computed once per reveal (O(answers)). */
export interface RevealShared {
  index: number;
  result: QuestionResult;
}

/** The shared part of question `index`'s reveal, cached on the room until another question is revealed. */
export function revealShared(c: RoomView, index: number): RevealShared {
  const cached = c.revealCache;
  if (cached && cached.index === index && cached.result.played) return cached;
  const shared = { index, result: questionResult(c.state, index) };
  c.revealCache = shared;
  return shared;
}

function distributionFor(c: RoomView, shared: RevealShared, mapping: DisplayMapping): QuestionReveal['distribution'] {
  const r = shared.result;
  const q = c.questions[shared.index]!;
  const wrong = Math.max(0, r.answered - r.correct);
  const base = { right: r.correct, wrong, noAnswer: Math.max(0, r.due - r.answered) };
  if (q.type === 'single_choice' || q.type === 'multiple_choice') return { ...base, options: mapping.map((id) => r.distribution[id] ?? 0) };
  if (q.type === 'true_false') return { ...base, options: [r.distribution['true'] ?? 0, r.distribution['false'] ?? 0] };
  return base;
}

/** Question `index`'s reveal in one display mapping's terms, without `me`: shared by every viewer with that mapping. */
export function revealBody(c: RoomView, index: number, mapping: DisplayMapping): QuestionReveal {
  const r = revealFor(c.questions[index]!, mapping);
  return {
    index,
    correct: revealCorrect(r),
    ...(r.explanation ? { explanation: r.explanation } : {}),
    distribution: distributionFor(c, revealShared(c, index), mapping),
  };
}

/** A player's own result for question `index` (the reveal's `me`); undefined for a viewer who is not a player. */
export function revealMe(c: RoomView, index: number, viewer: string): QuestionReveal['me'] {
  const player = c.state.players.get(viewer);
  if (!player) return undefined;
  const a = c.state.answers[index]?.get(viewer);
  return { answered: !!a, correct: a?.correct ?? false, points: a ? a.points + a.bonus : 0, totalPoints: player.points, streak: player.streak, eliminated: player.eliminated };
}

/** Question `index`'s reveal for one viewer (a player gets `me`): O(options) once `revealShared` is cached. */
export function revealView(c: RoomView, index: number, viewer: string, shuffle?: boolean): QuestionReveal {
  const payload = revealBody(c, index, viewFor(c, index, viewer, shuffle).mapping);
  const me = revealMe(c, index, viewer);
  if (me) payload.me = me;
  return payload;
}

function entry(r: StandingRow): BoardEntry {
  return { rank: r.rank, nickname: r.nickname, district: r.district, points: r.points };
}

export function standingsOf(c: RoomView): Standings {
  return (c.standings ??= buildStandings(c.state.players.values()));
}

/** The boards every receiver shares (overall top 10, district standings) and each district's top 10, built once per reveal. */
export interface BoardsShared {
  overall: BoardEntry[];
  districts: DistrictStanding[];
  districtTops: Map<string, BoardEntry[]>;
}

export function boardsShared(c: RoomView): BoardsShared {
  const s = standingsOf(c);
  return {
    overall: topPlayers(s, 10).map(entry),
    districts: s.districts.map((d) => ({
      rank: d.rank,
      district: d.district,
      name: c.districtNames.get(d.district) ?? d.district,
      teamScore: Math.round(d.score),
      players: d.players,
      correctRate: d.correctRate,
    })),
    districtTops: new Map(),
  };
}

function districtBoard(c: RoomView, shared: BoardsShared, district: string): BoardEntry[] {
  let top = shared.districtTops.get(district);
  if (!top) shared.districtTops.set(district, (top = districtTop(standingsOf(c), district, 10).map(entry)));
  return top;
}

/** A player's place (the leaderboard's `me`) and district, or null for someone not ranked. */
export function boardMe(c: RoomView, playerId: string): { district: string; me: NonNullable<Leaderboard['me']> } | null {
  const me = playerStanding(standingsOf(c), playerId);
  if (!me) return null;
  return { district: me.district, me: { rank: me.rank, points: me.points, districtRank: me.districtRank, streak: c.state.players.get(playerId)?.streak ?? 0 } };
}

/** The leaderboard without `me`: the shared boards, and a district's top 10 when a district is given. */
export function boardBody(c: RoomView, shared: BoardsShared, district: string | null): Leaderboard {
  const board: Leaderboard = { overall: shared.overall, districts: shared.districts };
  if (district) board.district = { code: district, top: districtBoard(c, shared, district) };
  return board;
}

/** A leaderboard for a player (their district and place), a district screen, or the province (neither). */
export function leaderboardView(c: RoomView, viewer: { playerId?: string; district?: string | null }, shared: BoardsShared = boardsShared(c)): Leaderboard {
  const mine = viewer.playerId ? boardMe(c, viewer.playerId) : null;
  const board = boardBody(c, shared, mine?.district ?? viewer.district ?? null);
  if (mine) board.me = mine.me;
  return board;
}

/**
 * The per-player messages of one step, with their shared parts serialised once:
 * a question or a reveal per display mapping (at most k! for k shuffled options,
 * however many players), a leaderboard per district. Per player only the mapping
 * look-up and the personal part (`me`) remain. Build one per step; it caches.
 */
export function playerParts(c: RoomView, index: number) {
  const shows = new Map<string, SharedPart<QuestionShow>>();
  const reveals = new Map<string, SharedPart<QuestionReveal>>();
  const boards = new Map<string, SharedPart<Leaderboard>>();
  const signature = (mapping: DisplayMapping) => mapping.join('\u0001');
  return {
    /** `question:show` for a player: all shared (the view follows from the mapping). */
    show(playerId: string, timing: Timing): SharedPart<QuestionShow> {
      const { view, mapping } = viewFor(c, index, playerId);
      const key = signature(mapping);
      let part = shows.get(key);
      if (!part) shows.set(key, (part = sharedPart({ question: questionView(c, index, view), timing })));
      return part;
    },
    /** `question:reveal` for a player: the mapping's shared body (with `serverNow`) and `me`. */
    reveal(playerId: string, serverNow: number): [SharedPart<QuestionReveal & { serverNow: number }>, { me?: QuestionReveal['me'] }] {
      const { mapping } = viewFor(c, index, playerId);
      const key = signature(mapping);
      let part = reveals.get(key) as SharedPart<QuestionReveal & { serverNow: number }> | undefined;
      if (!part) reveals.set(key, (part = sharedPart({ ...revealBody(c, index, mapping), serverNow })));
      const me = revealMe(c, index, playerId);
      return [part, me ? { me } : {}];
    },
    /** `leaderboard:update` for a player: their district's shared boards and `me`. */
    board(playerId: string, shared: BoardsShared): [SharedPart<Leaderboard>, { me?: Leaderboard['me'] }] {
      const mine = boardMe(c, playerId);
      const district = mine?.district ?? '';
      let part = boards.get(district);
      if (!part) boards.set(district, (part = sharedPart(boardBody(c, shared, mine ? district : null))));
      return [part, mine ? { me: mine.me } : {}];
    },
  };
}

export function finalView(c: RoomView, playerId?: string, shared: BoardsShared = boardsShared(c)): FinalSummary {
  const s = standingsOf(c);
  const summary: FinalSummary = { podium: shared.overall.slice(0, 3), districts: shared.districts };
  const me = playerId ? playerStanding(s, playerId) : null;
  const player = playerId ? c.state.players.get(playerId) : undefined;
  if (me && player && playerId) {
    const review = c.questions
      .map((q, index) => ({ q, index, tally: c.state.tallies[index] }))
      .filter((x) => x.tally && !x.tally.voided && x.index >= player.firstIndex)
      .map(({ q, index }) => ({
        index,
        prompt: q.prompt,
        correct: c.state.answers[index]?.get(playerId)?.correct ?? false,
        ...(q.explanation ? { explanation: q.explanation } : {}),
      }));
    summary.me = { rank: me.rank, districtRank: me.districtRank, points: me.points, correct: player.correctCount, total: review.length, review };
  }
  return summary;
}

/** What a (re)connecting player is sent. */
export function playerView(c: RoomView, playerId: string, now: number): ProtocolPlayerSnapshot {
  const s = c.state;
  const p = s.players.get(playerId)!;
  const status = snapshotFor(s, playerId, now);
  const snap: ProtocolPlayerSnapshot = {
    contest: contestInfo(c),
    phase: s.phase,
    paused: s.pausedAt !== null,
    lobbyLocked: s.locked,
    playerCount: s.players.size,
    me: {
      playerId,
      nickname: p.nickname,
      district: p.district,
      points: p.points,
      streak: p.streak,
      eliminated: p.eliminated,
      answeredCurrent: s.index >= 0 && (status?.answered ?? false),
    },
  };
  if (s.phase === 'question') snap.question = showFor(c, playerId, now);
  if (s.phase === 'reveal' && s.index >= 0 && !s.tallies[s.index]?.voided) {
    snap.reveal = revealView(c, s.index, playerId);
    snap.leaderboard = leaderboardView(c, { playerId });
  }
  if (s.phase === 'ended') {
    snap.leaderboard = leaderboardView(c, { playerId });
    snap.final = finalView(c, playerId);
  }
  return snap;
}

/** One row of the host console's player list. */
export function hostPlayer(p: PlayerState): HostPlayer {
  return {
    id: p.id,
    nickname: p.nickname,
    district: p.district,
    ...(p.school ? { school: p.school } : {}),
    connected: p.connected,
    points: p.points,
    eliminated: p.eliminated,
  };
}

/**
 * The host console's snapshot. O(N) (the player list). The effect runner pushes it
 * with the list serialised in slices (`hostHead` + `hostPlayer`); this whole-object
 * form answers `host:attach`.
 */
export function hostView(c: RoomView, now: number, extras: { joinUrl: string; screenToken: string }): ProtocolHostSnapshot {
  return { ...hostHead(c, now, extras), players: [...c.state.players.values()].map(hostPlayer) };
}

/** The host snapshot without its player list (everything but the O(N) part). */
export function hostHead(c: RoomView, now: number, extras: { joinUrl: string; screenToken: string }): Omit<ProtocolHostSnapshot, 'players'> {
  const s = c.state;
  const figures = hostSnapshot(s, now);
  const snap: Omit<ProtocolHostSnapshot, 'players'> = {
    contest: { ...contestInfo(c), pin: c.pin, joinUrl: extras.joinUrl, screenToken: extras.screenToken, settings: c.settings as unknown as Record<string, unknown> },
    phase: s.phase,
    paused: figures.paused,
    lobbyLocked: figures.locked,
    questionIndex: s.index,
    answered: s.index >= 0 ? (s.answers[s.index]?.size ?? 0) : 0,
    reviveAvailable: s.settings.mode === 'elimination' && !s.reviveUsed && figures.eliminated > 0,
  };
  if (s.phase === 'question' || s.phase === 'reveal') {
    const q = c.questions[s.index]!;
    const show = showFor(c, 'host', now, false);
    const { mapping } = viewFor(c, s.index, 'host', false);
    snap.question = { ...show, key: revealFor(q, mapping), ...(q.explanation ? { explanation: q.explanation } : {}) };
  }
  if (s.phase === 'reveal' && !s.tallies[s.index]?.voided) {
    snap.reveal = revealView(c, s.index, 'host', false);
    snap.leaderboard = leaderboardView(c, {});
  }
  if (s.phase === 'ended') {
    snap.leaderboard = leaderboardView(c, {});
    snap.final = finalView(c);
  }
  return snap;
}

/** A projector's snapshot (one district or the whole province). */
export function screenView(c: RoomView, district: string | null, now: number, joinUrl?: string): ScreenSnapshot {
  const s = c.state;
  const snap: ScreenSnapshot = {
    contest: contestInfo(c),
    district: district ? { code: district, name: c.districtNames.get(district) ?? district } : null,
    phase: s.phase,
    paused: s.pausedAt !== null,
    playerCount: s.players.size,
  };
  if (joinUrl) snap.joinUrl = joinUrl;
  if (s.phase === 'question') snap.question = showFor(c, 'screen', now);
  if (s.phase === 'reveal' && !s.tallies[s.index]?.voided) {
    snap.reveal = revealView(c, s.index, 'screen');
    snap.leaderboard = leaderboardView(c, { district });
  }
  if (s.phase === 'ended') {
    snap.leaderboard = leaderboardView(c, { district });
    snap.final = finalView(c);
  }
  return snap;
}

/** Players per district for the lobby. */
export function lobbyView(state: LiveState): { playerCount: number; byDistrict: Record<string, number>; locked: boolean } {
  const byDistrict: Record<string, number> = {};
  for (const p of state.players.values()) byDistrict[p.district] = (byDistrict[p.district] ?? 0) + 1;
  return { playerCount: state.players.size, byDistrict, locked: state.locked };
}
