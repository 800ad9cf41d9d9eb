import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { BANK, EVERY_TYPE } from './fixtures.ts';
import { BANK_FORMATS } from '../../src/banks/formats/index.ts';

/**
 * The API additions the authoring pages use: import dry run, bulk changes,
 * whole-question replace, publish notes, the format list and the CSV template.
 */

let t: TestApp;
let teacher: Awaited<ReturnType<TestApp['user']>>;
let other: Awaited<ReturnType<TestApp['user']>>;
beforeAll(async () => {
  t = await createTestApp();
  teacher = await t.user('teacher');
  other = await t.user('teacher');
  expect((await t.call('POST', '/api/banks', { headers: teacher.headers, body: BANK })).status).toBe(201);
  for (const q of EVERY_TYPE) expect((await t.call('POST', `/api/banks/${BANK.slug}/questions`, { headers: teacher.headers, body: q })).status).toBe(201);
});
afterAll(() => t.close());

const json = async <T = any>(r: Response | Promise<Response>) => (await r).json() as Promise<T>;
const count = async () => (await json<{ questions: unknown[] }>(t.call('GET', `/api/banks/${BANK.slug}/questions`, { headers: teacher.headers }))).questions.length;

const GIFT = ['::g-1:: Có nên đưa mã OTP cho người lạ?{FALSE}', '', '::g-2:: Mật khẩu mạnh là?{=Dài và ngẫu nhiên ~Ngày sinh}', '', '::bad:: Câu hỏi lỗi {=a ~b', '', '::sc-otp:: Trùng mã {TRUE}'].join('\n');

describe('import dry run', () => {
  it('reports what would be imported and skipped, with lines, and writes nothing', async () => {
    const before = await count();
    const r = await t.call('POST', `/api/banks/${BANK.slug}/import?format=gift&dryRun=true`, { headers: teacher.headers, raw: GIFT });
    expect(r.status).toBe(200);
    const body = await json(r);
    expect(body).toMatchObject({ dryRun: true, imported: 2, replaced: 0, wouldFail: false });
    expect(body.questions.map((q: { id: string; line: number; action: string }) => [q.id, q.line, q.action])).toEqual([
      ['g-1', 1, 'insert'],
      ['g-2', 3, 'insert'],
    ]);
    expect(body.skipped.map((s: { line: number }) => s.line)).toEqual([5, 7]);
    // Reasons follow the request's language (Vietnamese by default).
    expect(body.skipped[1].reason).toMatch(/đã có câu hỏi mã "sc-otp"/);
    expect(await count()).toBe(before);
  });

  it('says a strict import would fail instead of failing, and plans replacements', async () => {
    const strict = await json(t.call('POST', `/api/banks/${BANK.slug}/import?format=gift&mode=strict&dryRun=true&onConflict=replace`, { headers: teacher.headers, raw: GIFT }));
    expect(strict).toMatchObject({ dryRun: true, wouldFail: true, imported: 2, replaced: 1 });
    expect(strict.questions.find((q: { id: string }) => q.id === 'sc-otp').action).toBe('replace');
    // The real strict import still refuses the file.
    expect((await t.call('POST', `/api/banks/${BANK.slug}/import?format=gift&mode=strict`, { headers: teacher.headers, raw: GIFT })).status).toBe(422);
  });

  it('previews a broken JSON file sent as text (as the import page sends it) with the line of the problem', async () => {
    const broken = '{\n  "slug": "x",\n  "questions": [\n    { "type": "true_false", "prompt": { "vi": "Đúng?" }, "answer": tru }\n  ]\n}';
    const r = await t.call('POST', `/api/banks/${BANK.slug}/import?format=json&dryRun=true`, { headers: teacher.headers, raw: broken, contentType: 'text/plain' });
    expect(r.status).toBe(200);
    const body = await json(r);
    expect(body.imported).toBe(0);
    expect(body.skipped[0].line).toBe(4);
  });

  it('is refused to someone who may not edit the bank', async () => {
    const r = await t.call('POST', `/api/banks/${BANK.slug}/import?format=gift&dryRun=true`, { headers: other.headers, raw: GIFT });
    expect([403, 404]).toContain(r.status);
  });
});

describe('bulk changes', () => {
  it('adds and removes a tag on several questions at once', async () => {
    const ids = ['sc-otp', 'mc-mfa'];
    expect(await json(t.call('POST', `/api/banks/${BANK.slug}/questions/bulk`, { headers: teacher.headers, body: { ids, action: 'addTag', tag: 'ôn tập' } }))).toEqual({ changed: 2 });
    const tagged = await json<{ questions: Array<{ id: string; tags: string[] }> }>(t.call('GET', `/api/banks/${BANK.slug}/questions`, { headers: teacher.headers }));
    expect(tagged.questions.filter((q) => q.tags.includes('ôn tập')).map((q) => q.id).sort()).toEqual([...ids].sort());
    await t.call('POST', `/api/banks/${BANK.slug}/questions/bulk`, { headers: teacher.headers, body: { ids: ['sc-otp'], action: 'removeTag', tag: 'ôn tập' } });
    const after = await json<{ tags: string[] }>(t.call('GET', `/api/banks/${BANK.slug}/questions/sc-otp`, { headers: teacher.headers }));
    expect(after.tags).not.toContain('ôn tập');
  });

  it('deletes all or nothing: an unknown id changes nothing', async () => {
    const before = await count();
    const bad = await t.call('POST', `/api/banks/${BANK.slug}/questions/bulk`, { headers: teacher.headers, body: { ids: ['tf-change', 'nope'], action: 'delete' } });
    expect(bad.status).toBe(404);
    expect(await count()).toBe(before);
    const tagless = await t.call('POST', `/api/banks/${BANK.slug}/questions/bulk`, { headers: teacher.headers, body: { ids: ['tf-change'], action: 'addTag' } });
    expect(tagless.status).toBe(422);
    const ok = await json(t.call('POST', `/api/banks/${BANK.slug}/questions/bulk`, { headers: teacher.headers, body: { ids: ['tf-change'], action: 'delete' } }));
    expect(ok).toEqual({ changed: 1 });
    expect(await count()).toBe(before - 1);
  });

  it('is refused to other teachers', async () => {
    const r = await t.call('POST', `/api/banks/${BANK.slug}/questions/bulk`, { headers: other.headers, body: { ids: ['sc-otp'], action: 'delete' } });
    expect([403, 404]).toContain(r.status);
  });
});

