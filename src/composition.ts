import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { Config } from './config.ts';
import type { Logger } from './shared/logger.ts';
import { MetricsRegistry } from './shared/metrics.ts';
import { connectDatabase, type DatabaseHandle } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createAuthService } from './auth/auth-service.ts';
import type { ScryptParams } from './auth/passwords.ts';
import { createBankService, type BankService } from './banks/bank-service.ts';
import { diskImageStore } from './banks/disk-image-store.ts';
import { parseBankOffThread } from './banks/formats/parse-off-thread.ts';
import { createRegionService, type RegionService } from './regions/region-service.ts';
import { createLiveContestService, type LiveContestService, type DistrictSource } from './contests/live-contest-service.ts';
import { createLiveEngine, type LiveEngine } from './contests/live-engine.ts';
import { JoinAddresses } from './net/join-address.ts';
import { createLocalGateway, type LiveGateway } from './contests/live-gateway.ts';
import { LocalPresence } from './contests/local-presence.ts';
import type { FailureCounter } from './shared/limits/failure-counter.ts';
import { createLimits } from './limits.ts';
import { relayCredentialEnded } from './auth/credential-relay.ts';
import { loadOrCreateSecret } from './secrets.ts';
import { liveContestEndedHook } from './reports/live-end-hook.ts';
import { createReportService, type ReportService } from './reports/report-service.ts';
import { scheduledContestClosedHook } from './reports/scheduled-fact-source.ts';
import type { AppDeps, ReadinessCheck } from './http/app-env.ts';
import { nodePeerAddress } from './http/node-peer-address.ts';
import { createScheduledModule, type ScheduledModule } from './scheduled/scheduled-module.ts';
import { createAddressResolver } from './http/client-address.ts';
import { parseImageHosts } from './banks/image-policy.ts';
import { createUserAdmin, type UserAdmin } from './auth/user-admin.ts';

/**
 * The composition root: the one place that opens connections and wires
 * services together. Entry points (server, CLI, tests) call it; no other module
 * holds a connection.
 */
export interface Runtime {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  redis: import('ioredis').Redis | null;
  secret: string;
  deps: AppDeps;
  /** Domain services, shared by HTTP routes, socket handlers and the CLI. */
  services: Services;
  close(): Promise<void>;
}

export interface Services {
  banks: BankService;
  regions: RegionService;
  liveContests: LiveContestService;
  liveEngine: LiveEngine;
  /** Live contests as the socket layer and pages see them: this node's engine, or their owners' over Redis (several nodes). */
  liveGateway: LiveGateway;
  /** Live contests with sockets on this node. */
  livePresence: LocalPresence;
  /** Failed joins by network address, shared by the socket and the /play page (and by every node through Redis). */
  failedJoins: FailureCounter;
  reports: ReportService;
  /** Scheduled online contests and practice (src/scheduled); push close hooks to `scheduled.onContestClosed`. */
  scheduled: ScheduledModule;
  /** Account administration (/admin/users). */
  userAdmin: UserAdmin;
  /** Where phones join (PUBLIC_URL, else this machine's network addresses once it listens). */
  joinAddresses: JoinAddresses;
}

const WEB_PUBLIC_DIR = path.resolve(import.meta.dirname, 'web/public');

export interface RuntimeOptions {
  migrate?: boolean;
  /** An already open database (tests); otherwise one is opened from the config. */
  database?: DatabaseHandle;
  /** Password-hash cost; tests lower it, production keeps the OWASP default. */
  scrypt?: ScryptParams;
  /** Create the first admin when the user table is empty (server start). */
  ensureAdmin?: boolean;
  /** The clock of time-window rules (scheduled contests); tests inject one. */
  now?: () => number;
}

