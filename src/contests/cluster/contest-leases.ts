import type { Redis } from 'ioredis';

/**
 * Who owns each live contest when several nodes serve them: a lease in Redis
 * (`SET key node NX PX ttl`, renewed by the owner every second, compare-and-set
 * in a Lua script so a node can only renew or release its own lease).
 *
 * Why a Redis lease and not a PostgreSQL advisory lock: an advisory lock belongs
 * to one database session, so every owning node would pin a connection outside its
 * pool (and a transaction-mode pooler such as PgBouncer breaks session locks); a
 * node that freezes without closing its socket keeps the lock until TCP keepalive
 * gives up (minutes), whereas a lease simply expires after `ttlMs`. Redis is
 * already required on several nodes (the socket.io adapter), and PostgreSQL stays
 * the durable record: a new owner rebuilds the room from its snapshot there.
 *
 * What a lease cannot do is stop a node that froze past its lease from acting
 * once more when it wakes: the owner checks its renewal every second and drops the
 * room the moment renewal fails (cluster-gateway.ts), and answers stay exactly once
 * by their unique key whichever node writes them.
 */
export interface ContestLeases {
  readonly nodeId: string;
  readonly ttlMs: number;
  /** The node holding the contest's lease, or null. */
  ownerOf(contestId: string): Promise<string | null>;
  /** Take the lease if free; true when this node holds it (now or already). */
  acquire(contestId: string): Promise<boolean>;
  /** Extend this node's leases; returns the contests whose lease this node no longer holds. */
  renew(contestIds: readonly string[]): Promise<string[]>;
  /** Give the lease up (graceful shutdown): another node may take it at once. */
  release(contestId: string): Promise<void>;
}

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export function redisContestLeases(redis: Redis, opts: { nodeId: string; prefix: string; ttlMs?: number }): ContestLeases {
  const ttlMs = opts.ttlMs ?? 3000;
  const key = (id: string) => `${opts.prefix}:live:owner:${id}`;
  return {
    nodeId: opts.nodeId,
    ttlMs,
    ownerOf: (id) => redis.get(key(id)),
    async acquire(id) {
      const set = await redis.set(key(id), opts.nodeId, 'PX', ttlMs, 'NX');
      if (set === 'OK') return true;
      return (await redis.get(key(id))) === opts.nodeId;
    },
    async renew(ids) {
      if (ids.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.eval(RENEW, 1, key(id), opts.nodeId, String(ttlMs));
      const results = (await pipeline.exec()) ?? [];
      return ids.filter((_, i) => {
        const [err, value] = results[i] ?? [new Error('no reply'), 0];
        return err !== null || value !== 1;
      });
    },
    async release(id) {
      await redis.eval(RELEASE, 1, key(id), opts.nodeId);
    },
  };
}
