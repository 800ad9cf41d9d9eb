import type { Socket } from 'socket.io';
import type { z } from 'zod';
import type { Logger } from '../shared/logger.ts';
import type { MetricsRegistry } from '../shared/metrics.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { AddressResolver } from '../http/client-address.ts';
import { handleEvent, registerSocketMessages, SocketError } from '../realtime/ack.ts';
import { credentialStillValid, handshakeAuth, type CiviqServer } from '../realtime/socket-server.ts';
import { guardPackets } from '../realtime/packet-guard.ts';
import type { Identity } from '../realtime/events.ts';
import type { Language } from '../shared/localized.ts';
import { generateNickname, nicknameKey } from './nickname.ts';
import { isJoinable } from './availability.ts';
import type { AddressLimiter } from './address-limiter.ts';
import type { LiveEngine, LiveNamespace } from './live-engine.ts';
import {
  AnswerSubmitSchema,
  ContestExtendSchema,
  EmptySchema,
  HostAttachSchema,
  LIVE_NAMESPACE,
  LobbyLockSchema,
  NicknameSuggestSchema,
  PlayerJoinSchema,
  PlayerKickSchema,
  PlayerResumeSchema,
  ScreenAttachSchema,
  StepSchema,
  TimeSyncSchema,
} from './protocol.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Messages for the live error codes, in both languages. */
registerSocketMessages({
  CONTEST_UNAVAILABLE: { vi: 'Không vào được cuộc thi với mã PIN này.', en: 'No contest can be joined with this PIN.' },
  NICKNAME_INVALID: { vi: 'Biệt danh không hợp lệ (2–20 ký tự, không dùng từ ngữ xấu).', en: 'Invalid nickname (2–20 characters, no offensive words).' },
  NICKNAME_TAKEN: { vi: 'Biệt danh đã có người dùng.', en: 'This nickname is taken.' },
  NICKNAME_BANNED: { vi: 'Biệt danh này đã bị chặn.', en: 'This nickname is banned.' },
  DISTRICT_UNKNOWN: { vi: 'Hãy chọn đơn vị trong danh sách.', en: 'Choose a unit from the list.' },
  ROSTER_CODE_INVALID: { vi: 'Mã dự thi không đúng hoặc đã được dùng.', en: 'The entry code is wrong or already used.' },
  RESUME_INVALID: { vi: 'Không thể vào lại; hãy tham gia lại bằng mã PIN.', en: 'Cannot resume; join again with the PIN.' },
  NOT_IN_CONTEST: { vi: 'Bạn chưa tham gia cuộc thi.', en: 'You have not joined the contest.' },
  TOO_EARLY: { vi: 'Chưa đến lúc trả lời.', en: 'Answers are not open yet.' },
  TOO_LATE: { vi: 'Đã hết giờ trả lời.', en: 'Time is up.' },
  ALREADY_ANSWERED: { vi: 'Bạn đã trả lời câu này.', en: 'You already answered this question.' },
  ELIMINATED: { vi: 'Bạn đã bị loại.', en: 'You have been eliminated.' },
  PAUSED: { vi: 'Cuộc thi đang tạm dừng.', en: 'The contest is paused.' },
  WRONG_PHASE: { vi: 'Không thực hiện được ở bước này.', en: 'Not possible at this step.' },
  REVIVE_USED: { vi: 'Đã dùng quyền cứu trợ.', en: 'The revive has been used.' },
  NO_PLAYERS: { vi: 'Chưa có người chơi.', en: 'There are no players yet.' },
  NOT_ELIMINATION: { vi: 'Chỉ dùng trong chế độ Rung chuông vàng.', en: 'Only in elimination mode.' },
  NOTHING_TO_REVIVE: { vi: 'Không có ai bị loại.', en: 'Nobody is eliminated.' },
  UNAVAILABLE: { vi: 'Máy chủ chưa lưu được, vui lòng gửi lại.', en: 'Not stored yet; please retry.' },
});

