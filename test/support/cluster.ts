import { randomBytes } from 'node:crypto';
import { createScratchPostgresDatabase } from './db.ts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, SESSION_SECRET } from './live-bots.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

/** Several nodes need PostgreSQL (processes cannot share PGlite) and Redis. */
export const clusterTestsEnabled = Boolean(process.env.TEST_DATABASE_URL && process.env.REDIS_URL);

export interface TestCluster {
  nodes: ServerProcess[];
  databaseUrl: string;
  cleanup(): Promise<void>;
}

/**
 * `n` `civiq serve` processes on one scratch PostgreSQL database and the test
 * Redis, under a prefix of their own (so parallel test files never meet). The
 * first node migrates and seeds; the others start once it listens.
 */
export async function startTestCluster(n: number): Promise<TestCluster> {
  const scratch = await createScratchPostgresDatabase();
  if (!scratch || !process.env.REDIS_URL) throw new Error('startTestCluster needs TEST_DATABASE_URL and REDIS_URL');
  const env = { ADMIN_EMAIL, ADMIN_PASSWORD, SESSION_SECRET, REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: `civiq-test-${randomBytes(4).toString('hex')}` };
  const opts = { keepDatabase: { url: scratch.url } };
  const nodes: ServerProcess[] = [];
  try {
    nodes.push(await startServerProcess({ ...env, NODE_ID: 'node-1' }, opts));
    nodes.push(...(await Promise.all(Array.from({ length: n - 1 }, (_, i) => startServerProcess({ ...env, NODE_ID: `node-${i + 2}` }, opts)))));
  } catch (err) {
    for (const p of nodes) await p.cleanup().catch(() => {});
    await scratch.drop();
    throw err;
  }
  return {
    nodes,
    databaseUrl: scratch.url,
    async cleanup() {
      for (const p of nodes) await p.cleanup().catch(() => {});
      await scratch.drop().catch(() => {});
    },
  };
}
