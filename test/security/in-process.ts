import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { ServerOptions } from 'socket.io';
import { parseConfig } from '../../src/config.ts';
import { createRuntime, type Runtime } from '../../src/composition.ts';
import { createApp } from '../../src/app.ts';
import { installModules } from '../../src/modules.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createSocketServer, type CiviqServer } from '../../src/realtime/socket-server.ts';
import { seedAll } from '../../src/seed-all.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { createTestDatabase } from '../support/db.ts';
import { TEST_SCRYPT } from '../support/app.ts';
import { api, bankVersion, signIn, type Account } from '../support/live-bots.ts';
import type { Question } from '../../src/banks/question-schema.ts';

export const ADMIN = { email: 'admin@sec.test.vn', password: 'security admin password 1' };

/**
 * The real server (composition root, HTTP app, socket.io) in the test's own
 * process on a free port: unlike a child process, the test can inject settings
 * (heartbeat, proxies) and reach the runtime. Seeded with the shipped content.
 */
export interface InProcessServer {
  url: string;
  runtime: Runtime;
  io: CiviqServer;
  app: ReturnType<typeof createApp>;
  admin: Account;
  bank: { slug: string; version: number; byId: Map<string, Question> };
  close(): Promise<void>;
}

export async function startInProcess(
  opts: { env?: Record<string, string>; socket?: Partial<ServerOptions>; database?: DatabaseHandle; seed?: boolean } = {},
): Promise<InProcessServer> {
  const database = opts.database ?? (await createTestDatabase({ migrate: false }));
  const dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'civiq-sec-')), 'pglite');
  const parsed = parseConfig({ DATA_DIR: dataDir, SESSION_SECRET: 'security-test-secret-0123456789abcdef', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ...(opts.env ?? {}) });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const runtime = await createRuntime(parsed.config, silentLogger, { database, scrypt: TEST_SCRYPT, migrate: true, ensureAdmin: true });
  if (opts.seed ?? true) await seedAll(runtime);
  const hooks = await installModules(runtime);
  const app = createApp(runtime.deps);
  const httpServer = createAdaptorServer({ fetch: app.fetch }) as HttpServer;
  const io = createSocketServer(httpServer, { auth: runtime.deps.auth, logger: silentLogger, metrics: runtime.deps.metrics, namespaces: hooks.namespaces }, opts.socket ?? {});
  await hooks.afterStart?.(io);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const admin = await signIn(url, ADMIN.email, ADMIN.password);
  const slug = 'passwords-accounts';
  const bank = opts.seed === false ? { slug, version: 0, byId: new Map<string, Question>() } : { slug, ...(await bankVersion(url, admin, slug)) };
  return {
    url,
    runtime,
    io,
    app,
    admin,
    bank: { slug: bank.slug, version: bank.version, byId: bank.byId },
    async close() {
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      httpServer.closeAllConnections();
      await hooks.beforeClose?.();
      await runtime.close();
    },
  };
}

/** District codes of the default region set (what contests use unless told otherwise). */
export async function districtCodes(url: string): Promise<string[]> {
  const sets = (await api<{ sets: Array<{ code: string }> }>(url, 'GET', '/api/region-sets')).json;
  const set = (await api<{ units: Array<{ code: string; level: string }> }>(url, 'GET', `/api/region-sets/${sets.sets[0]!.code}`)).json;
  return set.units.filter((u) => u.level !== 'province').map((u) => u.code);
}
