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
import type { FailureCounter } from '../shared/limits/failure-counter.ts';
import type { LiveNamespace } from './live-engine.ts';
import type { LiveGateway, Seat, SeatGrant } from './live-gateway.ts';
import type { HostCommand } from './live-state.ts';
import type { LocalPresence } from './local-presence.ts';
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
  player?: Seat;
  rttMs?: number | null;
  hostOf?: string;
  screenOf?: { contestId: string; district: string | null };
  failedJoins?: number;
  spins?: number;
}

/** Smooth a little; one slow ping should not define a player's allowance. */
export function smoothRtt(previous: number | null, sample: number): number {
  return previous === null ? sample : Math.round(previous * 0.7 + sample * 0.3);
}

export interface LiveSocketDeps {
  /** Live contests, wherever they run (this node, or their owner on another: live-gateway.ts). */
  gateway: LiveGateway;
  /** Receives the namespace (the engine's Broadcaster emits through it). */
  attach: (nsp: LiveNamespace) => void;
  /** Contests with sockets on this node (several nodes: the cluster watches their owners). */
  presence?: LocalPresence;
  /** Failed joins by network address, shared with the /play page's PIN look-up (and with other nodes through Redis). */
  failedJoins: FailureCounter;
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
    deps.attach(nsp);
    const { gateway } = deps;
    const presence = deps.presence;
    const connected = deps.metrics.gauge('civiq_socket_connections', 'Connected sockets by namespace.');
    (nsp as unknown as { use: (fn: ReturnType<typeof handshakeAuth>) => void }).use(handshakeAuth(deps));

