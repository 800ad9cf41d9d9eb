import { randomUUID, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Namespace } from 'socket.io';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../shared/logger.ts';
import type { MetricsRegistry } from '../shared/metrics.ts';
import type { StoredQuestion } from '../banks/bank-service.ts';
import { QuestionSchema } from '../banks/question-schema.ts';
import { buildPlayerQuestion, revealFor, toOriginalResponse, type DisplayMapping, type PlayerQuestion } from '../banks/player-view.ts';
import { grade, isAnswerable } from '../banks/grading.ts';
import type { PlayerResponse } from '../banks/responses.ts';
import { seededRandom } from '../shared/random.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import { apply } from './live-machine.ts';
import { createLiveState, planQuestions, type Effect, type LiveError, type LiveState } from './live-state.ts';
import { restore, toSnapshot, type LiveSnapshot } from './live-restore.ts';
import { buildStandings, districtTop, playerStanding, topPlayers, type Standings, type StandingRow } from './leaderboard.ts';
import { questionResult } from './final-results.ts';
import { generateNickname } from './nickname.ts';
import { LiveSettingsSchema, type LiveSettings } from './settings.ts';
import { screenTokenFor } from './live-contest-service.ts';
import { AnswerWriter, answerRecordFromRow } from './answer-writer.ts';
import { wakeAt } from './deadline-timer.ts';
import { SocketError } from '../realtime/ack.ts';
import { isJoinable } from './availability.ts';
import { humanTimeMs, isInhumanlyFast } from './fast-answers.ts';
import { revealCorrect, viewExtras } from './question-wire.ts';
import type {
  BoardEntry,
  ContestInfo,
  DistrictInfo,
  DistrictStanding,
  FinalSummary,
  HostSnapshot,
  JoinResult,
  Leaderboard,
  LiveClientToServer,
  LiveServerToClient,
  Phase,
  PlayerSnapshot,
  QuestionReveal,
  QuestionShow,
  QuestionView,
  ScreenSnapshot,
  Timing,
} from './protocol.ts';

/**
 * The imperative shell of live contests: holds running contests in memory, feeds
 * the pure state machine (live-machine.ts) with commands and the clock, and
 * carries out its effects — socket messages, timers, and PostgreSQL writes
 * (batched exactly-once answers, state snapshots for restart recovery).
 */
export type LiveNamespace = Namespace<LiveClientToServer, LiveServerToClient>;

/** How long a player may be gone before the machine counts them as disconnected (absorbs flaky mobile networks). */
const DISCONNECT_GRACE_MS = 10_000;
/** Joins per second one contest accepts before it locks its lobby (flood protection). */
const JOIN_RATE_PER_SEC = 100;
const JOIN_BURST = 200;
const HEARTBEAT_MS = 5_000;
const UNLOAD_AFTER_END_MS = 10 * 60_000;

interface PlayerMeta {
  sockets: number;
  rttMs: number | null;
  className: string | null;
  disconnectTimer: ReturnType<typeof setTimeout> | null;
}

export interface ActiveContest {
  id: string;
  pin: string;
  title: string;
  ownerId: string | null;
  settings: LiveSettings;
  seed: string;
  districts: DistrictInfo[];
  districtNames: Map<string, string>;
  rosterMode: boolean;
  screenSalt: string;
  questions: StoredQuestion[];
  state: LiveState;
  timer: ReturnType<typeof setTimeout> | null;
  heartbeat: ReturnType<typeof setInterval> | null;
  /** Reconnect-token hash → player id. */
  tokens: Map<string, string>;
  meta: Map<string, PlayerMeta>;
  /** Views of the current question, by player (display mapping included). */
  views: Map<string, { view: PlayerQuestion; mapping: DisplayMapping }>;
  viewsIndex: number;
  /** Acks by player and question: a retry with the same answerId gets the same ack. */
  acks: Map<string, { answerId: string; ack: Promise<{ accepted: true; receivedAt: number }> }>;
  standings: Standings | null;
  /** Serialises effect processing so messages and writes keep the machine's order. */
  chain: Promise<void>;
  joinTokens: number;
  joinRefillAt: number;
  progressTimer: ReturnType<typeof setTimeout> | null;
  hostTimer: ReturnType<typeof setTimeout> | null;
  lobbyTimer: ReturnType<typeof setTimeout> | null;
  saveTimer: ReturnType<typeof setTimeout> | null;
  unloadTimer: ReturnType<typeof setTimeout> | null;
}

const rooms = {
  all: (id: string) => `c:${id}`,
  player: (id: string) => `p:${id}`,
  host: (id: string) => `h:${id}`,
  screens: (id: string) => `s:${id}`,
  screen: (id: string, district: string) => `s:${id}:${district}`,
  /** Screens showing the whole province (no district chosen). */
  province: (id: string) => `s:${id}:*`,
};

/** Machine errors as protocol codes: unknown, locked, full and ended contests answer alike. */
export function protocolCode(error: LiveError): string {
  switch (error) {
    case 'LOCKED':
    case 'ENDED':
    case 'FULL':
    case 'LATE_JOIN_CLOSED':
      return 'CONTEST_UNAVAILABLE';
    case 'TOO_SHORT':
    case 'TOO_LONG':
    case 'FORBIDDEN_CHARS':
    case 'GLITCH_TEXT':
    case 'NO_LETTERS':
    case 'PROFANITY':
      return 'NICKNAME_INVALID';
    case 'BANNED':
      return 'NICKNAME_BANNED';
    case 'ALREADY_JOINED':
      return 'INVALID';
    default:
      return error;
  }
}

