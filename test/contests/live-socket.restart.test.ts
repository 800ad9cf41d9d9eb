import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Question } from '../../src/banks/question-schema.ts';
import type { FinalSummary, HostSnapshot, JoinResult, QuestionReveal, QuestionShow } from '../../src/contests/protocol.ts';
import { createScratchPostgresDatabase } from '../support/db.ts';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  FAST_SETTINGS,
  SESSION_SECRET,
  answerId,
  attachLiveServer,
  closeAll,
  codeOf,
  connectLive,
  correctResponse,
  createContest,
  joinBots,
  okData,
  results,
  startLiveServer,
  wrongResponse,
  type Bot,
  type LiveConn,
  type LiveServer,
} from '../support/live-bots.ts';
import { startServerProcess } from '../support/server-process.ts';
import pg from 'pg';

const servers: Array<Pick<LiveServer, 'server'>> = [];
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const s of servers) await s.server.cleanup();
  for (const c of cleanups) await c();
});

describe('a server restart mid-contest', () => {
  it('restores contests after SIGKILL: players resume with their points, paused or running as configured, nothing counted twice', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'civiq-live-restart-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const scratch = await createScratchPostgresDatabase();
    if (scratch) cleanups.push(() => scratch.drop());
    const opts = { dataDir, ...(scratch ? { keepDatabase: { url: scratch.url } } : {}) };

    const first = await startLiveServer(opts);
    servers.push(first);
    const question = (id: string): Question => first.bank.byId.get(id)!;
    const make = (ids: string[], settings: Record<string, unknown>) =>
      createContest(first.url, first.admin, { title: 'Khởi động lại', bank: first.bank.slug, version: first.bank.version, questionIds: ids, settings: { ...FAST_SETTINGS, timeLimitSec: 30, ...settings } });
    const ids = ['pw-001', 'pw-002', 'pw-004'];
    const manual = await make(ids, {});
    // The longest answer window: its deadline must outlast a restart on a loaded machine (the test checks it is kept, not its length).
    const auto = await make(['pw-006', 'pw-007'], { autoAdvance: true, timeLimitSec: 240 });
    const districts = manual.screenUrls.slice(0, 2).map((s) => s.district);
    const host = await connectLive(first.url, { token: first.admin.token });
    okData(await host.request('host:attach', { contestId: manual.id }));
    const autoHost = await connectLive(first.url, { token: first.admin.token });
    okData(await autoHost.request('host:attach', { contestId: auto.id }));
    const bots = await joinBots(first.url, manual.pin, districts, 6);
    const autoBots = await joinBots(first.url, auto.pin, districts, 2);

    const pick = (i: number, q: number) => ((i + q) % 3 === 0 ? 'wrong' : 'correct');
    const respond = (qq: Question, view: QuestionShow['question'], i: number, q: number) => (pick(i, q) === 'correct' ? correctResponse(qq, view) : wrongResponse(qq, view));
    const seen = bots.map(() => [] as number[]);

    // Manual contest: Q0 played out, Q1 half answered when the process dies.
    okData(await host.request('contest:start', {}));
    await Promise.all(
      bots.map(async (b, i) => {
        const show = await b.conn.waitFor<QuestionShow>('question:show', (s) => s.question.index === 0);
        okData(await b.conn.request('answer:submit', { questionIndex: 0, answerId: answerId(), response: respond(question(ids[0]!), show.question, i, 0) }));
      }),
    );
    const r0 = await Promise.all(bots.map((b) => b.conn.waitFor<QuestionReveal>('question:reveal', (r) => r.index === 0)));
    r0.forEach((r, i) => seen[i]!.push(r.me!.points));
    expect(okData(await host.request('contest:next', {}))).toEqual({ phase: 'question' });
    const shows1 = await Promise.all(bots.map((b) => b.conn.waitFor<QuestionShow>('question:show', (s) => s.question.index === 1)));
    const early = await Promise.all(
      bots.slice(0, 3).map(async (b, i) => {
        const payload = { questionIndex: 1, answerId: answerId(), response: respond(question(ids[1]!), shows1[i]!.question, i, 1) };
        return { payload, ack: okData(await b.conn.request<{ accepted: true; receivedAt: number }>('answer:submit', payload)) };
      }),
    );
    // Auto-advancing contest: mid-question too, one of two answered.
    okData(await autoHost.request('contest:start', {}));
    const autoShow = await Promise.all(autoBots.map((b) => b.conn.waitFor<QuestionShow>('question:show', (s) => s.question.index === 0)));
    okData(await autoBots[0]!.conn.request('answer:submit', { questionIndex: 0, answerId: answerId(), response: correctResponse(question('pw-006'), autoShow[0]!.question) }));

    expect(await first.server.stop('SIGKILL')).toBeNull();
    closeAll([...bots, ...autoBots]);
    closeAll([host, autoHost]);

    const proc = await startServerProcess({ ADMIN_EMAIL, ADMIN_PASSWORD, SESSION_SECRET }, opts);
    servers.push({ server: proc });
    const url = proc.url;
    const conns: LiveConn[] = [];
    try {
      // Phones reconnect by themselves as soon as the server is back (live-client.ts), well within the
      // reconnect grace the restore gives them; so do the bots, before the test signs in.
      const resumeAll = (list: Bot[]) =>
        Promise.all(
          list.map(async (b) => {
            const conn = await connectLive(url);
            conns.push(conn);
            return { conn, r: okData(await conn.request<JoinResult>('player:resume', { reconnectToken: b.reconnectToken })) };
          }),
        );
      const [resumed, autoAgain] = await Promise.all([resumeAll(bots), resumeAll(autoBots)]);
      const second = await attachLiveServer(proc);

      // The manual contest is back, paused at Q1 with the three stored answers.
      const host2 = await connectLive(url, { token: first.admin.token });
      conns.push(host2);
      const hs = okData(await host2.request<HostSnapshot>('host:attach', { contestId: manual.id }));
      expect(hs).toMatchObject({ phase: 'question', questionIndex: 1, paused: true, answered: 3 });
      expect(Object.fromEntries(hs.players.map((p) => [p.id, p.points]))).toEqual(Object.fromEntries(bots.map((b, i) => [b.playerId, r0[i]!.me!.totalPoints])));

      resumed.forEach(({ r }, i) => {
        expect(r.playerId).toBe(bots[i]!.playerId);
        expect(r.snapshot).toMatchObject({ phase: 'question', paused: true, me: { points: r0[i]!.me!.totalPoints, streak: r0[i]!.me!.streak, answeredCurrent: i < 3 } });
        // Views are rebuilt from the contest seed: the same relabelling as before the crash.
        expect(r.snapshot.question!.question).toEqual(shows1[i]!.question);
        expect(r.snapshot.question!.timing.pausedRemainingMs).toBeGreaterThan(0);
      });
      const again = resumed.map((x) => x.conn);

      // A retry of a stored answer gets its original ack; anything else is refused.
      expect(await again[0]!.request('answer:submit', early[0]!.payload)).toEqual({ ok: true, data: early[0]!.ack });
      expect(codeOf(await again[1]!.request('answer:submit', { ...early[1]!.payload, answerId: answerId() }))).toBe('ALREADY_ANSWERED');
      expect(codeOf(await again[3]!.request('answer:submit', { questionIndex: 1, answerId: answerId(), response: respond(question(ids[1]!), shows1[3]!.question, 3, 1) }))).toBe('PAUSED');

      expect(okData(await host2.request('contest:resume', {}))).toEqual({ paused: false });
      await Promise.all(
        again.slice(3).map(async (c, k) => {
          const i = k + 3;
          okData(await c.request('answer:submit', { questionIndex: 1, answerId: answerId(), response: respond(question(ids[1]!), shows1[i]!.question, i, 1) }));
        }),
      );
      const r1 = await Promise.all(again.map((c) => c.waitFor<QuestionReveal>('question:reveal', (r) => r.index === 1)));
      r1.forEach((r, i) => {
        expect(r.me).toMatchObject({ answered: true, correct: pick(i, 1) === 'correct' });
        expect(r.me!.totalPoints).toBe(r0[i]!.me!.totalPoints + r.me!.points);
        seen[i]!.push(r.me!.points);
      });
      expect(r1[0]!.distribution).toMatchObject({ right: 4, wrong: 2, noAnswer: 0 });

      expect(okData(await host2.request('contest:next', {}))).toEqual({ phase: 'question' });
      await Promise.all(
        again.map(async (c, i) => {
          const show = await c.waitFor<QuestionShow>('question:show', (s) => s.question.index === 2);
          okData(await c.request('answer:submit', { questionIndex: 2, answerId: answerId(), response: respond(question(ids[2]!), show.question, i, 2) }));
        }),
      );
      const r2 = await Promise.all(again.map((c) => c.waitFor<QuestionReveal>('question:reveal', (r) => r.index === 2)));
      r2.forEach((r, i) => seen[i]!.push(r.me!.points));
      expect(okData(await host2.request('contest:next', {}))).toEqual({ phase: 'ended' });
      const finals = await Promise.all(again.map((c) => c.waitFor<FinalSummary>('contest:ended')));
      finals.forEach((f, i) => expect(f.me!.points).toBe(seen[i]!.reduce((s, p) => s + p, 0)));

      const res = await results(url, second.admin, manual.id);
      expect(res.questions.map((q) => q.answered)).toEqual([6, 6, 6]);
      bots.forEach((b, i) => {
        expect(res.players.find((p) => p.nickname === b.nickname)).toMatchObject({ answered: 3, points: seen[i]!.reduce((s, p) => s + p, 0) });
      });
      if (scratch) {
        const c = new pg.Client({ connectionString: scratch.url });
        await c.connect();
        const rows = (await c.query('select player_id, question_index, answer_id from live_answers where contest_id = $1', [manual.id])).rows as Array<{ player_id: string; question_index: number; answer_id: string }>;
        await c.end();
        expect(rows).toHaveLength(18);
        expect(rows.find((r) => r.player_id === bots[0]!.playerId && r.question_index === 1)?.answer_id).toBe(early[0]!.payload.answerId);
      }

      // The auto-advancing contest kept running on its original deadline and plays to the end by itself.
      expect(autoAgain[1]!.r.snapshot).toMatchObject({ phase: 'question', paused: false, me: { answeredCurrent: false } });
      expect(autoAgain[1]!.r.snapshot.question!.timing).toMatchObject({ closesAt: autoShow[1]!.timing.closesAt, pausedRemainingMs: null });
      okData(await autoAgain[1]!.conn.request('answer:submit', { questionIndex: 0, answerId: answerId(), response: wrongResponse(question('pw-006'), autoShow[1]!.question) }));
      const autoReveal = await autoAgain[0]!.conn.waitFor<QuestionReveal>('question:reveal', (r) => r.index === 0);
      expect(autoReveal.distribution).toMatchObject({ right: 1, wrong: 1, noAnswer: 0 });
      await Promise.all(
        autoAgain.map(async ({ conn }) => {
          const show = await conn.waitFor<QuestionShow>('question:show', (s) => s.question.index === 1);
          okData(await conn.request('answer:submit', { questionIndex: 1, answerId: answerId(), response: correctResponse(question('pw-007'), show.question) }));
        }),
      );
      const autoFinal = await autoAgain[0]!.conn.waitFor<FinalSummary>('contest:ended');
      expect(autoFinal.me).toMatchObject({ correct: 2, total: 2 });
      expect((await results(url, second.admin, auto.id)).questions.map((q) => q.answered)).toEqual([2, 2]);
    } finally {
      closeAll(conns);
    }
  }, 90_000);

  it('tells live sockets about a graceful shutdown, so clients know to reconnect', { timeout: 90_000 }, async () => {
    const srv = await startLiveServer();
    servers.push(srv);
    const contest = await createContest(srv.url, srv.admin, { title: 'Tắt máy', bank: srv.bank.slug, version: srv.bank.version, questionIds: ['pw-001'], settings: FAST_SETTINGS });
    const [player] = await joinBots(srv.url, contest.pin, [contest.screenUrls[0]!.district], 1);
    try {
      expect(await srv.server.stop('SIGTERM')).toBe(0);
      const disconnect = await player!.conn.waitFor<string>('$disconnect');
      expect(disconnect).toBe('io server disconnect');
      expect(player!.conn.all('server:shutdown')).toEqual([{ reason: 'SIGTERM', reconnectAfterMs: 2000 }]);
    } finally {
      player!.conn.close();
    }
  });
});
