import { expect } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { seedRegions } from '../../src/regions/region-service.ts';
import type { QuestionInput } from '../../src/banks/question-schema.ts';

/** A settable clock: tests move time, never sleep on it. */
export class TestClock {
  t: number;
  constructor(start: string | number) {
    this.t = typeof start === 'number' ? start : Date.parse(start);
  }
  now = (): number => this.t;
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export const T0 = '2026-05-20T00:00:00Z';
export const OPENS = '2026-05-20T01:00:00Z';
export const CLOSES = '2026-05-27T10:00:00Z';

/** n single-choice questions; option b is right. Competences alternate so summaries have two groups. */
export function questions(n: number): QuestionInput[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `q${String(i + 1).padStart(2, '0')}`,
    type: 'single_choice' as const,
    prompt: { vi: `Câu hỏi số ${i + 1}`, en: `Question ${i + 1}` },
    options: [
      { id: 'a', text: { vi: `Sai A${i}`, en: `Wrong A${i}` } },
      { id: 'b', text: { vi: `Đúng B${i}`, en: `Right B${i}` } },
      { id: 'c', text: { vi: `Sai C${i}`, en: `Wrong C${i}` } },
      { id: 'd', text: { vi: `Sai D${i}`, en: `Wrong D${i}` } },
    ],
    answer: 'b',
    explanation: { vi: `Giải thích ${i + 1}`, en: `Explanation ${i + 1}` },
    competences: [i % 2 === 0 ? '4.2' : '2.3'],
    gradeBands: ['TC1'],
    difficulty: 1,
  }));
}

export type U = Awaited<ReturnType<TestApp['user']>>;

export interface World {
  t: TestApp;
  clock: TestClock;
  admin: U;
  bank: string;
}

/** An app with the shipped region sets, a published bank of `n` questions and an admin; the clock at T0. */
export async function createWorld(opts: { n?: number; visibility?: 'private' | 'public'; bank?: string } = {}): Promise<World> {
  const clock = new TestClock(T0);
  const t = await createTestApp({}, { now: clock.now });
  await seedRegions(t.runtime.services.regions);
  const admin = await t.user('admin');
  const bank = opts.bank ?? 'an-toan-mang';
  expect((await t.call('POST', '/api/banks', { headers: admin.headers, body: { slug: bank, title: { vi: 'An toàn mạng', en: 'Online safety' }, visibility: opts.visibility ?? 'private' } })).status).toBe(201);
  for (const q of questions(opts.n ?? 12)) expect((await t.call('POST', `/api/banks/${bank}/questions`, { headers: admin.headers, body: q })).status).toBe(201);
  expect((await t.call('POST', `/api/banks/${bank}/publish`, { headers: admin.headers })).status).toBe(201);
  return { t, clock, admin, bank };
}

export function contestBody(over: Record<string, unknown> = {}) {
  return {
    slug: 'thi-an-toan-mang',
    title: { vi: 'Cuộc thi An toàn thông tin', en: 'Online safety contest' },
    rules: { vi: '**Thể lệ**: 10 câu, 15 phút.', en: '**Rules**: 10 questions, 15 minutes.' },
    bank: 'an-toan-mang',
    version: 1,
    questionsPerAttempt: 10,
    attemptMinutes: 15,
    maxAttempts: 2,
    opensAt: OPENS,
    closesAt: CLOSES,
    regionSet: 'daklak-2021',
    prediction: { prompt: { vi: 'Bao nhiêu người tham gia?', en: 'How many will take part?' }, scoredAgainst: 'participants' },
    prizes: { first: 1, second: 1, third: 1, consolation: 1 },
    ...over,
  };
}

export async function json<T = any>(res: Response | Promise<Response>, status?: number): Promise<T> {
  const r = await res;
  const text = await r.text();
  if (status !== undefined) expect(r.status, text).toBe(status);
  return (text ? JSON.parse(text) : null) as T;
}

export function registration(over: Record<string, unknown> = {}) {
  return { fullName: 'Nguyễn Văn An', dateOfBirth: '2008-03-04', school: 'THPT Chu Văn An', district: 'Krông Pắc', ...over };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Register and return the token headers. */
export async function register(w: World, slug: string, over: Record<string, unknown> = {}) {
  const r = await json<{ participantId: string; participantToken: string; resumeCode: string; district: string }>(w.t.call('POST', `/api/scheduled-contests/${slug}/register`, { body: registration(over) }), 201);
  return { ...r, headers: bearer(r.participantToken) };
}

/** The display index of the right option ("Đúng …") in a player view. */
export function rightIndex(view: { options?: Array<{ index: number; text: { vi: string } }> }): number {
  return view.options!.find((o) => o.text.vi.startsWith('Đúng'))!.index;
}
export function wrongIndex(view: { options?: Array<{ index: number; text: { vi: string } }> }): number {
  return view.options!.find((o) => !o.text.vi.startsWith('Đúng'))!.index;
}

/** Start an attempt, answer `right` questions right and the rest wrong, optionally submit. */
export async function takeAttempt(w: World, slug: string, headers: Record<string, string>, right: number, opts: { prediction?: number; submit?: boolean; stepMs?: number } = {}) {
  const started = await json(w.t.call('POST', `/api/scheduled-contests/${slug}/attempts`, { headers }), 201);
  for (const [i, q] of (started.questions as any[]).entries()) {
    w.clock.advance(opts.stepMs ?? 1000);
    const choice = i < right ? rightIndex(q.view) : wrongIndex(q.view);
    await json(w.t.call('PUT', `/api/attempts/${started.id}/answers/${q.id}`, { headers, body: { response: { type: 'single_choice', choice } } }), 200);
  }
  if (opts.submit === false) return { started, result: null };
  const result = await json(w.t.call('POST', `/api/attempts/${started.id}/submit`, { headers, body: { prediction: opts.prediction ?? 1 } }), 200);
  return { started, result };
}
