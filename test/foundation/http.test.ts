import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { DEFAULT_BODY_LIMIT } from '../../src/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ METRICS_TOKEN: 'metrics-token-for-the-http-tests' });
});
afterAll(() => t.close());

describe('system routes', () => {
  it('answers liveness and readiness', async () => {
    const h = await t.call('GET', '/healthz');
    expect(h.status).toBe(200);
    expect(await h.json()).toEqual({ status: 'ok' });
    const r = await t.call('GET', '/readyz');
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'ready', checks: { database: 'ok' } });
  });

  it('serves the OpenAPI document generated from the route schemas', async () => {
    const res = await t.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    for (const p of ['/healthz', '/readyz', '/api/auth/login', '/api/me', '/api/auth/tokens', '/api/auth/tokens/{id}', '/api/users']) expect(doc.paths).toHaveProperty(p);
    expect(doc.components.schemas).toHaveProperty('Error');
  });

  it('serves the API reference page with its scripts from civiq itself', async () => {
    const page = await t.call('GET', '/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/docs/assets/swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\//);
    const js = await t.call('GET', '/docs/assets/swagger-ui-bundle.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await t.call('GET', '/docs/assets/..%2Fpackage.json')).status).toBe(404);
  });

  it('publishes the bank JSON Schema', async () => {
    const res = await t.call('GET', '/schemas/bank.json');
    expect(res.status).toBe(200);
    const schema = (await res.json()) as { properties: Record<string, unknown> };
    expect(schema.properties).toHaveProperty('questions');
    expect(schema.properties).toHaveProperty('slug');
  });

  it('exposes Prometheus metrics with per-route request counts', async () => {
    await t.call('GET', '/healthz');
    const res = await t.call('GET', '/metrics', { headers: { Authorization: 'Bearer metrics-token-for-the-http-tests' } });
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/civiq_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(text).toContain('civiq_http_request_duration_seconds_bucket');
  });
});

describe('errors and protections', () => {
  it('answers unknown routes with the envelope, in the request language', async () => {
    const vi = await t.call('GET', '/api/nothing-here');
    expect(vi.status).toBe(404);
    expect(await vi.json()).toEqual({ error: { code: 'ROUTE_NOT_FOUND', message: 'Không có đường dẫn API này.' } });
    const en = await t.call('GET', '/api/nothing-here', { headers: { 'Accept-Language': 'en-GB,en;q=0.9' } });
    expect(((await en.json()) as { error: { message: string } }).error.message).toBe('No such API route.');
  });

  it('rejects malformed JSON with INVALID_JSON', async () => {
    const res = await t.call('POST', '/api/auth/login', { raw: '{"email": "a@b.vn",', contentType: 'application/json' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('INVALID_JSON');
  });

  it('lists every failing field on schema errors', async () => {
    const res = await t.call('POST', '/api/auth/login', { body: { email: 5 } });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { code: string; details: Array<{ path: string }> } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.map((d) => d.path).sort()).toEqual(['email', 'password']);
  });

  it('refuses bodies over the limit with 413', async () => {
    const res = await t.call('POST', '/api/auth/login', { raw: JSON.stringify({ email: 'a'.repeat(DEFAULT_BODY_LIMIT + 10), password: 'x' }), contentType: 'application/json' });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('sets a request id, secure headers and a CSP without inline scripts', async () => {
    const res = await t.call('GET', '/healthz');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('keeps a caller-supplied request id', async () => {
    const res = await t.call('GET', '/healthz', { headers: { 'X-Request-Id': 'trace-123' } });
    expect(res.headers.get('x-request-id')).toBe('trace-123');
  });
});

describe('readiness with Redis configured', () => {
  it('is 503 while Redis does not answer', async () => {
    const down = await createTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const res = await down.call('GET', '/readyz');
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable', checks: { database: 'ok', redis: 'down' } });
    } finally {
      await down.close();
    }
  });

  it.runIf(process.env.REDIS_URL)('is 200 when Redis answers (REDIS_URL set)', async () => {
    const up = await createTestApp({ REDIS_URL: process.env.REDIS_URL! });
    try {
      const res = await up.call('GET', '/readyz');
      expect(await res.json()).toEqual({ status: 'ready', checks: { database: 'ok', redis: 'ok' } });
    } finally {
      await up.close();
    }
  });
});
