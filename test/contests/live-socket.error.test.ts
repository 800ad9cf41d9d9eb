import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Question } from '../../src/banks/question-schema.ts';
import type { HostSnapshot, QuestionReveal, QuestionShow, Timing } from '../../src/contests/protocol.ts';
import {
  FAST_SETTINGS,
  answerId,
  botNicknames,
  closeAll,
  codeOf,
  connectLive,
  correctResponse,
  createContest,
  joinBots,
  okData,
  results,
  sleep,
  startLiveServerWithDb,
  wrongResponse,
  type Ack,
  type DirectDb,
  type LiveConn,
  type LiveServer,
} from '../support/live-bots.ts';

let srv: LiveServer;
let db: DirectDb | null;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ srv, db, cleanup } = await startLiveServerWithDb());
}, 90_000);
afterAll(() => cleanup?.());

const question = (id: string): Question => srv.bank.byId.get(id)!;
const newContest = (questionIds: string[], settings: Record<string, unknown> = {}) =>
  createContest(srv.url, srv.admin, { title: 'Kiểm thử lỗi', bank: srv.bank.slug, version: srv.bank.version, questionIds, settings: { ...FAST_SETTINGS, ...settings } });
const hostFor = async (contestId: string) => {
  const host = await connectLive(srv.url, { token: srv.admin.token });
  okData(await host.request<HostSnapshot>('host:attach', { contestId }));
  return host;
};
const join = (conn: LiveConn, pin: string, nickname: string, district: string) => conn.request('player:join', { pin, nickname, district });