    nsp.on('connection', (raw) => {
      const socket = raw as unknown as Socket & { data: LiveSocketData };
      connected.inc({ namespace: LIVE_NAMESPACE });
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
      const failedJoin = async (err: unknown): Promise<never> => {
        if (err instanceof SocketError && ['CONTEST_UNAVAILABLE', 'ROSTER_CODE_INVALID', 'RESUME_INVALID'].includes(err.code)) {
          await failuresByAddress.record(address);
          socket.data.failedJoins = (socket.data.failedJoins ?? 0) + 1;
          if (socket.data.failedJoins > MAX_FAILED_JOINS) setTimeout(() => socket.disconnect(true), 10);
        }
        throw err;
      };
      const tooManyFailures = async () => {
        if ((socket.data.failedJoins ?? 0) >= MAX_FAILED_JOINS || (await failuresByAddress.blocked(address))) throw new SocketError('RATE_LIMITED');
      };

      // The server measures each player's round trip itself, at join and then every 20 s:
      // networks change during a contest, and one sample should not decide the allowance.
      // It is kept with the socket and sent with each answer to the contest's owner.
      let pinger: ReturnType<typeof setInterval> | null = null;
      const measureRtt = () => {
        const ping = () => {
          const sent = performance.now();
          socket.timeout(10_000).emit('time:ping', {}, (err: unknown) => {
            if (!err) socket.data.rttMs = smoothRtt(socket.data.rttMs ?? null, Math.round(performance.now() - sent));
          });
        };
        ping();
        if (pinger) clearInterval(pinger);
        pinger = setInterval(ping, RTT_PING_INTERVAL_MS);
        pinger.unref?.();
      };

      /** Take the seat the contest's owner granted: its rooms on this node, the seat on the socket. */
      const takeSeat = (grant: SeatGrant) => {
        for (const room of grant.rooms) socket.join(room);
        if (socket.data.player && socket.data.player.contestId !== grant.seat.contestId) presence?.left(socket.data.player.contestId, socket.data.player.playerId);
        socket.data.player = grant.seat;
        presence?.arrived(grant.seat.contestId, grant.seat.playerId);
        measureRtt();
        return grant.result;
      };

      // ----- players -----
      on('player:join', PlayerJoinSchema, async (p) => {
        await tooManyFailures();
        if (socket.data.player) throw new SocketError('INVALID', { details: { reason: 'already joined on this connection' } });
        try {
          return takeSeat(await gateway.join(p.pin, p));
        } catch (err) {
          return failedJoin(err);
        }
      });

      on('player:resume', PlayerResumeSchema, async (p) => {
        await tooManyFailures();
        try {
          return takeSeat(await gateway.resume(p.reconnectToken));
        } catch (err) {
          return failedJoin(err);
        }
      });

      // A PIN look-up like player:join: it shares the failed-join accounting, and a contest
      // nobody could join now answers like an unknown PIN.
      on('nickname:suggest', NicknameSuggestSchema, async (p) => {
        await tooManyFailures();
        const spins = (socket.data.spins = (socket.data.spins ?? 0) + 1);
        if (spins > NICKNAME_SPINS + 1) throw new SocketError('RATE_LIMITED');
        const nickname = await gateway.suggestNickname(p.pin, p.lang ?? lang()).catch(failedJoin);
        return { nickname, remaining: Math.max(0, NICKNAME_SPINS + 1 - spins) };
      });

      on('player:leave', EmptySchema, async () => {
        const pl = socket.data.player;
        if (!pl) throw new SocketError('NOT_IN_CONTEST');
        await gateway.leave(pl);
        return { left: true as const };
      });

      on('answer:submit', AnswerSubmitSchema, (p) => {
        const pl = socket.data.player;
        if (!pl) throw new SocketError('NOT_IN_CONTEST');
        return gateway.answer(pl, p, socket.data.rttMs ?? null);
      });

      on('time:sync', TimeSyncSchema, (p) => ({ clientSentAt: p.clientSentAt, serverNow: Date.now() }));

      // ----- hosts -----
      on('host:attach', HostAttachSchema, async (p) => {
        const who = socket.data.identity;
        if (who.kind !== 'user' || !who.userId) throw new SocketError('UNAUTHENTICATED');
        await stillSignedIn();
        const attached = await gateway.hostAttach(p.contestId, { userId: who.userId, role: who.role });
        if (socket.data.hostOf && socket.data.hostOf !== attached.contestId) presence?.left(socket.data.hostOf);
        socket.data.hostOf = attached.contestId;
        for (const room of attached.rooms) socket.join(room);
        presence?.arrived(attached.contestId);
        return attached.snapshot;
      });

      const hostCommand = <S extends z.ZodType, R>(
        event: string,
        schema: S,
        toCommand: (p: z.infer<S>) => HostCommand,
        reply: (p: z.infer<S>, step: Awaited<ReturnType<LiveGateway['host']>>) => R,
        // `expect` names the step the host saw: a click that raced an automatic close must not skip a reveal.
        expect?: (p: z.infer<S>) => { index: number; phase: string } | undefined,
      ) =>
        on(event, schema, async (p) => {
          const contestId = socket.data.hostOf;
          if (!contestId) throw new SocketError('FORBIDDEN');
          await stillSignedIn();
          return reply(p, await gateway.host(contestId, toCommand(p), expect?.(p)));
        });
      const expected = (p: { expect?: { index: number; phase: string } | undefined }) => p.expect;
      hostCommand('lobby:lock', LobbyLockSchema, (p) => ({ type: p.locked ? 'lock' : 'unlock' }), (p) => ({ locked: p.locked }));
      hostCommand('player:kick', PlayerKickSchema, (p) => ({ type: 'kick', playerId: p.playerId, ban: p.ban }), () => ({ kicked: true as const }));
      hostCommand('contest:start', EmptySchema, () => ({ type: 'start' }), (_p, step) => ({ phase: step.phase }));
      hostCommand('contest:next', StepSchema, () => ({ type: 'next' }), (_p, step) => ({ phase: step.phase }), expected);
      hostCommand('contest:skip', StepSchema, () => ({ type: 'skip' }), (_p, step) => ({ phase: step.phase }), expected);
      hostCommand('contest:pause', EmptySchema, () => ({ type: 'pause' }), () => ({ paused: true as const }));
      hostCommand('contest:resume', EmptySchema, () => ({ type: 'resume' }), () => ({ paused: false as const }));
      hostCommand('contest:extend', ContestExtendSchema, (p) => ({ type: 'extend', seconds: p.seconds }), (_p, step) => ({ closesAt: step.closesAt }));
      hostCommand('contest:end', EmptySchema, () => ({ type: 'end' }), () => ({ phase: 'ended' as const }));
      hostCommand('players:revive', EmptySchema, () => ({ type: 'revive' }), (_p, step) => ({ revived: step.revived }));

      // ----- projector screens -----
      on('screen:attach', ScreenAttachSchema, async (p) => {
        await tooManyFailures();
        try {
          const attached = await gateway.screenAttach(p.pin, p.screenToken, p.district);
          if (socket.data.screenOf && socket.data.screenOf.contestId !== attached.contestId) presence?.left(socket.data.screenOf.contestId);
          socket.data.screenOf = { contestId: attached.contestId, district: attached.district };
          for (const room of attached.rooms) socket.join(room);
          presence?.arrived(attached.contestId);
          return attached.snapshot;
        } catch (err) {
          return failedJoin(err);
        }
      });

      // A socket brought back by connection-state recovery (maybe on another node) keeps its
      // rooms and seat; the contest's owner counts the player as connected again.
      if (raw.recovered) {
        const pl = socket.data.player;
        if (pl) {
          presence?.arrived(pl.contestId, pl.playerId);
          gateway.socketsPresent(pl.contestId, [pl.playerId]).catch((err) => deps.logger.warn('recovered socket not announced', { err }));
          measureRtt();
        }
        if (socket.data.hostOf) presence?.arrived(socket.data.hostOf);
        if (socket.data.screenOf) presence?.arrived(socket.data.screenOf.contestId);
      }

      socket.on('disconnect', (reason) => {
        if (pinger) clearInterval(pinger);
        connected.dec({ namespace: LIVE_NAMESPACE });
        const pl = socket.data.player;
        if (pl) presence?.left(pl.contestId, pl.playerId);
        if (socket.data.hostOf) presence?.left(socket.data.hostOf);
        if (socket.data.screenOf) presence?.left(socket.data.screenOf.contestId);
        // A pulled network is found by the heartbeat (pingInterval + pingTimeout, 45 s): no further grace then.
        if (pl) gateway.socketGone(pl, reason === 'ping timeout' ? 0 : undefined).catch((err) => deps.logger.warn('socket gone not announced', { err }));
      });
    });
  };
}
