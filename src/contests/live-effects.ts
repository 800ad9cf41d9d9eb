import type { Logger } from '../shared/logger.ts';
import type { Effect } from './live-state.ts';
import { playerRecords, snapshotHead } from './live-restore.ts';
import { buildStandings } from './leaderboard.ts';
import type { LiveRoom } from './live-room.ts';
import { jsonPart, liveRooms as rooms, sharedPart, type AnswerStore, type Broadcaster, type ContestStore } from './live-ports.ts';
import { boardsShared, finalView, hostHead, hostPlayer, leaderboardView, lobbyView, playerParts, playerView, revealView, showFor, timingOf } from './live-views.ts';

/**
 * The effect runner: carries out the machine's effects for one room through the
 * ports — messages through the Broadcaster, state saves through the ContestStore,
 * answer flushes through the AnswerStore, timers through the room's clock. It
 * holds no state of its own.
 *
 * Messages to every player (question, reveal, final) are emitted in slices: the
 * runner yields to the event loop whenever a slice has taken `sliceMs`, so one
 * contest's reveal to 25,000 players never blocks the loop (and every other
 * contest on the node) for longer than that.
 */

export interface EffectRunnerDeps {
  broadcaster: Broadcaster;
  contests: ContestStore;
  answers: AnswerStore;
  logger: Logger;
  /** The host console's join link and screen token for a room. */
  hostExtras: (room: LiveRoom) => { joinUrl: string; screenToken: string };
  /** The registry's hooks: the contest ended (its PIN is free again, unload later). */
  onEnded: (room: LiveRoom) => void;
  /** Runs after the final messages (reports write their facts); awaited in the room's queue. */
  afterEnded?: (room: LiveRoom) => Promise<void>;
  /** Longest stretch of per-player work before yielding to the event loop (default 10 ms: two flows of one contest in the same loop turn, plus the I/O handled between them, stay under 50 ms). */
  sliceMs?: number;
  /** How to yield (default `setImmediate`). */
  yieldToLoop?: () => Promise<void>;
  /** Observes each slice's duration in seconds (metrics). */
  observeSlice?: (seconds: number) => void;
}

export const HEARTBEAT_MS = 5_000;

/**
 * How often the lobby's count is pushed: twice a second for a class, every 0.5 s +
 * 0.25 ms per player in a large contest (4,000: 1.5 s; 18,000 and more: 5 s). Each
 * push is one write per player, so while 20,000 players join it is most of the
 * server's work besides the joins themselves.
 */
export function lobbyEveryMs(players: number): number {
  return Math.min(5000, 500 + Math.floor(players / 4));
}

export type EffectRunner = ReturnType<typeof createEffectRunner>;

