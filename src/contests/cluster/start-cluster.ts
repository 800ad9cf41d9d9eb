import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Redis } from 'ioredis';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Runtime } from '../../composition.ts';
import { createPgContestStore } from '../live-pg-store.ts';
import { redisContestLeases } from './contest-leases.ts';
import { redisNodeRpc } from './node-rpc.ts';
import { createLiveCluster, type LiveCluster } from './cluster-gateway.ts';

/** How long a node waits for Redis at start before refusing to run as part of a cluster. */
const REDIS_START_TIMEOUT_MS = 10_000;

export interface StartedCluster extends LiveCluster {
  nodeId: string;
  /** The socket.io adapter carrying broadcasts between the nodes. */
  adapter: ReturnType<typeof createAdapter>;
  /** Close the cluster's own Redis connections (after `stop`). */
  disconnect(): Promise<void>;
}

/**
 * With REDIS_URL set, this node serves live contests together with the other
 * nodes on the same Redis and PostgreSQL (docs/deploy.md): it owns some contests
 * and forwards calls for the others (cluster-gateway.ts), and its sockets hear the
 * owners' broadcasts through the socket.io Redis Streams adapter.
 *
 * REDIS_PREFIX (default `civiq`) keeps several deployments on one Redis apart;
 * NODE_ID names this node in leases and logs (default: host, process and a random part).
 */
export async function startLiveCluster(runtime: Runtime): Promise<StartedCluster> {
  const url = runtime.config.REDIS_URL;
  if (!url) throw new Error('startLiveCluster needs REDIS_URL');
  const prefix = runtime.config.REDIS_PREFIX;
  const nodeId = runtime.config.NODE_ID ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const { logger } = runtime;
  // Own connections: the subscriber is blocked in subscribe mode, the adapter's reads block for seconds,
  // and both must ride out a Redis restart (offline queue, endless retries), unlike the fail-fast command client.
  const connect = async (name: string) => {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null, connectionName: `civiq-${name}-${nodeId}` });
    client.on('error', (err) => logger.warn('redis error', { connection: name, err: err.message }));
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`Redis at REDIS_URL did not answer within ${REDIS_START_TIMEOUT_MS / 1000} s; several nodes need it`)), REDIS_START_TIMEOUT_MS))),
    ]).finally(() => clearTimeout(timer));
    return client;
  };
  const commands = await connect('commands');
  const sub = await connect('rpc');
  const adapterClient = await connect('adapter');
  const rpc = await redisNodeRpc({ pub: commands, sub, nodeId, prefix, logger });
  const leases = redisContestLeases(commands, { nodeId, prefix });
  const cluster = createLiveCluster({
    local: runtime.services.liveGateway,
    engine: runtime.services.liveEngine,
    store: createPgContestStore(runtime.database.db),
    leases,
    rpc,
    presence: runtime.services.livePresence,
    secret: runtime.secret,
    logger,
  });
  const adapter = createAdapter(adapterClient, {
    streamName: `${prefix}:socket.io`,
    channelPrefix: `${prefix}:socket.io`,
    sessionKeyPrefix: `${prefix}:sio:session:`,
    // Room for a reveal to 50,000 players and the minutes a client may take to recover its session.
    maxLen: 200_000,
  });
  logger.info('live cluster node', { node: nodeId, prefix });
  return {
    ...cluster,
    nodeId,
    adapter,
    async disconnect() {
      for (const c of [sub, adapterClient, commands]) await c.quit().catch(() => c.disconnect());
    },
  };
}
