import type { HostCommand } from './live-state.ts';
import type { PlayerResponse } from '../banks/responses.ts';
import type { DistrictInfo, HostSnapshot, JoinResult, Phase, ScreenSnapshot } from './protocol.ts';
import type { LiveEngine } from './live-engine.ts';
import { SocketError } from '../realtime/ack.ts';
import { generateNickname, nicknameKey } from './nickname.ts';
import { isJoinable } from './availability.ts';
import type { Language } from '../shared/localized.ts';

/**
 * What the socket layer and the /play page ask of live contests, as plain data
 * (no room objects, no sockets), so that every call can be carried out on the
 * node that owns the contest: locally on one node (`createLocalGateway`), or
 * forwarded over Redis to the owner on several (cluster/cluster-gateway.ts).
 *
 * A player's socket lives on whichever node the load balancer picked; the owner
 * answers a join or resume with the socket.io rooms the socket must join and the
 * seat to remember, and the socket's node joins them (`SeatGrant`).
 */

export interface Seat {
  contestId: string;
  playerId: string;
}

/** What a socket's node does with a granted seat: join these rooms, remember the seat. */
export interface SeatGrant {
  seat: Seat;
  rooms: string[];
  result: JoinResult;
}

export interface JoinInput {
  nickname?: string | undefined;
  district: string;
  school?: string | undefined;
  className?: string | undefined;
  rosterCode?: string | undefined;
  lang?: Language | undefined;
}

export interface HostStep {
  phase: Phase;
  closesAt: number;
  revived: number;
}

export interface JoinableContest {
  pin: string;
  title: string;
  districts: DistrictInfo[];
  rosterMode: boolean;
}

export interface LiveGateway {
  /** A contest a player could join now (the /play?pin= page), or null. */
  findJoinable(pin: string): Promise<JoinableContest | null>;
  /** A generated nickname not yet taken in the contest; CONTEST_UNAVAILABLE when nobody could join. */
  suggestNickname(pin: string, lang: Language): Promise<string>;
  join(pin: string, input: JoinInput): Promise<SeatGrant>;
  resume(reconnectToken: string): Promise<SeatGrant>;
  /** `rttMs`: the round trip the socket's node measured (null before the first measurement). */
  answer(seat: Seat, input: { questionIndex: number; answerId: string; response: PlayerResponse }, rttMs: number | null): Promise<{ accepted: true; receivedAt: number }>;
  leave(seat: Seat): Promise<void>;
  /** A socket of this player went away (`graceMs` 0 after a heartbeat timeout). */
  socketGone(seat: Seat, graceMs?: number): Promise<void>;
  /** Sockets that came back on a node without a join or resume (connection-state recovery, a new owner taking over). */
  socketsPresent(contestId: string, playerIds: string[]): Promise<void>;
  /** The host's view, if this user may host the contest (FORBIDDEN otherwise). */
  hostAttach(contestId: string, user: { userId: string; role: string }): Promise<{ contestId: string; rooms: string[]; snapshot: HostSnapshot }>;
  /** A host command; `expect` names the step the host saw (WRONG_PHASE if the contest moved on). */
  host(contestId: string, command: HostCommand, expect?: { index: number; phase: string }): Promise<HostStep>;
  screenAttach(pin: string, screenToken: string, district: string | undefined): Promise<{ contestId: string; district: string | null; rooms: string[]; snapshot: ScreenSnapshot }>;
}

/** A stand-in socket for the engine's use cases: it records the rooms and the seat the real socket must take. */
function seatRecorder() {
  const rooms: string[] = [];
  const socket = { join: (room: string) => void rooms.push(room), data: {} as { player?: Seat } };
  return { socket, rooms };
}

/** The gateway over this node's engine: every contest is (or becomes) this node's. */
export function createLocalGateway(engine: LiveEngine): LiveGateway {
  const open = async (pin: string) => {
    const c = await engine.byPin(pin);
    if (!c) throw new SocketError('CONTEST_UNAVAILABLE');
    return c;
  };
  const grant = (socket: { data: { player?: Seat } }, rooms: string[], result: JoinResult): SeatGrant => ({ seat: socket.data.player!, rooms, result });

  return {
    async findJoinable(pin) {
      const c = await engine.byPin(pin);
      return c && isJoinable(c.state) ? { pin: c.pin, title: c.title, districts: c.districts, rosterMode: c.rosterMode } : null;
    },

    async suggestNickname(pin, lang) {
      const c = await open(pin);
      if (!isJoinable(c.state)) throw new SocketError('CONTEST_UNAVAILABLE');
      let nickname = generateNickname(Math.random, lang);
      for (let i = 0; i < 5 && c.state.keys.has(nicknameKey(nickname)); i++) nickname = generateNickname(Math.random, lang);
      return nickname;
    },

    async join(pin, input) {
      const c = await open(pin);
      const { socket, rooms } = seatRecorder();
      const result = await engine.join(c, input, socket);
      return grant(socket, rooms, result);
    },

    async resume(token) {
      const { socket, rooms } = seatRecorder();
      const result = await engine.resume(token, socket);
      return grant(socket, rooms, result);
    },

    answer(seat, input, rttMs) {
      if (rttMs !== null) engine.setRtt(seat.contestId, seat.playerId, rttMs);
      return engine.answer(seat.contestId, seat.playerId, input);
    },

    async leave(seat) {
      engine.leave(seat.contestId, seat.playerId);
    },

    async socketGone(seat, graceMs) {
      engine.socketGone(seat.contestId, seat.playerId, graceMs);
    },

    async socketsPresent(contestId, playerIds) {
      engine.socketsPresent(contestId, playerIds);
    },

    async hostAttach(contestId, user) {
      const c = await engine.load(contestId);
      if (!c || (user.role !== 'admin' && c.ownerId !== user.userId)) throw new SocketError('FORBIDDEN');
      return { contestId: c.id, rooms: [engine.rooms.host(c.id)], snapshot: engine.hostSnapshot(c) };
    },

    async host(contestId, command, expect) {
      const c = engine.contests.get(contestId) ?? (await engine.load(contestId));
      if (expect && c && (c.state.index !== expect.index || c.state.phase !== expect.phase)) throw new SocketError('WRONG_PHASE');
      const effects = await engine.host(contestId, command);
      const now = engine.contests.get(contestId);
      return {
        phase: now?.state.phase ?? 'ended',
        closesAt: now?.state.closesAt ?? 0,
        revived: effects.reduce((n, e) => n + (e.kind === 'revived' ? e.playerIds.length : 0), 0),
      };
    },

    async screenAttach(pin, screenToken, district) {
      const c = await engine.byPinForScreen(pin);
      if (!c || !(await engine.checkScreenToken(c, screenToken))) throw new SocketError('CONTEST_UNAVAILABLE');
      const chosen = district && c.districtNames.has(district) ? district : null;
      if (district && !chosen) throw new SocketError('DISTRICT_UNKNOWN');
      const rooms = [engine.rooms.screens(c.id), chosen ? engine.rooms.screen(c.id, chosen) : engine.rooms.province(c.id)];
      return { contestId: c.id, district: chosen, rooms, snapshot: engine.screenSnapshot(c, chosen) };
    },
  };
}
