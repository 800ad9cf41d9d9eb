import { randomBytes } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { percentile } from './bench-report.ts';
import { createScratchDatabase, startServer, type BenchServer } from './bench-server.ts';
import { SCHEDULED_SEED_SQL, SCHEDULED_BULK_ATTEMPTS_SQL, SCHEDULED_BULK_ANSWERS_SQL } from './scheduled-bench-sql.ts';

/**
 * `npm run bench:scheduled -- [options]`
 *
 * The Đắk Lắk 2023 online contest on PostgreSQL against a real `civiq serve`:
 * 38,416 participants across the 15 units, 56,100 attempts of 20 questions, with
 * a peak of 2,000 attempts in progress at once, each autosaving every answer over
 * HTTP (PUT /api/attempts/{id}/answers/{questionId}) and submitting with a
 * prediction. The peak's participants register over HTTP; the rest of the
 * contest (participants and finished attempts with their answers) is inserted
 * with SQL (generate_series), so the close step and the rankings run at full size.
 * Then the close + snapshot (POST …/close) and every ranking query are timed.
 * Finally, with `--big N` (default 1,000,000), a second contest of N finished
 * attempts is inserted with SQL, closed, and its rankings timed, to show how the
 * cost grows. Loopback only; bounded by --timeout-sec. BENCHMARKS.md has the runs.
 */

const HELP = `usage: npm run bench:scheduled -- [options]

  --participants N     registered participants (default 38416)
  --attempts N         attempts in all (default 56100)
  --questions Q        questions per attempt (default 20)
  --concurrent C       attempts in progress at once over HTTP, each autosaving every answer (default 2000)
  --think-ms T         mean pause between two answers of one participant (default 2000; uniform 0..2T)
  --ramp-sec R         the concurrent attempts start over R seconds (default 10)
  --big N              attempts in the second, ranking-only contest (default 1000000; 0 to skip)
  --timeout-sec T      hard limit for the whole run (default 2400)
  --json               print one JSON line instead of a table

DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server; a scratch database is created and dropped.`;

const ADMIN_EMAIL = 'bench@civiq.local';
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const log = (msg: string) => process.stderr.write(`[bench:scheduled] ${msg}\n`);

interface Options {
  participants: number;
  attempts: number;
  questions: number;
  concurrent: number;
  thinkMs: number;
  rampSec: number;
  big: number;
  timeoutMs: number;
  json: boolean;
}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      participants: { type: 'string', default: '38416' },
      attempts: { type: 'string', default: '56100' },
      questions: { type: 'string', default: '20' },
      concurrent: { type: 'string', default: '2000' },
      'think-ms': { type: 'string', default: '2000' },
      'ramp-sec': { type: 'string', default: '10' },
      big: { type: 'string', default: '1000000' },
      'timeout-sec': { type: 'string', default: '2400' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return null;
  const int = (v: string, name: string, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
    return n;
  };
  const o: Options = {
    participants: int(values.participants, 'participants', 1),
    attempts: int(values.attempts, 'attempts', 1),
    questions: int(values.questions, 'questions', 1),
    concurrent: int(values.concurrent, 'concurrent', 1),
    thinkMs: int(values['think-ms'], 'think-ms', 0),
    rampSec: int(values['ramp-sec'], 'ramp-sec', 0),
    big: int(values.big, 'big', 0),
    timeoutMs: int(values['timeout-sec'], 'timeout-sec', 10) * 1000,
    json: values.json,
  };
  if (o.concurrent > o.participants) throw new Error('--concurrent cannot exceed --participants');
  if (o.attempts < o.participants) throw new Error('--attempts must be at least --participants (everyone takes one)');
  return o;
}

// ---------- a small keep-alive HTTP client (one socket per simulated phone, like real phones) ----------

const agent = new http.Agent({ keepAlive: true, maxSockets: 4096, maxFreeSockets: 4096 });

interface Reply<T> {
  status: number;
  body: T;
  ms: number;
  headers: http.IncomingHttpHeaders;
}

/** Sockets the server closed while idle (keep-alive timeout) and were reused at that moment: retried once, and counted. */
export const resets = { retried: 0 };

