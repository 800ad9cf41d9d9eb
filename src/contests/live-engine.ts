import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../shared/logger.ts';
import type { MetricsRegistry } from '../shared/metrics.ts';
import { toOriginalResponse } from '../banks/player-view.ts';
import { grade, isAnswerable } from '../banks/grading.ts';
import type { PlayerResponse } from '../banks/responses.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import type { Effect, HostCommand, LiveError } from './live-state.ts';
import { screenTokenFor } from './live-contest-service.ts';
import { AnswerWriter } from './answer-writer.ts';
import { SocketError } from '../realtime/ack.ts';
import type { HostSnapshot, JoinResult, PlayerSnapshot, ScreenSnapshot } from './protocol.ts';
import { liveRooms, playerRoomsOf, systemClock, type AnswerStore, type Broadcaster, type Clock, type ContestStore } from './live-ports.ts';
import { LiveRoom } from './live-room.ts';
import { createLiveRegistry, DISCONNECT_GRACE_MS, type LoadOptions } from './live-registry.ts';
import { createEffectRunner } from './live-effects.ts';
import { hostView, playerView, screenView, viewFor } from './live-views.ts';
import { createPgContestStore } from './live-pg-store.ts';
import { socketBroadcaster, type LiveNamespace } from './live-socket-broadcaster.ts';
import { joinAllowed, joinLimits, takeJoinToken } from './live-join-gate.ts';
import { pickFreeNickname } from './nickname-picker.ts';
import { isJoinable } from './availability.ts';
import { humanTimeMs, isInhumanlyFast } from './fast-answers.ts';

/**
 * The live engine: the composition of the room (live-room.ts), the pure views
 * (live-views.ts), the effect runner (live-effects.ts) and the registry
 * (live-registry.ts) over four ports (live-ports.ts): Broadcaster, AnswerStore,
 * ContestStore and Clock. This file holds the player and host use cases (join,
 * resume, answer, host commands) and nothing that knows about sockets or SQL;
 * `createLiveEngine` wires the production ports (socket.io, Kysely) by default.
 * See docs/live-engine.md.
 */
export type { LiveNamespace } from './live-socket-broadcaster.ts';
export type ActiveContest = LiveRoom;

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
  /** The production stores' database; not needed when `ports.answers` and `ports.contests` are given. */
  db?: Kysely<Database>;
  logger: Logger;
  metrics: MetricsRegistry;
  secret: string;
  publicUrl?: string | undefined;
  /** The reachable join base (src/net/join-address.ts); falls back to `publicUrl`, then a path. */
  joinBase?: () => string | undefined;
  now?: () => number;
  /** Called once a contest has ended and its final state is saved (reports write their facts). */
  onEnded?: (contestId: string) => Promise<void>;
  /** Ports; each defaults to the production implementation (socket.io namespace, Kysely, system clock). */
  ports?: { broadcaster?: Broadcaster; answers?: AnswerStore; contests?: ContestStore; clock?: Clock };
  /** Longest stretch of per-player emission before yielding to the event loop (default 10 ms). */
  sliceMs?: number;
  /**
   * How long an answer's ack waits for its row to be committed before it reports
   * UNAVAILABLE (the database is down or slow). The answer stays queued and is
   * written once the database is back; the client retries with the same answerId
   * and gets the stored ack. Default 4 s.
   */
  answerAckTimeoutMs?: number;
}

type PlayerSocket = { join(room: string): void; data: { player?: { contestId: string; playerId: string } } };

export type LiveEngine = ReturnType<typeof createLiveEngine>;