/** Token bucket per socket: steady play needs a few events a second; floods get RATE_LIMITED, then cut. */
const EVENTS_PER_SEC = 10;
const EVENT_BURST = 30;
const STRIKES_BEFORE_DISCONNECT = 50;
const RTT_PING_INTERVAL_MS = 20_000;
/** Generated-nickname re-spins per connection (Kahoot allows 3). */
const NICKNAME_SPINS = 3;
/** Failed joins (bad PIN, roster code) per socket before it is cut: stops PIN and code scanning. */
const MAX_FAILED_JOINS = 10;

interface LiveSocketData {
  identity: Identity;
  credential?: { kind: 'session' | 'token'; id: string; secret: string };
  lang: Language;
  player?: { contestId: string; playerId: string };
  hostOf?: string;
  screenOf?: { contestId: string; district: string | null };
  failedJoins?: number;
  spins?: number;
}

export interface LiveSocketDeps {
  engine: LiveEngine;
  /** Failed joins by network address, shared with the /play page's PIN look-up. */
  failedJoins: AddressLimiter;
  auth: AuthService;
  db: Kysely<Database>;
  logger: Logger;
  metrics: MetricsRegistry;
  /** The client's address from the peer and X-Forwarded-For (TRUST_PROXY). */
  clientAddress?: AddressResolver | undefined;
}

