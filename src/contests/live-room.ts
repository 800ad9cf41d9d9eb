import type { StoredQuestion } from '../banks/bank-service.ts';
import type { DisplayMapping, PlayerQuestion } from '../banks/player-view.ts';
import { apply } from './live-machine.ts';
import type { Command, Effect, LiveError, LiveState } from './live-state.ts';
import type { Standings } from './leaderboard.ts';
import type { DistrictInfo } from './protocol.ts';
import type { LiveSettings } from './settings.ts';
import type { Clock, TimerHandle } from './live-ports.ts';
import { wakeAt } from './deadline-timer.ts';
import type { RevealShared } from './live-views.ts';

/**
 * One running contest in memory: its machine state, what the shell keeps beside it
 * (tokens, connections, cached views, acks), its command queue and its timers.
 *
 * A command is applied to the machine at once (the machine is synchronous, so the
 * caller learns its error immediately); the effects go into the room's queue and
 * are carried out one batch after another by the effect runner, so messages and
 * writes keep the machine's order. The room knows nothing about sockets or SQL.
 */

export interface PlayerMeta {
  sockets: number;
  rttMs: number | null;
  className: string | null;
  disconnectTimer: TimerHandle | null;
}

export interface RoomInit {
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
  state: LiveState;
}

export type EffectHandler = (room: LiveRoom, effects: Effect[]) => Promise<void>;
export type RoomTimer = 'lobby' | 'host' | 'progress' | 'save' | 'unload' | 'heartbeat';

export class LiveRoom {
  readonly id: string;
  readonly pin: string;
  readonly title: string;
  readonly ownerId: string | null;
  readonly settings: LiveSettings;
  readonly seed: string;
  readonly districts: DistrictInfo[];
  readonly districtNames: Map<string, string>;
  readonly rosterMode: boolean;
  screenSalt: string;
  readonly questions: StoredQuestion[];
  readonly state: LiveState;
  /** Reconnect-token hash → player id. */
  readonly tokens = new Map<string, string>();
  readonly meta = new Map<string, PlayerMeta>();
  /** Views of the current question, by viewer (display mapping included); rebuilt deterministically from the seed. */
  readonly views = new Map<string, { view: PlayerQuestion; mapping: DisplayMapping }>();
  viewsIndex = -1;
  /** Acks by player and question: a retry with the same answerId gets the same ack. */
  readonly acks = new Map<string, { answerId: string; ack: Promise<{ accepted: true; receivedAt: number }> }>();
  standings: Standings | null = null;
  /** The current reveal's shared figures (live-views.ts `revealShared`). */
  revealCache: RevealShared | null = null;
  /** Flood bucket of the join gate (live-join-gate.ts). */
  joinTokens = 0;
  joinRefillAt = 0;

  private chain: Promise<void> = Promise.resolve();
  private deadline: TimerHandle | null = null;
  private readonly timers = new Map<RoomTimer, TimerHandle>();
  private readonly clock: Clock;
  private readonly handler: EffectHandler;
  private readonly onError: (err: unknown) => void;

  constructor(init: RoomInit, deps: { clock: Clock; handler: EffectHandler; onError: (err: unknown) => void }) {
    this.id = init.id;
    this.pin = init.pin;
    this.title = init.title;
    this.ownerId = init.ownerId;
    this.settings = init.settings;
    this.seed = init.seed;
    this.districts = init.districts;
    this.districtNames = new Map(init.districts.map((d) => [d.code, d.name]));
    this.rosterMode = init.rosterMode;
    this.screenSalt = init.screenSalt;
    this.questions = init.questions;
    this.state = init.state;
    this.clock = deps.clock;
    this.handler = deps.handler;
    this.onError = deps.onError;
  }

  now(): number {
    return this.clock.now();
  }

  // ---------- command queue ----------

  /** Queue a task after everything queued so far; failures are reported, never thrown into the queue. */
  task(fn: () => Promise<void> | void): Promise<void> {
    const next = this.chain.then(fn).catch(this.onError);
    this.chain = next;
    return next;
  }

