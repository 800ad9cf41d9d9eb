import { describe, expect, it } from 'vitest';
import { createLiveEngine } from '../../src/contests/live-engine.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { MetricsRegistry } from '../../src/shared/metrics.ts';
import { SocketError } from '../../src/realtime/ack.ts';
import type { FinalSummary, HostSnapshot, Leaderboard, QuestionReveal, QuestionShow } from '../../src/contests/protocol.ts';
import { ManualClock, MemoryAnswerStore, MemoryContestStore, RecordingBroadcaster, fakeSocket, singleChoice } from '../support/live-memory-ports.ts';
import type { LiveSettingsInput } from '../../src/contests/settings.ts';

/**
 * The live engine's shell over in-memory ports (test/support/live-memory-ports.ts):
 * the room, the effect runner and the registry run for real; only the outside
 * world (sockets, SQL, the wall clock) is replaced by small working stand-ins.
 */

function setup(settings: LiveSettingsInput = {}, opts: { sliceMs?: number } = {}) {
  const clock = new ManualClock();
  const broadcaster = new RecordingBroadcaster();
  const answers = new MemoryAnswerStore();
  const contests = new MemoryContestStore();
  contests.add('c1', '1234567', [singleChoice('q1'), singleChoice('q2')], { readingDelayMs: 0, timeLimitSec: 10, graceMs: 0, ...settings });
  const engine = createLiveEngine({
    logger: silentLogger,
    metrics: new MetricsRegistry(),
    secret: 'test-secret-0123456789abcdef',
    ports: { clock, broadcaster, answers, contests },
    ...(opts.sliceMs !== undefined ? { sliceMs: opts.sliceMs } : {}),
  });
  /** Let queued effects (promises, setImmediate yields) run. */
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  };
  return { clock, broadcaster, answers, contests, engine, settle };
}

async function joinMany(engine: ReturnType<typeof setup>['engine'], n: number, nickname?: (i: number) => string, clock?: ManualClock) {
  const room = (await engine.byPin('1234567'))!;
  const joined = [];
  for (let i = 0; i < n; i++) {
    clock?.advance(20); // a hall, not a flood: within the join rate
    const socket = fakeSocket();
    joined.push({ socket, ...(await engine.join(room, { district: i % 2 ? 'D2' : 'D1', ...(nickname ? { nickname: nickname(i) } : {}) }, socket)) });
  }
  return { room, joined };
}

