import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { BANK, EVERY_TYPE } from './fixtures.ts';

let t: TestApp;
let teacher: Awaited<ReturnType<TestApp['user']>>;
beforeAll(async () => {
  t = await createTestApp();
  teacher = await t.user('teacher');
});
afterAll(() => t.close());

const json = async <T = any>(res: Response | Promise<Response>): Promise<T> => (await res).json() as Promise<T>;

describe('a teacher authors a bank end to end', () => {
  it('creates a bank and writes a question of every type in both languages', async () => {
    const created = await t.call('POST', '/api/banks', { headers: teacher.headers, body: BANK });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ slug: BANK.slug, access: 'owner', questionCount: 0, latestVersion: null });
    for (const q of EVERY_TYPE) {
      const res = await t.call('POST', `/api/banks/${BANK.slug}/questions`, { headers: teacher.headers, body: q });
      expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
    }
    const list = await json<{ questions: Array<{ id: string; type: string }> }>(t.call('GET', `/api/banks/${BANK.slug}/questions`, { headers: teacher.headers }));
    expect(list.questions.map((q) => q.id)).toEqual(EVERY_TYPE.map((q) => q.id));
    expect(new Set(list.questions.map((q) => q.type)).size).toBe(5);
  });

  it('generates an id for a question without one and reads it back', async () => {
    const { id: _drop, ...noId } = EVERY_TYPE[2]!;
    const res = await json<{ id: string }>(t.call('POST', `/api/banks/${BANK.slug}/questions`, { headers: teacher.headers, body: { ...noId, prompt: { vi: 'Câu hỏi mới', en: 'A new question' } } }));
    expect(res.id).toMatch(/^q-[0-9a-f]{10}$/);
    const one = await json(t.call('GET', `/api/banks/${BANK.slug}/questions/${res.id}`, { headers: teacher.headers }));
    expect(one).toMatchObject({ id: res.id, type: 'true_false', answer: false });
    expect((await t.call('DELETE', `/api/banks/${BANK.slug}/questions/${res.id}`, { headers: teacher.headers })).status).toBe(204);
    expect((await t.call('GET', `/api/banks/${BANK.slug}/questions/${res.id}`, { headers: teacher.headers })).status).toBe(404);
  });

  it('stores text in NFC even when sent decomposed', async () => {
    const nfd = 'Mật khẩu mạnh'.normalize('NFD');
    const res = await json<{ prompt: { vi: string } }>(
      t.call('PATCH', `/api/banks/${BANK.slug}/questions/tf-change`, { headers: teacher.headers, body: { prompt: { vi: nfd, en: 'A strong password' } } }),
    );
    expect(res.prompt.vi).toBe('Mật khẩu mạnh'.normalize('NFC'));
    await t.call('PATCH', `/api/banks/${BANK.slug}/questions/tf-change`, { headers: teacher.headers, body: { prompt: EVERY_TYPE[2]!.prompt } });
  });

  it('publishes immutable versions; editing the draft never changes a published one', async () => {
    const v1 = await t.call('POST', `/api/banks/${BANK.slug}/publish`, { headers: teacher.headers });
    expect(v1.status).toBe(201);
    expect(await v1.json()).toEqual({ version: 1 });
    const again = await t.call('POST', `/api/banks/${BANK.slug}/publish`, { headers: teacher.headers });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('NO_CHANGES');

    await t.call('PATCH', `/api/banks/${BANK.slug}/questions/sc-otp`, { headers: teacher.headers, body: { difficulty: 2 } });
    await t.call('DELETE', `/api/banks/${BANK.slug}/questions/sa-5656`, { headers: teacher.headers });
    await t.call('POST', `/api/banks/${BANK.slug}/questions`, { headers: teacher.headers, body: { ...EVERY_TYPE[0]!, id: 'sc-new', prompt: { vi: 'Câu mới về OTP', en: 'New OTP question' } } });
    const v2 = await json<{ version: number }>(t.call('POST', `/api/banks/${BANK.slug}/publish`, { headers: teacher.headers }));
    expect(v2.version).toBe(2);

    const one = await json<{ questions: Array<{ id: string; difficulty: number }> }>(t.call('GET', `/api/banks/${BANK.slug}/versions/1`, { headers: teacher.headers }));
    expect(one.questions.find((q) => q.id === 'sc-otp')?.difficulty).toBe(1);
    expect(one.questions.map((q) => q.id)).toContain('sa-5656');

    const versions = await json<{ versions: Array<{ version: number; questionCount: number }> }>(t.call('GET', `/api/banks/${BANK.slug}/versions`, { headers: teacher.headers }));
    expect(versions.versions.map((v) => [v.version, v.questionCount])).toEqual([
      [2, 5],
      [1, 5],
    ]);

    const diff = await json<{ added: Array<{ id: string }>; removed: Array<{ id: string }>; changed: Array<{ id: string; fields: string[] }> }>(
      t.call('GET', `/api/banks/${BANK.slug}/versions/1/diff/2`, { headers: teacher.headers }),
    );
    expect(diff.added.map((q) => q.id)).toEqual(['sc-new']);
    expect(diff.removed.map((q) => q.id)).toEqual(['sa-5656']);
    expect(diff.changed).toEqual([{ id: 'sc-otp', prompt: EVERY_TYPE[0]!.prompt, fields: ['difficulty'] }]);
  });

  it('lists banks with question counts and latest version', async () => {
    const res = await json<{ banks: Array<{ slug: string; questionCount: number; latestVersion: number }> }>(t.call('GET', '/api/banks', { headers: teacher.headers }));
    expect(res.banks.find((b) => b.slug === BANK.slug)).toMatchObject({ questionCount: 5, latestVersion: 2 });
  });

  it('reorders the draft', async () => {
    const list = await json<{ questions: Array<{ id: string }> }>(t.call('GET', `/api/banks/${BANK.slug}/questions`, { headers: teacher.headers }));
    const reversed = list.questions.map((q) => q.id).reverse();
    const res = await t.call('PUT', `/api/banks/${BANK.slug}/questions/order`, { headers: teacher.headers, body: { ids: reversed } });
    expect(res.status).toBe(200);
    const after = await json<{ questions: Array<{ id: string }> }>(t.call('GET', `/api/banks/${BANK.slug}/questions`, { headers: teacher.headers }));
    expect(after.questions.map((q) => q.id)).toEqual(reversed);
  });

  it('searches with and without diacritics, with filters and pages', async () => {
    const a = await json<{ total: number; items: Array<{ question: { id: string } }> }>(t.call('GET', `/api/questions?q=${encodeURIComponent('mật khẩu')}`, { headers: teacher.headers }));
    const b = await json<{ total: number; items: Array<{ question: { id: string } }> }>(t.call('GET', '/api/questions?q=mat%20khau', { headers: teacher.headers }));
    expect(a.total).toBeGreaterThan(0);
    expect(b.items.map((i) => i.question.id).sort()).toEqual(a.items.map((i) => i.question.id).sort());
    expect(b.items.map((i) => i.question.id)).toContain('tf-change');
    const byCompetence = await json<{ items: Array<{ question: { id: string } }> }>(t.call('GET', '/api/questions?competence=5', { headers: teacher.headers }));
    expect(byCompetence.items.map((i) => i.question.id)).toEqual(['or-steps']);
    const byType = await json<{ total: number }>(t.call('GET', '/api/questions?type=ordering&gradeBand=TC2&difficulty=2', { headers: teacher.headers }));
    expect(byType.total).toBe(1);
    const page = await json<{ total: number; items: unknown[]; page: number }>(t.call('GET', '/api/questions?pageSize=2&page=2', { headers: teacher.headers }));
    expect(page.items).toHaveLength(2);
    expect(page.page).toBe(2);
  });

  it('archives a bank but keeps its published versions', async () => {
    await t.call('POST', '/api/banks', { headers: teacher.headers, body: { ...BANK, slug: 'to-archive' } });
    await t.call('POST', '/api/banks/to-archive/questions', { headers: teacher.headers, body: EVERY_TYPE[0] });
    await t.call('POST', '/api/banks/to-archive/publish', { headers: teacher.headers });
    expect((await t.call('DELETE', '/api/banks/to-archive', { headers: teacher.headers })).status).toBe(204);
    const list = await json<{ banks: Array<{ slug: string }> }>(t.call('GET', '/api/banks', { headers: teacher.headers }));
    expect(list.banks.map((b) => b.slug)).not.toContain('to-archive');
    const v = await t.call('GET', '/api/banks/to-archive/versions/1', { headers: teacher.headers });
    expect(v.status).toBe(200);
    const edit = await t.call('POST', '/api/banks/to-archive/questions', { headers: teacher.headers, body: EVERY_TYPE[1] });
    expect(edit.status).toBe(409);
  });
});

