import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { Question } from '../../src/banks/question-schema.ts';
import type { HostSnapshot, JoinResult, QuestionReveal, QuestionShow, ScreenSnapshot } from '../../src/contests/protocol.ts';
import {
  FAST_SETTINGS,
  answerId,
  api,
  closeAll,
  codeOf,
  connectLive,
  correctResponse,
  createAccount,
  createContest,
  joinBots,
  okData,
  results,
  startLiveServer,
  wrongResponse,
  type Account,
  type Bot,
  type LiveConn,
  type LiveServer,
  type Recorded,
} from '../support/live-bots.ts';

let srv: LiveServer;
let teacher: Account;
let otherTeacher: Account;
beforeAll(async () => {
  srv = await startLiveServer();
  teacher = await createAccount(srv.url, srv.admin, 'teacher');
  otherTeacher = await createAccount(srv.url, srv.admin, 'teacher');
}, 90_000);
afterAll(() => srv?.server.cleanup());

const question = (id: string): Question => srv.bank.byId.get(id)!;
const newContest = (questionIds: string[], owner: Account = srv.admin, settings: Record<string, unknown> = {}) =>
  createContest(srv.url, owner, { title: 'Kiểm thử bảo mật', bank: srv.bank.slug, version: srv.bank.version, questionIds, settings: { ...FAST_SETTINGS, ...settings } });
const attach = async (contestId: string, as: { token?: string; cookie?: string }) => {
  const host = await connectLive(srv.url, as);
  return { host, ack: await host.request<HostSnapshot>('host:attach', { contestId }) };
};

/** Every key name anywhere in a payload. */
function keysOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysOf(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      keysOf(v, out);
    }
  }
  return out;
}

/** Key names that would carry an answer key, a correctness hint or an explanation. */
const KEY_FIELDS = ['answer', 'key', 'weights', 'scoring', 'matching', 'correct', 'choices', 'order', 'value', 'accepted', 'explanation', 'feedback', 'optionFeedback', 'fraction'];

