import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostSnapshot, QuestionShow } from '../../src/contests/protocol.ts';
import { HUMAN_FLOOR_MS, humanTimeMs, isInhumanlyFast } from '../../src/contests/fast-answers.ts';
import { answerId, api, closeAll, connectLive, correctResponse, createContest, FAST_SETTINGS, joinBots, okData, sleep, type Bot, type LiveConn } from '../support/live-bots.ts';
import { districtCodes, startInProcess, type InProcessServer } from './in-process.ts';

/** Finding 6: an answer 5 ms after the options opened scored 1000 unnoticed. */
describe('the human floor (pure)', () => {
  it('subtracts the measured round trip and flags what is left under the floor', () => {
    expect(HUMAN_FLOOR_MS).toBe(200);
    expect(isInhumanlyFast({ receivedAt: 1005, opensAt: 1000, rttMs: 2 })).toBe(true);
    // 400 ms after opening on a 300 ms line leaves 100 ms for a person: flagged.
    expect(isInhumanlyFast({ receivedAt: 1400, opensAt: 1000, rttMs: 300 })).toBe(true);
    expect(isInhumanlyFast({ receivedAt: 1600, opensAt: 1000, rttMs: 300 })).toBe(false);
    expect(isInhumanlyFast({ receivedAt: 1250, opensAt: 1000, rttMs: null })).toBe(false);
    expect(humanTimeMs({ receivedAt: 5, opensAt: null, rttMs: 0 })).toBeNull();
    expect(isInhumanlyFast({ receivedAt: 1100, opensAt: 1000, rttMs: Number.NaN })).toBe(true);
  });
});

describe('flagged answers in a live contest', () => {
  let srv: InProcessServer;
  const conns: LiveConn[] = [];
  beforeAll(async () => {
    srv = await startInProcess();
  });
  afterAll(async () => {
    closeAll(conns);
    await srv?.close();
  });

  it('a bot answering at once is flagged to the host and in the results; a person is not', async () => {
    const [qid] = [...srv.bank.byId.keys()];
    // A reading delay: the bot waits for the options to open (same machine, same clock) and fires at once,
    // so what is measured is the answer's own trip, not the question's fan-out on a loaded machine.
    const contest = await createContest(srv.url, srv.admin, { title: 'Nhanh', bank: srv.bank.slug, version: srv.bank.version, questionIds: [qid], settings: { ...FAST_SETTINGS, readingDelayMs: 1500 } });
    const host = await connectLive(srv.url, { token: srv.admin.token });
    conns.push(host);
    okData(await host.request<HostSnapshot>('host:attach', { contestId: contest.id }));
    const [bot, person] = (await joinBots(srv.url, contest.pin, await districtCodes(srv.url), 2, ['Máy Nhanh', 'Người Thật'])) as [Bot, Bot];
    conns.push(bot.conn, person.conn);
    const shown = (b: Bot) => b.conn.waitFor<QuestionShow>('question:show', (q) => q.question.index === 0);
    const botAnswer = shown(bot).then(async (q) => {
      const response = correctResponse(srv.bank.byId.get(qid!)!, q.question);
      while (Date.now() < q.timing.opensAt + 2) await sleep(Math.max(0, q.timing.opensAt + 2 - Date.now()));
      return bot.conn.request('answer:submit', { questionIndex: 0, answerId: answerId(), response });
    });
    const personAnswer = shown(person).then(async (q) => {
      await sleep(Math.max(0, q.timing.opensAt - Date.now()) + 1200);
      return person.conn.request('answer:submit', { questionIndex: 0, answerId: answerId(), response: correctResponse(srv.bank.byId.get(qid!)!, q.question) });
    });
    okData(await host.request('contest:start', {}));
    okData(await botAnswer);
    okData(await personAnswer);
    const flag = await host.waitFor<{ index: number; playerId: string; nickname: string; humanTimeMs: number }>('answer:flagged');
    expect(flag).toMatchObject({ index: 0, playerId: bot.playerId, nickname: 'Máy Nhanh' });
    expect(flag.humanTimeMs).toBeLessThan(HUMAN_FLOOR_MS);
    expect(host.all('answer:flagged')).toHaveLength(1);
    okData(await host.request('contest:end', {}));
    const results = await api<{ players: Array<{ nickname: string; flaggedAnswers: number }> }>(srv.url, 'GET', `/api/live-contests/${contest.id}/results`, { account: srv.admin });
    expect(Object.fromEntries(results.json.players.map((p) => [p.nickname, p.flaggedAnswers]))).toEqual({ 'Máy Nhanh': 1, 'Người Thật': 0 });
    const csv = await api(srv.url, 'GET', `/api/live-contests/${contest.id}/results?format=csv`, { account: srv.admin });
    expect(csv.text).toMatch(/Máy Nhanh,.*,1\r\n/);
  });
});