describe('review workflow', () => {
  it('requires approval before publishing, and a later edit needs approval again', async () => {
    const reviewer = await t.user('teacher');
    await t.call('POST', '/api/banks', { headers: teacher.headers, body: { ...BANK, slug: 'official-bank', reviewRequired: true } });
    await t.call('PUT', '/api/banks/official-bank/members', { headers: teacher.headers, body: { email: reviewer.email, role: 'reviewer' } });
    await t.call('POST', '/api/banks/official-bank/questions', { headers: teacher.headers, body: EVERY_TYPE[0] });
    const blocked = await t.call('POST', '/api/banks/official-bank/publish', { headers: teacher.headers });
    expect(blocked.status).toBe(409);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('REVIEW_REQUIRED');

    await t.call('POST', '/api/banks/official-bank/review/submit', { headers: teacher.headers, body: { note: 'Xin duyệt' } });
    const commented = await json<{ comments: Array<{ questionId: string | null; body: string }> }>(
      t.call('POST', '/api/banks/official-bank/review/comments', { headers: reviewer.headers, body: { questionId: 'sc-otp', body: 'Nên thêm phương án' } }),
    );
    expect(commented.comments.some((c) => c.questionId === 'sc-otp' && c.body === 'Nên thêm phương án')).toBe(true);
    const changes = await json<{ state: string }>(t.call('POST', '/api/banks/official-bank/review/decision', { headers: reviewer.headers, body: { decision: 'request_changes' } }));
    expect(changes.state).toBe('changes_requested');
    await t.call('POST', '/api/banks/official-bank/review/submit', { headers: teacher.headers });
    const approved = await json<{ state: string }>(t.call('POST', '/api/banks/official-bank/review/decision', { headers: reviewer.headers, body: { decision: 'approve' } }));
    expect(approved.state).toBe('approved');
    expect((await t.call('POST', '/api/banks/official-bank/publish', { headers: teacher.headers })).status).toBe(201);

    await t.call('PATCH', '/api/banks/official-bank/questions/sc-otp', { headers: teacher.headers, body: { difficulty: 3 } });
    const review = await json<{ state: string }>(t.call('GET', '/api/banks/official-bank/review', { headers: teacher.headers }));
    expect(review.state).toBe('draft');
    expect((await t.call('POST', '/api/banks/official-bank/publish', { headers: teacher.headers })).status).toBe(409);
  });
});

describe('images', () => {
  it('stores a real PNG and serves it', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const res = await t.app.request(`/api/banks/${BANK.slug}/images`, { method: 'POST', headers: { ...teacher.headers, 'Content-Type': 'image/png' }, body: png });
    expect(res.status).toBe(201);
    const { url } = (await res.json()) as { url: string };
    const img = await t.app.request(url);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await img.arrayBuffer()).equals(png)).toBe(true);
  });
});
