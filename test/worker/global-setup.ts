import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { parseConfig } from '../../src/config.ts';
import { createRuntime } from '../../src/composition.ts';
import { seedAll } from '../../src/seed-all.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { TEST_SCRYPT } from '../support/app.ts';
import { WORKER_SECRET, workerDatabaseUrl } from './worker-env.ts';

/**
 * `npm run worker:test`: a fresh PostgreSQL database, migrated and seeded by the Node code,
 * then the worker served by `wrangler dev` (workerd, offline) over it through the local
 * Hyperdrive connection string. The contract tests then run against the worker over HTTP.
 */
const root = path.resolve(import.meta.dirname, '../..');
let child: ChildProcess | undefined;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbUrl = workerDatabaseUrl(adminUrl);
  const dbName = new URL(dbUrl).pathname.slice(1);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.query(`create database ${dbName}`);
  await admin.end();

  const parsed = parseConfig({ DATABASE_URL: dbUrl, DATA_DIR: path.join(root, 'data/worker-test'), SESSION_SECRET: WORKER_SECRET });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const runtime = await createRuntime(parsed.config, silentLogger, { migrate: true, scrypt: TEST_SCRYPT });
  await seedAll(runtime);
  await runtime.close();

  const port = await freePort();
  let out = '';
  child = spawn(
    process.execPath,
    [path.join(root, 'node_modules/wrangler/bin/wrangler.js'), 'dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(await freePort()), '--var', `SESSION_SECRET:${WORKER_SECRET}`, '--show-interactive-dev-session=false', '--log-level', 'warn'],
    {
      cwd: root,
      env: {
        ...process.env,
        CLOUDFLARE_CF_FETCH_ENABLED: 'false',
        WRANGLER_SEND_METRICS: 'false',
        CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: dbUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${out}`);
    const ok = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`wrangler dev did not answer /healthz within 120 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  project.provide('workerUrl', base);
  project.provide('workerDatabaseUrl', dbUrl);
  return async () => {
    child?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    if (child && child.exitCode === null) child.kill('SIGKILL');
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    workerUrl: string;
    workerDatabaseUrl: string;
  }
}
