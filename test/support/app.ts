import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../src/config.ts';
import { createRuntime, type Runtime } from '../../src/composition.ts';
import { createApp } from '../../src/app.ts';
import { installModules } from '../../src/modules.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import type { Role } from '../../src/db/schema.ts';
import { createTestDatabase } from './db.ts';

/** Cheap scrypt for tests only; production uses the OWASP parameters (tested in passwords.test.ts). */
export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 };
export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  runtime: Runtime;
  /** Create an account and return a bearer token for it. */
  user(role: Role, opts?: { email?: string; regionCode?: string }): Promise<{ id: string; email: string; token: string; headers: Record<string, string> }>;
  /** app.request with JSON body and headers. */
  call(method: string, url: string, opts?: { body?: unknown; headers?: Record<string, string>; raw?: string; contentType?: string }): Promise<Response>;
  close(): Promise<void>;
}

let counter = 0;

/** The real composition root on a per-file test database. */
export async function createTestApp(env: Record<string, string> = {}, opts: { now?: () => number } = {}): Promise<TestApp> {
  const database = await createTestDatabase({ migrate: false });
  const dataDir = path.join(await mkdtemp(path.join(tmpdir(), 'civiq-test-')), 'pglite');
  const parsed = parseConfig({ DATA_DIR: dataDir, SESSION_SECRET: 'test-secret-test-secret-test-secret-123', ...env });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const runtime = await createRuntime(parsed.config, silentLogger, { database, scrypt: TEST_SCRYPT, migrate: true, ...(opts.now ? { now: opts.now } : {}) });
  await installModules(runtime);
  const app = createApp(runtime.deps);
  const call: TestApp['call'] = (method, url, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    let body: string | undefined;
    if (opts.raw !== undefined) {
      body = opts.raw;
      headers['Content-Type'] ??= opts.contentType ?? 'text/plain';
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['Content-Type'] ??= 'application/json';
    }
    return Promise.resolve(app.request(url, { method, headers, ...(body !== undefined ? { body } : {}) }));
  };
  return {
    app,
    runtime,
    call,
    async user(role, opts = {}) {
      const email = opts.email ?? `${role}${++counter}-${Math.random().toString(36).slice(2, 7)}@test.vn`;
      const u = await runtime.deps.auth.createUser({ email, password: TEST_PASSWORD, role, regionCode: opts.regionCode ?? null });
      const t = await runtime.deps.auth.createApiToken(u.id, 'test');
      return { id: u.id, email, token: t.token, headers: { Authorization: `Bearer ${t.token}` } };
    },
    close: () => runtime.close(),
  };
}