describe('answers: timing, idempotency and refusal', () => {
  it('refuses early, duplicate, malformed, paused and late answers, and stores a repeated answer exactly once', async () => {
    const contest = await newContest(['pw-001', 'pw-002'], { readingDelayMs: 2000 });
    const host = await hostFor(contest.id);
    const bots = await joinBots(srv.url, contest.pin, [contest.screenUrls[0]!.district], 3);
    const [a, b, c] = bots as [(typeof bots)[0], (typeof bots)[0], (typeof bots)[0]];
    const q = question('pw-001');
    try {
      okData(await host.request('contest:start', {}));
      const shows = await Promise.all(bots.map((x) => x.conn.waitFor<QuestionShow>('question:show', (s) => s.question.index === 0)));
      const view = (i: number) => shows[i]!.question;
      expect(shows[0]!.timing.opensAt - shows[0]!.timing.shownAt).toBe(2000);
      expect(codeOf(await a.conn.request('answer:submit', { questionIndex: 0, answerId: answerId(), response: correctResponse(q, view(0)) }))).toBe('TOO_EARLY');

      await sleep(Math.max(0, shows[0]!.timing.opensAt - Date.now()) + 150);
      // Five copies at once (a client retrying over a bad line): one answer, five identical acks.
      const id = answerId();
      const payload = { questionIndex: 0, answerId: id, response: correctResponse(q, view(0)) };
      const acks = await Promise.all(Array.from({ length: 5 }, () => a.conn.request<{ accepted: true; receivedAt: number }>('answer:submit', payload)));
      const first = okData(acks[0]!);
      expect(first.accepted).toBe(true);
      for (const ack of acks) expect(ack).toEqual({ ok: true, data: first });
      expect(codeOf(await a.conn.request('answer:submit', { ...payload, answerId: answerId(), response: wrongResponse(q, view(0)) }))).toBe('ALREADY_ANSWERED');
      expect(await a.conn.request('answer:submit', payload)).toEqual({ ok: true, data: first });

      // Responses that do not fit the question.
      expect(codeOf(await b.conn.request('answer:submit', { questionIndex: 0, answerId: answerId(), response: { type: 'single_choice', choice: 5 } }))).toBe('INVALID');
      expect(codeOf(await b.conn.request('answer:submit', { questionIndex: 0, answerId: answerId(), response: { type: 'true_false', value: true } }))).toBe('INVALID');
      expect(codeOf(await b.conn.request('answer:submit', { questionIndex: 99, answerId: answerId(), response: correctResponse(q, view(1)) }))).toBe('INVALID');
      expect(codeOf(await b.conn.request('answer:submit', { questionIndex: 1, answerId: answerId(), response: { type: 'single_choice', choice: 0 } }))).toBe('TOO_LATE');
      expect(codeOf(await b.conn.request('answer:submit', { questionIndex: 0, answerId: answerId(), response: wrongResponse(q, view(1)) }))).toBe('OK');

      // Pause freezes the clock and refuses answers; resume and extend move the deadline.
      const paused = okData(await host.request('contest:pause', {}));
      expect(paused).toEqual({ paused: true });
      const frozen = await c.conn.waitFor<{ index: number; timing: Timing }>('question:timing', (t) => t.timing.pausedRemainingMs !== null);
      expect(frozen.index).toBe(0);
      expect(frozen.timing.pausedRemainingMs).toBeGreaterThan(0);
      expect(frozen.timing.pausedRemainingMs).toBeLessThanOrEqual(5000);
      expect(codeOf(await c.conn.request('answer:submit', { questionIndex: 0, answerId: answerId(), response: correctResponse(q, view(2)) }))).toBe('PAUSED');
      expect(okData(await host.request('contest:resume', {}))).toEqual({ paused: false });
      const running = await c.conn.waitFor<{ index: number; timing: Timing }>('question:timing', (t) => t.timing.pausedRemainingMs === null);
      expect(running.timing.closesAt).toBeGreaterThanOrEqual(shows[2]!.timing.closesAt);
      expect(running.timing.closesAt - running.timing.opensAt).toBe(shows[2]!.timing.closesAt - shows[2]!.timing.opensAt);
      const extended = okData(await host.request<{ closesAt: number }>('contest:extend', { seconds: 1 }));
      expect(extended.closesAt).toBe(running.timing.closesAt + 1000);
      expect((await c.conn.waitFor<{ timing: Timing }>('question:timing', (t) => t.timing.closesAt === extended.closesAt)).timing.pausedRemainingMs).toBeNull();
      expect(codeOf(await host.request('contest:extend', { seconds: 0 }))).toBe('INVALID');

      // C never answers: the server's timer closes the question, after which C is too late.
      const reveal = await c.conn.waitFor<QuestionReveal>('question:reveal', (r) => r.index === 0, { timeoutMs: 20_000 });
      expect(reveal.me).toMatchObject({ answered: false, points: 0 });
      expect(reveal.distribution).toMatchObject({ right: 1, wrong: 1, noAnswer: 1 });
      expect(codeOf(await c.conn.request('answer:submit', { questionIndex: 0, answerId: answerId(), response: correctResponse(q, view(2)) }))).toBe('TOO_LATE');
      expect(codeOf(await host.request('contest:extend', { seconds: 5 }))).toBe('WRONG_PHASE');

      const res = await results(srv.url, srv.admin, contest.id);
      expect(res.questions[0]).toMatchObject({ due: 3, answered: 2, correct: 1 });
      expect(res.players.find((p) => p.nickname === a.nickname)).toMatchObject({ answered: 1, correct: 1 });
      if (db) {
        const rows = await db.query<{ player_id: string; answer_id: string }>('select player_id, answer_id from live_answers where contest_id = $1 order by player_id', [contest.id]);
        expect(rows).toHaveLength(2);
        expect(rows.filter((r) => r.player_id === a.playerId)).toEqual([{ player_id: a.playerId, answer_id: id }]);
      }
    } finally {
      closeAll(bots);
      host.close();
    }
  }, 60_000);
});

