import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { BANK, EVERY_TYPE } from './fixtures.ts';

let t: TestApp;
let teacher: Awaited<ReturnType<TestApp['user']>>;
beforeAll(async () => {
  t = await createTestApp();
  teacher = await t.user('teacher');
  expect((await t.call('POST', '/api/banks', { headers: teacher.headers, body: BANK })).status).toBe(201);
  for (const q of EVERY_TYPE.slice(0, 2)) expect((await t.call('POST', `/api/banks/${BANK.slug}/questions`, { headers: teacher.headers, body: q })).status).toBe(201);
  expect((await t.call('POST', `/api/banks/${BANK.slug}/publish`, { headers: teacher.headers })).status).toBe(201);
});
afterAll(() => t.close());

describe('GET a published bank version with an ETag', () => {
  it('sends a strong ETag, answers 304 to If-None-Match, and the body is the same version each time', async () => {
    const url = `/api/banks/${BANK.slug}/versions/1`;
    const first = await t.call('GET', url, { headers: teacher.headers });
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"bv-[0-9a-f-]+"$/);
    const body = (await first.json()) as { version: number; questions: Array<{ id: string }> };
    expect(body.version).toBe(1);
    expect(body.questions.map((q) => q.id)).toEqual(EVERY_TYPE.slice(0, 2).map((q) => q.id));

    const again = await t.call('GET', url, { headers: { ...teacher.headers, 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);

    const stale = await t.call('GET', url, { headers: { ...teacher.headers, 'If-None-Match': '"bv-other"' } });
    expect(stale.status).toBe(200);
    expect(await stale.json()).toEqual(body);
  });

  it('still checks access before a cached body or a 304: no session, no version', async () => {
    const url = `/api/banks/${BANK.slug}/versions/1`;
    const etag = (await t.call('GET', url, { headers: teacher.headers })).headers.get('etag')!;
    expect((await t.call('GET', url, { headers: { 'If-None-Match': etag } })).status).toBe(401);
    expect((await t.call('GET', url)).status).toBe(401);
  });
});
