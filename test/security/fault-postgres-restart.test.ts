import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { connectDatabase } from '../../src/db/connect.ts';
import type { HostSnapshot, QuestionShow } from '../../src/contests/protocol.ts';
import { answerId, closeAll, codeOf, connectLive, createContest, joinBots, okData, results, sleep, wrongResponse, correctResponse, type Ack, type Bot, type LiveConn } from '../support/live-bots.ts';
import { districtCodes, startInProcess, type InProcessServer } from './in-process.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from './throwaway-postgres.ts';

/**
 * Checklist row 23: PostgreSQL restarts while answers arrive. The test runs its
 * own cluster (never the shared server on 5432) and stops it mid-question:
 * acks then report UNAVAILABLE, clients retry with the same answerId, and the
 * final results count every answer exactly once.
 */
let pg: ThrowawayPostgres;
let srv: InProcessServer;
const conns: LiveConn[] = [];
beforeAll(async () => {
  pg = await startThrowawayPostgres();
  const database = await connectDatabase({ databaseUrl: pg.url, dataDir: path.join(await mkdtemp(path.join(tmpdir(), 'civiq-unused-')), 'x'), poolSize: 5 });
  srv = await startInProcess({ database });
}, 120_000);
afterAll(async () => {
  closeAll(conns);
  await srv?.close().catch(() => {});
  await pg?.destroy();
});

/** Submit until the server acknowledges, always with the same answerId, as clients do. */
async function answerWithRetries(bot: Bot, payload: { questionIndex: number; answerId: string; response: unknown }, failures: string[]): Promise<Ack<{ accepted: true; receivedAt: number }>> {
  for (let attempt = 0; attempt < 60; attempt++) {
    const ack = await bot.conn.request<{ accepted: true; receivedAt: number }>('answer:submit', payload, 10_000).catch(() => null);
    if (ack?.ok) return ack;
    failures.push(ack ? codeOf(ack) : 'TIMEOUT');
    await sleep(500);
  }
  throw new Error(`${bot.nickname}: never acknowledged (${failures.slice(-3).join(', ')})`);
}

describe('PostgreSQL restarted while answers arrive', () => {
  it('acks report failure, retries with the same answerId land, results count every answer once', async () => {
    const qid = [...srv.bank.byId.keys()][0]!;
    const question = srv.bank.byId.get(qid)!;
    const contest = await createContest(srv.url, srv.admin, { title: 'Sự cố CSDL', bank: srv.bank.slug, version: srv.bank.version, questionIds: [qid], settings: { timeLimitSec: 120, readingDelayMs: 0 } });
    const host = await connectLive(srv.url, { token: srv.admin.token });
    conns.push(host);
    okData(await host.request<HostSnapshot>('host:attach', { contestId: contest.id }));
    const bots = await joinBots(srv.url, contest.pin, await districtCodes(srv.url), 30);
    conns.push(...bots.map((b) => b.conn));
    const showing = bots.map((b) => b.conn.waitFor<QuestionShow>('question:show', (q) => q.question.index === 0, { timeoutMs: 20_000 }));
    okData(await host.request('contest:start', {}));
    const shown = await Promise.all(showing);
    const payloadOf = (i: number) => ({ questionIndex: 0, answerId: answerId(), response: i % 2 === 0 ? correctResponse(question, shown[i]!.question) : wrongResponse(question, shown[i]!.question) });
    const payloads = bots.map((_, i) => payloadOf(i));

    // A third answer while the database is up.
    for (let i = 0; i < 10; i++) okData(await bots[i]!.conn.request('answer:submit', payloads[i]));

    await pg.stop();
    const failures: string[] = [];
    const during = bots.slice(10).map((b, j) => answerWithRetries(b, payloads[10 + j]!, failures));
    // Bring the database back once clients have seen their answers refused.
    for (let i = 0; i < 100 && !failures.includes('UNAVAILABLE'); i++) await sleep(200);
    expect(failures).toContain('UNAVAILABLE');
    await pg.start();
    const acks = await Promise.all(during);
    expect(acks.every((a) => a.ok)).toBe(true);

    // A late duplicate of a stored answer gets the same ack, not a second row.
    const again = okData(await bots[10]!.conn.request<{ accepted: true; receivedAt: number }>('answer:submit', payloads[10]));
    expect(again.receivedAt).toBe((acks[0] as { ok: true; data: { receivedAt: number } }).data.receivedAt);

    okData(await host.request('contest:end', {}));
    const rows = await sql<{ n: string }>`select count(*) as n from live_answers where contest_id = ${contest.id}`.execute(srv.runtime.database.db);
    expect(Number(rows.rows[0]!.n)).toBe(30);
    const final = await results(srv.url, srv.admin, contest.id);
    expect(final.players).toHaveLength(30);
    expect(final.players.every((p) => p.answered === 1)).toBe(true);
    expect(final.players.filter((p) => p.correct === 1)).toHaveLength(15);
  }, 180_000);
});