async function request<T>(base: string, method: string, route: string, opts: { body?: unknown; token?: string; cookie?: string; timeoutMs?: number } = {}): Promise<Reply<T>> {
  try {
    return await requestOnce<T>(base, method, route, opts);
  } catch (e) {
    // Every request the benchmark sends is idempotent (PUT answers, submit, GETs) or harmless to repeat before it reached the server.
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ECONNRESET' && code !== 'EPIPE') throw e;
    resets.retried++;
    return requestOnce<T>(base, method, route, opts);
  }
}

function requestOnce<T>(base: string, method: string, route: string, opts: { body?: unknown; token?: string; cookie?: string; timeoutMs?: number } = {}): Promise<Reply<T>> {
  const url = new URL(route, base);
  const payload = opts.body === undefined ? null : Buffer.from(JSON.stringify(opts.body));
  const headers: Record<string, string | number> = { Accept: 'application/json', 'Accept-Language': 'en' };
  if (payload) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = payload.length;
  }
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.Cookie = opts.cookie;
  const t0 = now();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, agent, timeout: opts.timeoutMs ?? 120_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let body: unknown = text;
        if ((res.headers['content-type'] ?? '').includes('json')) {
          try {
            body = JSON.parse(text);
          } catch {
            body = text;
          }
        }
        resolve({ status: res.statusCode ?? 0, body: body as T, ms: now() - t0, headers: res.headers });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${route}: timeout`)));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

async function ok<T>(p: Promise<Reply<T>>, what: string): Promise<Reply<T>> {
  const r = await p;
  if (r.status >= 400) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
  return r;
}

// ---------- answers a phone would give ----------

interface View {
  type: string;
  options?: Array<{ index: number }>;
  count?: number;
}

function randomResponse(view: View, rnd: () => number): unknown {
  const n = view.options?.length ?? 0;
  const shuffled = () => {
    const a = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  };
  switch (view.type) {
    case 'single_choice':
      return { type: 'single_choice', choice: Math.floor(rnd() * n) };
    case 'multiple_choice':
      return { type: 'multiple_choice', choices: shuffled().slice(0, Math.max(1, view.count ?? 1)).sort((x, y) => x - y) };
    case 'true_false':
      return { type: 'true_false', value: rnd() < 0.5 };
    case 'ordering':
      return { type: 'ordering', order: shuffled() };
    default:
      return { type: 'short_answer', text: 'mật khẩu mạnh' };
  }
}

// ---------- the run ----------

/** Every figure as soon as it is measured, so a run stopped by its time limit still reports what it got. */
const partial: Record<string, unknown> = {};

interface Timings {
  registrations: number[];
  starts: number[];
  saves: number[];
  submits: number[];
  errors: Record<string, number>;
  firstStart: number;
  lastStart: number;
  saveWindow: [number, number];
}

async function peakPhase(base: string, slug: string, o: Options, tokens: Array<{ token: string }>): Promise<Timings> {
  const t: Timings = { registrations: [], starts: [], saves: [], submits: [], errors: {}, firstStart: Infinity, lastStart: 0, saveWindow: [Infinity, 0] };
  const fail = (code: string) => (t.errors[code] = (t.errors[code] ?? 0) + 1);
  let seed = 42;
  const rnd = () => {
    // mulberry32: reproducible pauses and answers.
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const phone = async (i: number) => {
    await sleep((o.rampSec * 1000 * i) / o.concurrent);
    const { token } = tokens[i]!;
    const s0 = now();
    const started = await request<{ id: string; questions: Array<{ id: string; view: View }> }>(base, 'POST', `/api/scheduled-contests/${slug}/attempts`, { body: {}, token });
    if (started.status !== 201) return fail(`start ${started.status} ${(started.body as unknown as { error?: { code?: string } }).error?.code ?? ''}`);
    t.starts.push(started.ms);
    t.firstStart = Math.min(t.firstStart, s0);
    t.lastStart = Math.max(t.lastStart, now());
    const attempt = started.body;
    for (const q of attempt.questions) {
      await sleep(rnd() * 2 * o.thinkMs);
      const at = now();
      const r = await request(base, 'PUT', `/api/attempts/${attempt.id}/answers/${encodeURIComponent(q.id)}`, { body: { response: randomResponse(q.view, rnd) }, token });
      if (r.status !== 200) fail(`save ${r.status}`);
      else {
        t.saves.push(r.ms);
        t.saveWindow[0] = Math.min(t.saveWindow[0], at);
        t.saveWindow[1] = Math.max(t.saveWindow[1], now());
      }
    }
    const sub = await request(base, 'POST', `/api/attempts/${attempt.id}/submit`, { body: { prediction: Math.floor(rnd() * 60_000) }, token });
    if (sub.status !== 200) fail(`submit ${sub.status}`);
    else t.submits.push(sub.ms);
  };
  await Promise.all(Array.from({ length: o.concurrent }, (_, i) => phone(i).catch((e: unknown) => fail(`error ${(e as Error).message.slice(0, 60)}`))));
  return t;
}

async function timeIt<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = now();
  const value = await fn();
  return { ms: Math.round(now() - t0), value };
}

/** Median of three runs of a GET, with the size of the answer. */
async function timeGet(base: string, route: string, cookie?: string, repeat = 3): Promise<{ ms: number; bytes: number; status: number }> {
  const runs: number[] = [];
  let bytes = 0;
  let status = 0;
  for (let i = 0; i < repeat; i++) {
    const r = await request<unknown>(base, 'GET', route, { ...(cookie ? { cookie } : {}), timeoutMs: 600_000 });
    runs.push(r.ms);
    status = r.status;
    bytes = typeof r.body === 'string' ? r.body.length : JSON.stringify(r.body).length;
  }
  runs.sort((a, b) => a - b);
  return { ms: Math.round(runs[Math.floor(runs.length / 2)]!), bytes, status };
}

/** Each ranking query, median of three (the full CSV once when `csvOnce`: at a million rows it is the export, not a page). */
async function rankingTimes(base: string, slug: string, cookie: string, district: string, csvOnce = false) {
  const routes: Array<[string, string]> = [
    ['individual (first 1,000)', `/api/scheduled-contests/${slug}/rankings?scope=individual`],
    ['individual, one district', `/api/scheduled-contests/${slug}/rankings?scope=individual&district=${district}`],
    ['individual, page 20 (offset 19,000)', `/api/scheduled-contests/${slug}/rankings?scope=individual&offset=19000`],
    ['school', `/api/scheduled-contests/${slug}/rankings?scope=school`],
    ['district', `/api/scheduled-contests/${slug}/rankings?scope=district`],
    ['individual CSV (every row)', `/api/scheduled-contests/${slug}/rankings?scope=individual&format=csv`],
  ];
  const out: Array<{ query: string; ms: number; bytes: number; status: number }> = [];
  for (const [query, route] of routes) out.push({ query, ...(await timeGet(base, route, cookie, csvOnce && route.includes('format=csv') ? 1 : 3)) });
  return out;
}

async function main(): Promise<void> {
  let o: Options | null;
  try {
    o = parseOptions(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${HELP}\n`);
    process.exit(2);
  }
  if (!o) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const opts = o;
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const scratch = await createScratchDatabase(adminUrl);
  let server: BenchServer | null = null;
  // Past the limit: print what was measured so far, stop the server, drop the database, exit 3.
  const hard = setTimeout(() => {
    log(`hard timeout after ${opts.timeoutMs / 1000} s; partial results: ${JSON.stringify(partial)}`);
    const bounded = (p: Promise<unknown>) => Promise.race([p.catch(() => undefined), sleep(20_000)]);
    void bounded((server?.stop(5_000) ?? Promise.resolve()).then(() => scratch.drop())).then(() => process.exit(3));
  }, opts.timeoutMs);
  hard.unref();
  const db = new pg.Client({ connectionString: scratch.url });
  try {
    const password = randomBytes(18).toString('base64url');
    server = await startServer({ DATABASE_URL: scratch.url, ADMIN_EMAIL, ADMIN_PASSWORD: password, SESSION_SECRET: randomBytes(32).toString('base64url'), LOG_LEVEL: 'warn' });
    await db.connect();
    const base = server.url;
    log(`server at ${base}, database ${scratch.name}`);

    const login = await ok(request<unknown>(base, 'POST', '/api/auth/login', { body: { email: ADMIN_EMAIL, password } }), 'login');
    const cookie = String(([] as string[]).concat(login.headers['set-cookie'] ?? [])[0] ?? '').split(';')[0] ?? '';
    const { banks } = (await ok(request<{ banks: Array<{ slug: string; questionCount: number; latestVersion: number | null }> }>(base, 'GET', '/api/banks', { cookie }), 'banks')).body;
    const bank = banks.filter((b) => b.latestVersion !== null).sort((a, b) => b.questionCount - a.questionCount)[0];
    if (!bank || bank.questionCount < opts.questions) throw new Error(`no shipped bank has ${opts.questions} questions`);
    const { body: set } = await ok(request<{ provinceCode: string; units: Array<{ code: string; parentCode: string | null }> }>(base, 'GET', '/api/region-sets/daklak-2021'), 'region set');
    const districts = set.units.filter((u) => u.parentCode === set.provinceCode).map((u) => u.code);

    const createContest = async (slug: string) =>
      ok(
        request(base, 'POST', '/api/scheduled-contests', {
          cookie,
          body: {
            slug,
            title: { vi: `Đo tải ${slug}`, en: `Benchmark ${slug}` },
            rules: { vi: 'Đo tải.', en: 'Benchmark.' },
            bank: bank.slug,
            version: bank.latestVersion,
            questionsPerAttempt: opts.questions,
            attemptMinutes: 30,
            maxAttempts: 5,
            opensAt: new Date(Date.now() - 10 * 86_400_000).toISOString(),
            closesAt: new Date(Date.now() + 86_400_000).toISOString(),
            regionSet: 'daklak-2021',
            prediction: { prompt: { vi: 'Bao nhiêu người tham gia?', en: 'How many take part?' }, scoredAgainst: 'participants' },
            prizes: { first: 1, second: 5, third: 10, consolation: 20 },
          },
        }),
        `create ${slug}`,
      );
    const slug = 'daklak-2023-bench';
    await createContest(slug);
    const contestId = (await db.query<{ id: string }>('select id from scheduled_contests where slug = $1', [slug])).rows[0]!.id;

    // ---- 1. the peak's participants register over HTTP ----
    log(`registering ${opts.concurrent} participants over HTTP`);
    const tokens: Array<{ token: string }> = [];
    const regTimes: number[] = [];
    const reg0 = now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (next < opts.concurrent) {
          const i = next++;
          const r = await ok(
            request<{ participantToken: string }>(base, 'POST', `/api/scheduled-contests/${slug}/register`, {
              body: { fullName: `Thí Sinh ${i}`, dateOfBirth: `200${i % 8}-0${1 + (i % 9)}-1${i % 10}`, school: `Trường ${i % 200}`, district: districts[i % districts.length], className: `${6 + (i % 7)}A` },
            }),
            'register',
          );
          regTimes.push(r.ms);
          tokens[i] = { token: r.body.participantToken };
        }
      }),
    );
    const regSeconds = (now() - reg0) / 1000;
    partial.registration = { http: opts.concurrent, perSecond: Math.round(opts.concurrent / regSeconds), p50: percentile(regTimes, 50), p99: percentile(regTimes, 99) };
    log(`registration ${JSON.stringify(partial.registration)}`);

    // ---- 2. the peak: concurrent attempts, every answer autosaved ----
    log(`peak: ${opts.concurrent} attempts in progress, ${opts.questions} autosaves each`);
    const peak0 = now();
    const t = await peakPhase(base, slug, opts, tokens);
    const peakSeconds = (now() - peak0) / 1000;
    partial.peak = { seconds: Math.round(peakSeconds), starts: t.starts.length, saves: t.saves.length, savesPerSecond: Math.round(t.saves.length / Math.max(0.001, (t.saveWindow[1] - t.saveWindow[0]) / 1000)), saveP50: percentile(t.saves, 50), saveP99: percentile(t.saves, 99), startP50: percentile(t.starts, 50), startP99: percentile(t.starts, 99), errors: t.errors };
    log(`peak ${JSON.stringify(partial.peak)}`);

    // ---- 3. the rest of the contest, inserted with SQL ----
    const rest = { participants: opts.participants - opts.concurrent, attempts: opts.attempts - opts.concurrent };
    log(`inserting ${rest.participants} participants and ${rest.attempts} finished attempts (${rest.attempts * opts.questions} answers) with SQL`);
    const bulk = await timeIt(async () => {
      await db.query(SCHEDULED_SEED_SQL, [contestId, opts.concurrent, rest.participants, districts]);
      await db.query(SCHEDULED_BULK_ATTEMPTS_SQL, [contestId, rest.attempts, opts.questions]);
      await db.query(SCHEDULED_BULK_ANSWERS_SQL, [contestId, opts.questions]);
      await db.query('analyze');
    });

    // ---- 4. rankings while open (organiser), close + snapshot, rankings once published ----
    log('rankings while open');
    partial.bulkInsertMs = bulk.ms;
    const liveRankings = await rankingTimes(base, slug, cookie, districts[0]!);
    partial.rankingsWhileOpen = liveRankings;
    log(`rankings while open ${JSON.stringify(liveRankings)}`);
    log('close + snapshot');
    const close = await timeIt(() => ok(request(base, 'POST', `/api/scheduled-contests/${slug}/close`, { cookie, body: {}, timeoutMs: 900_000 }), 'close'));
    partial.closeSnapshotMs = close.ms;
    log(`close + snapshot ${close.ms} ms`);
    await ok(request(base, 'POST', `/api/scheduled-contests/${slug}/publish`, { cookie, body: {} }), 'publish');
    log('rankings once published');
    const officialRankings = await rankingTimes(base, slug, '', districts[0]!);
    partial.rankingsPublished = officialRankings;
    log(`rankings once published ${JSON.stringify(officialRankings)}`);
    const counts = (await db.query<{ p: string; a: string; ans: string; r: string }>(
      `select (select count(*) from scheduled_participants where contest_id = $1) p, (select count(*) from scheduled_attempts where contest_id = $1) a,
              (select count(*) from scheduled_answers x join scheduled_attempts y on y.id = x.attempt_id where y.contest_id = $1) ans,
              (select count(*) from scheduled_result_individuals where contest_id = $1) r`,
      [contestId],
    )).rows[0]!;

    // ---- 5. the big contest: ranking queries alone ----
    let big: null | { attempts: number; participants: number; insertMs: number; closeMs: number; rankings: Awaited<ReturnType<typeof rankingTimes>>; ranked: number } = null;
    if (opts.big > 0) {
      const bigSlug = 'ranking-scale-bench';
      await createContest(bigSlug);
      const bigId = (await db.query<{ id: string }>('select id from scheduled_contests where slug = $1', [bigSlug])).rows[0]!.id;
      const participants = Math.round(opts.big / 1.46);
      log(`big: inserting ${participants} participants and ${opts.big} finished attempts with SQL`);
      const ins = await timeIt(async () => {
        await db.query(SCHEDULED_SEED_SQL, [bigId, 0, participants, districts]);
        await db.query(SCHEDULED_BULK_ATTEMPTS_SQL, [bigId, opts.big, opts.questions]);
        await db.query('analyze');
      });
      partial.bigInsertMs = ins.ms;
      log(`big: inserted in ${ins.ms} ms; close + snapshot`);
      const bigClose = await timeIt(() => ok(request(base, 'POST', `/api/scheduled-contests/${bigSlug}/close`, { cookie, body: {}, timeoutMs: 1_800_000 }), 'close big'));
      partial.bigCloseMs = bigClose.ms;
      log(`big: close + snapshot ${bigClose.ms} ms`);
      await ok(request(base, 'POST', `/api/scheduled-contests/${bigSlug}/publish`, { cookie, body: {} }), 'publish big');
      log('big: rankings');
      const rankings = await rankingTimes(base, bigSlug, '', districts[0]!, true);
      const ranked = Number((await db.query<{ n: string }>('select count(*) n from scheduled_result_individuals where contest_id = $1', [bigId])).rows[0]!.n);
      big = { attempts: opts.big, participants, insertMs: ins.ms, closeMs: bigClose.ms, rankings, ranked };
    }

    // Nothing lost: every participant, attempt and answer is in the database, and everyone with a finished attempt is ranked.
    const expected = { participants: opts.participants, attempts: opts.attempts, answers: opts.attempts * opts.questions, ranked: opts.participants };
    const totals = { participants: Number(counts.p), attempts: Number(counts.a), answers: Number(counts.ans), ranked: Number(counts.r) };
    const okRun = Object.keys(t.errors).length === 0 && t.starts.length === opts.concurrent && t.submits.length === opts.concurrent && JSON.stringify(totals) === JSON.stringify(expected) && (big === null || big.ranked === big.participants);
    const report = {
      ok: okRun,
      expected,
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '', memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, load1: os.loadavg()[0] },
      options: opts,
      registration: { http: opts.concurrent, perSecond: Math.round(opts.concurrent / regSeconds), p50: percentile(regTimes, 50), p99: percentile(regTimes, 99) },
      peak: {
        seconds: Math.round(peakSeconds),
        attemptsStarted: t.starts.length,
        startsPerSecond: Math.round(t.starts.length / Math.max(0.001, (t.lastStart - t.firstStart) / 1000)),
        startP50: percentile(t.starts, 50),
        startP99: percentile(t.starts, 99),
        answersSaved: t.saves.length,
        savesPerSecond: Math.round(t.saves.length / Math.max(0.001, (t.saveWindow[1] - t.saveWindow[0]) / 1000)),
        saveP50: percentile(t.saves, 50),
        saveP99: percentile(t.saves, 99),
        saveMax: t.saves.length ? Math.round(Math.max(...t.saves)) : null,
        submits: t.submits.length,
        submitP50: percentile(t.submits, 50),
        submitP99: percentile(t.submits, 99),
        errors: t.errors,
      },
      keepAliveResetsRetried: resets.retried,
      bulkInsertMs: bulk.ms,
      totals,
      closeSnapshotMs: close.ms,
      rankingsWhileOpen: liveRankings,
      rankingsPublished: officialRankings,
      big,
    };
    if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else printReport(report);
    process.exitCode = okRun ? 0 : 1;
  } finally {
    await db.end().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    agent.destroy();
    await scratch.drop().catch((e: unknown) => log(`could not drop ${scratch.name}: ${(e as Error).message}`));
  }
}