describe('robustness against bad input', () => {
  it('answers malformed payloads with INVALID, keeps the connection, and refuses unknown events', async () => {
    const contest = await newContest(['pw-001']);
    const district = contest.screenUrls[0]!.district;
    const conn = await connectLive(srv.url);
    try {
      const proto = JSON.parse(`{"__proto__": {"admin": true}, "pin": "${contest.pin}", "nickname": "Proto", "district": "${district}"}`);
      const nested = JSON.parse('{"a":'.repeat(500) + '1' + '}'.repeat(500));
      const bad: unknown[] = [
        null,
        'player',
        42,
        [contest.pin, 'Nam', district],
        {},
        { pin: Number(contest.pin), nickname: 'Nam', district },
        { pin: contest.pin, nickname: 7, district },
        { pin: contest.pin, nickname: 'Nam' },
        { pin: contest.pin, nickname: 'Nam', district, isAdmin: true },
        proto,
        { pin: contest.pin, nickname: nested, district },
        { pin: contest.pin, nickname: 'N'.repeat(201), district },
        { pin: 'abc', nickname: 'Nam', district },
      ];
      for (const payload of bad) expect(codeOf(await conn.request('player:join', payload)), JSON.stringify(payload).slice(0, 80)).toBe('INVALID');
      expect(conn.socket.connected).toBe(true);

      // Answers with broken numbers and arrays, before joining and after.
      const answers: unknown[] = [
        { questionIndex: NaN, answerId: answerId(), response: { type: 'single_choice', choice: 0 } },
        { questionIndex: 0, answerId: answerId(), response: { type: 'single_choice', choice: Infinity } },
        { questionIndex: 0, answerId: answerId(), response: { type: 'multiple_choice', choices: Array.from({ length: 3000 }, () => 0) } },
        { questionIndex: 0, answerId: answerId(), response: { type: 'ordering', order: [0, 0] } },
        { questionIndex: 0, answerId: 'short', response: { type: 'true_false', value: true } },
        { questionIndex: 0, answerId: 'has spaces in it', response: { type: 'true_false', value: true } },
        { questionIndex: 0, answerId: answerId(), response: { type: 'essay', text: 'x' } },
      ];
      for (const payload of answers) expect(codeOf(await conn.request('answer:submit', payload))).toBe('INVALID');

      // Unknown events are refused (a strike: see test/security/socket-flood.test.ts); events without an acknowledgement break nothing.
      expect(codeOf(await conn.request('contest:hack', { all: true }, 1000))).toBe('UNKNOWN_EVENT');
      conn.socket.emit('answer:submit', { junk: true });
      conn.socket.emit('player:join');
      expect(conn.socket.connected).toBe(true);
      expect(okData(await conn.request<{ clientSentAt: number; serverNow: number }>('time:sync', { clientSentAt: 1 })).clientSentAt).toBe(1);
      expect(okData(await join(conn, contest.pin, 'Người Thử', district))).toMatchObject({ nickname: 'Người Thử' });
    } finally {
      conn.close();
    }
  }, 30_000);

  it('closes a connection that sends an oversized payload and keeps serving everyone else', async () => {
    const contest = await newContest(['pw-001']);
    const district = contest.screenUrls[0]!.district;
    const [bystander] = await joinBots(srv.url, contest.pin, [district], 1);
    const big = await connectLive(srv.url);
    try {
      big.socket.emit('player:join', { pin: contest.pin, nickname: 'x'.repeat(20 * 1024), district }, () => {});
      expect(await big.waitFor<string>('$disconnect')).toBe('transport close');
      expect(bystander!.conn.socket.connected).toBe(true);
      expect(codeOf(await bystander!.conn.request('time:sync', { clientSentAt: 2 }))).toBe('OK');
      const next = await connectLive(srv.url);
      expect(codeOf(await join(next, contest.pin, 'Người Mới', district))).toBe('OK');
      next.close();
      expect((await fetch(`${srv.url}/healthz`)).status).toBe(200);
    } finally {
      big.close();
      bystander?.conn.close();
    }
  });

  it('refuses floods from one connection with RATE_LIMITED', async () => {
    const conn = await connectLive(srv.url);
    try {
      const acks = await Promise.all(Array.from({ length: 40 }, (_, i) => conn.request('time:sync', { clientSentAt: i })));
      // The bucket holds 30 events; the burst arrives far faster than it refills (10 a second).
      expect(acks.slice(0, 30).map(codeOf)).toEqual(Array.from({ length: 30 }, () => 'OK'));
      expect(acks.slice(30).map(codeOf)).toContain('RATE_LIMITED');
    } finally {
      conn.close();
    }
  });
});

