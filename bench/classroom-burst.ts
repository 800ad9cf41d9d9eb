import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { createScratchDatabase, startServer } from './bench-server.ts';
import { percentile } from './bench-report.ts';
import { botNicknames } from './bot-play.ts';

/**
 * `npm run bench:burst -- [--classes 40] [--players 40] [--json]`
 *
 * Checklist row 25: N classes × 40 students all answering within one second.
 * Starts a real civiq server, creates one live contest per class (its own PIN,
 * host and players, as on a school morning), starts every contest at once, and
 * has every player answer at a random moment within 1 s of seeing the question.
 * Reports ack latency (p50/p95/p99/max), lost answers (no ok ack after retries
 * with the same answerId) and, from the results API, answers counted. Loopback only.
 */
const { values } = parseArgs({
  options: {
    classes: { type: 'string', default: '40' },
    players: { type: 'string', default: '40' },
    json: { type: 'boolean', default: false },
  },
});
const CLASSES = Number(values.classes);
const PLAYERS = Number(values.players);
const log = (m: string) => process.stderr.write(`[burst] ${m}\n`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

type Ack<T = unknown> = { ok: true; data: T } | { ok: false; error: { code: string } };

async function main() {
  const adminUrl = process.env.DATABASE_URL || undefined;
  const cleanups: Array<() => Promise<unknown>> = [];
  let env: Record<string, string>;
  if (adminUrl) {
    const scratch = await createScratchDatabase(adminUrl);
    cleanups.push(scratch.drop);
    env = { DATABASE_URL: scratch.url };
  } else {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'civiq-burst-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    env = { DATA_DIR: path.join(dir, 'pglite') };
  }
  const password = randomBytes(18).toString('base64url');
  const server = await startServer({ ...env, ADMIN_EMAIL: 'burst@civiq.local', ADMIN_PASSWORD: password, SESSION_SECRET: randomBytes(32).toString('base64url') });
  cleanups.push(() => server.stop());
  const sockets: Socket[] = [];
  try {
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'burst@civiq.local', password }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const call = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
      const r = await fetch(server.url + route, { method, headers: { Cookie: cookie, ...(body ? { 'Content-Type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
      if (!r.ok) throw new Error(`${method} ${route}: ${r.status} ${await r.text()}`);
      return (await r.json()) as T;
    };
    const versions = await call<{ versions: Array<{ version: number }> }>('GET', '/api/banks/passwords-accounts/versions');
    const version = versions.versions[0]!.version;
    const sets = await call<{ sets: Array<{ code: string }> }>('GET', '/api/region-sets');
    const set = await call<{ units: Array<{ code: string; level: string }> }>('GET', `/api/region-sets/${sets.sets[0]!.code}`);
    const district = set.units.find((u) => u.level !== 'province')!.code;

    const connect = (auth?: { cookie: string }) =>
      new Promise<Socket>((resolve, reject) => {
        const s = io(`${server.url}/live`, { transports: ['websocket'], reconnection: false, forceNew: true, ...(auth ? { extraHeaders: { Cookie: auth.cookie } } : {}) });
        s.on('time:ping', (_p: unknown, ack?: () => void) => ack?.());
        s.once('connect', () => resolve(s));
        s.once('connect_error', reject);
        sockets.push(s);
      });
    const request = <T>(s: Socket, event: string, payload: unknown, ms = 10_000) => s.timeout(ms).emitWithAck(event, payload).catch(() => ({ ok: false, error: { code: 'TIMEOUT' } })) as Promise<Ack<T>>;

    log(`creating ${CLASSES} contests, joining ${CLASSES * PLAYERS} players`);
    // Distinct within a class (each class is its own contest).
    const names = botNicknames(PLAYERS);
    const classes = [];
    for (let c = 0; c < CLASSES; c++) {
      const contest = await call<{ id: string; pin: string }>('POST', '/api/live-contests', { title: `Lớp ${c + 1}`, bank: 'passwords-accounts', version, questionCount: 1, settings: { timeLimitSec: 20, readingDelayMs: 0 } });
      const host = await connect({ cookie });
      const attached = await request(host, 'host:attach', { contestId: contest.id });
      if (!attached.ok) throw new Error(`host:attach: ${attached.error.code}`);
      const players: Socket[] = [];
      for (let p = 0; p < PLAYERS; p += 10) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(10, PLAYERS - p) }, async (_, k) => {
            const s = await connect();
            const joined = await request(s, 'player:join', { pin: contest.pin, district, nickname: names[p + k] });
            if (!joined.ok) throw new Error(`join: ${joined.error.code}`);
            return s;
          }),
        );
        players.push(...batch);
      }
      classes.push({ contest, host, players });
    }

    // Every player answers at a random moment within 1 s of seeing the question.
    const latencies: number[] = [];
    let lost = 0;
    let retried = 0;
    const answered = classes.flatMap(({ players }) =>
      players.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.once('question:show', async (q: { question: { index: number; type: string; options?: unknown[] } }) => {
              await sleep(Math.random() * 1000);
              const answerId = randomBytes(9).toString('base64url');
              const response = q.question.type === 'true_false' ? { type: 'true_false', value: true } : q.question.type === 'multiple_choice' ? { type: 'multiple_choice', choices: [0] } : { type: 'single_choice', choice: 0 };
              for (let attempt = 0; attempt < 5; attempt++) {
                const t = performance.now();
                const ack = await request(s, 'answer:submit', { questionIndex: q.question.index, answerId, response });
                if (ack.ok) {
                  latencies.push(performance.now() - t);
                  return resolve();
                }
                retried++;
              }
              lost++;
              resolve();
            });
          }),
      ),
    );
    log('starting every contest at once');
    const t0 = performance.now();
    await Promise.all(classes.map(({ host }) => request(host, 'contest:start', {})));
    await Promise.all(answered);
    const burstMs = performance.now() - t0;
    let counted = 0;
    for (const { contest, host } of classes) {
      await request(host, 'contest:end', {});
      const r = await call<{ players: Array<{ answered: number }> }>('GET', `/api/live-contests/${contest.id}/results`);
      counted += r.players.reduce((n, p) => n + p.answered, 0);
    }
    const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
    const result = {
      db: adminUrl ? 'postgres' : 'pglite',
      classes: CLASSES,
      playersPerClass: PLAYERS,
      answersSent: CLASSES * PLAYERS,
      acked: latencies.length,
      lost,
      retried,
      countedInResults: counted,
      ackP50: round(percentile(latencies, 50)),
      ackP95: round(percentile(latencies, 95)),
      ackP99: round(percentile(latencies, 99)),
      ackMax: round(latencies.length ? Math.max(...latencies) : null),
      burstMs: Math.round(burstMs),
    };
    process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${Object.entries(result).map(([k, v]) => `${k}: ${v}`).join('\n')}\n`);
    process.exitCode = lost === 0 && counted === CLASSES * PLAYERS ? 0 : 1;
  } finally {
    for (const s of sockets) s.close();
    for (const c of cleanups.reverse()) await c().catch(() => {});
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
