import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Question } from '../../src/banks/question-schema.ts';
import type { HostSnapshot, QuestionReveal, QuestionShow } from '../../src/contests/protocol.ts';
import {
  FAST_SETTINGS,
  answerId,
  api,
  bankVersion,
  closeAll,
  codeOf,
  connectLive,
  correctResponse,
  createContest,
  expectedCorrect,
  joinBots,
  okData,
  results,
  startLiveServer,
  wrongResponse,
  type LiveServer,
} from '../support/live-bots.ts';

/**
 * Numerical and matching questions over real sockets: views carry no key, answers
 * are in display indices, partial credit counts, malformed responses are INVALID,
 * and each player's reveal is in that player's own order.
 */
let srv: LiveServer;
const SLUG = 'so-va-ghep-socket';
let byId: Map<string, Question>;
let version: number;

beforeAll(async () => {
  srv = await startLiveServer();
  const created = await api(srv.url, 'POST', '/api/banks', { account: srv.admin, body: { slug: SLUG, title: { vi: 'Số và ghép', en: 'Numbers and pairs' } } });
  expect(created.status).toBe(201);
  const questions = [
    { id: 'pi', type: 'numerical', prompt: { vi: 'Số π?', en: 'π?' }, answer: [{ value: 3.14, tolerance: 0.005 }, { value: 3, weight: 50 }], unit: 'rad' },
    {
      id: 'cap',
      type: 'matching',
      prompt: { vi: 'Ghép thủ đô', en: 'Match the capitals' },
      options: [
        { id: 'a', text: { vi: 'Việt Nam', en: 'Vietnam' }, match: { vi: 'Hà Nội', en: 'Hanoi' } },
        { id: 'b', text: { vi: 'Lào', en: 'Laos' }, match: { vi: 'Viêng Chăn', en: 'Vientiane' } },
        { id: 'c', text: { vi: 'Thái Lan', en: 'Thailand' }, match: { vi: 'Băng Cốc', en: 'Bangkok' } },
        { id: 'd', text: { vi: 'Campuchia', en: 'Cambodia' }, match: { vi: 'Phnôm Pênh', en: 'Phnom Penh' } },
      ],
    },
  ];
  for (const q of questions) expect((await api(srv.url, 'POST', `/api/banks/${SLUG}/questions`, { account: srv.admin, body: q })).status).toBe(201);
  expect((await api(srv.url, 'POST', `/api/banks/${SLUG}/publish`, { account: srv.admin })).status).toBe(201);
  ({ version, byId } = await bankVersion(srv.url, srv.admin, SLUG));
}, 90_000);
afterAll(() => srv?.server.cleanup());

