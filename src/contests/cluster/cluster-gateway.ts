import { SocketError } from '../../realtime/ack.ts';
import type { Logger } from '../../shared/logger.ts';
import { hashToken } from '../../auth/tokens.ts';
import type { LiveGateway } from '../live-gateway.ts';
import type { LiveEngine } from '../live-engine.ts';
import type { ContestStore } from '../live-ports.ts';
import type { LocalPresence } from '../local-presence.ts';
import type { ContestLeases } from './contest-leases.ts';
import type { NodeRpc } from './node-rpc.ts';

/**
 * Live contests on several nodes (docs/live-engine.md, "Several nodes").
 *
 * Exactly one node owns a contest: the one holding its lease (contest-leases.ts).
 * The owner holds the room in memory, runs its timers and writes its state and
 * answers; every other node forwards the socket layer's calls to it over Redis
 * (node-rpc.ts) and only keeps the sockets, which the owner reaches through the
 * socket.io Redis Streams adapter (its Broadcaster emits to rooms as on one node).
 *
 * Failover: the owner renews its leases every second (`renewEveryMs`); each node
 * watches the owners of the contests it has sockets for (`watchEveryMs`). When a
 * lease expires (the owner died: `ttlMs` 3 s), the first node to take it loads
 * the room from PostgreSQL — the snapshot saved at every phase change and every 5 s
 * of a question, plus every stored answer — exactly as after a restart, and tells
 * the others, which report the players connected to them. A contest therefore
 * resumes within ttl + watch interval + one load (under 5 s) of its owner's death.
 */

export interface ClusterDeps {
  local: LiveGateway;
  engine: Pick<LiveEngine, 'load' | 'unload' | 'contests' | 'socketsPresent'>;
  store: Pick<ContestStore, 'openIdByPin' | 'anyIdByPin' | 'playerByToken' | 'runningIds'>;
  leases: ContestLeases;
  rpc: NodeRpc;
  presence: LocalPresence;
  secret: string;
  logger: Logger;
  renewEveryMs?: number;
  watchEveryMs?: number;
}

export interface LiveCluster {
  gateway: LiveGateway;
  /** Take over the contests that were running and have no owner (start-up). */
  restoreAll(): Promise<number>;
  start(): void;
  /** Shutdown, first step: stop the loops and refuse forwarded calls (callers get UNAVAILABLE and retry elsewhere). */
  drain(): void;
  /** Shutdown, last step (after the engine saved its rooms): give every lease back so another node takes over at once. */
  stop(): Promise<void>;
  /** Contests this node owns. */
  owned(): string[];
}

/** Forwarding timeouts: an answer's ack is bounded by 4 s on the owner; joins may wait for the database. */
const TIMEOUT_MS: Record<string, number> = { answer: 6000, join: 10_000, resume: 10_000 };
/** Presence reports: a contest nobody runs (ended and unloaded) has nothing to record, and is not loaded for them. */
const PRESENCE_ONLY = new Set(['socketGone', 'socketsPresent']);
/** The error each operation gives for a contest id that does not exist, as on one node. */
const MISSING: Record<string, string> = { resume: 'RESUME_INVALID', answer: 'NOT_IN_CONTEST', leave: 'NOT_IN_CONTEST', host: 'NOT_IN_CONTEST', hostAttach: 'FORBIDDEN' };

