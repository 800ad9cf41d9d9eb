import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { BANK, EVERY_TYPE } from './fixtures.ts';

type U = Awaited<ReturnType<TestApp['user']>>;
let t: TestApp;
let owner: U, editor: U, viewer: U, stranger: U, sameUnit: U, official: U, admin: U;

beforeAll(async () => {
  t = await createTestApp();
  owner = await t.user('teacher', { regionCode: 'buon-ma-thuot' });
  editor = await t.user('teacher');
  viewer = await t.user('teacher');
  stranger = await t.user('teacher', { regionCode: 'ea-kar' });
  sameUnit = await t.user('teacher', { regionCode: 'buon-ma-thuot' });
  official = await t.user('official', { regionCode: 'buon-ma-thuot' });
  admin = await t.user('admin');
  await t.call('POST', '/api/banks', { headers: owner.headers, body: BANK });
  await t.call('POST', `/api/banks/${BANK.slug}/questions`, { headers: owner.headers, body: EVERY_TYPE[0] });
  await t.call('PUT', `/api/banks/${BANK.slug}/members`, { headers: owner.headers, body: { email: editor.email, role: 'editor' } });
  await t.call('PUT', `/api/banks/${BANK.slug}/members`, { headers: owner.headers, body: { email: viewer.email, role: 'viewer' } });
});
afterAll(() => t.close());

const status = async (u: U | null, method: string, url: string, body?: unknown) => (await t.call(method, url, { headers: u?.headers ?? {}, ...(body !== undefined ? { body } : {}) })).status;
const newQ = (id: string) => ({ ...EVERY_TYPE[2]!, id, prompt: { vi: `Câu ${id}`, en: `Question ${id}` } });

describe('bank permissions', () => {
  it('needs an account for every bank route', async () => {
    for (const [m, u] of [
      ['GET', '/api/banks'],
      ['POST', '/api/banks'],
      ['GET', `/api/banks/${BANK.slug}`],
      ['GET', `/api/banks/${BANK.slug}/questions`],
      ['GET', `/api/banks/${BANK.slug}/export?format=json`],
      ['GET', '/api/questions?q=otp'],
      ['POST', `/api/banks/${BANK.slug}/publish`],
    ] as const) {
      expect(await status(null, m, u, m === 'POST' ? {} : undefined), `${m} ${u}`).toBe(401);
    }
  });

  it('hides a private bank from teachers who are not members (404, not 403)', async () => {
    expect(await status(stranger, 'GET', `/api/banks/${BANK.slug}`)).toBe(404);
    expect(await status(stranger, 'GET', `/api/banks/${BANK.slug}/questions`)).toBe(404);
    expect(await status(stranger, 'POST', `/api/banks/${BANK.slug}/questions`, newQ('s1'))).toBe(404);
    const list = (await (await t.call('GET', '/api/banks', { headers: stranger.headers })).json()) as { banks: Array<{ slug: string }> };
    expect(list.banks.map((b) => b.slug)).not.toContain(BANK.slug);
    const search = (await (await t.call('GET', '/api/questions?q=otp', { headers: stranger.headers })).json()) as { total: number };
    expect(search.total).toBe(0);
  });

  it('lets owner and editors write, viewers only read', async () => {
    expect(await status(owner, 'POST', `/api/banks/${BANK.slug}/questions`, newQ('o1'))).toBe(201);
    expect(await status(editor, 'POST', `/api/banks/${BANK.slug}/questions`, newQ('e1'))).toBe(201);
    expect(await status(editor, 'PATCH', `/api/banks/${BANK.slug}/questions/o1`, { difficulty: 3 })).toBe(200);
    expect(await status(viewer, 'GET', `/api/banks/${BANK.slug}/questions`)).toBe(200);
    expect(await status(viewer, 'POST', `/api/banks/${BANK.slug}/questions`, newQ('v1'))).toBe(403);
    expect(await status(viewer, 'PATCH', `/api/banks/${BANK.slug}/questions/o1`, { difficulty: 1 })).toBe(403);
    expect(await status(viewer, 'DELETE', `/api/banks/${BANK.slug}/questions/o1`)).toBe(403);
    expect(await status(viewer, 'POST', `/api/banks/${BANK.slug}/publish`)).toBe(403);
    expect(await status(viewer, 'POST', `/api/banks/${BANK.slug}/import?format=json`, [])).toBe(403);
  });

  it('keeps visibility, members and archiving for the owner', async () => {
    expect(await status(editor, 'PATCH', `/api/banks/${BANK.slug}`, { visibility: 'public' })).toBe(403);
    expect(await status(editor, 'PATCH', `/api/banks/${BANK.slug}`, { title: { vi: 'Tên mới', en: 'New name' } })).toBe(200);
    expect(await status(editor, 'PUT', `/api/banks/${BANK.slug}/members`, { email: stranger.email, role: 'editor' })).toBe(403);
    expect(await status(editor, 'DELETE', `/api/banks/${BANK.slug}`)).toBe(403);
  });

  it('shows unit banks to teachers of the same unit only, and public banks to all staff', async () => {
    await t.call('PATCH', `/api/banks/${BANK.slug}`, { headers: owner.headers, body: { visibility: 'unit' } });
    expect(await status(sameUnit, 'GET', `/api/banks/${BANK.slug}`)).toBe(200);
    expect(await status(sameUnit, 'POST', `/api/banks/${BANK.slug}/questions`, newQ('u1'))).toBe(403);
    expect(await status(stranger, 'GET', `/api/banks/${BANK.slug}`)).toBe(404);
    await t.call('PATCH', `/api/banks/${BANK.slug}`, { headers: owner.headers, body: { visibility: 'public' } });
    expect(await status(stranger, 'GET', `/api/banks/${BANK.slug}`)).toBe(200);
    expect(await status(stranger, 'GET', `/api/banks/${BANK.slug}/export?format=json`)).toBe(200);
    expect(await status(stranger, 'POST', `/api/banks/${BANK.slug}/questions`, newQ('s2'))).toBe(403);
  });

  it('lets officials read but never author', async () => {
    expect(await status(official, 'GET', `/api/banks/${BANK.slug}`)).toBe(200);
    expect(await status(official, 'POST', '/api/banks', { ...BANK, slug: 'official-own' })).toBe(403);
    expect(await status(official, 'POST', `/api/banks/${BANK.slug}/questions`, newQ('of1'))).toBe(403);
  });

  it('lets admins do everything', async () => {
    expect(await status(admin, 'PATCH', `/api/banks/${BANK.slug}`, { visibility: 'private' })).toBe(200);
    expect(await status(admin, 'POST', `/api/banks/${BANK.slug}/questions`, newQ('a1'))).toBe(201);
    expect(await status(admin, 'POST', `/api/banks/${BANK.slug}/publish`)).toBe(201);
  });

  it('lets only reviewers or the owner decide a review', async () => {
    await t.call('POST', `/api/banks/${BANK.slug}/review/submit`, { headers: editor.headers });
    expect(await status(editor, 'POST', `/api/banks/${BANK.slug}/review/decision`, { decision: 'approve' })).toBe(403);
    expect(await status(viewer, 'POST', `/api/banks/${BANK.slug}/review/decision`, { decision: 'approve' })).toBe(403);
    expect(await status(owner, 'POST', `/api/banks/${BANK.slug}/review/decision`, { decision: 'approve' })).toBe(200);
  });
});