export function registerLiveNamespace(deps: LiveSocketDeps): (io: CiviqServer) => void {
  return (io) => {
    const failuresByAddress = deps.failedJoins;
    const nsp = io.of(LIVE_NAMESPACE) as unknown as LiveNamespace;
    deps.engine.attach(nsp);
    const connected = deps.metrics.gauge('civiq_socket_connections', 'Connected sockets by namespace.');
    (nsp as unknown as { use: (fn: ReturnType<typeof handshakeAuth>) => void }).use(handshakeAuth(deps));

    nsp.on('connection', (raw) => {
      const socket = raw as unknown as Socket & { data: LiveSocketData };
      connected.inc({ namespace: LIVE_NAMESPACE });
      const { engine } = deps;
      const lang = () => socket.data.lang ?? 'vi';

      // Every packet is counted before dispatch (packet-guard.ts): floods and unknown events are strikes.
      const known = new Set<string>();
      const guard = guardPackets(socket, known, lang, { eventsPerSec: EVENTS_PER_SEC, burst: EVENT_BURST, strikesBeforeDisconnect: STRIKES_BEFORE_DISCONNECT });
      const strike = () => guard.strike();

      /** Validate, run, and always answer through the ack (rate limits are applied per packet, above). */
      function on<S extends z.ZodType, R>(event: string, schema: S, fn: (payload: z.infer<S>) => Promise<R> | R) {
        known.add(event);
        socket.on(event, handleEvent(schema, fn, { lang, logger: deps.logger, onInvalid: strike }));
      }

      /** Privileged events re-check the socket's credential: a logout, revocation or disabled account ends hosting. */
      const stillSignedIn = async () => {
        if (!(await credentialStillValid(socket, deps.auth))) throw new SocketError('UNAUTHENTICATED');
      };

      // Behind a trusted reverse proxy (TRUST_PROXY) the client's own address, not the proxy's.
      const forwarded = socket.handshake.headers['x-forwarded-for'];
      const address = deps.clientAddress ? deps.clientAddress(socket.handshake.address, Array.isArray(forwarded) ? forwarded.join(',') : forwarded) : socket.handshake.address;
      const failedJoin = (err: unknown) => {
        if (err instanceof SocketError && ['CONTEST_UNAVAILABLE', 'ROSTER_CODE_INVALID', 'RESUME_INVALID'].includes(err.code)) {
          failuresByAddress.record(address);
          socket.data.failedJoins = (socket.data.failedJoins ?? 0) + 1;
          if (socket.data.failedJoins > MAX_FAILED_JOINS) setTimeout(() => socket.disconnect(true), 10);
        }
        throw err;
      };
      const tooManyFailures = () => {
        if ((socket.data.failedJoins ?? 0) >= MAX_FAILED_JOINS || failuresByAddress.blocked(address)) throw new SocketError('RATE_LIMITED');
      };

      // The server measures each player's round trip itself, at join and then every 20 s:
      // networks change during a contest, and one sample should not decide the allowance.
      let pinger: ReturnType<typeof setInterval> | null = null;
      const measureRtt = (contestId: string, playerId: string) => {
        const ping = () => {
          const sent = performance.now();
          socket.timeout(10_000).emit('time:ping', {}, (err: unknown) => {
            if (!err) engine.recordRtt(contestId, playerId, Math.round(performance.now() - sent));
          });
        };
        ping();
        if (pinger) clearInterval(pinger);
        pinger = setInterval(ping, RTT_PING_INTERVAL_MS);
        pinger.unref?.();
      };

      // ----- players -----
      on('player:join', PlayerJoinSchema, async (p) => {
        tooManyFailures();
        if (socket.data.player) throw new SocketError('INVALID', { details: { reason: 'already joined on this connection' } });
        try {
          const c = await engine.byPin(p.pin);
          if (!c) throw new SocketError('CONTEST_UNAVAILABLE');
          const result = await engine.join(c, p, socket);
          measureRtt(c.id, result.playerId);
          return result;
        } catch (err) {
          return failedJoin(err);
        }
      });

      on('player:resume', PlayerResumeSchema, async (p) => {
        tooManyFailures();
        try {
          const result = await engine.resume(p.reconnectToken, socket);
          measureRtt(socket.data.player!.contestId, result.playerId);
          return result;
        } catch (err) {
          return failedJoin(err);
        }
      });

      // A PIN look-up like player:join: it shares the failed-join accounting, and a contest
      // nobody could join now answers like an unknown PIN.
      on('nickname:suggest', NicknameSuggestSchema, async (p) => {
        tooManyFailures();
        const spins = (socket.data.spins = (socket.data.spins ?? 0) + 1);
        if (spins > NICKNAME_SPINS + 1) throw new SocketError('RATE_LIMITED');
        const c = await engine.byPin(p.pin).catch(failedJoin);
        if (!c || !isJoinable(c.state)) return failedJoin(new SocketError('CONTEST_UNAVAILABLE'));
        let nickname = generateNickname(Math.random, p.lang ?? lang());
        for (let i = 0; i < 5 && c.state.keys.has(nicknameKey(nickname)); i++) nickname = generateNickname(Math.random, p.lang ?? lang());
        return { nickname, remaining: Math.max(0, NICKNAME_SPINS + 1 - spins) };
      });

      on('player:leave', EmptySchema, () => {
        const pl = socket.data.player;
        if (!pl) throw new SocketError('NOT_IN_CONTEST');
        engine.leave(pl.contestId, pl.playerId);
        return { left: true as const };
      });

      on('answer:submit', AnswerSubmitSchema, (p) => {
        const pl = socket.data.player;
        if (!pl) throw new SocketError('NOT_IN_CONTEST');
        return engine.answer(pl.contestId, pl.playerId, p);
      });

      on('time:sync', TimeSyncSchema, (p) => ({ clientSentAt: p.clientSentAt, serverNow: Date.now() }));

      // ----- hosts -----
      on('host:attach', HostAttachSchema, async (p) => {
        const who = socket.data.identity;
        if (who.kind !== 'user' || !who.userId) throw new SocketError('UNAUTHENTICATED');
        await stillSignedIn();
        const c = await engine.load(p.contestId);
        if (!c || (who.role !== 'admin' && c.ownerId !== who.userId)) throw new SocketError('FORBIDDEN');
        socket.data.hostOf = c.id;
        socket.join(engine.rooms.host(c.id));
        return engine.hostSnapshot(c);
      });

      const hostCommand = <S extends z.ZodType, R>(
        event: string,
        schema: S,
        toCommand: (p: z.infer<S>) => Parameters<LiveEngine['host']>[1],
        reply: (p: z.infer<S>, contestId: string, effects: Awaited<ReturnType<LiveEngine['host']>>) => R,
      ) =>
        on(event, schema, async (p) => {
          const contestId = socket.data.hostOf;
          if (!contestId) throw new SocketError('FORBIDDEN');
          await stillSignedIn();
          const effects = await engine.host(contestId, toCommand(p));
          return reply(p, contestId, effects);
        });
      const phaseOf = (id: string) => engine.contests.get(id)?.state.phase ?? 'ended';
      hostCommand('lobby:lock', LobbyLockSchema, (p) => ({ type: p.locked ? 'lock' : 'unlock' }), (p) => ({ locked: p.locked }));
      hostCommand('player:kick', PlayerKickSchema, (p) => ({ type: 'kick', playerId: p.playerId, ban: p.ban }), () => ({ kicked: true as const }));
      hostCommand('contest:start', EmptySchema, () => ({ type: 'start' }), (_p, id) => ({ phase: phaseOf(id) }));
      // `expect` names the step the host saw: a click that raced an automatic close must not skip a reveal.
      const expecting = (p: { expect?: { index: number; phase: string } | undefined }) => {
        const c = socket.data.hostOf ? engine.contests.get(socket.data.hostOf) : undefined;
        if (p.expect && c && (c.state.index !== p.expect.index || c.state.phase !== p.expect.phase)) throw new SocketError('WRONG_PHASE');
      };
      hostCommand('contest:next', StepSchema, (p) => (expecting(p), { type: 'next' }), (_p, id) => ({ phase: phaseOf(id) }));
      hostCommand('contest:skip', StepSchema, (p) => (expecting(p), { type: 'skip' }), (_p, id) => ({ phase: phaseOf(id) }));
      hostCommand('contest:pause', EmptySchema, () => ({ type: 'pause' }), () => ({ paused: true as const }));
      hostCommand('contest:resume', EmptySchema, () => ({ type: 'resume' }), () => ({ paused: false as const }));
      hostCommand('contest:extend', ContestExtendSchema, (p) => ({ type: 'extend', seconds: p.seconds }), (_p, id) => ({ closesAt: engine.contests.get(id)?.state.closesAt ?? 0 }));
      hostCommand('contest:end', EmptySchema, () => ({ type: 'end' }), () => ({ phase: 'ended' as const }));
      hostCommand('players:revive', EmptySchema, () => ({ type: 'revive' }), (_p, _id, effects) => ({
        revived: effects.reduce((n, e) => n + (e.kind === 'revived' ? e.playerIds.length : 0), 0),
      }));

      // ----- projector screens -----
      on('screen:attach', ScreenAttachSchema, async (p) => {
        tooManyFailures();
        try {
          const c = await engine.byPinForScreen(p.pin);
          if (!c || !(await engine.checkScreenToken(c, p.screenToken))) throw new SocketError('CONTEST_UNAVAILABLE');
          const district = p.district && c.districtNames.has(p.district) ? p.district : null;
          if (p.district && !district) throw new SocketError('DISTRICT_UNKNOWN');
          socket.data.screenOf = { contestId: c.id, district };
          socket.join(engine.rooms.screens(c.id));
          socket.join(district ? engine.rooms.screen(c.id, district) : engine.rooms.province(c.id));
          return engine.screenSnapshot(c, district);
        } catch (err) {
          return failedJoin(err);
        }
      });

      socket.on('disconnect', (reason) => {
        if (pinger) clearInterval(pinger);
        connected.dec({ namespace: LIVE_NAMESPACE });
        const pl = socket.data.player;
        // A pulled network is found by the heartbeat (pingInterval + pingTimeout, 45 s): no further grace then.
        if (pl) engine.socketGone(pl.contestId, pl.playerId, reason === 'ping timeout' ? 0 : undefined);
      });
    });
  };
}