describe('replacing a question whole', () => {
  it('removes fields the editor left out (PATCH would keep them)', async () => {
    const cur = await json<Record<string, unknown>>(t.call('GET', `/api/banks/${BANK.slug}/questions/sc-otp`, { headers: teacher.headers }));
    expect(cur.explanation).toBeDefined();
    const { explanation: _drop, id: _id, ...rest } = cur;
    const r = await t.call('PUT', `/api/banks/${BANK.slug}/questions/sc-otp`, { headers: teacher.headers, body: { ...rest, prompt: { vi: 'Câu mới', en: 'New prompt' } } });
    expect(r.status).toBe(200);
    const after = await json<Record<string, unknown>>(t.call('GET', `/api/banks/${BANK.slug}/questions/sc-otp`, { headers: teacher.headers }));
    expect(after.explanation).toBeUndefined();
    expect(after.prompt).toEqual({ vi: 'Câu mới', en: 'New prompt' });
  });

  it('validates the whole question (422 with field paths)', async () => {
    const r = await t.call('PUT', `/api/banks/${BANK.slug}/questions/sc-otp`, { headers: teacher.headers, body: { type: 'single_choice', prompt: { vi: 'x', en: '' }, options: [], answer: 'a' } });
    expect(r.status).toBe(422);
    const body = await json(r);
    expect(body.error.details.some((d: { path: string }) => d.path.startsWith('options'))).toBe(true);
  });
});

describe('publishing with a note', () => {
  it('keeps the note in the version list', async () => {
    const r = await t.call('POST', `/api/banks/${BANK.slug}/publish`, { headers: teacher.headers, body: { note: 'Thêm câu về OTP' } });
    expect(r.status).toBe(201);
    const v = await json<{ versions: Array<{ version: number; note: string }> }>(t.call('GET', `/api/banks/${BANK.slug}/versions`, { headers: teacher.headers }));
    expect(v.versions[0]).toMatchObject({ version: 1, note: 'Thêm câu về OTP' });
  });

  it('publishes without a body too (note empty)', async () => {
    await t.call('PATCH', `/api/banks/${BANK.slug}/questions/sc-otp`, { headers: teacher.headers, body: { difficulty: 3 } });
    const r = await t.app.request(`/api/banks/${BANK.slug}/publish`, { method: 'POST', headers: teacher.headers });
    expect(r.status).toBe(201);
    const v = await json<{ versions: Array<{ version: number; note: string }> }>(t.call('GET', `/api/banks/${BANK.slug}/versions`, { headers: teacher.headers }));
    expect(v.versions[0]).toMatchObject({ version: 2, note: '' });
  });
});

describe('formats and the CSV template', () => {
  it('lists every format of the registry, described', async () => {
    const r = await json<{ formats: Array<{ id: string; extensions: string[]; imports: boolean }> }>(t.call('GET', '/api/bank-formats'));
    expect(r.formats.map((f) => f.id).sort()).toEqual([...BANK_FORMATS].sort());
    expect(r.formats.find((f) => f.id === 'gift')!.extensions).toContain('.gift');
  });

  it('serves a CSV template with Vietnamese headers that imports as it stands', async () => {
    const r = await t.call('GET', '/api/bank-formats/csv/template');
    expect(r.headers.get('Content-Type')).toMatch(/^text\/csv/);
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM Excel needs
    const text = new TextDecoder().decode(bytes);
    expect(text.split('\r\n')[0]).toContain('Câu hỏi (tiếng Việt)');
    await t.call('POST', '/api/banks', { headers: teacher.headers, body: { ...BANK, slug: 'tu-mau' } });
    const imported = await json(t.call('POST', '/api/banks/tu-mau/import?format=csv', { headers: teacher.headers, raw: text, contentType: 'text/csv' }));
    expect(imported).toEqual({ imported: 2, replaced: 0, skipped: [] });
    const q = await json(t.call('GET', '/api/banks/tu-mau/questions/vd-mat-khau', { headers: teacher.headers }));
    expect(q).toMatchObject({ type: 'single_choice', answer: 'c', competences: ['4.2'], gradeBands: ['TC1', 'TC2'] });
  });

  it('lists the new routes in /openapi.json', async () => {
    const doc = await json<{ paths: Record<string, Record<string, unknown>> }>(t.call('GET', '/openapi.json'));
    expect(doc.paths['/api/banks/{slug}/questions/bulk']?.post).toBeDefined();
    expect(doc.paths['/api/banks/{slug}/questions/{id}']?.put).toBeDefined();
    expect(doc.paths['/api/bank-formats']?.get).toBeDefined();
    expect(doc.paths['/api/users']?.get).toBeDefined();
    expect(doc.paths['/api/users/{id}']?.patch).toBeDefined();
    expect(doc.paths['/api/users/{id}/password']?.post).toBeDefined();
  });
});
