import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Question } from '../../src/banks/question-schema.ts';
import type { FinalSummary, HostSnapshot, JoinResult, Leaderboard, QuestionReveal, QuestionShow } from '../../src/contests/protocol.ts';
import { validateNickname } from '../../src/contests/nickname.ts';
import { seededRandom } from '../../src/shared/random.ts';
import {
  FAST_SETTINGS,
  answerId,
  closeAll,
  codeOf,
  connectLive,
  correctResponse,
  createContest,
  expectedCorrect,
  joinBots,
  okData,
  optionIdAt,
  results,
  api,
  startLiveServer,
  streakBonusFor,
  wrongResponse,
  type Bot,
  type LiveServer,
} from '../support/live-bots.ts';

let srv: LiveServer;
beforeAll(async () => {
  srv = await startLiveServer();
}, 90_000);
afterAll(() => srv?.server.cleanup());

type Strategy = 'correct' | 'wrong' | 'none';
const question = (id: string): Question => {
  const q = srv.bank.byId.get(id);
  if (!q) throw new Error(`no question ${id} in ${srv.bank.slug}`);
  return q;
};
const newContest = (questionIds: string[], settings: Record<string, unknown> = {}) =>
  createContest(srv.url, srv.admin, { title: 'Hội thi an toàn số', bank: srv.bank.slug, version: srv.bank.version, questionIds, settings: { ...FAST_SETTINGS, ...settings } });
const hostFor = async (contestId: string) => {
  const host = await connectLive(srv.url, { token: srv.admin.token });
  const snapshot = okData(await host.request<HostSnapshot>('host:attach', { contestId }));
  return { host, snapshot };
};
const logIndex = (bot: Bot, event: string, pred: (p: never) => boolean) => bot.conn.log.findIndex((r) => r.event === event && pred(r.payload as never));