describe('numerical and matching in a live contest over real sockets', () => {
  it('shows no key, grades exact, partial and wrong answers, refuses malformed ones, and reveals per player', async () => {
    const contest = await createContest(srv.url, srv.admin, { title: 'Số và ghép', bank: SLUG, version, questionIds: ['pi', 'cap'], settings: { ...FAST_SETTINGS, shuffleOptions: true } });
    const host = await connectLive(srv.url, { token: srv.admin.token });
    okData(await host.request<HostSnapshot>('host:attach', { contestId: contest.id }));
    const district = contest.screenUrls[0]!.district;
    const bots = await joinBots(srv.url, contest.pin, [district], 3);
    try {
      expect(okData(await host.request('contest:start', {}))).toEqual({ phase: 'question' });

      // ---- numerical ----
      const pi = byId.get('pi')!;
      const shows = await Promise.all(bots.map((b) => b.conn.waitFor<QuestionShow>('question:show', (s) => s.question.index === 0)));
      for (const s of shows) {
        expect(s.question).toMatchObject({ type: 'numerical', numeric: { display: 'keypad', unit: 'rad' } });
        expect(JSON.stringify(s.question)).not.toMatch(/3\.14|tolerance|"answer"/);
      }
      const [exact, half, wrong] = bots as [typeof bots[0], typeof bots[0], typeof bots[0]];
      expect(codeOf(await exact.conn.request('answer:submit', { questionIndex: 0, answerId: answerId(), response: { type: 'numerical', value: '3.14' } }))).toBe('INVALID');
      expect(codeOf(await exact.conn.request('answer:submit', { questionIndex: 0, answerId: answerId(), response: { type: 'matching', pairs: [0, 1] } }))).toBe('INVALID');
      okData(await exact.conn.request('answer:submit', { questionIndex: 0, answerId: answerId(), response: { type: 'numerical', value: 3.144 } }));
      okData(await half.conn.request('answer:submit', { questionIndex: 0, answerId: answerId(), response: { type: 'numerical', value: 3 } }));
      okData(await wrong.conn.request('answer:submit', { questionIndex: 0, answerId: answerId(), response: wrongResponse(pi, shows[2]!.question) }));
      const reveals = await Promise.all(bots.map((b) => b.conn.waitFor<QuestionReveal>('question:reveal', (r) => r.index === 0)));
      for (const r of reveals) {
        expect(r.correct).toEqual({ numbers: [{ value: 3.14, tolerance: 0.005 }] });
        expect(r.distribution).toMatchObject({ right: 1, wrong: 2, noAnswer: 0 });
      }
      expect(reveals[0]!.me).toMatchObject({ answered: true, correct: true });
      expect(reveals[1]!.me).toMatchObject({ answered: true, correct: false });
      expect(reveals[1]!.me!.points).toBeGreaterThan(0);
      expect(reveals[1]!.me!.points).toBeLessThan(reveals[0]!.me!.points);
      expect(reveals[2]!.me).toMatchObject({ answered: true, correct: false, points: 0 });

      // ---- matching ----
      expect(okData(await host.request('contest:next', {}))).toEqual({ phase: 'question' });
      const cap = byId.get('cap')!;
      const mshows = await Promise.all(bots.map((b) => b.conn.waitFor<QuestionShow>('question:show', (s) => s.question.index === 1)));
      for (const s of mshows) {
        expect(s.question.options!.map((o) => o.text.vi)).toEqual(['Việt Nam', 'Lào', 'Thái Lan', 'Campuchia']);
        expect(s.question.matches!.map((m) => m.text.vi).sort()).toEqual(['Băng Cốc', 'Hà Nội', 'Phnôm Pênh', 'Viêng Chăn']);
        expect(JSON.stringify(s.question)).not.toMatch(/"id"|"match"/);
      }
      const right = correctResponse(cap, mshows[0]!.question);
      expect(right.type).toBe('matching');
      const pairs = (right as { pairs: number[] }).pairs;
      expect(pairs).toHaveLength(4);
      // Two pairs swapped: half the pairs right, partial credit.
      const halfResponse = correctResponse(cap, mshows[1]!.question) as { pairs: number[] };
      const swapped = [halfResponse.pairs[1]!, halfResponse.pairs[0]!, halfResponse.pairs[2]!, halfResponse.pairs[3]!];
      expect(codeOf(await exact.conn.request('answer:submit', { questionIndex: 1, answerId: answerId(), response: { type: 'matching', pairs: [0, 0, 1, 2] } }))).toBe('INVALID');
      expect(codeOf(await exact.conn.request('answer:submit', { questionIndex: 1, answerId: answerId(), response: { type: 'matching', pairs: [0, 1, 2] } }))).toBe('INVALID');
      okData(await exact.conn.request('answer:submit', { questionIndex: 1, answerId: answerId(), response: right }));
      okData(await half.conn.request('answer:submit', { questionIndex: 1, answerId: answerId(), response: { type: 'matching', pairs: swapped } }));
      okData(await wrong.conn.request('answer:submit', { questionIndex: 1, answerId: answerId(), response: wrongResponse(cap, mshows[2]!.question) }));
      const mreveals = await Promise.all(bots.map((b) => b.conn.waitFor<QuestionReveal>('question:reveal', (r) => r.index === 1)));
      mreveals.forEach((r, i) => expect(r.correct).toEqual(expectedCorrect(cap, mshows[i]!.question)));
      expect(mreveals[0]!.me).toMatchObject({ correct: true });
      expect(mreveals[1]!.me!.correct).toBe(false);
      expect(mreveals[1]!.me!.points).toBeGreaterThan(0);
      expect(mreveals[2]!.me).toMatchObject({ correct: false, points: 0 });

      // The results endpoint (SQL aggregates over the stored answers) counts both types' answers by value.
      const res = await results(srv.url, srv.admin, contest.id);
      const sum = (d: Record<string, number>) => Object.values(d).reduce((a, b) => a + b, 0);
      expect(res.questions[0]!.distribution).toMatchObject({ '3.144': 1, '3': 1 });
      expect(sum(res.questions[0]!.distribution)).toBe(3);
      expect(sum(res.questions[1]!.distribution)).toBe(3);
      expect(Object.keys(res.questions[1]!.distribution).every((k) => /^[a-d](>[a-d]){3}$/.test(k))).toBe(true);
    } finally {
      closeAll(bots);
      host.close();
    }
  }, 120_000);
});