export interface LiveEngineDeps {
  db: Kysely<Database>;
  logger: Logger;
  metrics: MetricsRegistry;
  secret: string;
  publicUrl?: string | undefined;
  /** The reachable join base (src/net/join-address.ts); falls back to `publicUrl`, then a path. */
  joinBase?: () => string | undefined;
  now?: () => number;
  /**
   * How long an answer's ack waits for its row to be committed before it reports
   * UNAVAILABLE (the database is down or slow). The answer stays queued and is
   * written once the database is back; the client retries with the same answerId
   * and gets the stored ack. Default 4 s.
   */
  answerAckTimeoutMs?: number;
  /** Called once a contest has ended and its final state is saved (reports write their facts). */
  onEnded?: (contestId: string) => Promise<void>;
}

export type LiveEngine = ReturnType<typeof createLiveEngine>;

export function createLiveEngine(deps: LiveEngineDeps) {
  const { db, logger } = deps;
  const now = deps.now ?? Date.now;
  const contests = new Map<string, ActiveContest>();
  const byPin = new Map<string, string>();
  const loading = new Map<string, Promise<ActiveContest | null>>();
  const writer = new AnswerWriter({ db, logger });
  let nsp: LiveNamespace | null = null;

  const m = {
    answers: deps.metrics.counter('civiq_live_answers_total', 'Live answers by outcome (accepted or an error code).'),
    ack: deps.metrics.histogram('civiq_live_answer_ack_seconds', 'Time from receiving an answer to acknowledging it (stored).', [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]),
    joins: deps.metrics.counter('civiq_live_joins_total', 'Live joins by outcome.'),
    active: deps.metrics.gauge('civiq_live_contests_active', 'Live contests held in memory.', () => contests.size),
    players: deps.metrics.gauge('civiq_live_players', 'Players in live contests held in memory.', () => {
      let n = 0;
      for (const c of contests.values()) n += c.state.players.size;
      return n;
    }),
  };

  function io(): LiveNamespace {
    if (!nsp) throw new Error('live engine used before attach()');
    return nsp;
  }

  // ---------- loading and persistence ----------

  async function load(id: string): Promise<ActiveContest | null> {
    const found = contests.get(id);
    if (found) return found;
    const pending = loading.get(id);
    if (pending) return pending;
    const p = loadFromDb(id).finally(() => loading.delete(id));
    loading.set(id, p);
    return p;
  }

  async function loadFromDb(id: string): Promise<ActiveContest | null> {
    const row = await db.selectFrom('live_contests').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const rows = await db.selectFrom('bank_version_questions').select(['key', 'body']).where('version_id', '=', row.bank_version_id).execute();
    const byKey = new Map(rows.map((r) => [r.key, { ...(QuestionSchema.parse(r.body) as StoredQuestion), id: r.key }]));
    const questions = row.question_keys.map((k) => {
      const q = byKey.get(k);
      if (!q) throw new Error(`contest ${id}: question ${k} missing from its bank version`);
      return q;
    });
    const settings = LiveSettingsSchema.parse(row.settings);
    const players = await db.selectFrom('live_players').select(['id', 'reconnect_token_hash', 'class_name', 'kicked_at']).where('contest_id', '=', id).execute();
    let state: LiveState;
    let effects: Effect[] = [];
    const answerIds = new Map<string, { answerId: string; receivedAt: number }>();
    if (row.state) {
      const answers = await db.selectFrom('live_answers').selectAll().where('contest_id', '=', id).execute();
      for (const a of answers) answerIds.set(`${a.player_id}:${a.question_index}`, { answerId: a.answer_id, receivedAt: new Date(a.received_at).getTime() });
      const snapshot = {
        ...(row.state as unknown as LiveSnapshot),
        answers: answers.map(answerRecordFromRow),
      };
      const step = restore(snapshot, now());
      state = step.state;
      effects = step.effects;
    } else {
      state = createLiveState(settings, planQuestions(questions, settings));
    }
    const c: ActiveContest = {
      id,
      pin: row.pin,
      title: row.title,
      ownerId: row.owner_id,
      settings,
      seed: row.seed,
      districts: row.districts,
      districtNames: new Map(row.districts.map((d) => [d.code, d.name])),
      rosterMode: row.roster_mode,
      screenSalt: row.screen_salt,
      questions,
      state,
      timer: null,
      heartbeat: null,
      tokens: new Map(players.filter((p) => !p.kicked_at).map((p) => [p.reconnect_token_hash, p.id])),
      meta: new Map(players.map((p) => [p.id, { sockets: 0, rttMs: null, className: p.class_name, disconnectTimer: null }])),
      views: new Map(),
      viewsIndex: -1,
      acks: new Map(),
      standings: state.phase === 'reveal' || state.phase === 'ended' ? buildStandings(state.players.values()) : null,
      chain: Promise.resolve(),
      joinTokens: JOIN_BURST,
      joinRefillAt: now(),
      progressTimer: null,
      hostTimer: null,
      lobbyTimer: null,
      saveTimer: null,
      unloadTimer: null,
    };
    // Stored answers keep their acks idempotent across a restart: a client retrying the same answerId gets the same ack.
    for (const [key, a] of answerIds) c.acks.set(key, { answerId: a.answerId, ack: Promise.resolve({ accepted: true as const, receivedAt: a.receivedAt }) });
    contests.set(id, c);
    if (state.phase !== 'ended') byPin.set(c.pin, id);
    // Restored players are presumed connected; whoever does not come back is marked gone after the grace period.
    if (row.state) for (const pid of state.players.keys()) scheduleDisconnect(c, pid);
    if (effects.length > 0) enqueue(c, effects);
    if (state.phase === 'question') startHeartbeat(c);
    if (state.phase === 'ended') scheduleUnload(c);
    return c;
  }

  async function saveState(c: ActiveContest): Promise<void> {
    const snap = toSnapshot(c.state, now());
    const { answers: _answers, ...rest } = snap;
    const started = c.state.index >= 0;
    await db
      .updateTable('live_contests')
      .set({
        state: JSON.stringify(rest),
        state_saved_at: new Date(),
        phase: c.state.phase,
        question_index: c.state.index,
        // First question and end: set once, never moved by later saves.
        ...(started ? { started_at: sql<Date>`coalesce(started_at, ${new Date(c.state.shownAt ?? now())})` } : {}),
        ...(c.state.phase === 'ended' ? { ended_at: sql<Date>`coalesce(ended_at, ${new Date()})` } : {}),
      })
      .where('id', '=', c.id)
      .execute();
  }

  /** Coalesce saves after joins and other minor changes. */
  function saveSoon(c: ActiveContest): void {
    c.saveTimer ??= setTimeout(() => {
      c.saveTimer = null;
      enqueueTask(c, () => saveState(c));
    }, 1000);
  }

  function startHeartbeat(c: ActiveContest) {
    c.heartbeat ??= setInterval(() => enqueueTask(c, () => saveState(c)), HEARTBEAT_MS);
  }
  function stopHeartbeat(c: ActiveContest) {
    if (c.heartbeat) clearInterval(c.heartbeat);
    c.heartbeat = null;
  }

  function scheduleUnload(c: ActiveContest) {
    c.unloadTimer ??= setTimeout(() => {
      if (c.timer) clearTimeout(c.timer);
      stopHeartbeat(c);
      contests.delete(c.id);
      if (byPin.get(c.pin) === c.id) byPin.delete(c.pin);
    }, UNLOAD_AFTER_END_MS);
    c.unloadTimer.unref?.();
  }

  // ---------- effects ----------

  function enqueueTask(c: ActiveContest, task: () => Promise<void> | void): Promise<void> {
    const next = c.chain.then(task).catch((err) => logger.error('live contest task failed', { contest: c.id, err }));
    c.chain = next;
    return next;
  }

  function enqueue(c: ActiveContest, effects: Effect[]): Promise<void> {
    return enqueueTask(c, () => runEffects(c, effects));
  }

  /** Apply a command now (the machine is synchronous) and queue its effects. */
  function command(c: ActiveContest, cmd: Parameters<typeof apply>[1]): { error: LiveError | null; effects: Effect[]; done: Promise<void> } {
    const step = apply(c.state, cmd, now());
    const done = step.effects.length > 0 ? enqueue(c, step.effects) : Promise.resolve();
    return { error: step.error, effects: step.effects, done };
  }

  function setTimer(c: ActiveContest, at: number) {
    if (c.timer) clearTimeout(c.timer);
    // Not a bare setTimeout: a timer may wake a millisecond before the clock reaches `at`, and a tick
    // before the deadline changes nothing, so the contest would wait forever (see deadline-timer.ts).
    wakeAt(
      at,
      now,
      () => {
        c.timer = null;
        command(c, { type: 'tick' });
      },
      (handle) => (c.timer = handle),
    );
  }

  async function runEffects(c: ActiveContest, effects: Effect[]): Promise<void> {
    for (const e of effects) {
      switch (e.kind) {
        case 'schedule':
          setTimer(c, e.at);
          break;
        case 'cancel-timer':
          if (c.timer) clearTimeout(c.timer);
          c.timer = null;
          break;
        case 'player-joined':
          lobbySoon(c);
          hostSoon(c);
          saveSoon(c);
          break;
        case 'lobby-locked':
          lobbySoon(c);
          hostSoon(c);
          saveSoon(c);
          break;
        case 'player-kicked': {
          io().to(rooms.player(e.playerId)).emit('player:kicked', { reason: e.banned ? 'banned' : 'kicked' });
          io().in(rooms.player(e.playerId)).disconnectSockets(true);
          for (const [hash, pid] of c.tokens) if (pid === e.playerId) c.tokens.delete(hash);
          await db.updateTable('live_players').set({ kicked_at: new Date() }).where('id', '=', e.playerId).execute();
          lobbySoon(c);
          hostSoon(c);
          saveSoon(c);
          break;
        }
        case 'answer-recorded':
          break; // written by the answer path, which awaits the write before acking
        case 'question': {
          c.standings = null;
          await saveState(c); // the deadline survives a crash from here on
          startHeartbeat(c);
          sendQuestion(c);
          break;
        }
        case 'clock': {
          await saveState(c);
          const timing = timingOf(c);
          const payload = { index: c.state.index, timing };
          io().to(rooms.all(c.id)).to(rooms.host(c.id)).to(rooms.screens(c.id)).emit('question:timing', payload);
          break;
        }
        case 'reveal':
          await writer.flush();
          stopHeartbeat(c);
          c.standings = buildStandings(c.state.players.values());
          await saveState(c);
          sendReveal(c, e.index);
          break;
        case 'eliminated':
          hostSoon(c);
          break;
        case 'revived':
          for (const pid of e.playerIds) io().to(rooms.player(pid)).emit('contest:state', playerSnapshot(c, pid));
          hostSoon(c);
          saveSoon(c);
          break;
        case 'voided':
          hostSoon(c);
          break;
        case 'ended':
          await writer.flush();
          stopHeartbeat(c);
          if (c.timer) clearTimeout(c.timer);
          c.timer = null;
          c.standings = buildStandings(c.state.players.values());
          await saveState(c);
          if (byPin.get(c.pin) === c.id) byPin.delete(c.pin);
          sendFinal(c);
          scheduleUnload(c);
          await deps.onEnded?.(c.id);
          break;
      }
    }
  }

  // ---------- views ----------

  function info(c: ActiveContest): ContestInfo {
    return { id: c.id, title: c.title, mode: c.settings.mode, questionCount: c.questions.length, districts: c.districts, rosterMode: c.rosterMode };
  }

  /** A player's view of question `index`: deterministic from the contest seed, so it is rebuilt identically after a restart. */
  function viewFor(c: ActiveContest, index: number, viewer: string, shuffle = c.settings.shuffleOptions) {
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

  function questionView(c: ActiveContest, index: number, view: PlayerQuestion): QuestionView {
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

  function timingOf(c: ActiveContest): Timing {
    const s = c.state;
    return {
      serverNow: now(),
      shownAt: s.shownAt ?? 0,
      opensAt: s.opensAt ?? 0,
      closesAt: s.closesAt ?? 0,
      pausedRemainingMs: s.pausedAt !== null && s.closesAt !== null ? Math.max(0, s.closesAt - s.pausedAt) : null,
    };
  }

  function showFor(c: ActiveContest, viewer: string, shuffle?: boolean): QuestionShow {
    const { view } = viewFor(c, c.state.index, viewer, shuffle);
    return { question: questionView(c, c.state.index, view), timing: timingOf(c) };
  }

  function sendQuestion(c: ActiveContest) {
    const nsp = io();
    for (const pid of c.state.players.keys()) if ((c.meta.get(pid)?.sockets ?? 0) > 0) nsp.to(rooms.player(pid)).emit('question:show', showFor(c, pid));
    // Screens get one shuffled order of their own: the authored order would give the answer
    // away by position (GIFT and Aiken authors put the correct option first).
    nsp.to(rooms.screens(c.id)).emit('question:show', showFor(c, 'screen'));
    hostNow(c);
  }

  function distributionFor(c: ActiveContest, index: number, mapping: DisplayMapping): QuestionReveal['distribution'] {
    const r = questionResult(c.state, index);
    const q = c.questions[index]!;
    const wrong = Math.max(0, r.answered - r.correct);
    const base = { right: r.correct, wrong, noAnswer: Math.max(0, r.due - r.answered) };
    if (q.type === 'single_choice' || q.type === 'multiple_choice') return { ...base, options: mapping.map((id) => r.distribution[id] ?? 0) };
    if (q.type === 'true_false') return { ...base, options: [r.distribution['true'] ?? 0, r.distribution['false'] ?? 0] };
    return base;
  }

  function revealPayload(c: ActiveContest, index: number, viewer: string, shuffle?: boolean): QuestionReveal {
    const q = c.questions[index]!;
    const { mapping } = viewFor(c, index, viewer, shuffle);
    const r = revealFor(q, mapping);
    const payload: QuestionReveal = {
      index,
      correct: revealCorrect(r),
      ...(r.explanation ? { explanation: r.explanation } : {}),
      distribution: distributionFor(c, index, mapping),
    };
    const player = c.state.players.get(viewer);
    if (player) {
      const a = c.state.answers[index]?.get(viewer);
      payload.me = { answered: !!a, correct: a?.correct ?? false, points: a ? a.points + a.bonus : 0, totalPoints: player.points, streak: player.streak, eliminated: player.eliminated };
    }
    return payload;
  }

  function entry(c: ActiveContest, r: StandingRow): BoardEntry {
    return { rank: r.rank, nickname: r.nickname, district: r.district, points: r.points };
  }

  function districtStandings(c: ActiveContest, s: Standings): DistrictStanding[] {
    return s.districts.map((d) => ({
      rank: d.rank,
      district: d.district,
      name: c.districtNames.get(d.district) ?? d.district,
      teamScore: Math.round(d.score),
      players: d.players,
      correctRate: d.correctRate,
    }));
  }

  function leaderboardFor(c: ActiveContest, viewer: { playerId?: string; district?: string | null }, shared?: { overall: BoardEntry[]; districts: DistrictStanding[] }): Leaderboard {
    const s = (c.standings ??= buildStandings(c.state.players.values()));
    const overall = shared?.overall ?? topPlayers(s, 10).map((r) => entry(c, r));
    const districts = shared?.districts ?? districtStandings(c, s);
    const board: Leaderboard = { overall, districts };
    const me = viewer.playerId ? playerStanding(s, viewer.playerId) : null;
    const district = me?.district ?? viewer.district ?? null;
    if (district) board.district = { code: district, top: districtTop(s, district, 10).map((r) => entry(c, r)) };
    if (me && viewer.playerId) board.me = { rank: me.rank, points: me.points, districtRank: me.districtRank, streak: c.state.players.get(viewer.playerId)?.streak ?? 0 };
    return board;
  }

  function sendReveal(c: ActiveContest, index: number) {
    const nsp = io();
    const s = c.standings!;
    const shared = { overall: topPlayers(s, 10).map((r) => entry(c, r)), districts: districtStandings(c, s) };
    const serverNow = now();
    // The host (often on the hall's projector) first, then every player, then the screens.
    hostNow(c);
    for (const pid of c.state.players.keys()) {
      if ((c.meta.get(pid)?.sockets ?? 0) === 0) continue;
      const room = nsp.to(rooms.player(pid));
      room.emit('question:reveal', { ...revealPayload(c, index, pid), serverNow });
      room.emit('leaderboard:update', leaderboardFor(c, { playerId: pid }, shared));
    }
    nsp.to(rooms.screens(c.id)).emit('question:reveal', { ...revealPayload(c, index, 'screen'), serverNow });
    for (const d of c.districts) nsp.to(rooms.screen(c.id, d.code)).emit('leaderboard:update', leaderboardFor(c, { district: d.code }, shared));
    nsp.to(rooms.province(c.id)).emit('leaderboard:update', leaderboardFor(c, {}, shared));
  }

  function finalFor(c: ActiveContest, playerId?: string): FinalSummary {
    const s = (c.standings ??= buildStandings(c.state.players.values()));
    const summary: FinalSummary = { podium: topPlayers(s, 3).map((r) => entry(c, r)), districts: districtStandings(c, s) };
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

  function sendFinal(c: ActiveContest) {
    const nsp = io();
    for (const pid of c.state.players.keys()) if ((c.meta.get(pid)?.sockets ?? 0) > 0) nsp.to(rooms.player(pid)).emit('contest:ended', finalFor(c, pid));
    nsp.to(rooms.screens(c.id)).emit('contest:ended', finalFor(c));
    hostNow(c);
  }

  function playerSnapshot(c: ActiveContest, playerId: string): PlayerSnapshot {
    const s = c.state;
    const p = s.players.get(playerId)!;
    const phase = s.phase as Phase;
    const snap: PlayerSnapshot = {
      contest: info(c),
      phase,
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
        answeredCurrent: s.index >= 0 && (s.answers[s.index]?.has(playerId) ?? false),
      },
    };
    if (phase === 'question') snap.question = showFor(c, playerId);
    if (phase === 'reveal' && s.index >= 0 && !s.tallies[s.index]?.voided) {
      snap.reveal = revealPayload(c, s.index, playerId);
      snap.leaderboard = leaderboardFor(c, { playerId });
    }
    if (phase === 'ended') {
      snap.leaderboard = leaderboardFor(c, { playerId });
      snap.final = finalFor(c, playerId);
    }
    return snap;
  }

  function hostSnapshot(c: ActiveContest): HostSnapshot {
    const s = c.state;
    const base = (deps.joinBase?.() ?? deps.publicUrl ?? '').replace(/\/$/, '');
    const snap: HostSnapshot = {
      contest: { ...info(c), pin: c.pin, joinUrl: `${base}/play?pin=${c.pin}`, screenToken: screenTokenFor(deps.secret, c.screenSalt), settings: c.settings as unknown as Record<string, unknown> },
      phase: s.phase as Phase,
      paused: s.pausedAt !== null,
      lobbyLocked: s.locked,
      questionIndex: s.index,
      players: [...s.players.values()].map((p) => ({
        id: p.id,
        nickname: p.nickname,
        district: p.district,
        ...(p.school ? { school: p.school } : {}),
        connected: p.connected,
        points: p.points,
        eliminated: p.eliminated,
      })),
      answered: s.index >= 0 ? (s.answers[s.index]?.size ?? 0) : 0,
      reviveAvailable: s.settings.mode === 'elimination' && !s.reviveUsed && [...s.players.values()].some((p) => p.eliminated),
    };
    if (s.phase === 'question' || s.phase === 'reveal') {
      const q = c.questions[s.index]!;
      const show = showFor(c, 'host', false);
      const { mapping } = viewFor(c, s.index, 'host', false);
      snap.question = { ...show, key: revealFor(q, mapping), ...(q.explanation ? { explanation: q.explanation } : {}) };
    }
    if (s.phase === 'reveal' && !s.tallies[s.index]?.voided) {
      snap.reveal = revealPayload(c, s.index, 'host', false);
      snap.leaderboard = leaderboardFor(c, {});
    }
    if (s.phase === 'ended') {
      snap.leaderboard = leaderboardFor(c, {});
      snap.final = finalFor(c);
    }
    return snap;
  }

  function screenSnapshot(c: ActiveContest, district: string | null): ScreenSnapshot {
    const s = c.state;
    const snap: ScreenSnapshot = {
      contest: info(c),
      district: district ? { code: district, name: c.districtNames.get(district) ?? district } : null,
      phase: s.phase as Phase,
      paused: s.pausedAt !== null,
      playerCount: s.players.size,
    };
    const base = deps.joinBase?.() ?? deps.publicUrl;
    if (base) snap.joinUrl = `${base.replace(/\/$/, '')}/play?pin=${c.pin}`;
    if (s.phase === 'question') snap.question = showFor(c, 'screen');
    if (s.phase === 'reveal' && !s.tallies[s.index]?.voided) {
      snap.reveal = revealPayload(c, s.index, 'screen');
      snap.leaderboard = leaderboardFor(c, { district });
    }
    if (s.phase === 'ended') {
      snap.leaderboard = leaderboardFor(c, { district });
      snap.final = finalFor(c);
    }
    return snap;
  }

  // Throttled pushes: the lobby and the host console are not re-rendered per join at 2,000 players.
  function lobbySoon(c: ActiveContest) {
    c.lobbyTimer ??= setTimeout(() => {
      c.lobbyTimer = null;
      const byDistrict: Record<string, number> = {};
      for (const p of c.state.players.values()) byDistrict[p.district] = (byDistrict[p.district] ?? 0) + 1;
      io().to(rooms.all(c.id)).to(rooms.screens(c.id)).emit('lobby:update', { playerCount: c.state.players.size, byDistrict, locked: c.state.locked });
    }, 500);
  }
  function hostSoon(c: ActiveContest) {
    c.hostTimer ??= setTimeout(() => {
      c.hostTimer = null;
      hostNow(c);
    }, 1000);
  }
  function hostNow(c: ActiveContest) {
    if (c.hostTimer) clearTimeout(c.hostTimer);
    c.hostTimer = null;
    io().to(rooms.host(c.id)).emit('host:state', hostSnapshot(c));
  }
  function progressSoon(c: ActiveContest) {
    c.progressTimer ??= setTimeout(() => {
      c.progressTimer = null;
      if (c.state.phase !== 'question') return;
      io()
        .to(rooms.host(c.id))
        .emit('question:progress', { index: c.state.index, answered: c.state.answers[c.state.index]?.size ?? 0, players: c.state.players.size });
    }, 1000);
  }

  // ---------- connections ----------

  function scheduleDisconnect(c: ActiveContest, playerId: string, graceMs = DISCONNECT_GRACE_MS) {
    const meta = c.meta.get(playerId);
    if (!meta) return;
    if (meta.disconnectTimer) clearTimeout(meta.disconnectTimer);
    meta.disconnectTimer = setTimeout(() => {
      meta.disconnectTimer = null;
      if (meta.sockets === 0 && c.state.players.has(playerId)) {
        command(c, { type: 'disconnect', playerId });
        hostSoon(c); // the host sees the player gone
      }
    }, graceMs);
    meta.disconnectTimer.unref?.();
  }

  function attachPlayerSocket(c: ActiveContest, socket: { join(room: string): void; data: { player?: { contestId: string; playerId: string } } }, playerId: string) {
    socket.join(rooms.player(playerId));
    socket.join(rooms.all(c.id));
    socket.data.player = { contestId: c.id, playerId };
    const meta = c.meta.get(playerId)!;
    meta.sockets++;
    if (meta.disconnectTimer) clearTimeout(meta.disconnectTimer);
    meta.disconnectTimer = null;
    if (c.state.players.get(playerId)?.connected === false) {
      command(c, { type: 'reconnect', playerId });
      hostSoon(c);
    }
  }

  function takeJoinToken(c: ActiveContest): boolean {
    const t = now();
    c.joinTokens = Math.min(JOIN_BURST, c.joinTokens + ((t - c.joinRefillAt) / 1000) * JOIN_RATE_PER_SEC);
    c.joinRefillAt = t;
    if (c.joinTokens < 1) return false;
    c.joinTokens -= 1;
    return true;
  }

  /** An answer's ack, or UNAVAILABLE when its row is not committed in time (the write carries on; a retry gets the same ack). */
  function boundedAck<T>(ack: Promise<T>): Promise<T> {
    const ms = deps.answerAckTimeoutMs ?? 4000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SocketError('UNAVAILABLE')), ms);
    });
    return Promise.race([ack, late]).finally(() => clearTimeout(timer));
  }

  return {
    attach(namespace: LiveNamespace) {
      nsp = namespace;
    },

    /** An open (not ended) contest by PIN. */
    async byPin(pin: string): Promise<ActiveContest | null> {
      const id = byPin.get(pin);
      if (id) return load(id);
      const row = await db.selectFrom('live_contests').select('id').where('pin', '=', pin).where('phase', '<>', 'ended').executeTakeFirst();
      return row ? load(row.id) : null;
    },

    /** Any contest by PIN, ended ones included (screens may show the final board). */
    async byPinForScreen(pin: string): Promise<ActiveContest | null> {
      const open = await this.byPin(pin);
      if (open) return open;
      const row = await db.selectFrom('live_contests').select('id').where('pin', '=', pin).orderBy('created_at', 'desc').executeTakeFirst();
      return row ? load(row.id) : null;
    },

    load,

    async join(
      c: ActiveContest,
      input: { nickname?: string | undefined; district: string; school?: string | undefined; className?: string | undefined; rosterCode?: string | undefined; lang?: 'vi' | 'en' | undefined },
      socket: { join(room: string): void; data: { player?: { contestId: string; playerId: string } } },
    ): Promise<JoinResult> {
      // Availability first: a locked or full contest must answer like an unknown PIN, whatever else is wrong.
      const s = c.state;
      if (!isJoinable(s)) {
        throw new SocketError('CONTEST_UNAVAILABLE');
      }
      if (!c.districtNames.has(input.district)) throw new SocketError('DISTRICT_UNKNOWN', { details: { districts: c.districts.map((d) => d.code) } });
      if (!takeJoinToken(c)) {
        // A flood: lock the lobby (the host can unlock) and refuse like any unavailable contest.
        if (!c.state.locked && c.state.phase === 'lobby') {
          command(c, { type: 'lock' });
          logger.warn('join flood: lobby locked', { contest: c.id });
        }
        m.joins.inc({ outcome: 'flood' });
        throw new SocketError('CONTEST_UNAVAILABLE');
      }
      let rosterId: string | null = null;
      if (c.rosterMode) {
        const code = (input.rosterCode ?? '').trim().toUpperCase();
        const row = code
          ? await db.selectFrom('live_roster_codes').select(['id', 'used_by']).where('contest_id', '=', c.id).where('code_hash', '=', hashToken(deps.secret, code)).executeTakeFirst()
          : undefined;
        if (!row || row.used_by) throw new SocketError('ROSTER_CODE_INVALID');
        rosterId = row.id;
      }
      const playerId = randomUUID();
      let nickname = input.nickname;
      let error: LiveError | null = null;
      let effects: Effect[] = [];
      const attempts = nickname === undefined ? 6 : 1;
      for (let i = 0; i < attempts; i++) {
        const name = nickname ?? generateNickname(Math.random, input.lang ?? 'vi');
        const step = apply(c.state, { type: 'join', playerId, nickname: name, district: input.district, school: input.school ?? null }, now());
        error = step.error;
        effects = step.effects;
        if (!error) {
          nickname = name;
          break;
        }
        if (error !== 'NICKNAME_TAKEN') break;
      }
      if (error) {
        const code = protocolCode(error);
        m.joins.inc({ outcome: code });
        // No reason for CONTEST_UNAVAILABLE: "locked" or "full" would tell a PIN scanner the contest exists.
        throw new SocketError(code, error !== code && code !== 'CONTEST_UNAVAILABLE' ? { details: { reason: error } } : {});
      }
      const player = c.state.players.get(playerId)!;
      const token = newToken();
      const tokenHash = hashToken(deps.secret, token);
      try {
        await db
          .insertInto('live_players')
          .values({
            id: playerId,
            contest_id: c.id,
            nickname: player.nickname,
            nickname_key: player.key,
            district: player.district,
            school: player.school,
            class_name: input.className?.normalize('NFC').trim() || null,
            roster_code_id: rosterId,
            reconnect_token_hash: tokenHash,
            join_order: player.joinOrder,
            joined_at: new Date(player.joinedAt),
          })
          .execute();
        if (rosterId) await db.updateTable('live_roster_codes').set({ used_by: playerId }).where('id', '=', rosterId).where('used_by', 'is', null).execute();
      } catch (err) {
        // Not stored: take the player back out of memory so identity and database agree.
        command(c, { type: 'kick', playerId });
        logger.error('join not stored', { contest: c.id, err });
        throw new SocketError('UNAVAILABLE');
      }
      c.tokens.set(tokenHash, playerId);
      c.meta.set(playerId, { sockets: 0, rttMs: null, className: input.className ?? null, disconnectTimer: null });
      attachPlayerSocket(c, socket, playerId);
      enqueue(c, effects);
      m.joins.inc({ outcome: 'joined' });
      return { playerId, nickname: player.nickname, reconnectToken: token, snapshot: playerSnapshot(c, playerId) };
    },

    /** Resume with a reconnect token (after a reload, a network drop or a server restart). */
    async resume(token: string, socket: { join(room: string): void; data: { player?: { contestId: string; playerId: string } } }): Promise<JoinResult> {
      const hash = hashToken(deps.secret, token);
      let c: ActiveContest | null = null;
      let playerId: string | undefined;
      for (const active of contests.values()) {
        playerId = active.tokens.get(hash);
        if (playerId) {
          c = active;
          break;
        }
      }
      if (!c) {
        const row = await db
          .selectFrom('live_players')
          .select(['contest_id', 'id', 'kicked_at'])
          .where('reconnect_token_hash', '=', hash)
          .executeTakeFirst();
        if (!row || row.kicked_at) throw new SocketError('RESUME_INVALID');
        c = await load(row.contest_id);
        playerId = row.id;
      }
      if (!c || !playerId || !c.state.players.has(playerId) || c.tokens.get(hash) !== playerId) throw new SocketError('RESUME_INVALID');
      attachPlayerSocket(c, socket, playerId);
      const p = c.state.players.get(playerId)!;
      return { playerId, nickname: p.nickname, reconnectToken: token, snapshot: playerSnapshot(c, playerId) };
    },

    /**
     * A socket of this player went away. `graceMs` 0 when the heartbeat already
     * waited (a ping timeout: the line has been silent for pingInterval + pingTimeout).
     */
    socketGone(contestId: string, playerId: string, graceMs?: number) {
      const c = contests.get(contestId);
      const meta = c?.meta.get(playerId);
      if (!c || !meta) return;
      meta.sockets = Math.max(0, meta.sockets - 1);
      if (meta.sockets === 0) scheduleDisconnect(c, playerId, graceMs);
    },

    recordRtt(contestId: string, playerId: string, rttMs: number) {
      const meta = contests.get(contestId)?.meta.get(playerId);
      // Smooth a little; one slow ping should not define a player's allowance.
      if (meta) meta.rttMs = meta.rttMs === null ? rttMs : Math.round(meta.rttMs * 0.7 + rttMs * 0.3);
    },

    leave(contestId: string, playerId: string) {
      const c = contests.get(contestId);
      if (c?.state.players.has(playerId)) command(c, { type: 'leave', playerId });
    },

    async answer(contestId: string, playerId: string, input: { questionIndex: number; answerId: string; response: PlayerResponse }): Promise<{ accepted: true; receivedAt: number }> {
      const started = performance.now();
      const c = contests.get(contestId);
      if (!c || !c.state.players.has(playerId)) throw new SocketError('NOT_IN_CONTEST');
      const key = `${playerId}:${input.questionIndex}`;
      const prior = c.acks.get(key);
      if (prior) {
        if (prior.answerId === input.answerId) return boundedAck(prior.ack);
        m.answers.inc({ outcome: 'ALREADY_ANSWERED' });
        throw new SocketError('ALREADY_ANSWERED');
      }
      const q = c.questions[input.questionIndex];
      if (!q) throw new SocketError('INVALID');
      const { mapping } = viewFor(c, input.questionIndex, playerId);
      const original = isAnswerable(q, input.response) ? toOriginalResponse(input.response, mapping) : null;
      const verdict = original ? grade(q, original) : null;
      const rtt = c.settings.latencyFair ? c.meta.get(playerId)?.rttMs ?? undefined : undefined;
      const step = command(c, { type: 'answer', playerId, questionIndex: input.questionIndex, grade: verdict, response: original, ...(rtt !== undefined ? { rttMs: rtt } : {}) });
      if (step.error) {
        m.answers.inc({ outcome: step.error });
        throw new SocketError(protocolCode(step.error));
      }
      const recorded = step.effects.find((e): e is Extract<Effect, { kind: 'answer-recorded' }> => e.kind === 'answer-recorded');
      if (!recorded) throw new SocketError('INTERNAL');
      // Faster than a person could answer (fast-answers.ts): stored with a flag and shown to the host at once.
      const fast = { receivedAt: recorded.answer.receivedAt, opensAt: c.state.opensAt, rttMs: c.meta.get(playerId)?.rttMs };
      const flagged = isInhumanlyFast(fast);
      if (flagged) {
        m.answers.inc({ outcome: 'flagged' });
        io().to(rooms.host(c.id)).emit('answer:flagged', { index: input.questionIndex, playerId, nickname: c.state.players.get(playerId)?.nickname ?? '', humanTimeMs: humanTimeMs(fast) ?? 0 });
      }
      const ack = writer.write({ contestId, answerId: input.answerId, record: recorded.answer, flagged }).then(() => ({ accepted: true as const, receivedAt: recorded.answer.receivedAt }));
      c.acks.set(key, { answerId: input.answerId, ack });
      progressSoon(c);
      const result = await boundedAck(ack);
      m.answers.inc({ outcome: 'accepted' });
      m.ack.observe((performance.now() - started) / 1000);
      return result;
    },

    /** Host commands; the socket layer has already checked the caller hosts this contest. */
    async host(contestId: string, cmd: Parameters<typeof apply>[1]): Promise<Effect[]> {
      const c = contests.get(contestId) ?? (await load(contestId));
      if (!c) throw new SocketError('NOT_IN_CONTEST');
      const step = command(c, cmd);
      if (step.error) throw new SocketError(protocolCode(step.error));
      await step.done;
      return step.effects;
    },

    hostSnapshot,
    playerSnapshot,
    screenSnapshot,

    /** Whether the screen token opens this contest's projector view (the salt is re-read: the host may have rotated it). */
    async checkScreenToken(c: ActiveContest, token: string): Promise<boolean> {
      const row = await db.selectFrom('live_contests').select('screen_salt').where('id', '=', c.id).executeTakeFirst();
      if (row) c.screenSalt = row.screen_salt;
      const expected = Buffer.from(screenTokenFor(deps.secret, c.screenSalt));
      const given = Buffer.from(token);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },

    rooms,

    /** Bring back every contest that was running when the server stopped. */
    async restoreAll(): Promise<number> {
      const rows = await db.selectFrom('live_contests').select('id').where('phase', '<>', 'ended').where('state', 'is not', null).execute();
      for (const r of rows) await load(r.id);
      if (rows.length > 0) logger.info('live contests restored', { count: rows.length });
      return rows.length;
    },

    /** Shutdown: write what is pending, save every contest, stop timers. */
    async close(): Promise<void> {
      for (const c of contests.values()) {
        if (c.timer) clearTimeout(c.timer);
        stopHeartbeat(c);
        for (const t of [c.progressTimer, c.hostTimer, c.lobbyTimer, c.saveTimer, c.unloadTimer]) if (t) clearTimeout(t);
        for (const meta of c.meta.values()) if (meta.disconnectTimer) clearTimeout(meta.disconnectTimer);
        await c.chain;
      }
      await writer.close();
      for (const c of contests.values()) if (c.state.phase !== 'lobby' || c.state.players.size > 0) await saveState(c).catch((err) => logger.error('final save failed', { contest: c.id, err }));
    },

    contests,
  };
}
