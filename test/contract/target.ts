import { inject } from 'vitest';
import { connectDatabase } from '../../src/db/connect.ts';
import { createAuthService } from '../../src/auth/auth-service.ts';
import type { Role } from '../../src/db/schema.ts';
import { seedRegions } from '../../src/regions/region-files.ts';
import { createTestApp, TEST_PASSWORD, TEST_SCRYPT } from '../support/app.ts';
import { WORKER_SECRET } from '../worker/worker-env.ts';

/**
 * Where the HTTP contract tests send their requests: the Node app (in `npm test`) or the
 * Workers build in workerd (`npm run worker:test`, CONTRACT_TARGET=worker). The tests are the
 * same; only the target differs. Accounts are created on the server side (no sign-up route),
 * with the target's secret, and used through bearer tokens.
 */
export interface ContractTarget {
  name: 'node' | 'worker';
  fetch(path: string, init?: RequestInit): Promise<Response>;
  json(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  user(role: Role, opts?: { regionCode?: string }): Promise<{ id: string; headers: Record<string, string> }>;
  close(): Promise<void>;
}

let seq = 0;
const uniqueEmail = (role: string) => `${role}-${Date.now().toString(36)}-${++seq}@contract.test`;

export async function contractTarget(): Promise<ContractTarget> {
  if (process.env.CONTRACT_TARGET === 'worker') return workerTarget();
  return nodeTarget();
}

function withJson(fetcher: ContractTarget['fetch']): ContractTarget['json'] {
  return (method, path, body, headers = {}) =>
    fetcher(path, {
      method,
      headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
}

async function nodeTarget(): Promise<ContractTarget> {
  const t = await createTestApp();
  await seedRegions(t.runtime.services.regions);
  const fetcher: ContractTarget['fetch'] = async (path, init) => t.app.request(path, init);
  return {
    name: 'node',
    fetch: fetcher,
    json: withJson(fetcher),
    user: async (role, opts) => {
      const u = await t.user(role, opts);
      return { id: u.id, headers: u.headers };
    },
    close: () => t.close(),
  };
}

async function workerTarget(): Promise<ContractTarget> {
  const base = inject('workerUrl');
  const handle = await connectDatabase({ databaseUrl: inject('workerDatabaseUrl'), dataDir: 'unused', poolSize: 2 });
  const auth = createAuthService({ db: handle.db, secret: WORKER_SECRET, scrypt: TEST_SCRYPT });
  const fetcher: ContractTarget['fetch'] = (path, init) => fetch(base + path, init);
  return {
    name: 'worker',
    fetch: fetcher,
    json: withJson(fetcher),
    user: async (role, opts) => {
      const u = await auth.createUser({ email: uniqueEmail(role), password: TEST_PASSWORD, role, regionCode: opts?.regionCode ?? null });
      const token = await auth.createApiToken(u.id, 'contract');
      return { id: u.id, headers: { Authorization: `Bearer ${token.token}` } };
    },
    close: () => handle.close(),
  };
}
