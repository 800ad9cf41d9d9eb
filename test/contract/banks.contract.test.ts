import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVERY_TYPE } from '../banks/fixtures.ts';
import { contractTarget, type ContractTarget } from './target.ts';

/**
 * The HTTP contract of the question-bank API, run against the Node app (`npm test`) and the
 * Workers build in workerd (`npm run worker:test`): same requests, same answers.
 */
let t: ContractTarget;
let teacher: Awaited<ReturnType<ContractTarget['user']>>;
let other: Awaited<ReturnType<ContractTarget['user']>>;
const slug = `contract-${Date.now().toString(36)}`;

beforeAll(async () => {
  t = await contractTarget();
  teacher = await t.user('teacher');
  other = await t.user('teacher');
});
afterAll(() => t?.close());

const body = async <T = any>(res: Response): Promise<T> => (await res.json()) as T;

describe(`bank API contract`, () => {
  it('answers liveness and publishes the OpenAPI document with the bank routes', async () => {
    expect(await body(await t.fetch('/healthz'))).toEqual({ status: 'ok' });
    const doc = await body<{ paths: Record<string, unknown> }>(await t.fetch('/openapi.json'));
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/banks', '/api/banks/{slug}/questions', '/api/questions', '/api/region-sets']));
  });

  it('refuses anonymous callers with the error envelope, in the caller language', async () => {
    const res = await t.fetch('/api/banks', { headers: { 'Accept-Language': 'en' } });
    expect(res.status).toBe(401);
    expect(await body(res)).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'You need to log in.' } });
  });

  it('rejects malformed JSON and invalid fields with stable codes', async () => {
    const bad = await t.fetch('/api/banks', { method: 'POST', headers: { ...teacher.headers, 'Content-Type': 'application/json' }, body: '{"slug":' });
    expect(bad.status).toBe(400);
    expect((await body(bad)).error.code).toBe('INVALID_JSON');
    const invalid = await t.json('POST', '/api/banks', { slug: 'Not A Slug!' }, teacher.headers);
    expect(invalid.status).toBe(422);
    expect((await body(invalid)).error.code).toBe('VALIDATION_FAILED');
  });

  it('creates a bank, writes every question type, publishes and reads the version back', async () => {
    const created = await t.json('POST', '/api/banks', { slug, title: { vi: 'Ngân hàng hợp đồng', en: 'Contract bank' }, language: 'vi', visibility: 'private' }, teacher.headers);
    expect(created.status).toBe(201);
    expect(await body(created)).toMatchObject({ slug, access: 'owner', questionCount: 0 });
    for (const q of EVERY_TYPE) expect((await t.json('POST', `/api/banks/${slug}/questions`, q, teacher.headers)).status).toBe(201);
    const published = await t.json('POST', `/api/banks/${slug}/publish`, undefined, teacher.headers);
    expect(published.status).toBe(201);
    expect(await body(published)).toEqual({ version: 1 });
    const v1 = await body<{ questions: Array<{ id: string }> }>(await t.fetch(`/api/banks/${slug}/versions/1`, { headers: teacher.headers }));
    expect(v1.questions.map((q) => q.id)).toEqual(EVERY_TYPE.map((q) => q.id));
  });

  it('keeps a private bank from other teachers', async () => {
    const res = await t.fetch(`/api/banks/${slug}`, { headers: other.headers });
    expect([403, 404]).toContain(res.status);
  });

  it('finds questions without diacritics ("mat khau" finds "mật khẩu")', async () => {
    const res = await body<{ items: Array<{ bank: string; question: { id: string } }> }>(await t.fetch(`/api/questions?q=${encodeURIComponent('mat khau')}&bank=${slug}`, { headers: teacher.headers }));
    expect(res.items.map((i) => i.question.id)).toContain('tf-change');
  });

  it('imports GIFT leniently, reporting the bad line, and exports CSV with a BOM', async () => {
    const gift = '::g1:: Mã OTP có nên chia sẻ không? {F}\n\n::g2:: Câu lỗi {=a ~b\n';
    const res = await t.fetch(`/api/banks/${slug}/import?format=gift`, { method: 'POST', headers: { ...teacher.headers, 'Content-Type': 'text/plain' }, body: gift });
    expect(res.status).toBe(200);
    const out = await body<{ imported: number; skipped: Array<{ line: number }> }>(res);
    expect(out.imported).toBe(1);
    expect(out.skipped.map((s) => s.line)).toEqual([3]);
    const csv = await t.fetch(`/api/banks/${slug}/export?format=csv&version=1`, { headers: teacher.headers });
    expect(csv.headers.get('Content-Type')).toMatch(/^text\/csv/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('serves region sets publicly', async () => {
    const sets = await body<{ sets: Array<{ code: string }> }>(await t.fetch('/api/region-sets'));
    expect(sets.sets.map((s) => s.code)).toContain('daklak-2021');
  });
});
