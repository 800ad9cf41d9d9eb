import type { LiveServerToClient, DistrictInfo } from './protocol.ts';
import type { AnswerRecord } from './live-state.ts';
import type { LiveSnapshot, StoredJoin } from './live-restore.ts';
import type { LiveSettings } from './settings.ts';
import type { StoredQuestion } from '../banks/bank-service.ts';

/**
 * The ports of the live engine: everything a room needs from the outside world.
 * The rules (live-machine.ts), the views (live-views.ts) and the room
 * (live-room.ts) only see these interfaces, so a Redis broadcaster, a second
 * node or an in-memory test double plug in here without touching them
 * (docs/live-engine.md lists the seams).
 */

/** Time and timers. Contest deadlines are instants of `now()`; tests inject a manual clock. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}
export type TimerHandle = { unref?: () => unknown } | number | object;

export const systemClock: Clock = {
  now: Date.now,
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export type LiveEvent = keyof LiveServerToClient;
export type LivePayload<E extends LiveEvent> = Parameters<LiveServerToClient[E]>[0];

/**
 * Messages to clients, by room name (see `liveRooms`). A room emit is encoded once
 * however many sockets are in it; on several nodes the implementation carries it
 * to the sockets on the other nodes (socket.io's Redis Streams adapter does that
 * for the socket.io implementation without any change here).
 */
export interface Broadcaster {
  emit<E extends LiveEvent>(rooms: readonly string[], event: E, payload: LivePayload<E>): void;
  /**
   * Messages to one room (a player's), each with the payload `{ ...shared.value, ...personal }`:
   * the shared part is serialised once (`sharedPart`) and reused for every receiver,
   * so only the small personal part costs per player. The receiver sees ordinary
   * messages, in this order, exactly as from `emit`. The keys of the two parts must
   * not overlap. Several messages may go out in one write.
   */
  emitSpliced(room: string, messages: readonly SplicedMessage[]): void;
  /** Disconnect every socket in a room (a kicked player's sockets). */
  disconnect(room: string): void;
}

/** One message of `Broadcaster.emitSpliced`. */
export type SplicedMessage = {
  [E in LiveEvent]: { event: E; shared: SharedPart<Partial<LivePayload<E>>>; personal: Partial<LivePayload<E>> };
}[LiveEvent];

/**
 * A part of a payload shared by many receivers, serialised once: `json` is
 * `JSON.stringify(value)`. Build it with `sharedPart`; do not change `value` afterwards.
 */
export interface SharedPart<T extends object = object> {
  readonly value: T;
  readonly json: string;
}

export function sharedPart<T extends object>(value: T): SharedPart<T> {
  return { value, json: JSON.stringify(value) };
}

/**
 * A shared part that exists as JSON text (received from another node, or serialised
 * in slices): `value` is parsed only if asked for (a message re-encoded for a
 * transport other than a plain WebSocket, or sent the ordinary way).
 */
export function jsonPart<T extends object = object>(json: string): SharedPart<T> {
  let value: T | undefined;
  return {
    json,
    get value() {
      return (value ??= JSON.parse(json) as T);
    },
  };
}

/** Exactly-once answer persistence (batched). `write` resolves once the row is committed. */
export interface AnswerStore {
  write(row: { contestId: string; answerId: string; record: AnswerRecord; flagged?: boolean }): Promise<void>;
  /** Write everything queued so far (awaited before a reveal and at shutdown). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** A player row as stored at join (before the state that holds the player is saved). */
export interface StoredPlayer extends StoredJoin {
  tokenHash: string;
  className: string | null;
}

/** What the registry reads to bring a contest into memory. */
export interface StoredContest {
  id: string;
  pin: string;
  title: string;
  ownerId: string | null;
  settings: LiveSettings;
  seed: string;
  districts: DistrictInfo[];
  rosterMode: boolean;
  screenSalt: string;
  questions: StoredQuestion[];
  /** The saved snapshot with its answers, or null for a contest never started. */
  snapshot: LiveSnapshot | null;
  /** Stored answers' ids, so a retried answerId gets the same ack after a restart. */
  answerIds: Array<{ playerId: string; questionIndex: number; answerId: string; receivedAt: number }>;
  players: StoredPlayer[];
}

export interface NewPlayerRow {
  id: string;
  contestId: string;
  nickname: string;
  nicknameKey: string;
  district: string;
  school: string | null;
  className: string | null;
  rosterId: string | null;
  tokenHash: string;
  joinOrder: number;
  joinedAt: number;
}

/** Contests and players in durable storage (PostgreSQL / PGlite in production). */
export interface ContestStore {
  load(id: string): Promise<StoredContest | null>;
  /** The open (not ended) contest with this PIN. */
  openIdByPin(pin: string): Promise<string | null>;
  /** The newest contest with this PIN, ended ones included. */
  anyIdByPin(pin: string): Promise<string | null>;
  /** Ids of contests that were running (a saved state, not ended). */
  runningIds(): Promise<string[]>;
  /**
   * Save the state (answers are stored by the AnswerStore): `stateJson` is the
   * JSON text of an `Omit<LiveSnapshot, 'answers'>`, serialised by the caller in
   * slices (one `JSON.stringify` of 25,000 players would hold the loop for ~50 ms).
   */
  saveState(id: string, stateJson: string, meta: { phase: string; index: number; startedAt: number | null; ended: boolean }): Promise<void>;
  /** A player by reconnect-token hash (any contest). */
  playerByToken(tokenHash: string): Promise<{ contestId: string; playerId: string; kicked: boolean } | null>;
  /** An unused roster code's id, or null. */
  rosterCode(contestId: string, codeHash: string): Promise<string | null>;
  insertPlayer(row: NewPlayerRow): Promise<void>;
  markKicked(playerId: string): Promise<void>;
  screenSalt(contestId: string): Promise<string | null>;
}

/** Room names: the contract between the engine and whatever carries messages. */
export const liveRooms = {
  all: (id: string) => `c:${id}`,
  player: (id: string) => `p:${id}`,
  host: (id: string) => `h:${id}`,
  screens: (id: string) => `s:${id}`,
  screen: (id: string, district: string) => `s:${id}:${district}`,
  /** Screens showing the whole province (no district chosen). */
  province: (id: string) => `s:${id}:*`,
  /** Every player of one district (district-wide messages). */
  district: (id: string, district: string) => `d:${id}:${district}`,
};

/**
 * The rooms a player's socket joins, on whichever node holds the socket: the
 * contest's room, the player's own room and their district's room. The one list
 * for join, resume and any node that adopts a socket.
 */
export function playerRoomsOf(contestId: string, playerId: string, district: string): string[] {
  return [liveRooms.all(contestId), liveRooms.player(playerId), liveRooms.district(contestId, district)];
}
