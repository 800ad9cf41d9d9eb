import type { Logger } from '../shared/logger.ts';
import { createLiveState, planQuestions, type Effect, type LiveState } from './live-state.ts';
import { addStoredJoins, restore } from './live-restore.ts';
import { buildStandings } from './leaderboard.ts';
import { LiveRoom, type EffectHandler } from './live-room.ts';
import type { Clock, ContestStore } from './live-ports.ts';

/**
 * The rooms this node holds: look-up by id and by PIN, loading from the
 * ContestStore (one load per contest however many callers race), restoring a
 * running contest from its snapshot, and unloading ended contests.
 *
 * On several nodes, this is where ownership plugs in: a registry that first takes
 * the contest's lease loads it; one that cannot forwards commands to the owner.
 */

export const UNLOAD_AFTER_END_MS = 10 * 60_000;
/** How long a restored player may stay away before counted as disconnected. */
export const DISCONNECT_GRACE_MS = 10_000;

export interface RegistryDeps {
  store: ContestStore;
  clock: Clock;
  logger: Logger;
  handler: EffectHandler;
  /** Called once a room is in memory (the engine starts its heartbeat, schedules disconnects…). */
  onLoaded?: (room: LiveRoom, restored: { effects: Effect[]; fromSnapshot: boolean }) => void;
  /** The join gate's initial bucket for a room. */
  initialJoinTokens?: (room: LiveRoom) => number;
}

export type LiveRegistry = ReturnType<typeof createLiveRegistry>;

export interface LoadOptions {
  /** Another node's contest taken over after it died: a running question keeps its deadline (not paused as after a restart). */
  takeover?: boolean;
}

export function createLiveRegistry(deps: RegistryDeps) {
  const rooms = new Map<string, LiveRoom>();
  const byPin = new Map<string, string>();
  const loading = new Map<string, Promise<LiveRoom | null>>();

  async function fromStore(id: string, opts: LoadOptions): Promise<LiveRoom | null> {
    const stored = await deps.store.load(id);
    if (!stored) return null;
    let state: LiveState;
    let effects: Effect[] = [];
    if (stored.snapshot) {
      const step = restore(stored.snapshot, deps.clock.now(), { keepDeadline: opts.takeover === true, stored: stored.players });
      state = step.state;
      effects = step.effects;
    } else {
      // Never saved (still in the lobby): the stored joins are the players.
      state = createLiveState(stored.settings, planQuestions(stored.questions, stored.settings));
      addStoredJoins(state, stored.players);
    }
    const room = new LiveRoom({ ...stored, state }, { clock: deps.clock, handler: deps.handler, onError: (err) => deps.logger.error('live contest task failed', { contest: id, err }) });
    for (const p of stored.players) {
      if (!p.kicked) room.tokens.set(p.tokenHash, p.id);
      room.meta.set(p.id, { sockets: 0, rttMs: null, className: p.className, disconnectTimer: null });
    }
    if (state.phase === 'reveal' || state.phase === 'ended') room.standings = buildStandings(state.players.values());
    // Stored answers keep their acks idempotent across a restart: a client retrying the same answerId gets the same ack.
    for (const a of stored.answerIds) room.acks.set(`${a.playerId}:${a.questionIndex}`, { answerId: a.answerId, ack: Promise.resolve({ accepted: true as const, receivedAt: a.receivedAt }) });
    room.joinTokens = deps.initialJoinTokens?.(room) ?? 0;
    room.joinRefillAt = deps.clock.now();
    rooms.set(id, room);
    if (state.phase !== 'ended') byPin.set(room.pin, id);
    // Players brought back (from a snapshot or from stored joins) are presumed connected until their grace runs out.
    deps.onLoaded?.(room, { effects, fromSnapshot: stored.snapshot !== null || state.players.size > 0 });
    if (state.phase === 'ended') unloadLater(room);
    return room;
  }

  function load(id: string, opts: LoadOptions = {}): Promise<LiveRoom | null> {
    const found = rooms.get(id);
    if (found) return Promise.resolve(found);
    const pending = loading.get(id);
    if (pending) return pending;
    const p = fromStore(id, opts).finally(() => loading.delete(id));
    loading.set(id, p);
    return p;
  }

  /** Take the room out of memory once it has been ended for a while (its final board stays reachable by loading it again). */
  function unloadLater(room: LiveRoom): void {
    room.soon(
      'unload',
      UNLOAD_AFTER_END_MS,
      () => {
        room.stopAll();
        rooms.delete(room.id);
        if (byPin.get(room.pin) === room.id) byPin.delete(room.pin);
      },
      { unref: true },
    );
  }

  return {
    rooms,
    load,
    get: (id: string) => rooms.get(id),

    /** An open (not ended) contest by PIN. */
    async byPin(pin: string): Promise<LiveRoom | null> {
      const id = byPin.get(pin) ?? (await deps.store.openIdByPin(pin));
      return id ? load(id) : null;
    },

    /** Any contest by PIN, ended ones included (screens may show the final board). */
    async byPinAny(pin: string): Promise<LiveRoom | null> {
      const open = await this.byPin(pin);
      if (open) return open;
      const id = await deps.store.anyIdByPin(pin);
      return id ? load(id) : null;
    },

    /** The room holding this reconnect token, if it is in memory. */
    byToken(hash: string): { room: LiveRoom; playerId: string } | null {
      for (const room of rooms.values()) {
        const playerId = room.tokens.get(hash);
        if (playerId) return { room, playerId };
      }
      return null;
    },

    /** Take a room out of memory now, timers stopped, nothing saved (its new owner holds it). */
    unload(id: string): void {
      const room = rooms.get(id);
      if (!room) return;
      room.stopAll();
      rooms.delete(id);
      if (byPin.get(room.pin) === id) byPin.delete(room.pin);
    },

    /** The contest ended: its PIN may be reused; unload it later. */
    ended(room: LiveRoom): void {
      if (byPin.get(room.pin) === room.id) byPin.delete(room.pin);
      unloadLater(room);
    },

    /** Bring back every contest that was running when the server stopped. */
    async restoreAll(): Promise<number> {
      const ids = await deps.store.runningIds();
      for (const id of ids) await load(id);
      if (ids.length > 0) deps.logger.info('live contests restored', { count: ids.length });
      return ids.length;
    },
  };
}
