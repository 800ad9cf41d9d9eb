import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { BANK, EVERY_TYPE } from './fixtures.ts';

let t: TestApp;
let teacher: Awaited<ReturnType<TestApp['user']>>;
beforeAll(async () => {
  t = await createTestApp();
  teacher = await t.user('teacher');
  await t.call('POST', '/api/banks', { headers: teacher.headers, body: BANK });
  await t.call('POST', `/api/banks/${BANK.slug}/questions`, { headers: teacher.headers, body: EVERY_TYPE[0] });
});
afterAll(() => t.close());

const code = async (res: Response | Promise<Response>) => ((await (await res).json()) as { error: { code: string; details?: unknown } }).error;

describe('bank errors', () => {
  it('rejects a bad slug, a taken slug and missing titles', async () => {
    const bad = await t.call('POST', '/api/banks', { headers: teacher.headers, body: { ...BANK, slug: 'Có Dấu!' } });
    expect(bad.status).toBe(422);
    const taken = await t.call('POST', '/api/banks', { headers: teacher.headers, body: BANK });
    expect(taken.status).toBe(409);
    expect((await code(taken)).code).toBe('SLUG_TAKEN');
    const noTitle = await t.call('POST', '/api/banks', { headers: teacher.headers, body: { slug: 'x-y', title: { vi: '', en: '' } } });
    expect(noTitle.status).toBe(422);
  });

  it('validates questions per type with located errors', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...EVERY_TYPE[0]!, id: 'x1', answer: 'z' }, 'answer'],
      [{ ...EVERY_TYPE[0]!, id: 'x2', options: [{ id: 'a', text: { vi: 'một' } }] }, 'options'],
      [{ ...EVERY_TYPE[1]!, id: 'x3', weights: { a: 150, b: -50 } }, 'weights.a'],
      [{ ...EVERY_TYPE[4]!, id: 'x4', answer: ['a', 'a', 'b'] }, 'answer'],
      [{ ...EVERY_TYPE[3]!, id: 'x5', answer: [] }, 'answer'],
      [{ ...EVERY_TYPE[2]!, id: 'x6', difficulty: 5 }, 'difficulty'],
      [{ ...EVERY_TYPE[2]!, id: 'x7', points: 3 }, 'points'],
      [{ ...EVERY_TYPE[2]!, id: 'x8', prompt: { vi: 'x'.repeat(2001) } }, 'prompt.vi'],
      [{ ...EVERY_TYPE[2]!, id: 'Bad Id' }, 'id'],
      [{ ...EVERY_TYPE[2]!, id: 'x9', type: 'essay' }, 'type'],
    ];
    for (const [body, path] of cases) {
      const res = await t.call('POST', `/api/banks/${BANK.slug}/questions`, { headers: teacher.headers, body });
      expect(res.status, path).toBe(422);
      const err = await code(res);
      expect(err.code).toBe('VALIDATION_FAILED');
      expect((err.details as Array<{ path: string }>).map((d) => d.path), path).toContain(path);
    }
  });

  it('refuses a duplicate question id and an invalid patch, leaving the question unchanged', async () => {
    const dup = await t.call('POST', `/api/banks/${BANK.slug}/questions`, { headers: teacher.headers, body: EVERY_TYPE[0] });
    expect(dup.status).toBe(409);
    expect((await code(dup)).code).toBe('QUESTION_ID_TAKEN');
    const badPatch = await t.call('PATCH', `/api/banks/${BANK.slug}/questions/sc-otp`, { headers: teacher.headers, body: { answer: 'nope' } });
    expect(badPatch.status).toBe(422);
    const q = (await (await t.call('GET', `/api/banks/${BANK.slug}/questions/sc-otp`, { headers: teacher.headers })).json()) as { answer: string };
    expect(q.answer).toBe('b');
  });

  it('answers unknown banks, questions and versions with 404', async () => {
    expect((await t.call('GET', '/api/banks/khong-co', { headers: teacher.headers })).status).toBe(404);
    expect((await t.call('GET', `/api/banks/${BANK.slug}/questions/khong-co`, { headers: teacher.headers })).status).toBe(404);
    const v = await t.call('GET', `/api/banks/${BANK.slug}/versions/9`, { headers: teacher.headers });
    expect(v.status).toBe(404);
    expect((await code(v)).code).toBe('VERSION_NOT_FOUND');
  });

  it('rejects a reorder that does not list every question once', async () => {
    for (const ids of [[], ['sc-otp', 'sc-otp'], ['nope']]) {
      const res = await t.call('PUT', `/api/banks/${BANK.slug}/questions/order`, { headers: teacher.headers, body: { ids } });
      expect(res.status).toBe(422);
      expect((await code(res)).code).toBe('INVALID_ORDER');
    }
  });

  it('refuses to publish an empty bank', async () => {
    await t.call('POST', '/api/banks', { headers: teacher.headers, body: { ...BANK, slug: 'empty-bank' } });
    const res = await t.call('POST', '/api/banks/empty-bank/publish', { headers: teacher.headers });
    expect(res.status).toBe(422);
    expect((await code(res)).code).toBe('EMPTY_BANK');
  });

  it('rejects bad search parameters', async () => {
    expect((await t.call('GET', '/api/questions?difficulty=7', { headers: teacher.headers })).status).toBe(422);
    expect((await t.call('GET', '/api/questions?pageSize=1000', { headers: teacher.headers })).status).toBe(422);
    expect((await t.call('GET', '/api/questions?competence=abc', { headers: teacher.headers })).status).toBe(422);
  });

  it('refuses fake and oversized images', async () => {
    const fake = await t.app.request(`/api/banks/${BANK.slug}/images`, { method: 'POST', headers: { ...teacher.headers, 'Content-Type': 'image/png' }, body: '<svg onload=alert(1)>' });
    expect(fake.status).toBe(415);
    const svg = await t.app.request(`/api/banks/${BANK.slug}/images`, { method: 'POST', headers: { ...teacher.headers, 'Content-Type': 'image/svg+xml' }, body: '<svg/>' });
    expect(svg.status).toBe(415);
    const big = new Uint8Array(2 * 1024 * 1024 + 1);
    big.set([0x89, 0x50, 0x4e, 0x47]);
    const huge = await t.app.request(`/api/banks/${BANK.slug}/images`, { method: 'POST', headers: { ...teacher.headers, 'Content-Type': 'image/png' }, body: big });
    expect(huge.status).toBe(413);
  });
});
