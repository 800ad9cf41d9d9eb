import { describe, expect, it } from 'vitest';
import { forwardToNode, isNodeOnly } from '../../src/worker/node-only.ts';

describe('what the worker leaves to the Node server', () => {
  it('serves the API and machine-readable documents itself', () => {
    for (const p of ['/api/banks', '/api/banks/x/questions', '/api/scheduled-contests/x/register', '/api/attempts/1/submit', '/healthz', '/readyz', '/openapi.json', '/schemas/bank.json', '/uploads/0f8fad5b-d9cb-469f-a165-70867728950e']) {
      expect(isNodeOnly(p), p).toBe(false);
    }
  });

  it('forwards live contests, sign-in, account administration, sockets and every page', () => {
    for (const p of ['/api/live-contests', '/api/live-contests/1/results', '/api/auth/login', '/api/users', '/api/users/1/password', '/socket.io/', '/', '/play', '/banks', '/contests/x', '/reports', '/static/build/play.page.js', '/docs', '/metrics']) {
      expect(isNodeOnly(p), p).toBe(true);
    }
  });

  it('answers 501 NODE_ONLY in the caller language when no Node server is configured', async () => {
    const res = await forwardToNode(new Request('https://w.example/api/live-contests?x=1', { method: 'POST' }), undefined, 'en');
    expect(res.status).toBe(501);
    const body = (await res.json()) as { error: { code: string; message: string; details: { path: string } } };
    expect(body.error.code).toBe('NODE_ONLY');
    expect(body.error.message).toMatch(/Node server/);
    expect(body.error.details.path).toBe('/api/live-contests');
  });
});
