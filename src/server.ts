import { createAdaptorServer } from '@hono/node-server';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import { createRuntime, type Runtime } from './composition.ts';
import type { Config } from './config.ts';
import type { Logger } from './shared/logger.ts';
import { addProcessMetrics } from './shared/process-metrics.ts';
import { createSocketServer, type CiviqServer } from './realtime/socket-server.ts';
import { installModules } from './modules.ts';
import { seedAll } from './seed-all.ts';
import { networkInterfaces } from 'node:os';
import { joinBases, type JoinBase } from './net/join-address.ts';
import { startLiveCluster } from './contests/cluster/start-cluster.ts';

export interface RunningServer {
  url: string;
  /** Where students join, best first (see src/net/join-address.ts). */
  joinBases: JoinBase[];
  runtime: Runtime;
  httpServer: HttpServer;
  io: CiviqServer;
  /** Graceful stop: refuse new work, tell sockets, finish in-flight requests, flush, close the database. */
  shutdown(reason?: string): Promise<void>;
}

/** The Node entry: one HTTP server carrying the Hono app and socket.io on one port. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const runtime = await createRuntime(config, logger, { migrate: true, ensureAdmin: true });
  // Shipped content: idempotent, so every start is safe; changed files become new bank versions.
  const seeded = await seedAll(runtime);
  logger.info('seeded shipped content', {
    banks: seeded.banks.length,
    questions: seeded.banks.reduce((n, b) => n + b.questions, 0),
    changed: seeded.banks.filter((b) => b.changed).map((b) => b.slug),
  });
  const stopProcessMetrics = addProcessMetrics(runtime.deps.metrics);
  // REDIS_URL: this node serves live contests with the other nodes on that Redis (docs/deploy.md).
  const cluster = config.REDIS_URL ? await startLiveCluster(runtime) : null;
  if (cluster) runtime.services.liveGateway = cluster.gateway;
  const hooks = await installModules(runtime, { cluster });
  const app = createApp(runtime.deps);
  const httpServer = createAdaptorServer({ fetch: app.fetch }) as HttpServer;
  // Slow clients must not hold connections open forever.
  httpServer.headersTimeout = 20_000;
  httpServer.requestTimeout = 60_000;
  const io = createSocketServer(httpServer, {
    auth: runtime.deps.auth,
    logger,
    metrics: runtime.deps.metrics,
    publicUrl: config.PUBLIC_URL,
    namespaces: hooks.namespaces,
  },
  // Several nodes: broadcasts through Redis Streams; websocket only, so a load balancer needs no sticky sessions.
  cluster ? { adapter: cluster.adapter, transports: ['websocket'] } : {});
  await hooks.afterStart?.(io);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.PORT, config.HOST, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  const url = config.PUBLIC_URL ?? `http://${host}:${address.port}`;
  // Phones cannot open `localhost`: join links and QR codes use a network address of this machine.
  const joinAddresses = runtime.services.joinAddresses;
  joinAddresses.set(joinBases({ publicUrl: config.PUBLIC_URL, host: config.HOST, port: address.port, interfaces: networkInterfaces() }));
  logger.info('join addresses', { urls: joinAddresses.list().map((b) => `${b.url}/play`) });

  let stopping: Promise<void> | undefined;
  const shutdown = (reason = 'shutdown') =>
    (stopping ??= (async () => {
      logger.info('shutting down', { reason });
      // 1. Stop accepting new HTTP connections and new sockets.
      const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      // 2. Tell every socket why, then close them (clients reconnect to another node or after restart).
      // Only this node's sockets (`local`): with the Redis adapter a plain emit would reach every node's.
      for (const nsp of io._nsps.values()) {
        nsp.local.emit('server:shutdown', { reason, reconnectAfterMs: 2000 });
        nsp.local.disconnectSockets(true);
      }
      // 3. Let in-flight requests finish, within a bound.
      const forced = setTimeout(() => httpServer.closeAllConnections(), 10_000);
      await httpClosed;
      clearTimeout(forced);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      // 4. Flush pending writes (e.g. batched answers), then close the database and Redis.
      await hooks.beforeClose?.();
      await cluster?.disconnect();
      stopProcessMetrics();
      await runtime.close();
      logger.info('stopped');
    })());

  return { url, joinBases: joinAddresses.list(), runtime, httpServer, io, shutdown };
}