function printReport(r: Record<string, unknown> & { peak: Record<string, unknown>; rankingsWhileOpen: Array<Record<string, unknown>>; rankingsPublished: Array<Record<string, unknown>>; big: null | { rankings: Array<Record<string, unknown>> } }): void {
  const lines: string[] = [];
  lines.push(`ok ${String(r.ok)} (expected ${JSON.stringify(r.expected)})`, JSON.stringify(r.machine), JSON.stringify(r.options), `registration ${JSON.stringify(r.registration)}`, `peak ${JSON.stringify(r.peak)}`, `bulk insert ${String(r.bulkInsertMs)} ms; totals ${JSON.stringify(r.totals)}`, `close + snapshot ${String(r.closeSnapshotMs)} ms`);
  const table = (title: string, rows: Array<Record<string, unknown>>) => {
    lines.push(title);
    for (const row of rows) lines.push(`  ${String(row.query).padEnd(38)} ${String(row.ms).padStart(7)} ms  ${String(row.bytes).padStart(10)} B  HTTP ${String(row.status)}`);
  };
  table('rankings while open (organiser, live query)', r.rankingsWhileOpen);
  table('rankings once published (public, snapshot)', r.rankingsPublished);
  if (r.big) {
    const { rankings, ...rest } = r.big as { rankings: Array<Record<string, unknown>> } & Record<string, unknown>;
    lines.push(`big ${JSON.stringify(rest)}`);
    table('big: rankings once published', rankings);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
