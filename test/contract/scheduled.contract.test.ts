import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractTarget, type ContractTarget } from './target.ts';

/**
 * The scheduled-contest HTTP contract (issue: scheduled contests; field names are the
 * contract), written from the issue and docs/scheduled.md, run against the Node app
 * (`npm test`) and the Workers build in workerd (`npm run worker:test`). Real wall-clock
 * window (open a minute ago, closing in an hour), closed early by the organiser.
 */
let t: ContractTarget;
let admin: Awaited<ReturnType<ContractTarget['user']>>;
const run = Date.now().toString(36);
const bank = `sched-contract-${run}`;
const slug = `thi-hop-dong-${run}`;
const body = async <T = any>(res: Response): Promise<T> => (await res.json()) as T;

function question(i: number) {
  return {
    id: `q${i}`,
    type: 'single_choice',
    prompt: { vi: `Câu số ${i}: mật khẩu nào mạnh hơn?`, en: `Question ${i}: which password is stronger?` },
    options: [
      { id: 'a', text: { vi: `Sai ${i}`, en: `Wrong ${i}` } },
      { id: 'b', text: { vi: `Đúng ${i}`, en: `Right ${i}` } },
      { id: 'c', text: { vi: `Sai nữa ${i}`, en: `Also wrong ${i}` } },
    ],
    answer: 'b',
    explanation: { vi: 'Vì dài hơn.', en: 'Because it is longer.' },
    competences: ['4.2'],
    gradeBands: ['TC1'],
    difficulty: 1,
  };
}

beforeAll(async () => {
  t = await contractTarget();
  admin = await t.user('admin');
  expect((await t.json('POST', '/api/banks', { slug: bank, title: { vi: 'Hợp đồng', en: 'Contract' }, visibility: 'private' }, admin.headers)).status).toBe(201);
  for (let i = 1; i <= 6; i++) expect((await t.json('POST', `/api/banks/${bank}/questions`, question(i), admin.headers)).status).toBe(201);
  expect((await t.json('POST', `/api/banks/${bank}/publish`, undefined, admin.headers)).status).toBe(201);
});
afterAll(() => t?.close());