  enqueue(effects: Effect[]): Promise<void> {
    return effects.length > 0 ? this.task(() => this.handler(this, effects)) : Promise.resolve();
  }

  /** Apply a command now and queue its effects. */
  command(cmd: Command): { error: LiveError | null; effects: Effect[]; done: Promise<void> } {
    const step = apply(this.state, cmd, this.clock.now());
    return { error: step.error, effects: step.effects, done: this.enqueue(step.effects) };
  }

  /** Resolves once everything queued so far has run. */
  idle(): Promise<void> {
    return this.chain;
  }

  // ---------- timers ----------

  /** The machine's one deadline timer: fires `tick` once the clock has reached `at`. */
  setDeadline(at: number): void {
    this.cancelDeadline();
    wakeAt(
      at,
      () => this.clock.now(),
      () => {
        this.deadline = null;
        this.command({ type: 'tick' });
      },
      (handle) => (this.deadline = handle),
      this.clock,
    );
  }

  cancelDeadline(): void {
    if (this.deadline) this.clock.clearTimeout(this.deadline);
    this.deadline = null;
  }

  /** Run `fn` in `ms` unless a timer of that name is already pending (coalesced pushes and saves). */
  soon(name: RoomTimer, ms: number, fn: () => void, opts: { unref?: boolean } = {}): void {
    if (this.timers.has(name)) return;
    const h = this.clock.setTimeout(() => {
      this.timers.delete(name);
      fn();
    }, ms);
    if (opts.unref && typeof h === 'object' && h && 'unref' in h) (h as { unref: () => void }).unref();
    this.timers.set(name, h);
  }

  /** Run `fn` every `ms` until `stop(name)`. */
  every(name: RoomTimer, ms: number, fn: () => void): void {
    if (this.timers.has(name)) return;
    const tick = () => {
      this.timers.set(name, this.clock.setTimeout(tick, ms));
      fn();
    };
    this.timers.set(name, this.clock.setTimeout(tick, ms));
  }

  stop(name: RoomTimer): void {
    const h = this.timers.get(name);
    if (h) this.clock.clearTimeout(h);
    this.timers.delete(name);
  }

  pending(name: RoomTimer): boolean {
    return this.timers.has(name);
  }

  /** Stop every timer (unload, shutdown). */
  stopAll(): void {
    this.cancelDeadline();
    for (const h of this.timers.values()) this.clock.clearTimeout(h);
    this.timers.clear();
    for (const m of this.meta.values()) {
      if (m.disconnectTimer) this.clock.clearTimeout(m.disconnectTimer);
      m.disconnectTimer = null;
    }
  }

  // ---------- connections ----------

  /**
   * A player's last socket went away: after the grace period, if they have not come
   * back, the machine counts them as disconnected. `onGone` runs after that command.
   */
  scheduleDisconnect(playerId: string, graceMs: number, onGone?: () => void): void {
    const meta = this.meta.get(playerId);
    if (!meta) return;
    if (meta.disconnectTimer) this.clock.clearTimeout(meta.disconnectTimer);
    const h = this.clock.setTimeout(() => {
      meta.disconnectTimer = null;
      if (meta.sockets === 0 && this.state.players.has(playerId)) {
        this.command({ type: 'disconnect', playerId });
        onGone?.();
      }
    }, graceMs);
    if (typeof h === 'object' && h && 'unref' in h) (h as { unref: () => void }).unref();
    meta.disconnectTimer = h;
  }

  /** A socket of this player arrived. Returns whether the player had been counted as disconnected (now reconnected). */
  socketArrived(playerId: string): boolean {
    const meta = this.meta.get(playerId);
    if (!meta) return false;
    meta.sockets++;
    if (meta.disconnectTimer) this.clock.clearTimeout(meta.disconnectTimer);
    meta.disconnectTimer = null;
    if (this.state.players.get(playerId)?.connected === false) {
      this.command({ type: 'reconnect', playerId });
      return true;
    }
    return false;
  }

  /** Players with at least one socket on this node. */
  *connectedPlayers(): Iterable<string> {
    for (const pid of this.state.players.keys()) if ((this.meta.get(pid)?.sockets ?? 0) > 0) yield pid;
  }
}