describe('no key before the reveal', () => {
  it('sends players and screens nothing that reveals an answer until its question:reveal', async () => {
    const ids = ['pw-005', 'pw-015', 'pw-018', 'pw-003', 'pw-001', 'pw-016'];
    const contest = await newContest(ids);
    const district = contest.screenUrls[0]!.district;
    const { host, ack } = await attach(contest.id, { token: srv.admin.token });
    okData(ack);
    const screen = await connectLive(srv.url);
    const screenSnap = okData(await screen.request<ScreenSnapshot>('screen:attach', { pin: contest.pin, screenToken: contest.screenToken, district }));
    expect(screenSnap).toMatchObject({ phase: 'lobby', district: { code: district } });
    const bots = await joinBots(srv.url, contest.pin, [district, contest.screenUrls[1]!.district], 8);
    const answerAcks: unknown[] = [];
    try {
      okData(await host.request('contest:start', {}));
      for (let q = 0; q < ids.length; q++) {
        const qq = question(ids[q]!);
        await Promise.all(
          bots.map(async (b, i) => {
            const show = await b.conn.waitFor<QuestionShow>('question:show', (s) => s.question.index === q);
            const response = (i + q) % 2 === 0 ? correctResponse(qq, show.question) : wrongResponse(qq, show.question);
            answerAcks.push(okData(await b.conn.request('answer:submit', { questionIndex: q, answerId: answerId(), response })));
          }),
        );
        await Promise.all(bots.map((b) => b.conn.waitFor<QuestionReveal>('question:reveal', (r) => r.index === q)));
        if (q === 4) {
          // The host's own channel carries the key (authored order): proof the key exists, just not for players.
          const hostView = await host.waitFor<HostSnapshot>('host:state', (h) => h.questionIndex === 4 && h.question !== undefined);
          expect(hostView.question!.key).toMatchObject({ correct: [qq.type === 'single_choice' ? qq.options.findIndex((o) => o.id === qq.answer) : -1] });
        }
        okData(await host.request('contest:next', {}));
      }
      await Promise.all(bots.map((b) => b.conn.waitFor('contest:ended')));
      await screen.waitFor('contest:ended');

      // Acks say "stored", never "right" or "wrong".
      for (const a of answerAcks) expect(Object.keys(a as object).sort()).toEqual(['accepted', 'receivedAt']);

      const receivers: Array<{ name: string; log: Recorded[] }> = [...bots.map((b) => ({ name: b.nickname, log: b.conn.log })), { name: 'screen', log: screen.log }];
      for (const { name, log } of receivers) {
        const text = (r: Recorded) => JSON.stringify(r.payload) ?? '';
        // Bank question ids never reach players or screens.
        for (const r of log) expect(text(r), `${name} ${r.event}`).not.toMatch(/pw-\d{3}/);
        expect(log.filter((r) => r.event === 'host:state' || r.event === 'question:progress'), name).toEqual([]);
        for (let q = 0; q < ids.length; q++) {
          const qq = question(ids[q]!);
          const shownAt = log.findIndex((r) => r.event === 'question:show' && (r.payload as QuestionShow).question.index === q);
          const revealedAt = log.findIndex((r) => r.event === 'question:reveal' && (r.payload as QuestionReveal).index === q);
          expect(shownAt, `${name} saw question ${q}`).toBeGreaterThanOrEqual(0);
          expect(revealedAt, `${name} saw reveal ${q}`).toBeGreaterThan(shownAt);

          const show = log[shownAt]!.payload as QuestionShow;
          expect(Object.keys(show).sort()).toEqual(['question', 'timing']);
          expect(Object.keys(show.timing).sort()).toEqual(['closesAt', 'opensAt', 'pausedRemainingMs', 'serverNow', 'shownAt']);
          const allowed = ['count', 'image', 'index', 'options', 'points', 'prompt', 'total', 'type'];
          for (const k of Object.keys(show.question)) expect(allowed, `question:show key ${k}`).toContain(k);
          expect(Object.keys(show.question.prompt).sort()).toEqual(['en', 'vi']);
          for (const o of show.question.options ?? []) {
            expect(Object.keys(o).sort()).toEqual(['index', 'text']);
            expect(Object.keys(o.text).sort()).toEqual(['en', 'vi']);
          }
          if (qq.type === 'ordering') expect(show.question.options!.map((o) => o.text.vi)).not.toEqual(qq.answer.map((id) => qq.options.find((o) => o.id === id)!.text.vi));
          if (qq.type === 'multiple_choice') expect(show.question.count).toBe(qq.answer.length);

          // While the question is open, nothing carries a key-like field.
          for (const r of log.slice(shownAt, revealedAt)) {
            const found = [...keysOf(r.payload)].filter((k) => KEY_FIELDS.includes(k));
            expect(found, `${name} ${r.event} during question ${q}`).toEqual([]);
          }
          // The explanation and (for short answers) the accepted answers appear first in this question's reveal.
          const secrets = [qq.explanation!.vi, qq.explanation!.en];
          if (qq.type === 'short_answer') {
            const visible = ids.flatMap((id) => {
              const x = question(id);
              return [x.prompt.vi, x.prompt.en, ...('options' in x ? x.options.flatMap((o) => [o.text.vi, o.text.en]) : [])];
            });
            secrets.push(...qq.answer.filter((a) => a.length >= 4 && !visible.some((v) => v.toLowerCase().includes(a.toLowerCase()))));
          }
          for (const secret of secrets) {
            const first = log.findIndex((r) => text(r).includes(JSON.stringify(secret).slice(1, -1)));
            expect(first, `${name}: "${secret.slice(0, 40)}" first seen`).toBe(revealedAt);
          }
        }
      }
      // Options are relabelled per player: eight players do not all see one order.
      const orders = new Set(bots.map((b) => JSON.stringify(b.conn.all<QuestionShow>('question:show').find((s) => s.question.index === 4)!.question.options!.map((o) => o.text.vi))));
      expect(orders.size).toBeGreaterThan(1);
    } finally {
      closeAll(bots);
      closeAll([host, screen]);
    }
  }, 60_000);
});