export function createLiveCluster(deps: ClusterDeps): LiveCluster {
  const { leases, rpc, presence, logger, local } = deps;
  const nodeId = leases.nodeId;
  const held = new Set<string>();
  const taking = new Map<string, Promise<boolean>>();
  const timers: Array<ReturnType<typeof setInterval>> = [];
  let draining = false;
  /**
   * Owners looked up recently: a forwarded answer should not cost a Redis read
   * before its request. An entry lives one lease renewal at most, and goes at once
   * when a call to that owner fails or another node announces itself.
   */
  const owners = new Map<string, { node: string; until: number }>();
  const ownerOf = async (id: string): Promise<string | null> => {
    const known = owners.get(id);
    if (known && known.until > Date.now()) return known.node;
    const node = await leases.ownerOf(id);
    if (node && node !== nodeId) owners.set(id, { node, until: Date.now() + (deps.renewEveryMs ?? 1000) });
    else owners.delete(id);
    return node;
  };

  /** The local gateway's operations by name; the first argument on the wire is always the contest id. */
  const ops: Record<string, (...args: never[]) => Promise<unknown>> = {
    findJoinable: (pin: string) => local.findJoinable(pin),
    suggestNickname: (pin: string, lang: 'vi' | 'en') => local.suggestNickname(pin, lang),
    join: (pin: string, input: Parameters<LiveGateway['join']>[1]) => local.join(pin, input),
    resume: (token: string) => local.resume(token),
    answer: (...a: Parameters<LiveGateway['answer']>) => local.answer(...a),
    leave: (...a: Parameters<LiveGateway['leave']>) => local.leave(...a),
    socketGone: (...a: Parameters<LiveGateway['socketGone']>) => local.socketGone(...a),
    socketsPresent: (...a: Parameters<LiveGateway['socketsPresent']>) => local.socketsPresent(...a),
    hostAttach: (...a: Parameters<LiveGateway['hostAttach']>) => local.hostAttach(...a),
    host: (...a: Parameters<LiveGateway['host']>) => local.host(...a),
    screenAttach: (...a: Parameters<LiveGateway['screenAttach']>) => local.screenAttach(...a),
  };
  const invoke = (op: string, args: unknown[]) => {
    const fn = ops[op];
    if (!fn) throw new SocketError('INVALID');
    return (fn as (...a: unknown[]) => Promise<unknown>)(...args);
  };

  /** Take the contest's lease if free and load its room; true when this node owns it. */
  function takeOver(id: string, opts: { atStart?: boolean } = {}): Promise<boolean> {
    if (held.has(id)) return Promise.resolve(true);
    let p = taking.get(id);
    if (!p) {
      p = (async () => {
        if (!(await leases.acquire(id))) return false;
        // At start (the whole cluster restarted) a running question pauses for the host, as after a restart;
        // a take-over from a dead owner keeps the deadline: most players never lost their connection.
        const room = await deps.engine.load(id, { takeover: !opts.atStart }).catch(async (err) => {
          await leases.release(id).catch(() => {});
          throw err;
        });
        if (!room) {
          await leases.release(id).catch(() => {});
          return false;
        }
        held.add(id);
        // The players connected here count as connected; the other nodes report theirs.
        deps.engine.socketsPresent(id, presence.players(id));
        rpc.notify('owner', { contestId: id, owner: nodeId });
        logger.info('live contest owned', { contest: id, node: nodeId });
        return true;
      })().finally(() => taking.delete(id));
      taking.set(id, p);
    }
    return p;
  }

  /** Run an operation where the contest lives: here, or forwarded to its owner. */
  async function route<T>(contestId: string, op: string, args: unknown[]): Promise<T> {
    /** What the engine itself answers for a contest that does not exist. */
    const missing = MISSING[op] ?? 'CONTEST_UNAVAILABLE';
    for (let attempt = 0; attempt < 2; attempt++) {
      if (held.has(contestId)) return (await invoke(op, args)) as T;
      const owner = await ownerOf(contestId).catch(() => {
        throw new SocketError('UNAVAILABLE');
      });
      if (owner === null && PRESENCE_ONLY.has(op)) return undefined as T;
      if (owner === null || owner === nodeId) {
        if (await takeOver(contestId)) return (await invoke(op, args)) as T;
        if (owner === null && (await leases.ownerOf(contestId).catch(() => null)) === null) throw new SocketError(missing);
        continue;
      }
      try {
        return await rpc.call<T>(owner, op, [contestId, ...args], TIMEOUT_MS[op]);
      } catch (err) {
        if (err instanceof SocketError && (err.code === 'NOT_OWNER' || err.code === 'UNAVAILABLE')) owners.delete(contestId);
        // The owner changed between the look-up and the call: look again once.
        if (err instanceof SocketError && err.code === 'NOT_OWNER') continue;
        throw err;
      }
    }
    throw new SocketError('UNAVAILABLE');
  }

  rpc.serve(async (op, args) => {
    if (draining) throw new SocketError('UNAVAILABLE');
    const [contestId, ...rest] = args as [string, ...unknown[]];
    // A take-over still loading the room answers once it is loaded.
    if (!held.has(contestId) && !(await (taking.get(contestId) ?? Promise.resolve(false)).catch(() => false))) throw new SocketError('NOT_OWNER');
    return invoke(op, rest);
  });

  rpc.onNotice((kind, body, from) => {
    if (kind !== 'owner' || from === nodeId) return;
    const { contestId, owner } = body as { contestId: string; owner: string };
    owners.set(contestId, { node: owner, until: Date.now() + (deps.renewEveryMs ?? 1000) });
    if (held.has(contestId)) {
      // Another node took a lease this node believed it held (it froze past the lease): drop the room.
      held.delete(contestId);
      deps.engine.unload(contestId);
      logger.warn('live contest taken over by another node; room dropped', { contest: contestId, owner });
    }
    const players = presence.players(contestId);
    if (players.length > 0) rpc.call(owner, 'socketsPresent', [contestId, contestId, players]).catch((err) => logger.warn('presence not reported to the new owner', { contest: contestId, err: (err as Error).message }));
  });

  async function renew(): Promise<void> {
    // Rooms the registry unloaded (ended a while ago) give their lease back.
    for (const id of held) {
      if (!deps.engine.contests.has(id)) {
        held.delete(id);
        await leases.release(id).catch(() => {});
      }
    }
    const lost = await leases.renew([...held, ...taking.keys()]);
    for (const id of lost) {
      // Expired while Redis was unreachable and nobody took it: take it again; otherwise it is someone else's.
      if (await leases.acquire(id).catch(() => false)) continue;
      if (!held.has(id)) continue;
      held.delete(id);
      deps.engine.unload(id);
      logger.warn('live contest lease lost; room dropped', { contest: id });
    }
  }

  async function watch(): Promise<void> {
    for (const id of presence.contests()) {
      if (held.has(id) || taking.has(id)) continue;
      const owner = await leases.ownerOf(id);
      if (owner === null) await takeOver(id).catch((err) => logger.warn('take-over failed', { contest: id, err: (err as Error).message }));
    }
  }

  const loop = (fn: () => Promise<void>, ms: number, name: string) => {
    let busy = false;
    const t = setInterval(() => {
      if (busy) return;
      busy = true;
      fn()
        .catch((err) => logger.warn(`${name} failed`, { err: (err as Error).message }))
        .finally(() => (busy = false));
    }, ms);
    t.unref?.();
    timers.push(t);
  };

  const contestOfPin = async (pin: string) => deps.store.openIdByPin(pin);

  const gateway: LiveGateway = {
    async findJoinable(pin) {
      const id = await contestOfPin(pin);
      if (!id) return null;
      try {
        return await route<Awaited<ReturnType<LiveGateway['findJoinable']>>>(id, 'findJoinable', [pin]);
      } catch (err) {
        if (err instanceof SocketError && err.code === 'CONTEST_UNAVAILABLE') return null;
        throw err;
      }
    },
    async suggestNickname(pin, lang) {
      const id = await contestOfPin(pin);
      if (!id) throw new SocketError('CONTEST_UNAVAILABLE');
      return route(id, 'suggestNickname', [pin, lang]);
    },
    async join(pin, input) {
      const id = await contestOfPin(pin);
      if (!id) throw new SocketError('CONTEST_UNAVAILABLE');
      return route(id, 'join', [pin, input]);
    },
    async resume(token) {
      const row = await deps.store.playerByToken(hashToken(deps.secret, token));
      if (!row || row.kicked) throw new SocketError('RESUME_INVALID');
      return route(row.contestId, 'resume', [token]);
    },
    answer: (seat, input, rttMs) => route(seat.contestId, 'answer', [seat, input, rttMs]),
    leave: (seat) => route(seat.contestId, 'leave', [seat]),
    socketGone: (seat, graceMs) => route(seat.contestId, 'socketGone', [seat, graceMs]),
    socketsPresent: (contestId, playerIds) => route(contestId, 'socketsPresent', [contestId, playerIds]),
    hostAttach: (contestId, user) => route(contestId, 'hostAttach', [contestId, user]),
    host: (contestId, command, expect) => route(contestId, 'host', [contestId, command, expect]),
    async screenAttach(pin, screenToken, district) {
      const id = (await deps.store.openIdByPin(pin)) ?? (await deps.store.anyIdByPin(pin));
      if (!id) throw new SocketError('CONTEST_UNAVAILABLE');
      return route(id, 'screenAttach', [pin, screenToken, district]);
    },
  };

  return {
    gateway,
    async restoreAll() {
      let n = 0;
      for (const id of await deps.store.runningIds()) {
        if ((await leases.ownerOf(id)) === null && (await takeOver(id, { atStart: true }).catch(() => false))) n++;
      }
      if (n > 0) logger.info('live contests taken over at start', { count: n });
      return n;
    },
    start() {
      loop(renew, deps.renewEveryMs ?? 1000, 'lease renewal');
      loop(watch, deps.watchEveryMs ?? 1000, 'owner watch');
    },
    drain() {
      draining = true;
      for (const t of timers.splice(0)) clearInterval(t);
    },
    async stop() {
      draining = true;
      for (const t of timers.splice(0)) clearInterval(t);
      for (const id of held) await leases.release(id).catch(() => {});
      held.clear();
      await rpc.close();
    },
    owned: () => [...held],
  };
}