export function createEffectRunner(deps: EffectRunnerDeps) {
  const b = deps.broadcaster;
  const sliceMs = deps.sliceMs ?? 10;
  const yieldToLoop = deps.yieldToLoop ?? (() => new Promise<void>((r) => setImmediate(r)));

  /** Run `fn` for each item, yielding to the loop whenever a slice has run `sliceMs`. */
  async function sliced<T>(items: Iterable<T>, fn: (item: T) => void): Promise<void> {
    let start = performance.now();
    let n = 0;
    for (const item of items) {
      fn(item);
      if ((++n & 31) === 0) {
        const spent = performance.now() - start;
        if (spent >= sliceMs) {
          deps.observeSlice?.(spent / 1000);
          await yieldToLoop();
          start = performance.now();
        }
      }
    }
    deps.observeSlice?.((performance.now() - start) / 1000);
  }

  /**
   * Save the state. The players — the O(N) part — are copied at once (a consistent
   * snapshot) but serialised in slices of 500, so no single `JSON.stringify` walks
   * 25,000 objects in one go (30–40 ms at 18,000 players).
   */
  async function save(room: LiveRoom): Promise<void> {
    const s = room.state;
    const head = snapshotHead(s, room.now());
    const records = playerRecords(s);
    const started = s.index >= 0;
    const meta = { phase: s.phase, index: s.index, startedAt: started ? (s.shownAt ?? room.now()) : null, ended: s.phase === 'ended' };
    const players = await slicedJsonArray(records);
    await deps.contests.saveState(room.id, `{"players":${players},${JSON.stringify(head).slice(1)}`, meta);
  }

  /** `JSON.stringify(items.map(map))`, done in chunks with yields between them. */
  async function slicedJsonArray<T>(items: T[], map?: (item: T) => unknown): Promise<string> {
    const chunks: string[] = [];
    const CHUNK = 500;
    let start = performance.now();
    for (let i = 0; i < items.length; i += CHUNK) {
      const chunk = items.slice(i, i + CHUNK);
      const text = JSON.stringify(map ? chunk.map(map) : chunk);
      chunks.push(text.slice(1, -1));
      const spent = performance.now() - start;
      if (spent >= sliceMs) {
        deps.observeSlice?.(spent / 1000);
        await yieldToLoop();
        start = performance.now();
      }
    }
    return `[${chunks.join(',')}]`;
  }

  /** Coalesce saves after joins and other minor changes. */
  function saveSoon(room: LiveRoom): void {
    room.soon('save', coalesceMs(room), () => void room.task(() => save(room)));
  }

  /**
   * How long minor changes (joins) coalesce before a save or a host push: 1 s for a
   * class, longer for a province — both serialise every player (O(N)), so at 15,000
   * joining players a 1 s rhythm spent a tenth of the loop on JSON alone.
   */
  function coalesceMs(room: LiveRoom): number {
    return Math.min(5000, 1000 + Math.floor(room.state.players.size / 5));
  }

  function startHeartbeat(room: LiveRoom): void {
    room.every('heartbeat', HEARTBEAT_MS, () => void room.task(() => save(room)));
  }

  // Throttled pushes: the lobby and the host console are not re-rendered per join at 25,000 players.
  // The lobby's count goes to every player: one shared part, written in slices (a single room
  // broadcast to 20,000 sockets holds the loop for 100–200 ms), and less often in a large contest.
  function lobbySoon(room: LiveRoom): void {
    room.soon('lobby', lobbyEveryMs(room.state.players.size), () => void lobbyNow(room));
  }
  async function lobbyNow(room: LiveRoom): Promise<void> {
    const view = lobbyView(room.state);
    b.emit([rooms.screens(room.id)], 'lobby:update', view);
    const part = sharedPart(view);
    await sliced([...room.connectedPlayers()], (pid) => b.emitSpliced(rooms.player(pid), [{ event: 'lobby:update', shared: part, personal: {} }]));
  }
  function hostSoon(room: LiveRoom): void {
    room.soon('host', coalesceMs(room), () => void room.task(() => hostNow(room)));
  }
  /**
   * Push the host console's snapshot. Its player list is O(N) — at 25,000 players
   * building and serialising it in one go held the loop for 30–130 ms — so the
   * list is serialised in slices like a save and the whole message goes out as one
   * pre-encoded packet. Called from the room's queue only, so pushes keep their order.
   */
  async function hostNow(room: LiveRoom): Promise<void> {
    room.stop('host');
    const head = hostHead(room, room.now(), deps.hostExtras(room));
    const players = await slicedJsonArray([...room.state.players.values()], hostPlayer);
    b.emitSpliced(rooms.host(room.id), [{ event: 'host:state', shared: jsonPart(`{"players":${players},${JSON.stringify(head).slice(1)}`), personal: {} }]);
  }
  function progressSoon(room: LiveRoom): void {
    room.soon('progress', 1000, () => {
      const s = room.state;
      if (s.phase !== 'question') return;
      b.emit([rooms.host(room.id)], 'question:progress', { index: s.index, answered: s.answers[s.index]?.size ?? 0, players: s.players.size });
    });
  }

  async function sendQuestion(room: LiveRoom): Promise<void> {
    const now = room.now();
    // Screens get one shuffled order of their own: the authored order would give the answer
    // away by position (GIFT and Aiken authors put the correct option first).
    const screen = showFor(room, 'screen', now);
    const timing = timingOf(room.state, now);
    const parts = playerParts(room, room.state.index);
    const players = [...room.connectedPlayers()];
    await sliced(players, (pid) => b.emitSpliced(rooms.player(pid), [{ event: 'question:show', shared: parts.show(pid, timing), personal: {} }]));
    b.emit([rooms.screens(room.id)], 'question:show', screen);
    await hostNow(room);
  }

  async function sendReveal(room: LiveRoom, index: number): Promise<void> {
    room.revealCache = null;
    const shared = boardsShared(room);
    const serverNow = room.now();
    const parts = playerParts(room, index);
    // The host (often on the hall's projector) first, then every player, then the screens.
    await hostNow(room);
    const players = [...room.connectedPlayers()];
    // Each player's result and board in one write (measured: at 10,000 players the board arrives
    // ~0.8 s sooner than in a second pass, the result no later); the shared parts are serialised
    // once per display order / district.
    await sliced(players, (pid) => {
      const [reveal, me] = parts.reveal(pid, serverNow);
      const [board, place] = parts.board(pid, shared);
      b.emitSpliced(rooms.player(pid), [
        { event: 'question:reveal', shared: reveal, personal: me },
        { event: 'leaderboard:update', shared: board, personal: place },
      ]);
    });
    b.emit([rooms.screens(room.id)], 'question:reveal', { ...revealView(room, index, 'screen'), serverNow });
    for (const d of room.districts) b.emit([rooms.screen(room.id, d.code)], 'leaderboard:update', leaderboardView(room, { district: d.code }, shared));
    b.emit([rooms.province(room.id)], 'leaderboard:update', leaderboardView(room, {}, shared));
  }

  async function sendFinal(room: LiveRoom): Promise<void> {
    const shared = boardsShared(room);
    const players = [...room.connectedPlayers()];
    await sliced(players, (pid) => b.emit([rooms.player(pid)], 'contest:ended', finalView(room, pid, shared)));
    b.emit([rooms.screens(room.id)], 'contest:ended', finalView(room, undefined, shared));
    await hostNow(room);
  }

  async function run(room: LiveRoom, effects: Effect[]): Promise<void> {
    for (const e of effects) {
      switch (e.kind) {
        case 'schedule':
          room.setDeadline(e.at);
          break;
        case 'cancel-timer':
          room.cancelDeadline();
          break;
        case 'player-joined':
        case 'lobby-locked':
          lobbySoon(room);
          hostSoon(room);
          saveSoon(room);
          break;
        case 'player-kicked': {
          b.emit([rooms.player(e.playerId)], 'player:kicked', { reason: e.banned ? 'banned' : 'kicked' });
          b.disconnect(rooms.player(e.playerId));
          for (const [hash, pid] of room.tokens) if (pid === e.playerId) room.tokens.delete(hash);
          room.revealCache = null;
          await deps.contests.markKicked(e.playerId);
          lobbySoon(room);
          hostSoon(room);
          saveSoon(room);
          break;
        }
        case 'answer-recorded':
          break; // written by the answer path, which awaits the write before acking
        case 'question':
          room.standings = null;
          await save(room); // the deadline survives a crash from here on
          startHeartbeat(room);
          await sendQuestion(room);
          break;
        case 'clock': {
          await save(room);
          b.emit([rooms.all(room.id), rooms.host(room.id), rooms.screens(room.id)], 'question:timing', { index: room.state.index, timing: timingOf(room.state, room.now()) });
          break;
        }
        case 'reveal':
          await deps.answers.flush();
          room.stop('heartbeat');
          room.standings = buildStandings(room.state.players.values());
          await save(room);
          await sendReveal(room, e.index);
          break;
        case 'eliminated':
        case 'voided':
          hostSoon(room);
          break;
        case 'revived':
          for (const pid of e.playerIds) b.emit([rooms.player(pid)], 'contest:state', playerView(room, pid, room.now()));
          hostSoon(room);
          saveSoon(room);
          break;
        case 'ended':
          await deps.answers.flush();
          room.stop('heartbeat');
          room.cancelDeadline();
          room.standings = buildStandings(room.state.players.values());
          await save(room);
          deps.onEnded(room);
          await sendFinal(room);
          await deps.afterEnded?.(room);
          break;
      }
    }
  }

  return { run, save, startHeartbeat, hostSoon, lobbySoon, progressSoon };
}