describe('joining', () => {
  it('refuses hidden, markup, glitch and offensive nicknames, and duplicates up to case and diacritics', async () => {
    const contest = await newContest(['pw-001']);
    const district = contest.screenUrls[0]!.district;
    const conn = await connectLive(srv.url);
    try {
      const invalid = [
        '<script>alert(1)</script>',
        '<b>Nam</b>',
        'Nam\u202Egnaoh', // right-to-left override
        'Na\u200Bm', // zero-width space
        '\u200B\u200B\u200B',
        'Lan\u2066x\u2069', // bidi isolate
        'Z\u0336\u0337\u0338alg', // glitch text
        'vcl',
        'Đụ má',
        'fuckboy',
        'A',
        'Một cái tên dài quá mức cho phép',
      ];
      for (const nickname of invalid) expect(codeOf(await join(conn, contest.pin, nickname, district)), nickname).toBe('NICKNAME_INVALID');
      expect(codeOf(await join(conn, contest.pin, 'Trần Minh', 'atlantis'))).toBe('DISTRICT_UNKNOWN');

      expect(okData(await join(conn, contest.pin, '  Trần   Minh ', district))).toMatchObject({ nickname: 'Trần Minh' });
      const other = await connectLive(srv.url);
      for (const nickname of ['TRẦN MINH', 'tran minh', 'Trân Mính', 'Tran  Miinh', 'tr4n minh']) expect(codeOf(await join(other, contest.pin, nickname, district)), nickname).toBe('NICKNAME_TAKEN');
      // The same connection cannot join twice.
      expect(codeOf(await join(conn, contest.pin, 'Lê Lan', district))).toBe('INVALID');
      expect(okData(await join(other, contest.pin, 'Lê Lan', district))).toMatchObject({ nickname: 'Lê Lan' });
      other.close();
    } finally {
      conn.close();
    }
  });

  it('answers an unknown PIN, a locked lobby, a full contest and an ended contest alike', async () => {
    const district = (await newContest(['pw-001'])).screenUrls[0]!.district;
    const names = botNicknames(4);
    const probe = async (pin: string, nickname: string): Promise<Ack> => {
      const conn = await connectLive(srv.url);
      try {
        return await join(conn, pin, nickname, district);
      } finally {
        conn.close();
      }
    };
    const unknown = await probe('99999999', names[0]!);
    expect(codeOf(unknown)).toBe('CONTEST_UNAVAILABLE');

    const locked = await newContest(['pw-001']);
    const lockHost = await hostFor(locked.id);
    expect(okData(await lockHost.request('lobby:lock', { locked: true }))).toEqual({ locked: true });
    expect(await probe(locked.pin, names[0]!)).toEqual(unknown);
    expect(okData(await lockHost.request('lobby:lock', { locked: false }))).toEqual({ locked: false });
    expect(codeOf(await probe(locked.pin, names[0]!))).toBe('OK');
    lockHost.close();

    const full = await newContest(['pw-001'], { maxPlayers: 1 });
    const [only] = await joinBots(srv.url, full.pin, [district], 1, [names[1]!]);
    expect(await probe(full.pin, names[2]!)).toEqual(unknown);

    const ended = await newContest(['pw-001']);
    const endHost = await hostFor(ended.id);
    const [player] = await joinBots(srv.url, ended.pin, [district], 1, [names[3]!]);
    okData(await endHost.request('contest:start', {}));
    expect(okData(await endHost.request('contest:end', {}))).toEqual({ phase: 'ended' });
    expect(await probe(ended.pin, names[0]!)).toEqual(unknown);
    closeAll([only!, player!, endHost]);
  });
});