describe('nobody answers for someone else', () => {
  it('has no player id in answers, refuses sockets that never joined, and refuses client-sent scores', async () => {
    const contest = await newContest(['pw-001'], srv.admin, { timeLimitSec: 30 });
    const { host } = await attach(contest.id, { token: srv.admin.token });
    const [victim, cheat] = (await joinBots(srv.url, contest.pin, [contest.screenUrls[0]!.district], 2)) as [Bot, Bot];
    const stranger = await connectLive(srv.url);
    try {
      okData(await host.request('contest:start', {}));
      const q = question('pw-001');
      const show = await cheat.conn.waitFor<QuestionShow>('question:show');
      const response = correctResponse(q, show.question);
      const base = { questionIndex: 0, answerId: answerId(), response };
      expect(codeOf(await stranger.request('answer:submit', base))).toBe('NOT_IN_CONTEST');
      expect(codeOf(await host.request('answer:submit', base))).toBe('NOT_IN_CONTEST');
      for (const extra of [{ playerId: victim.playerId }, { points: 1000 }, { score: 5000 }, { nickname: victim.nickname }, { receivedAt: 0 }]) {
        expect(codeOf(await cheat.conn.request('answer:submit', { ...base, ...extra })), JSON.stringify(extra)).toBe('INVALID');
      }
      expect(codeOf(await cheat.conn.request('answer:submit', { ...base, response: { ...response, correct: true } }))).toBe('INVALID');
      // Reconnect tokens are the only way back in: forged ones and player ids are refused.
      expect(codeOf(await stranger.request('player:resume', { reconnectToken: victim.playerId }))).toBe('RESUME_INVALID');
      expect(codeOf(await stranger.request('player:resume', { reconnectToken: 'civiq_' + 'a'.repeat(40) }))).toBe('RESUME_INVALID');
      expect(codeOf(await stranger.request('answer:submit', base))).toBe('NOT_IN_CONTEST');

      okData(await cheat.conn.request('answer:submit', base));
      const victimView = (await victim.conn.waitFor<QuestionShow>('question:show')).question;
      okData(await victim.conn.request('answer:submit', { questionIndex: 0, answerId: answerId(), response: wrongResponse(q, victimView) }));
      const reveals = await Promise.all([victim, cheat].map((b) => b.conn.waitFor<QuestionReveal>('question:reveal')));
      expect(reveals.map((r) => r.me!.correct)).toEqual([false, true]);
      expect(reveals[0]!.me!.points).toBe(0);
      const res = await results(srv.url, srv.admin, contest.id);
      expect(res.players.find((p) => p.nickname === victim.nickname)).toMatchObject({ answered: 1, correct: 0, points: 0 });
      expect(res.players.find((p) => p.nickname === cheat.nickname)).toMatchObject({ answered: 1, correct: 1, points: reveals[1]!.me!.points });
    } finally {
      closeAll([victim, cheat]);
      closeAll([host, stranger]);
    }
  });
});