export function createLiveEngine(deps: LiveEngineDeps) {
  const { logger } = deps;
  const clock: Clock = deps.ports?.clock ?? (deps.now ? { ...systemClock, now: deps.now } : systemClock);
  const now = () => clock.now();
  let nsp: LiveNamespace | null = null;
  // The socket.io Broadcaster unless a test gives its own.
  const socketPort = deps.ports?.broadcaster
    ? null
    : socketBroadcaster(() => {
        if (!nsp) throw new Error('live engine used before attach()');
        return nsp;
      });
  const broadcaster: Broadcaster = deps.ports?.broadcaster ?? socketPort!;
  const db = () => {
    if (!deps.db) throw new Error('live engine: give db or both stores');
    return deps.db;
  };
  const answers: AnswerStore = deps.ports?.answers ?? new AnswerWriter({ db: db(), logger });
  const store: ContestStore = deps.ports?.contests ?? createPgContestStore(db());

  const m = {
    answers: deps.metrics.counter('civiq_live_answers_total', 'Live answers by outcome (accepted or an error code).'),
    ack: deps.metrics.histogram('civiq_live_answer_ack_seconds', 'Time from receiving an answer to acknowledging it (stored).', [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]),
    joins: deps.metrics.counter('civiq_live_joins_total', 'Live joins by outcome.'),
    slices: deps.metrics.histogram('civiq_live_emit_slice_seconds', 'Event-loop time of one slice of per-player emission (question, reveal, final).', [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]),
    active: deps.metrics.gauge('civiq_live_contests_active', 'Live contests held in memory.', () => registry.rooms.size),
    players: deps.metrics.gauge('civiq_live_players', 'Players in live contests held in memory.', () => {
      let n = 0;
      for (const c of registry.rooms.values()) n += c.state.players.size;
      return n;
    }),
  };

  const joinUrlOf = (c: LiveRoom) => `${(deps.joinBase?.() ?? deps.publicUrl ?? '').replace(/\/$/, '')}/play?pin=${c.pin}`;
  const hostExtras = (c: LiveRoom) => ({ joinUrl: joinUrlOf(c), screenToken: screenTokenFor(deps.secret, c.screenSalt) });

  const runner = createEffectRunner({
    broadcaster,
    contests: store,
    answers,
    logger,
    hostExtras,
    onEnded: (room) => registry.ended(room),
    ...(deps.onEnded ? { afterEnded: (room: LiveRoom) => deps.onEnded!(room.id) } : {}),
    ...(deps.sliceMs !== undefined ? { sliceMs: deps.sliceMs } : {}),
    observeSlice: (s) => m.slices.observe(s),
  });

  const registry = createLiveRegistry({
    store,
    clock,
    logger,
    handler: runner.run,
    initialJoinTokens: (room) => joinLimits(room.settings).burst,
    onLoaded(room, { effects, fromSnapshot }) {
      // Restored players are presumed connected; whoever does not come back is marked gone after the grace period.
      if (fromSnapshot) for (const pid of room.state.players.keys()) scheduleDisconnect(room, pid);
      room.enqueue(effects);
      if (room.state.phase === 'question') runner.startHeartbeat(room);
    },
  });

  function attachPlayerSocket(c: LiveRoom, socket: PlayerSocket, playerId: string) {
    for (const room of playerRoomsOf(c.id, playerId, c.state.players.get(playerId)?.district ?? '')) socket.join(room);
    socket.data.player = { contestId: c.id, playerId };
    if (c.socketArrived(playerId)) runner.hostSoon(c); // the host sees the player back
  }

  /** A player's sockets have all been gone for the grace period: the host sees them gone. */
  function scheduleDisconnect(c: LiveRoom, playerId: string, graceMs = DISCONNECT_GRACE_MS) {
    c.scheduleDisconnect(playerId, graceMs, () => runner.hostSoon(c));
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
    /** The live namespace is ready; `relay` with several nodes (per-player messages to other nodes' sockets go in batches). */
    attach(namespace: LiveNamespace, opts: { relay?: boolean } = {}) {
      nsp = namespace;
      socketPort?.attached(namespace, { relay: opts.relay ?? false });
    },

    /** An open (not ended) contest by PIN. */
    byPin: (pin: string) => registry.byPin(pin),
    /** Any contest by PIN, ended ones included (screens may show the final board). */
    byPinForScreen: (pin: string) => registry.byPinAny(pin),
    load: (id: string, opts?: LoadOptions) => registry.load(id, opts),

    async join(
      c: LiveRoom,
      input: { nickname?: string | undefined; district: string; school?: string | undefined; className?: string | undefined; rosterCode?: string | undefined; lang?: 'vi' | 'en' | undefined },
      socket: PlayerSocket,
    ): Promise<JoinResult> {
      // Availability first: a locked or full contest must answer like an unknown PIN, whatever else is wrong.
      const s = c.state;
      if (!isJoinable(s)) throw new SocketError('CONTEST_UNAVAILABLE');
      if (!c.districtNames.has(input.district)) throw new SocketError('DISTRICT_UNKNOWN', { details: { districts: c.districts.map((d) => d.code) } });
      if (!joinAllowed(c, c.settings, now())) {
        // A flood: lock the lobby (the host can unlock) and refuse like any unavailable contest.
        if (!c.state.locked && c.state.phase === 'lobby') {
          c.command({ type: 'lock' });
          logger.warn('join flood: lobby locked', { contest: c.id });
        }
        m.joins.inc({ outcome: 'flood' });
        throw new SocketError('CONTEST_UNAVAILABLE');
      }
      let rosterId: string | null = null;
      if (c.rosterMode) {
        const code = (input.rosterCode ?? '').trim().toUpperCase();
        rosterId = code ? await store.rosterCode(c.id, hashToken(deps.secret, code)) : null;
        if (!rosterId) throw new SocketError('ROSTER_CODE_INVALID');
      }
      const playerId = randomUUID();
      // A server-picked nickname is checked against the contest's names before it is tried: it never collides.
      const nickname = input.nickname ?? pickFreeNickname(Math.random, input.lang ?? 'vi', (key) => c.state.keys.has(key) || c.state.banned.has(key));
      if (nickname === null) {
        m.joins.inc({ outcome: 'NICKNAME_TAKEN' });
        throw new SocketError('NICKNAME_TAKEN');
      }
      const step = c.command({ type: 'join', playerId, nickname, district: input.district, school: input.school ?? null });
      if (step.error) {
        const code = protocolCode(step.error);
        m.joins.inc({ outcome: code });
        // No reason for CONTEST_UNAVAILABLE: "locked" or "full" would tell a PIN scanner the contest exists.
        throw new SocketError(code, step.error !== code && code !== 'CONTEST_UNAVAILABLE' ? { details: { reason: step.error } } : {});
      }
      takeJoinToken(c);
      const player = c.state.players.get(playerId)!;
      const token = newToken();
      const tokenHash = hashToken(deps.secret, token);
      const className = input.className?.normalize('NFC').trim() || null;
      try {
        await store.insertPlayer({
          id: playerId,
          contestId: c.id,
          nickname: player.nickname,
          nicknameKey: player.key,
          district: player.district,
          school: player.school,
          className,
          rosterId,
          tokenHash,
          joinOrder: player.joinOrder,
          joinedAt: player.joinedAt,
        });
      } catch (err) {
        // Not stored: take the player back out of memory so identity and database agree.
        c.command({ type: 'kick', playerId });
        logger.error('join not stored', { contest: c.id, err });
        throw new SocketError('UNAVAILABLE');
      }
      c.tokens.set(tokenHash, playerId);
      c.meta.set(playerId, { sockets: 0, rttMs: null, className: input.className ?? null, disconnectTimer: null });
      attachPlayerSocket(c, socket, playerId);
      m.joins.inc({ outcome: 'joined' });
      return { playerId, nickname: player.nickname, reconnectToken: token, snapshot: playerView(c, playerId, now()) };
    },

    /** Resume with a reconnect token (after a reload, a network drop or a server restart); refused once the contest has ended. */
    async resume(token: string, socket: PlayerSocket): Promise<JoinResult> {
      const hash = hashToken(deps.secret, token);
      let found = registry.byToken(hash);
      if (!found) {
        const row = await store.playerByToken(hash);
        if (!row || row.kicked) throw new SocketError('RESUME_INVALID');
        const room = await registry.load(row.contestId);
        found = room ? { room, playerId: row.playerId } : null;
      }
      if (!found) throw new SocketError('RESUME_INVALID');
      const { room: c, playerId } = found;
      if (!c.state.players.has(playerId) || c.tokens.get(hash) !== playerId || c.state.phase === 'ended') throw new SocketError('RESUME_INVALID');
      attachPlayerSocket(c, socket, playerId);
      const p = c.state.players.get(playerId)!;
      return { playerId, nickname: p.nickname, reconnectToken: token, snapshot: playerView(c, playerId, now()) };
    },

    /**
     * A socket of this player went away. `graceMs` 0 when the heartbeat already
     * waited (a ping timeout: the line has been silent for pingInterval + pingTimeout).
     */
    socketGone(contestId: string, playerId: string, graceMs?: number) {
      const c = registry.get(contestId);
      const meta = c?.meta.get(playerId);
      if (!c || !meta) return;
      meta.sockets = Math.max(0, meta.sockets - 1);
      if (meta.sockets === 0) scheduleDisconnect(c, playerId, graceMs);
    },

    /** The player's round trip as the socket's node measured and smoothed it (smoothRtt); it travels with each answer. */
    setRtt(contestId: string, playerId: string, rttMs: number) {
      const meta = registry.get(contestId)?.meta.get(playerId);
      if (meta) meta.rttMs = rttMs;
    },

    /**
     * These players have a socket on some node although this room did not see them
     * join or resume: sockets recovered by connection-state recovery, or every socket
     * of a contest this node has just taken over. They count as connected again.
     */
    socketsPresent(contestId: string, playerIds: readonly string[]) {
      const c = registry.get(contestId);
      if (!c) return;
      let changed = false;
      for (const pid of playerIds) if (c.state.players.has(pid) && c.socketArrived(pid)) changed = true;
      if (changed) runner.hostSoon(c);
    },

    /** Drop a room from this node without saving (another node owns it now). */
    unload: (id: string) => registry.unload(id),

    leave(contestId: string, playerId: string) {
      const c = registry.get(contestId);
      if (c?.state.players.has(playerId)) c.command({ type: 'leave', playerId });
    },

    async answer(contestId: string, playerId: string, input: { questionIndex: number; answerId: string; response: PlayerResponse }): Promise<{ accepted: true; receivedAt: number }> {
      const started = performance.now();
      const c = registry.get(contestId);
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
      const rtt = c.settings.latencyFair ? (c.meta.get(playerId)?.rttMs ?? undefined) : undefined;
      const step = c.command({ type: 'answer', playerId, questionIndex: input.questionIndex, grade: verdict, response: original, ...(rtt !== undefined ? { rttMs: rtt } : {}) });
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
        broadcaster.emit([liveRooms.host(c.id)], 'answer:flagged', { index: input.questionIndex, playerId, nickname: c.state.players.get(playerId)?.nickname ?? '', humanTimeMs: humanTimeMs(fast) ?? 0 });
      }
      const ack = answers.write({ contestId, answerId: input.answerId, record: recorded.answer, flagged }).then(() => ({ accepted: true as const, receivedAt: recorded.answer.receivedAt }));
      c.acks.set(key, { answerId: input.answerId, ack });
      runner.progressSoon(c);
      const result = await boundedAck(ack);
      m.answers.inc({ outcome: 'accepted' });
      m.ack.observe((performance.now() - started) / 1000);
      return result;
    },

    /** Host commands; the socket layer has already checked the caller hosts this contest. */
    async host(contestId: string, cmd: HostCommand): Promise<Effect[]> {
      const c = registry.get(contestId) ?? (await registry.load(contestId));
      if (!c) throw new SocketError('NOT_IN_CONTEST');
      const step = c.command(cmd);
      if (step.error) throw new SocketError(protocolCode(step.error));
      await step.done;
      return step.effects;
    },

    hostSnapshot: (c: LiveRoom): HostSnapshot => hostView(c, now(), hostExtras(c)),
    playerSnapshot: (c: LiveRoom, playerId: string): PlayerSnapshot => playerView(c, playerId, now()),
    screenSnapshot: (c: LiveRoom, district: string | null): ScreenSnapshot => {
      const base = deps.joinBase?.() ?? deps.publicUrl;
      return screenView(c, district, now(), base ? `${base.replace(/\/$/, '')}/play?pin=${c.pin}` : undefined);
    },

    /** Whether the screen token opens this contest's projector view (the salt is re-read: the host may have rotated it). */
    async checkScreenToken(c: LiveRoom, token: string): Promise<boolean> {
      const salt = await store.screenSalt(c.id);
      if (salt) c.screenSalt = salt;
      const expected = Buffer.from(screenTokenFor(deps.secret, c.screenSalt));
      const given = Buffer.from(token);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },

    rooms: liveRooms,

    /** Bring back every contest that was running when the server stopped. */
    restoreAll: () => registry.restoreAll(),

    /** Shutdown: write what is pending, save every contest, stop timers. */
    async close(): Promise<void> {
      for (const c of registry.rooms.values()) {
        c.stopAll();
        await c.idle();
      }
      await answers.close();
      for (const c of registry.rooms.values()) if (c.state.phase !== 'lobby' || c.state.players.size > 0) await runner.save(c).catch((err) => logger.error('final save failed', { contest: c.id, err }));
    },

    /** Rooms in memory by contest id. */
    contests: registry.rooms,
  };
}