describe('live engine over in-memory ports', () => {
  it('plays a question: each player gets their own view, the reveal and a board with their place; answers stored once', async () => {
    const { engine, broadcaster, answers, clock, contests, settle } = setup();
    const { room, joined } = await joinMany(engine, 4, (i) => `Người chơi ${i + 1}`);
    // The rooms of playerRoomsOf: the contest's, the player's own and their district's.
    expect(joined[0]!.socket.rooms).toEqual(new Set([`p:${joined[0]!.playerId}`, 'c:c1', `d:c1:${room.state.players.get(joined[0]!.playerId)!.district}`]));
    await engine.host('c1', { type: 'start' });
    await settle();
    const shows = joined.map((j) => broadcaster.to<QuestionShow>(`p:${j.playerId}`, 'question:show'));
    expect(shows.every((s) => s.length === 1 && s[0]!.question.index === 0)).toBe(true);
    expect(contests.contests.get('c1')!.phase).toBe('question');
    // Players 0 and 1 answer right (option id a, wherever their shuffle put it), 2 wrong, 3 not at all.
    for (const [i, right] of [[0, true], [1, true], [2, false]] as const) {
      const view = shows[i]![0]!.question;
      const pick = view.options!.find((o) => (o.text.vi === 'Ý a') === right)!.index;
      clock.advance(1000);
      const ack = await engine.answer('c1', joined[i]!.playerId, { questionIndex: 0, answerId: `a${i}`, response: { type: 'single_choice', choice: pick } });
      expect(ack.accepted).toBe(true);
    }
    // The same answerId again gets the same ack; another is refused.
    await expect(engine.answer('c1', joined[0]!.playerId, { questionIndex: 0, answerId: 'a0', response: { type: 'single_choice', choice: 0 } })).resolves.toMatchObject({ accepted: true });
    await expect(engine.answer('c1', joined[0]!.playerId, { questionIndex: 0, answerId: 'other', response: { type: 'single_choice', choice: 0 } })).rejects.toThrow(SocketError);
    expect(answers.rows.size).toBe(3);
    clock.advance(10_000); // the deadline passes: the room's timer ticks the machine
    await settle();
    expect(room.state.phase).toBe('reveal');
    expect(answers.flushes).toBeGreaterThan(0);
    const reveals = joined.map((j) => broadcaster.to<QuestionReveal>(`p:${j.playerId}`, 'question:reveal')[0]!);
    expect(reveals.map((r) => [r.me!.answered, r.me!.correct])).toEqual([[true, true], [true, true], [true, false], [false, false]]);
    for (const r of reveals) expect(r.distribution).toMatchObject({ right: 2, wrong: 1, noAnswer: 1 });
    // Distribution in each player's own display order: the correct choice's count is 2 in every view.
    for (const r of reveals) expect(r.distribution.options![r.correct.choices![0]!]).toBe(2);
    const boards = joined.map((j) => broadcaster.to<Leaderboard>(`p:${j.playerId}`, 'leaderboard:update')[0]!);
    expect(boards.map((b) => b.me!.rank).sort()).toEqual([1, 2, 3, 4]);
    const parts = joined.map((j) => broadcaster.sharedTo<Leaderboard>(`p:${j.playerId}`, 'leaderboard:update')[0]!);
    expect(parts[0]!.value.overall).toBe(parts[1]!.value.overall); // built once per reveal, shared
    // One serialised board per district: players of one district share the very same part.
    const byDistrict = new Map<string, Set<unknown>>();
    boards.forEach((b, i) => byDistrict.set(b.district!.code, (byDistrict.get(b.district!.code) ?? new Set()).add(parts[i])));
    expect([...byDistrict.values()].map((set) => set.size)).toEqual([1, 1]);
    expect(parts.every((p) => !('me' in p.value))).toBe(true);
    expect(boards[0]!.district!.code).toBe('D1');
    expect(broadcaster.to<Leaderboard>('s:c1:D2', 'leaderboard:update')[0]!.district!.top.map((e) => e.nickname).sort()).toEqual(['Người chơi 2', 'Người chơi 4']);
  });

  it('emits to many players in slices, yielding to the event loop between them', async () => {
    const { engine, broadcaster, settle } = setup({ maxPlayers: 500 }, { sliceMs: 0 });
    const { joined } = await joinMany(engine, 100);
    let yields = 0;
    const spin = setInterval(() => yields++, 0);
    await engine.host('c1', { type: 'start' });
    clearInterval(spin);
    await settle();
    expect(joined.every((j) => broadcaster.to(`p:${j.playerId}`, 'question:show').length === 1)).toBe(true);
    // 100 players in slices of 32: the loop ran other work while the question went out.
    expect(yields).toBeGreaterThan(0);
  });

  it("pushes the host's snapshot with every player, its list serialised in chunks of 500: the same as the whole-object snapshot", async () => {
    const { engine, broadcaster, clock, settle } = setup({ maxPlayers: 2000, expectedPlayers: 2000 }, { sliceMs: 0 });
    const { room } = await joinMany(engine, 1200, undefined, clock); // three chunks of 500
    await settle();
    const before = broadcaster.to<HostSnapshot>('h:c1', 'host:state').length;
    clock.advance(5000); // the coalesced host push after the last joins
    await settle();
    const pushed = broadcaster.to<HostSnapshot>('h:c1', 'host:state');
    expect(pushed.length).toBe(before + 1);
    expect(pushed.at(-1)).toEqual(engine.hostSnapshot(room));
    expect(pushed.at(-1)!.players.map((p) => p.id)).toEqual([...room.state.players.keys()]);
    // A question: the push carries the key for the host, still one list of 1,200.
    await engine.host('c1', { type: 'start' });
    await settle();
    const during = broadcaster.to<HostSnapshot>('h:c1', 'host:state').at(-1)!;
    expect([during.phase, during.players.length, during.question?.key]).toEqual(['question', 1200, engine.hostSnapshot(room).question!.key]);
  });

  it('server-picked nicknames never collide, even far beyond the 900 two-word names', async () => {
    const { engine, clock } = setup({ maxPlayers: 3000, expectedPlayers: 3000 });
    const { joined } = await joinMany(engine, 2000, undefined, clock);
    expect(new Set(joined.map((j) => j.nickname.toLowerCase())).size).toBe(2000);
  });

  it('a join refused for its nickname does not spend the flood budget; a flood still locks the lobby', async () => {
    const { engine, settle } = setup({ maxPlayers: 1000 });
    const room = (await engine.byPin('1234567'))!;
    // 300 retries of an invalid nickname (more than the burst of 200) do not lock anything.
    for (let i = 0; i < 300; i++) await expect(engine.join(room, { district: 'D1', nickname: 'x' }, fakeSocket())).rejects.toThrow(SocketError);
    expect(room.state.locked).toBe(false);
    // Valid joins all at once beyond the burst: the lobby locks.
    const results = await Promise.allSettled(Array.from({ length: 260 }, () => engine.join(room, { district: 'D1' }, fakeSocket())));
    await settle();
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(200);
    expect(room.state.locked).toBe(true);
  });

  it('refuses a reconnect token once the contest has ended', async () => {
    const { engine, settle } = setup();
    const { joined } = await joinMany(engine, 2);
    const resumed = await engine.resume(joined[0]!.reconnectToken, fakeSocket());
    expect(resumed.playerId).toBe(joined[0]!.playerId);
    await engine.host('c1', { type: 'start' });
    await engine.host('c1', { type: 'end' });
    await settle();
    await expect(engine.resume(joined[0]!.reconnectToken, fakeSocket())).rejects.toMatchObject({ code: 'RESUME_INVALID' });
  });

  it('sends every connected player their final summary when the contest ends', async () => {
    const { engine, broadcaster, settle } = setup();
    const { joined } = await joinMany(engine, 3);
    await engine.host('c1', { type: 'start' });
    await engine.host('c1', { type: 'end' });
    await settle();
    for (const j of joined) expect(broadcaster.to<FinalSummary>(`p:${j.playerId}`, 'contest:ended')[0]!.me?.rank).toBeGreaterThan(0);
  });
});