describe('host and screen permissions', () => {
  const HOST_EVENTS: Array<[string, unknown]> = [
    ['lobby:lock', { locked: true }],
    ['player:kick', { playerId: '00000000-0000-4000-8000-000000000000', ban: true }],
    ['contest:start', {}],
    ['contest:next', {}],
    ['contest:skip', {}],
    ['contest:pause', {}],
    ['contest:resume', {}],
    ['contest:extend', { seconds: 30 }],
    ['contest:end', {}],
    ['players:revive', {}],
  ];

  it('refuses host commands from players, screens, guests and other teachers', async () => {
    const contest = await newContest(['pw-001', 'pw-002'], teacher);
    const [player] = (await joinBots(srv.url, contest.pin, [contest.screenUrls[0]!.district], 1)) as [Bot];
    const screen = await connectLive(srv.url);
    okData(await screen.request('screen:attach', { pin: contest.pin, screenToken: contest.screenToken }));
    const guest = await connectLive(srv.url);
    const intruder = await attach(contest.id, { token: otherTeacher.token });
    const conns: LiveConn[] = [screen, guest, intruder.host];
    try {
      for (const [event, payload] of HOST_EVENTS) {
        expect(codeOf(await player.conn.request(event, payload)), `player ${event}`).toBe('FORBIDDEN');
        expect(codeOf(await screen.request(event, payload)), `screen ${event}`).toBe('FORBIDDEN');
        expect(codeOf(await intruder.host.request(event, payload)), `other teacher ${event}`).toBe('FORBIDDEN');
      }
      expect(codeOf(intruder.ack)).toBe('FORBIDDEN');
      expect(codeOf(await guest.request('host:attach', { contestId: contest.id }))).toBe('UNAUTHENTICATED');
      expect(codeOf(await player.conn.request('host:attach', { contestId: contest.id }))).toBe('UNAUTHENTICATED');
      // The owner (by session cookie) and an admin (by token) may host; an unknown contest is refused like a foreign one.
      const owner = await attach(contest.id, { cookie: teacher.cookie! });
      conns.push(owner.host);
      expect(okData(owner.ack)).toMatchObject({ phase: 'lobby', players: [{ id: player.playerId, nickname: player.nickname }] });
      const admin = await attach(contest.id, { token: srv.admin.token });
      conns.push(admin.host);
      expect(codeOf(admin.ack)).toBe('OK');
      expect(codeOf(await owner.host.request('host:attach', { contestId: '00000000-0000-4000-8000-000000000000' }))).toBe('FORBIDDEN');
      expect(codeOf(await owner.host.request('host:attach', { contestId: 'not-a-uuid' }))).toBe('INVALID');
      const foreign = await newContest(['pw-001'], otherTeacher);
      expect(codeOf(await owner.host.request('host:attach', { contestId: foreign.id }))).toBe('FORBIDDEN');
      // Nothing the others sent took effect.
      expect(okData(await admin.host.request<HostSnapshot>('host:attach', { contestId: contest.id }))).toMatchObject({ phase: 'lobby', lobbyLocked: false, players: [{ id: player.playerId }] });
      // A forged API token cannot even connect.
      const forged = io(`${srv.url}/live`, { transports: ['websocket'], reconnection: false, auth: { token: 'civiq_forged_token_0000000000' } });
      const err = await new Promise<Error>((resolve) => forged.on('connect_error', resolve));
      expect(err.message).toBe('UNAUTHENTICATED');
      forged.close();
    } finally {
      player.conn.close();
      closeAll(conns);
    }
  });

  it('opens a projector screen only with the right PIN, token and district, and never with a revoked token', async () => {
    const contest = await newContest(['pw-001'], teacher);
    const other = await newContest(['pw-001'], teacher);
    const district = contest.screenUrls[0]!.district;
    const screen = await connectLive(srv.url);
    try {
      const wrong = await screen.request('screen:attach', { pin: contest.pin, screenToken: 'x'.repeat(43) });
      expect(codeOf(wrong)).toBe('CONTEST_UNAVAILABLE');
      expect(await screen.request('screen:attach', { pin: contest.pin, screenToken: other.screenToken })).toEqual(wrong);
      expect(await screen.request('screen:attach', { pin: '99999999', screenToken: contest.screenToken })).toEqual(wrong);
      expect(codeOf(await screen.request('screen:attach', { pin: contest.pin, screenToken: contest.screenToken, district: 'atlantis' }))).toBe('DISTRICT_UNKNOWN');
      const snap = okData(await screen.request<ScreenSnapshot>('screen:attach', { pin: contest.pin, screenToken: contest.screenToken, district }));
      expect(snap).toMatchObject({ contest: { id: contest.id }, district: { code: district }, phase: 'lobby', playerCount: 0 });
      expect(Object.keys(snap.contest).sort()).toEqual(['districts', 'id', 'mode', 'questionCount', 'rosterMode', 'title']);

      // A new token revokes the old one.
      const rotated = await api<{ screenToken: string }>(srv.url, 'POST', `/api/live-contests/${contest.id}/screen-token`, { account: teacher });
      expect(rotated.status).toBe(200);
      const fresh = await connectLive(srv.url);
      expect(codeOf(await fresh.request('screen:attach', { pin: contest.pin, screenToken: contest.screenToken }))).toBe('CONTEST_UNAVAILABLE');
      expect(codeOf(await fresh.request('screen:attach', { pin: contest.pin, screenToken: rotated.json.screenToken }))).toBe('OK');
      fresh.close();
    } finally {
      screen.close();
    }
  });

  it('kicks a player off: resume refused, the nickname free again', async () => {
    const contest = await newContest(['pw-001'], teacher);
    const district = contest.screenUrls[0]!.district;
    const owner = await attach(contest.id, { token: teacher.token });
    const [kicked, stays] = (await joinBots(srv.url, contest.pin, [district], 2)) as [Bot, Bot];
    const back = await connectLive(srv.url);
    try {
      expect(okData(await owner.host.request('player:kick', { playerId: kicked.playerId }))).toEqual({ kicked: true });
      expect(await kicked.conn.waitFor('player:kicked')).toEqual({ reason: 'kicked' });
      expect(await kicked.conn.waitFor('$disconnect')).toBe('io server disconnect');
      expect(stays.conn.socket.connected).toBe(true);
      expect(codeOf(await back.request('player:resume', { reconnectToken: kicked.reconnectToken }))).toBe('RESUME_INVALID');
      expect(codeOf(await owner.host.request('player:kick', { playerId: kicked.playerId }))).toBe('NOT_IN_CONTEST');
      // A kick is not a ban: the name may be used again (by a new player).
      const rejoined = okData(await back.request<JoinResult>('player:join', { pin: contest.pin, nickname: kicked.nickname, district }));
      expect(rejoined.playerId).not.toBe(kicked.playerId);
      const state = okData(await owner.host.request<HostSnapshot>('host:attach', { contestId: contest.id }));
      expect(state.players.map((p) => p.id).sort()).toEqual([rejoined.playerId, stays.playerId].sort());
    } finally {
      closeAll([kicked, stays]);
      closeAll([owner.host, back]);
    }
  });

  it('bans a nickname for the rest of the contest', async () => {
    const contest = await newContest(['pw-001'], teacher);
    const district = contest.screenUrls[0]!.district;
    const owner = await attach(contest.id, { token: teacher.token });
    const [banned] = (await joinBots(srv.url, contest.pin, [district], 1)) as [Bot];
    const again = await connectLive(srv.url);
    try {
      expect(okData(await owner.host.request('player:kick', { playerId: banned.playerId, ban: true }))).toEqual({ kicked: true });
      expect(await banned.conn.waitFor('player:kicked')).toEqual({ reason: 'banned' });
      for (const nickname of [banned.nickname, banned.nickname.toUpperCase(), ` ${banned.nickname}  `]) {
        expect(codeOf(await again.request('player:join', { pin: contest.pin, nickname, district })), nickname).toBe('NICKNAME_BANNED');
      }
      expect(codeOf(await again.request('player:resume', { reconnectToken: banned.reconnectToken }))).toBe('RESUME_INVALID');
      expect(okData(await owner.host.request<HostSnapshot>('host:attach', { contestId: contest.id })).players).toEqual([]);
    } finally {
      banned.conn.close();
      closeAll([owner.host, again]);
    }
  });
});