describe('scheduled contest contract', () => {
  let token = '';
  let attemptId = '';
  let questions: Array<{ id: string; view: { type: string; options?: unknown[] } }> = [];

  it('an organiser opens a contest from a published bank version', async () => {
    const res = await t.json(
      'POST',
      '/api/scheduled-contests',
      {
        slug,
        title: { vi: 'Cuộc thi hợp đồng', en: 'Contract contest' },
        rules: { vi: '**Thể lệ**: 4 câu.', en: '**Rules**: 4 questions.' },
        bank,
        version: 1,
        questionsPerAttempt: 4,
        attemptMinutes: 10,
        maxAttempts: 1,
        opensAt: new Date(Date.now() - 60_000).toISOString(),
        closesAt: new Date(Date.now() + 3_600_000).toISOString(),
        regionSet: 'daklak-2021',
        prediction: { prompt: { vi: 'Bao nhiêu người dự thi?', en: 'How many will take part?' }, scoredAgainst: 'participants' },
        keysVisible: 'afterClose',
      },
      admin.headers,
    );
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
    const list = await body<{ contests: Array<{ slug: string; state: string }> }>(await t.fetch('/api/scheduled-contests', { headers: admin.headers }));
    expect(list.contests.find((c) => c.slug === slug)?.state).toBe('open');
  });

  it('refuses a minor without guardian consent, then registers with it (district matched without diacritics)', async () => {
    const minor = { fullName: 'Nguyễn Văn An', dateOfBirth: '2013-04-02', school: 'THCS Lê Lợi', district: 'Buon Ma Thuot' };
    const refused = await t.json('POST', `/api/scheduled-contests/${slug}/register`, minor);
    expect(refused.status).toBe(422);
    expect((await body(refused)).error.code).toBe('GUARDIAN_CONSENT_REQUIRED');
    const res = await t.json('POST', `/api/scheduled-contests/${slug}/register`, { ...minor, guardianConsent: true });
    expect(res.status).toBe(201);
    const reg = await body<{ participantId: string; participantToken: string; resumeCode: string }>(res);
    expect(reg.participantId).toBeTruthy();
    expect(reg.resumeCode).toBeTruthy();
    token = reg.participantToken;
  });

  it('starts an attempt: questions without keys, a deadline from the server clock', async () => {
    const res = await t.json('POST', `/api/scheduled-contests/${slug}/attempts`, {}, { Authorization: `Bearer ${token}` });
    expect(res.status).toBe(201);
    const a = await body<{ id: string; questions: typeof questions; deadline: string; serverNow: string }>(res);
    expect(a.questions).toHaveLength(4);
    expect(Date.parse(a.deadline) - Date.parse(a.serverNow)).toBeGreaterThan(9 * 60_000);
    const raw = JSON.stringify(a.questions);
    expect(raw).not.toMatch(/"answer"|"explanation"|"correct"|Because it is longer|Vì dài hơn/);
    attemptId = a.id;
    questions = a.questions;
  });

  it('autosaves answers idempotently and resumes them', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    for (const q of questions) {
      for (let k = 0; k < 2; k++) expect((await t.json('PUT', `/api/attempts/${attemptId}/answers/${q.id}`, { response: { type: 'single_choice', choice: 0 } }, auth)).status).toBe(200);
    }
    const resumed = await body<{ answers: unknown; remainingMs: number }>(await t.fetch(`/api/attempts/${attemptId}`, { headers: auth }));
    expect(Object.keys(resumed.answers as object).length || (resumed.answers as unknown[]).length).toBe(4);
    expect(resumed.remainingMs).toBeGreaterThan(0);
    const stranger = await t.json('PUT', `/api/attempts/${attemptId}/answers/${questions[0]!.id}`, { response: { type: 'single_choice', choice: 1 } });
    expect(stranger.status).toBe(401);
  });

  it('submits with a prediction and gets the server score', async () => {
    const res = await t.json('POST', `/api/attempts/${attemptId}/submit`, { prediction: 3 }, { Authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    const r = await body<{ score: number; maxScore: number; correctCount: number; durationMs: number }>(res);
    expect(r.maxScore).toBeGreaterThan(0);
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThanOrEqual(r.maxScore);
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
    const again = await t.json('POST', `/api/scheduled-contests/${slug}/attempts`, {}, { Authorization: `Bearer ${token}` });
    expect(again.status).toBe(409);
    expect((await body(again)).error.code).toBe('NO_ATTEMPTS_LEFT');
  });

  it('keeps rankings private until published, then serves every scope with the deciding keys', async () => {
    expect((await t.fetch(`/api/scheduled-contests/${slug}/rankings?scope=individual`)).status).toBe(403);
    expect((await t.json('POST', `/api/scheduled-contests/${slug}/close`, undefined, admin.headers)).status).toBe(200);
    expect((await t.json('POST', `/api/scheduled-contests/${slug}/publish`, undefined, admin.headers)).status).toBe(200);
    const ind = await body<{ items: Array<Record<string, unknown>> }>(await t.fetch(`/api/scheduled-contests/${slug}/rankings?scope=individual`));
    expect(ind.items).toHaveLength(1);
    expect(ind.items[0]).toMatchObject({ rank: 1, district: 'buon-ma-thuot' });
    for (const k of ['participantId', 'score', 'predictionError', 'durationMs', 'submittedAt']) expect(ind.items[0]).toHaveProperty(k);
    expect(ind.items[0]!.predictionError).toBe(2);
    const districts = await body<{ items: Array<{ rank: number }> }>(await t.fetch(`/api/scheduled-contests/${slug}/rankings?scope=district`));
    expect(districts.items.length).toBeGreaterThan(0);
    const csv = await t.fetch(`/api/scheduled-contests/${slug}/rankings?scope=school&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('Content-Type')).toMatch(/^text\/csv/);
  });
  it('feeds the district report at close: one participant is a suppressed cell, never a 0, and the charts are SVG', async () => {
    const res = await t.fetch(`/api/reports/contests/scheduled/${slug}/districts`, { headers: admin.headers });
    expect(res.status).toBe(200);
    const rep = await body<{ items: Array<Record<string, unknown>> }>(res);
    const bmt = rep.items.find((i) => i.district === 'buon-ma-thuot');
    expect(bmt).toBeDefined();
    expect(bmt!.suppressed).toBe(true);
    for (const k of ['participants', 'meanScore', 'medianScore', 'p90Score']) expect(bmt![k]).toBeNull();
    const csv = await t.fetch(`/api/reports/contests/scheduled/${slug}/districts?format=csv`, { headers: admin.headers });
    expect(csv.headers.get('Content-Type')).toMatch(/^text\/csv/);
    const svg = await t.fetch(`/api/reports/contests/scheduled/${slug}/charts/participation.svg`, { headers: admin.headers });
    expect(svg.status).toBe(200);
    expect(svg.headers.get('Content-Type')).toMatch(/^image\/svg\+xml/);
    expect(await svg.text()).toMatch(/<svg[\s\S]*<title>/);
    expect((await t.fetch(`/api/reports/contests/scheduled/${slug}/districts`)).status).toBe(401);
  });
});
