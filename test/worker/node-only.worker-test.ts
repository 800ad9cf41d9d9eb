import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractTarget, type ContractTarget } from '../contract/target.ts';

/** Runs only in `npm run worker:test`: what the worker forwards to (or leaves for) the Node server. */
let t: ContractTarget;
beforeAll(async () => {
  t = await contractTarget();
});
afterAll(() => t?.close());
const body = async <T = any>(res: Response): Promise<T> => (await res.json()) as T;

describe('what the worker leaves to the Node server', () => {
  it('answers live-contest creation and password sign-in with NODE_ONLY (501) and a hint', async () => {
    for (const [path, init] of [
      ['/api/live-contests', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } }],
      ['/api/auth/login', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json', 'Accept-Language': 'en' } }],
    ] as const) {
      const res = await t.fetch(path, init);
      expect(res.status).toBe(501);
      const b = await body<{ error: { code: string; details: { path: string } } }>(res);
      expect(b.error.code).toBe('NODE_ONLY');
      expect(b.error.details.path).toBe(path);
    }
  });
});