describe('a classic live contest over real sockets', () => {
  it('plays six questions with 30 players in five districts: views, acks, reveals, boards, podium and results agree', async () => {
    const ids = ['pw-001', 'pw-003', 'pw-005', 'pw-015', 'pw-018', 'pw-002'];
    const contest = await newContest(ids);
    expect(contest.questionCount).toBe(6);
    const districts = contest.screenUrls.slice(0, 5).map((s) => s.district);
    expect(districts).toHaveLength(5);
    const { host, snapshot } = await hostFor(contest.id);
    expect(snapshot).toMatchObject({ phase: 'lobby', questionIndex: -1, contest: { id: contest.id, pin: contest.pin, mode: 'classic', questionCount: 6 } });

    const bots = await joinBots(srv.url, contest.pin, districts, 30);
    try {
      for (const b of bots) {
        const s = b.joined.snapshot;
        expect(s.phase).toBe('lobby');
        expect(s.contest).toMatchObject({ id: contest.id, mode: 'classic', questionCount: 6, rosterMode: false });
        expect(s.me).toMatchObject({ playerId: b.playerId, nickname: b.nickname, district: b.district, points: 0, streak: 0, eliminated: false });
        expect(b.joined.nickname).toBe(b.nickname);
      }
      // Players see lobby counts; the host sees the roster.
      const lobby = await bots[0]!.conn.waitFor<{ playerCount: number; byDistrict: Record<string, number>; locked: boolean }>('lobby:update', (u) => u.playerCount === 30);
      expect(lobby).toEqual({ playerCount: 30, byDistrict: Object.fromEntries(districts.map((d) => [d, 6])), locked: false });
      const roster = await host.waitFor<HostSnapshot>('host:state', (h) => h.players.length === 30);
      expect(roster.players.map((p) => p.nickname).sort()).toEqual(bots.map((b) => b.nickname).sort());
      expect(roster.players.every((p) => p.connected && p.points === 0 && !p.eliminated)).toBe(true);

      // Strategy per player and question: a third always right, a third always wrong, the rest by coin;
      // every tenth player skips odd questions (the host then closes the question).
      const coin = seededRandom('live-classic');
      const plan: Strategy[][] = ids.map((_, q) => bots.map((_, i) => (i % 10 === 9 && q % 2 === 1 ? 'none' : i % 3 === 0 ? 'correct' : i % 3 === 1 ? 'wrong' : coin() < 0.5 ? 'correct' : 'wrong')));
      const total = bots.map(() => 0);
      const streak = bots.map(() => 0);
      const correctCount = bots.map(() => 0);
      const revealPoints = bots.map(() => [] as number[]);
      const chosenByQuestion: Array<Map<string, number>> = [];
      let lastBoards: Leaderboard[] = [];

      expect(okData(await host.request('contest:start', {}))).toEqual({ phase: 'question' });
      for (let q = 0; q < ids.length; q++) {
        const qq = question(ids[q]!);
        const shows = await Promise.all(bots.map((b) => b.conn.waitFor<QuestionShow>('question:show', (s) => s.question.index === q)));
        for (const show of shows) {
          expect(show.question).toMatchObject({ index: q, total: 6, type: qq.type, prompt: qq.prompt, points: 1000 });
          const t = show.timing;
          expect(t.opensAt).toBe(t.shownAt); // readingDelayMs 0
          expect(t.closesAt - t.opensAt).toBe(5000);
          expect(t.pausedRemainingMs).toBeNull();
          expect(typeof t.serverNow).toBe('number');
          if (qq.type === 'true_false' || qq.type === 'short_answer') expect(show.question.options).toBeUndefined();
          else if ('options' in qq) expect(show.question.options!.map((o) => o.index)).toEqual(qq.options.map((_, i) => i));
        }

        const acks = await Promise.all(
          bots.map((b, i) => {
            const s = plan[q]![i]!;
            if (s === 'none') return null;
            const view = shows[i]!.question;
            return b.conn.request<{ accepted: true; receivedAt: number }>('answer:submit', { questionIndex: q, answerId: answerId(), response: s === 'correct' ? correctResponse(qq, view) : wrongResponse(qq, view) });
          }),
        );
        for (const ack of acks) {
          if (ack === null) continue;
          const data = okData(ack);
          expect(Object.keys(data).sort()).toEqual(['accepted', 'receivedAt']);
          expect(data.accepted).toBe(true);
        }
        if (plan[q]!.includes('none')) expect(okData(await host.request('contest:next', {}))).toEqual({ phase: 'reveal' });

        const reveals = await Promise.all(bots.map((b) => b.conn.waitFor<QuestionReveal>('question:reveal', (r) => r.index === q)));
        const right = plan[q]!.filter((s) => s === 'correct').length;
        const none = plan[q]!.filter((s) => s === 'none').length;
        // Chosen options by original id, for the per-receiver distribution.
        const chosen = new Map<string, number>();
        if (qq.type === 'single_choice' || qq.type === 'multiple_choice') {
          bots.forEach((_, i) => {
            const s = plan[q]![i]!;
            if (s === 'none') return;
            const view = shows[i]!.question;
            const r = s === 'correct' ? correctResponse(qq, view) : wrongResponse(qq, view);
            const picks = r.type === 'single_choice' ? [r.choice] : r.type === 'multiple_choice' ? r.choices : [];
            for (const p of picks) chosen.set(optionIdAt(qq, view, p), (chosen.get(optionIdAt(qq, view, p)) ?? 0) + 1);
          });
        }
        chosenByQuestion.push(chosen);
        bots.forEach((b, i) => {
          const r = reveals[i]!;
          const view = shows[i]!.question;
          const s = plan[q]![i]!;
          expect(r.correct).toEqual(expectedCorrect(qq, view));
          expect(r.explanation).toEqual(qq.explanation);
          expect(r.distribution).toMatchObject({ right, wrong: 30 - right - none, noAnswer: none });
          if (chosen.size > 0) expect(r.distribution.options).toEqual(view.options!.map((o) => chosen.get(optionIdAt(qq, view, o.index)) ?? 0));
          streak[i] = s === 'correct' ? streak[i]! + 1 : 0;
          if (s === 'correct') correctCount[i]!++;
          const me = r.me!;
          expect(me).toMatchObject({ answered: s !== 'none', correct: s === 'correct', streak: streak[i], eliminated: false });
          if (s === 'correct') {
            const base = me.points - streakBonusFor(streak[i]!);
            expect(base).toBeGreaterThanOrEqual(500);
            expect(base).toBeLessThanOrEqual(1000);
          } else expect(me.points).toBe(0);
          total[i]! += me.points;
          revealPoints[i]!.push(me.points);
          expect(me.totalPoints).toBe(total[i]);
        });

        // The leaderboard that follows this question's show (sent with the reveal).
        const boards = await Promise.all(bots.map((b) => b.conn.waitFor<Leaderboard>('leaderboard:update', () => true, { from: logIndex(b, 'question:show', (p: QuestionShow) => p.question.index === q) })));
        const ranks = boards.map((l) => l.me!.rank);
        expect([...ranks].sort((a, b) => a - b)).toEqual(bots.map((_, i) => i + 1));
        const byRank = bots.map((_, i) => i).sort((a, b) => ranks[a]! - ranks[b]!);
        for (let k = 1; k < byRank.length; k++) expect(total[byRank[k]!]).toBeLessThanOrEqual(total[byRank[k - 1]!]!);
        const expectedTop = byRank.slice(0, 10).map((i, k) => ({ rank: k + 1, nickname: bots[i]!.nickname, district: bots[i]!.district, points: total[i] }));
        for (const d of districts) {
          const members = byRank.filter((i) => bots[i]!.district === d);
          const mean = members.reduce((sum, i) => sum + total[i]!, 0) / members.length;
          const rate = members.reduce((sum, i) => sum + correctCount[i]!, 0) / (members.length * (q + 1));
          members.forEach((i, k) => {
            const l = boards[i]!;
            expect(l.me).toEqual({ rank: ranks[i], points: total[i], districtRank: k + 1, streak: streak[i] });
            expect(l.district).toEqual({ code: d, top: members.slice(0, 10).map((j) => ({ rank: ranks[j], nickname: bots[j]!.nickname, district: d, points: total[j] })) });
          });
          const standing = boards[0]!.districts.find((x) => x.district === d)!;
          expect(standing.players).toBe(6);
          expect(standing.teamScore).toBe(Math.round(mean));
          expect(standing.correctRate).toBeCloseTo(rate, 6);
        }
        for (const l of boards) {
          expect(l.overall).toEqual(expectedTop);
          expect(l.districts.map((x) => x.rank)).toEqual([1, 2, 3, 4, 5]);
          expect(l.districts).toEqual(boards[0]!.districts);
        }
        const scores = boards[0]!.districts.map((x) => x.teamScore);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
        lastBoards = boards;

        expect(okData(await host.request('contest:next', {}))).toEqual({ phase: q < ids.length - 1 ? 'question' : 'ended' });
      }

      const finals = await Promise.all(bots.map((b) => b.conn.waitFor<FinalSummary>('contest:ended')));
      const podium = lastBoards[0]!.overall.slice(0, 3);
      bots.forEach((b, i) => {
        const f = finals[i]!;
        expect(f.podium).toEqual(podium);
        expect(f.districts).toEqual(lastBoards[0]!.districts);
        expect(f.me).toMatchObject({ rank: lastBoards[i]!.me!.rank, districtRank: lastBoards[i]!.me!.districtRank, points: total[i], correct: correctCount[i], total: 6 });
        expect(f.me!.review.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
        expect(f.me!.review.map((r) => r.correct)).toEqual(plan.map((row) => row[i] === 'correct'));
        expect(f.me!.review.map((r) => r.explanation)).toEqual(ids.map((id) => question(id).explanation));
      });

      // What the server stored agrees with what every player was shown.
      const res = await results(srv.url, srv.admin, contest.id);
      expect(res.contest.phase).toBe('ended');
      expect(res.players).toHaveLength(30);
      bots.forEach((b, i) => {
        const row = res.players.find((p) => p.nickname === b.nickname)!;
        expect(row).toMatchObject({ rank: lastBoards[i]!.me!.rank, districtRank: lastBoards[i]!.me!.districtRank, district: b.district, correct: correctCount[i], answered: plan.filter((r) => r[i] !== 'none').length, eliminated: false });
        expect(row.points).toBe(revealPoints[i]!.reduce((s, p) => s + p, 0));
      });
      expect(res.questions.map((x) => x.id)).toEqual(ids);
      expect(res.questions.map((x) => x.answered)).toEqual(plan.map((row) => row.filter((s) => s !== 'none').length));
      expect(res.questions.map((x) => x.correct)).toEqual(plan.map((row) => row.filter((s) => s === 'correct').length));
      expect(res.questions.every((x) => x.due === 30 && x.played && !x.voided)).toBe(true);
      // Single-choice questions are tallied by original option id.
      expect(res.questions[0]!.distribution).toEqual(Object.fromEntries(chosenByQuestion[0]!));
      expect(res.questions[5]!.distribution).toEqual(Object.fromEntries(chosenByQuestion[5]!));
      const csv = await api(srv.url, 'GET', `/api/live-contests/${contest.id}/results?format=csv`, { account: srv.admin });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(csv.text.startsWith('\uFEFFrank,district_rank,nickname,district,school,class,points,correct,answered,eliminated,flagged_answers\r\n')).toBe(true);
      const lines = csv.text.slice(1).trimEnd().split('\r\n');
      expect(lines).toHaveLength(31);
      // The last column counts answers under the human floor (bots answer at once; see test/security/fast-answers.test.ts).
      for (const p of res.players) expect(lines[p.rank]!.startsWith(`${p.rank},${p.districtRank},${p.nickname},${p.district},,,${p.points},${p.correct},${p.answered},false,`)).toBe(true);
    } finally {
      closeAll(bots);
      host.close();
    }
  }, 60_000);
});

describe('elimination mode ("Rung chuông vàng")', () => {
  it('eliminates wrong and missing answers, refuses their answers, revives once, and ends with one player left', async () => {
    const ids = ['pw-001', 'pw-002', 'pw-004', 'pw-006', 'pw-007'];
    const contest = await newContest(ids, { mode: 'elimination' });
    const districts = contest.screenUrls.slice(0, 2).map((s) => s.district);
    const { host } = await hostFor(contest.id);
    const bots = await joinBots(srv.url, contest.pin, districts, 6);
    try {
      const play = async (q: number, strategies: Strategy[]) => {
        const qq = question(ids[q]!);
        return Promise.all(
          bots.map(async (b, i) => {
            const s = strategies[i]!;
            if (s === 'none') return null;
            const view = (await b.conn.waitFor<QuestionShow>('question:show', (x) => x.question.index === q)).question;
            return b.conn.request('answer:submit', { questionIndex: q, answerId: answerId(), response: s === 'correct' ? correctResponse(qq, view) : wrongResponse(qq, view) });
          }),
        );
      };
      const reveal = (q: number) => Promise.all(bots.map((b) => b.conn.waitFor<QuestionReveal>('question:reveal', (r) => r.index === q)));

      expect(okData(await host.request('contest:start', {}))).toEqual({ phase: 'question' });
      // Q0: four right, one wrong, one silent (the host closes the question).
      const a0 = await play(0, ['correct', 'correct', 'correct', 'correct', 'wrong', 'none']);
      expect(a0.map((a) => (a ? codeOf(a) : null))).toEqual(['OK', 'OK', 'OK', 'OK', 'OK', null]);
      expect(okData(await host.request('contest:next', {}))).toEqual({ phase: 'reveal' });
      const r0 = await reveal(0);
      expect(r0.map((r) => r.me!.eliminated)).toEqual([false, false, false, false, true, true]);
      expect(r0[5]!.me).toMatchObject({ answered: false, correct: false, points: 0, eliminated: true });
      expect(r0[0]!.distribution).toMatchObject({ right: 4, wrong: 1, noAnswer: 1 });

      // Q1: the eliminated are refused; two of the four survivors fail. Every survivor answered, so it closes by itself.
      expect(okData(await host.request('contest:next', {}))).toEqual({ phase: 'question' });
      await Promise.all(bots.slice(0, 4).map((b) => b.conn.waitFor<QuestionShow>('question:show', (s) => s.question.index === 1)));
      const refused = await bots[4]!.conn.request('answer:submit', { questionIndex: 1, answerId: answerId(), response: { type: 'single_choice', choice: 0 } });
      expect(codeOf(refused)).toBe('ELIMINATED');
      const a1 = await play(1, ['correct', 'correct', 'wrong', 'wrong', 'none', 'none']);
      expect(a1.slice(0, 4).map((a) => codeOf(a!))).toEqual(['OK', 'OK', 'OK', 'OK']);
      const r1 = await reveal(1);
      expect(r1.map((r) => r.me!.eliminated)).toEqual([false, false, true, true, true, true]);

      // One revival per contest, during the reveal: everyone is back for Q2.
      expect(okData(await host.request('players:revive', {}))).toEqual({ revived: 4 });
      expect(codeOf(await host.request('players:revive', {}))).toBe('REVIVE_USED');
      expect(okData(await host.request('contest:next', {}))).toEqual({ phase: 'question' });
      const a2 = await play(2, ['correct', 'wrong', 'wrong', 'wrong', 'wrong', 'wrong']);
      expect(a2.map((a) => codeOf(a!))).toEqual(['OK', 'OK', 'OK', 'OK', 'OK', 'OK']);
      const r2 = await reveal(2);
      expect(r2.map((r) => r.me!.eliminated)).toEqual([false, true, true, true, true, true]);

      // One survivor: the next step ends the contest although questions remain.
      expect(okData(await host.request('contest:next', {}))).toEqual({ phase: 'ended' });
      const finals = await Promise.all(bots.map((b) => b.conn.waitFor<FinalSummary>('contest:ended')));
      expect(finals[0]!.podium[0]).toMatchObject({ rank: 1, nickname: bots[0]!.nickname });
      expect(finals[0]!.me).toMatchObject({ rank: 1, correct: 3 });
      for (const b of bots) expect(b.conn.all<QuestionShow>('question:show').map((s) => s.question.index)).toEqual([0, 1, 2]);
    } finally {
      closeAll(bots);
      host.close();
    }
  }, 60_000);
});

describe('reconnecting mid-question', () => {
  it('resumes a player on a new socket with the same points and the open question, who may still answer', async () => {
    const ids = ['pw-001', 'pw-002'];
    const contest = await newContest(ids, { timeLimitSec: 30 });
    const { host } = await hostFor(contest.id);
    const bots = await joinBots(srv.url, contest.pin, [contest.screenUrls[0]!.district], 3);
    const [a, b, c] = bots as [Bot, Bot, Bot];
    try {
      expect(okData(await host.request('contest:start', {}))).toEqual({ phase: 'question' });
      const q0 = question('pw-001');
      await Promise.all(
        bots.map(async (bot) => {
          const show = await bot.conn.waitFor<QuestionShow>('question:show', (s) => s.question.index === 0);
          okData(await bot.conn.request('answer:submit', { questionIndex: 0, answerId: answerId(), response: correctResponse(q0, show.question) }));
        }),
      );
      const r0 = await Promise.all(bots.map((bot) => bot.conn.waitFor<QuestionReveal>('question:reveal', (r) => r.index === 0)));
      expect(okData(await host.request('contest:next', {}))).toEqual({ phase: 'question' });

      const q1 = question('pw-002');
      const showA = await a.conn.waitFor<QuestionShow>('question:show', (s) => s.question.index === 1);
      const showB = await b.conn.waitFor<QuestionShow>('question:show', (s) => s.question.index === 1);
      const idA = answerId();
      const ackA = okData(await a.conn.request('answer:submit', { questionIndex: 1, answerId: idA, response: correctResponse(q1, showA.question) }));

      // B drops without answering; C has not answered either, so the question stays open.
      b.conn.close();
      const b2 = await connectLive(srv.url);
      const resumed = okData(await b2.request<JoinResult>('player:resume', { reconnectToken: b.reconnectToken }));
      expect(resumed.playerId).toBe(b.playerId);
      expect(resumed.nickname).toBe(b.nickname);
      expect(resumed.snapshot).toMatchObject({ phase: 'question', paused: false, me: { playerId: b.playerId, points: r0[1]!.me!.totalPoints, streak: 1, eliminated: false, answeredCurrent: false } });
      expect(resumed.snapshot.question!.question).toEqual(showB.question);
      expect(resumed.snapshot.question!.timing).toMatchObject({ shownAt: showB.timing.shownAt, opensAt: showB.timing.opensAt, closesAt: showB.timing.closesAt, pausedRemainingMs: null });

      // A, who already answered, resumes too: the same answer id gets the same ack, another is refused.
      a.conn.close();
      const a2 = await connectLive(srv.url);
      const resumedA = okData(await a2.request<JoinResult>('player:resume', { reconnectToken: a.reconnectToken }));
      expect(resumedA.snapshot.me).toMatchObject({ answeredCurrent: true, points: r0[0]!.me!.totalPoints });
      expect(okData(await a2.request('answer:submit', { questionIndex: 1, answerId: idA, response: correctResponse(q1, showA.question) }))).toEqual(ackA);
      expect(codeOf(await a2.request('answer:submit', { questionIndex: 1, answerId: answerId(), response: wrongResponse(q1, showA.question) }))).toBe('ALREADY_ANSWERED');

      expect(codeOf(await b2.request('answer:submit', { questionIndex: 1, answerId: answerId(), response: correctResponse(q1, showB.question) }))).toBe('OK');
      const showC = await c.conn.waitFor<QuestionShow>('question:show', (s) => s.question.index === 1);
      expect(codeOf(await c.conn.request('answer:submit', { questionIndex: 1, answerId: answerId(), response: wrongResponse(q1, showC.question) }))).toBe('OK');
      const revealB = await b2.waitFor<QuestionReveal>('question:reveal', (r) => r.index === 1);
      expect(revealB.me).toMatchObject({ answered: true, correct: true, streak: 2 });
      expect(revealB.me!.totalPoints).toBe(r0[1]!.me!.totalPoints + revealB.me!.points);
      expect(revealB.correct).toEqual(expectedCorrect(q1, showB.question));
      expect(revealB.distribution).toMatchObject({ right: 2, wrong: 1, noAnswer: 0 });
      a2.close();
      b2.close();
    } finally {
      closeAll(bots);
      host.close();
    }
  }, 60_000);
});

describe('lobby helpers', () => {
  it('suggests nicknames a limited number of times, generates one when none is given, and syncs the clock', async () => {
    const contest = await newContest(['pw-001']);
    const district = contest.screenUrls[0]!.district;
    const conn = await connectLive(srv.url);
    try {
      const suggestions = [];
      for (let i = 0; i < 4; i++) suggestions.push(okData(await conn.request<{ nickname: string; remaining: number }>('nickname:suggest', { pin: contest.pin, lang: 'vi' })));
      expect(suggestions.map((s) => s.remaining)).toEqual([3, 2, 1, 0]);
      for (const s of suggestions) expect(validateNickname(s.nickname)).toMatchObject({ ok: true, nickname: s.nickname });
      expect(codeOf(await conn.request('nickname:suggest', { pin: contest.pin }))).toBe('RATE_LIMITED');
      const fresh = await connectLive(srv.url);
      expect(codeOf(await fresh.request('nickname:suggest', { pin: '99999999' }))).toBe('CONTEST_UNAVAILABLE');
      fresh.close();

      const joined = okData(await conn.request<JoinResult>('player:join', { pin: contest.pin, district, lang: 'en' }));
      expect(validateNickname(joined.nickname)).toMatchObject({ ok: true, nickname: joined.nickname });
      expect(joined.snapshot.me.nickname).toBe(joined.nickname);
      expect(joined.reconnectToken.length).toBeGreaterThanOrEqual(20);

      const before = Date.now();
      const sync = okData(await conn.request<{ clientSentAt: number; serverNow: number }>('time:sync', { clientSentAt: 12345 }));
      expect(sync.clientSentAt).toBe(12345);
      // Same machine, same clock: the server's time lies within the round trip.
      expect(sync.serverNow).toBeGreaterThanOrEqual(before);
      expect(sync.serverNow).toBeLessThanOrEqual(Date.now());
      expect(okData(await conn.request('player:leave', {}))).toEqual({ left: true });
    } finally {
      conn.close();
    }
  });
});