export async function createRuntime(config: Config, logger: Logger, opts: RuntimeOptions = {}): Promise<Runtime> {
  const database = opts.database ?? (await connectDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }));
  const closers: Array<() => Promise<unknown>> = [() => database.close()];
  try {
    logger.info('database opened', { kind: database.kind, ...(database.kind === 'pglite' ? { dataDir: config.DATA_DIR } : {}) });
    if (opts.migrate ?? true) {
      const result = await migrateToLatest(database.db, database.schema);
      const applied = result.results?.filter((r) => r.status === 'Success').map((r) => r.migrationName) ?? [];
      logger.info('migrations up to date', { applied });
    }
    const { secret, source } = await loadOrCreateSecret(config.DATA_DIR, config.SESSION_SECRET);
    if (source === 'generated') logger.warn('generated a session secret in the data directory; set SESSION_SECRET when running several nodes');

    let redis: Runtime['redis'] = null;
    const readiness: ReadinessCheck[] = [{ name: 'database', check: async () => void (await sql`select 1`.execute(database.db)) }];
    if (config.REDIS_URL) {
      const { Redis } = await import('ioredis');
      const client = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 });
      client.on('error', (err) => logger.warn('redis error', { err: err.message }));
      redis = client;
      closers.push(async () => client.quit().catch(() => client.disconnect()));
      await client.connect().catch((err: Error) => logger.warn('redis not reachable at start', { err: err.message }));
      readiness.push({ name: 'redis', check: async () => void (await client.ping()) });
    }

    const metrics = new MetricsRegistry();
    // Limits per address and account: in Redis with several nodes (src/limits.ts).
    const limits = createLimits({ redis, logger, keyPrefix: config.REDIS_PREFIX, ...(opts.now ? { now: opts.now } : {}) });
    const auth = createAuthService({ db: database.db, secret, throttle: limits.loginThrottle, ...(opts.scrypt ? { scrypt: opts.scrypt } : {}) });
    if (redis) {
      // Logout, revocation and disabled accounts close the sockets on every node.
      const relay = await relayCredentialEnded({ auth, redis, channel: `${config.REDIS_PREFIX}:credential-ended`, logger });
      closers.push(() => relay.close());
    }
    if (opts.ensureAdmin) {
      const admin = await auth.ensureAdmin(config.ADMIN_EMAIL, config.ADMIN_PASSWORD);
      if (admin.created) {
        logger.info('created the first admin account', { email: admin.email });
        if (admin.generatedPassword) {
          // Printed once, to the console only: it is not stored anywhere in clear.
          process.stdout.write(
            `\n  civiq: first admin account created\n    email:    ${admin.email}\n    password: ${admin.generatedPassword}\n  Store it now; it is not shown again. Set ADMIN_PASSWORD to choose it yourself.\n\n`,
          );
        }
      }
    }

    const require = createRequire(import.meta.url);
    const imageHosts = (() => {
      const parsed = parseImageHosts(config.IMAGE_HOSTS);
      return parsed.ok ? parsed.hosts : [];
    })();
    const deps: AppDeps = {
      db: database.db,
      logger,
      metrics,
      auth,
      readiness,
      publicUrl: config.PUBLIC_URL,
      peerAddress: nodePeerAddress,
      clientAddress: createAddressResolver(config.TRUST_PROXY),
      imageHosts,
      metricsToken: config.METRICS_TOKEN,
      staticAsset: async (name) => {
        // Two roots only: the web app's public folder and the API reference's package.
        const [root, ...rest] = name.split('/');
        const rel = rest.join('/');
        if (rel.includes('..')) return null;
        const dir = root === 'web' ? WEB_PUBLIC_DIR : root === 'swagger-ui-dist' ? path.dirname(require.resolve('swagger-ui-dist/package.json')) : null;
        if (!dir) return null;
        const body = await readFile(path.join(dir, rel)).catch(() => null);
        if (!body) return null;
        return { body, type: rel.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8' };
      },
      modules: [],
    };
    const banks = createBankService({ db: database.db, imageHosts, parseImport: parseBankOffThread, ...(config.IMAGE_DIR ? { images: diskImageStore(config.IMAGE_DIR) } : {}) });
    const regions = createRegionService({ db: database.db });
    // Players pick their district from the contest's region set (district-level units).
    const districts: DistrictSource = async (code) => {
      const set = code ? await regions.getSet(code) : await regions.defaultSet();
      if (!set) return { setCode: null, districts: [] };
      return { setCode: set.code, districts: set.units.filter((u) => u.level !== 'province' && u.parentCode === set.provinceCode).map((u) => ({ code: u.code, name: u.fullName })) };
    };
    const joinAddresses = new JoinAddresses();
    if (config.PUBLIC_URL) joinAddresses.set([{ url: config.PUBLIC_URL.replace(/\/+$/, ''), source: 'PUBLIC_URL' }]);
    deps.joinBase = () => joinAddresses.current();
    const liveEngine = createLiveEngine({ db: database.db, logger, metrics, secret, publicUrl: config.PUBLIC_URL, joinBase: () => joinAddresses.current(), onEnded: liveContestEndedHook(database.db, logger) });
    const services: Services = {
      banks,
      regions,
      liveContests: createLiveContestService({ db: database.db, banks, secret, districts, publicUrl: config.PUBLIC_URL }),
      liveEngine,
      liveGateway: createLocalGateway(liveEngine),
      livePresence: new LocalPresence(),
      failedJoins: limits.failedJoins,
      reports: createReportService({ db: database.db }),
      scheduled: createScheduledModule({ db: database.db, banks, regions, secret, onContestClosed: [scheduledContestClosedHook], resumeFailures: limits.resumeFailures, ...(opts.now ? { now: opts.now } : {}) }),
      userAdmin: createUserAdmin({ db: database.db, credentialEnded: (e) => auth.announceEnded(e), ...(opts.scrypt ? { scrypt: opts.scrypt } : {}) }),
      joinAddresses,
    };
    return {
      config,
      logger,
      database,
      redis,
      secret,
      deps,
      services,
      close: async () => {
        for (const c of closers.reverse()) await c().catch((err) => logger.warn('close failed', { err }));
      },
    };
  } catch (err) {
    await database.close().catch(() => {});
    throw err;
  }
}
