import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLiveClient, type LiveClient } from '../src/contests/live-client.ts';
import type { HostSnapshot } from '../src/contests/protocol.ts';
import { closeMoments, compareResults, countLoss, revealRefs as pickRevealRefs, formatTable, percentile, readGauge, revealSpread, type BotReport, type ResultsView, type StoredAnswer } from './bench-report.ts';
import { createScratchDatabase, readAnswersPglite, readAnswersPostgres, startServer, type BenchServer } from './bench-server.ts';
import { botNicknames } from './bot-play.ts';
import { healthProbe, runBaseline, type BaselineResult } from './baseline.ts';
import { ackThroughput } from './bench-report.ts';
import { MAX_PLAYERS_CEILING } from '../src/contests/settings.ts';
import type { BotSpec } from './live-bots.ts';
import { launchBots } from './bot-processes.ts';
import { startJoinFlood, type FloodReport } from './join-flood.ts';

/**
 * `npm run bench:live -- --players N --questions Q [--workers W] [--nodes K] [--json]`
 *
 * Starts a real civiq server (or K nodes on one PostgreSQL and one Redis), creates a live contest from the largest shipped
 * bank, joins N bots from W bot processes, plays Q questions with a host
 * socket, then checks every acknowledged answer against the database and prints
 * the numbers (BENCHMARKS.md defines each). Exit code 0 only when nothing was
 * lost and the run was clean; loopback only; bounded by a hard timeout.
 */

const HELP = `usage: npm run bench:live -- --players N --questions Q [options]

  --players N        bot players (default 100)
  --questions Q      questions to play (default 5)
  --workers W        bot processes (child processes, each with its own open-file limit; default 2)
  --join-rate R      joins per second, all workers together (default 80; the server auto-locks near 100)
  --json             print one JSON line instead of a table
  --seed S           seed for the bots' answers and timing (default random)
  --timeout-sec T    hard limit for the whole run (default: from N and Q)
  --no-scratch       with DATABASE_URL: use that database as is (default: a scratch database created and dropped)
  --no-baseline      skip the bare socket.io baseline run (default: run it after civiq, same bots and answers)
  --cpu-prof DIR     run the civiq server under node --cpu-prof, profiles written to DIR
  --nodes K          K civiq processes on one PostgreSQL and one Redis (needs DATABASE_URL and REDIS_URL);
                     the host attaches to the first (the contest's owner), bots are spread round-robin
                     over all K; the baseline runs K bare socket.io processes the same way (each
                     reveal timed within its own process's bots, the slowest counts)
  --flood            while the players join, a PIN scanner from another address (127.0.0.2) sends
                     player:join with wrong PINs over 4 sockets, reconnecting when cut; reported as
                     "flood" (it must get no seat and be RATE_LIMITED after 60 failed look-ups a minute)

DATABASE_URL set: PostgreSQL; otherwise PGlite in a temporary DATA_DIR.`;

/** One process holds at most this many sockets on this machine (20,000 open files per process, hard). */
const ONE_PROCESS_SOCKETS = 19_000;

const SETTINGS = { timeLimitSec: 10, readingDelayMs: 1000, revealDurationMs: 2000, autoAdvance: false } as const;
const ADMIN_EMAIL = 'bench@civiq.local';
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

interface Options {
  players: number;
  questions: number;
  workers: number;
  joinRate: number;
  json: boolean;
  seed: string;
  timeoutMs: number;
  scratch: boolean;
  baseline: boolean;
  cpuProf: string | null;
  nodes: number;
  flood: boolean;
}

function parseOptions(argv: string[]): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      players: { type: 'string', default: '100' },
      questions: { type: 'string', default: '5' },
      workers: { type: 'string', default: '2' },
      'join-rate': { type: 'string', default: '80' },
      json: { type: 'boolean', default: false },
      seed: { type: 'string' },
      'timeout-sec': { type: 'string' },
      'no-scratch': { type: 'boolean', default: false },
      'no-baseline': { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
      nodes: { type: 'string', default: '1' },
      flood: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return null;
  const int = (name: string, v: string, min: number, max: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  const players = int('players', values.players, 1, MAX_PLAYERS_CEILING - 100);
  const questions = int('questions', values.questions, 1, 200);
  const joinRate = int('join-rate', values['join-rate'], 1, 1000);
  // Start-up, joins, then per question the reading delay, the window, the reveal and slack for questions with longer limits.
  const defaultTimeoutSec = 180 + Math.ceil(players / joinRate) + questions * 60;
  return {
    players,
    questions,
    workers: int('workers', values.workers, 1, 64),
    joinRate,
    json: values.json,
    seed: values.seed ?? randomBytes(6).toString('hex'),
    timeoutMs: 1000 * (values['timeout-sec'] ? int('timeout-sec', values['timeout-sec'], 10, 86_400) : defaultTimeoutSec),
    scratch: !values['no-scratch'],
    baseline: !values['no-baseline'],
    cpuProf: values['cpu-prof'] ?? null,
    nodes: int('nodes', values.nodes, 1, 8),
    flood: values.flood,
  };
}

/** Cleanup steps, run last-registered first, each at most once, whatever failed before. */
function createCleanup() {
  const steps: Array<{ name: string; run: () => Promise<unknown> }> = [];
  return {
    add(name: string, run: () => Promise<unknown>) {
      steps.push({ name, run });
    },
    async runAll() {
      for (const step of steps.splice(0).reverse()) {
        try {
          await step.run();
        } catch (err) {
          log(`cleanup ${step.name} failed: ${(err as Error).message}`);
        }
      }
    },
  };
}

async function api<T>(server: BenchServer, cookie: string, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(server.url + route, {
    method,
    headers: { Cookie: cookie, 'Accept-Language': 'en', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? null : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status} ${(await res.text()).slice(0, 500)}`);
  return (await res.json()) as T;
}

/** Sample the server's /metrics every second: the highest resident memory and event-loop delay, and CPU used. */
function sampleMetrics(server: BenchServer) {
  const seen = { playing: false, gcMaxPlay: null as number | null, busyMaxPlay: null as number | null, loopMaxPlay: null as number | null, rss: null as number | null, loopP99: null as number | null, loopMax: null as number | null, cpuFirst: null as number | null, cpuLast: null as number | null };
  const tick = async () => {
    try {
      const text = await (await fetch(server.url + '/metrics', { signal: AbortSignal.timeout(5000) })).text();
      const rss = readGauge(text, 'process_resident_memory_bytes');
      const loop = readGauge(text, 'nodejs_eventloop_delay_p99_seconds');
      const cpu = readGauge(text, 'process_cpu_seconds_total');
      const max = readGauge(text, 'nodejs_eventloop_delay_max_seconds');
      const busy = readGauge(text, 'nodejs_eventloop_busy_max_seconds');
      if (busy !== null && seen.playing) seen.busyMaxPlay = Math.max(seen.busyMaxPlay ?? 0, busy);
      const gc = readGauge(text, 'nodejs_gc_pause_max_seconds');
      if (gc !== null && seen.playing) seen.gcMaxPlay = Math.max(seen.gcMaxPlay ?? 0, gc);
      if (max !== null) seen.loopMax = Math.max(seen.loopMax ?? 0, max);
      if (max !== null && seen.playing) seen.loopMaxPlay = Math.max(seen.loopMaxPlay ?? 0, max);
      if (rss !== null) seen.rss = Math.max(seen.rss ?? 0, rss);
      if (loop !== null) seen.loopP99 = Math.max(seen.loopP99 ?? 0, loop);
      if (cpu !== null) {
        seen.cpuFirst ??= cpu;
        seen.cpuLast = cpu;
      }
    } catch {
      /* a busy server may miss a sample; the next one counts */
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), 1000);
  return {
    seen,
    async stop() {
      clearInterval(timer);
      await tick();
    },
  };
}

/**
 * The nodes' samples as one: the highest memory and loop figures of any node, the
 * CPU of all of them together (several nodes: the per-node figures are reported too).
 */
function mergedMetrics(all: Array<ReturnType<typeof sampleMetrics>>) {
  const pick = (f: (s: ReturnType<typeof sampleMetrics>['seen']) => number | null) => {
    const v = all.map((m) => f(m.seen)).filter((x): x is number => x !== null);
    return v.length ? Math.max(...v) : null;
  };
  const sum = (f: (s: ReturnType<typeof sampleMetrics>['seen']) => number | null) => {
    const v = all.map((m) => f(m.seen)).filter((x): x is number => x !== null);
    return v.length === all.length ? v.reduce((a, b) => a + b, 0) : null;
  };
  return {
    playing(on: boolean) {
      for (const m of all) m.seen.playing = on;
    },
    get seen() {
      return {
        rss: pick((s) => s.rss),
        loopP99: pick((s) => s.loopP99),
        loopMax: pick((s) => s.loopMax),
        loopMaxPlay: pick((s) => s.loopMaxPlay),
        busyMaxPlay: pick((s) => s.busyMaxPlay),
        gcMaxPlay: pick((s) => s.gcMaxPlay),
        cpuFirst: sum((s) => s.cpuFirst),
        cpuLast: sum((s) => s.cpuLast),
      };
    },
  };
}

/** Wait until `test` holds, checking whenever `wake` fires; rejects after `ms`. */
function waitFor(what: string, ms: number, test: () => boolean, wake: (fn: () => void) => () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    if (test()) return resolve();
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    const off = wake(() => {
      if (!test()) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

async function run(opts: Options, cleanup: ReturnType<typeof createCleanup>, out: Record<string, unknown>): Promise<void> {
  const t0 = now();
  const adminUrl = process.env.DATABASE_URL || undefined;
  let databaseUrl: string | undefined;
  let dataDir: string | undefined;
  out.db = adminUrl ? 'postgres' : 'pglite';
  if (adminUrl && opts.scratch) {
    const scratch = await createScratchDatabase(adminUrl);
    cleanup.add('drop scratch database', scratch.drop);
    databaseUrl = scratch.url;
    log(`scratch database ${scratch.name}`);
  } else if (adminUrl) {
    databaseUrl = adminUrl;
  } else {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'civiq-bench-'));
    cleanup.add('remove data directory', () => rm(dir, { recursive: true, force: true }));
    dataDir = path.join(dir, 'pglite');
  }

  const password = randomBytes(18).toString('base64url');
  const serverEnv: Record<string, string> = {
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir! }),
    ADMIN_EMAIL,
    ADMIN_PASSWORD: password,
    SESSION_SECRET: randomBytes(32).toString('base64url'),
  };
  if (opts.nodes > 1) {
    // Several nodes: one Redis, a prefix of this run's own, a name per node.
    if (!databaseUrl || !process.env.REDIS_URL) throw new Error('--nodes needs DATABASE_URL (PostgreSQL) and REDIS_URL');
    Object.assign(serverEnv, { REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: `civiq-bench-${randomBytes(4).toString('hex')}` });
  }
  const nodeArgs = opts.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProf}`] : [];
  const startNode = async (i: number) => {
    const node = await startServer(opts.nodes > 1 ? { ...serverEnv, NODE_ID: `bench-node-${i + 1}` } : serverEnv, 90_000, ['src/cli.ts', 'serve'], nodeArgs);
    cleanup.add(`stop node ${i + 1}`, () => node.stop());
    return node;
  };
  // The first node migrates and seeds; the others start once it listens.
  const nodes: BenchServer[] = [await startNode(0)];
  nodes.push(...(await Promise.all(Array.from({ length: opts.nodes - 1 }, (_, i) => startNode(i + 1)))));
  const server = nodes[0]!;
  out.nodes = opts.nodes;
  log(`${opts.nodes > 1 ? `${opts.nodes} nodes at ${nodes.map((n) => n.url).join(', ')}` : `server at ${server.url}`} (${Math.round(now() - t0)} ms to start)`);
  const nodeMetrics = nodes.map((n) => sampleMetrics(n));
  const metrics = mergedMetrics(nodeMetrics);
  cleanup.add('stop metrics', () => Promise.all(nodeMetrics.map((m) => m.stop())));

  // ---- contest ----
  const login = await fetch(server.url + '/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password }),
  });
  if (!login.ok) throw new Error(`login: HTTP ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { banks } = await api<{ banks: Array<{ slug: string; questionCount: number; latestVersion: number | null }> }>(server, cookie, 'GET', '/api/banks');
  const bank = banks.filter((b) => b.latestVersion !== null).sort((a, b) => b.questionCount - a.questionCount)[0];
  if (!bank) throw new Error('no published bank on the server');
  const { versions } = await api<{ versions: Array<{ version: number; questionCount: number }> }>(server, cookie, 'GET', `/api/banks/${bank.slug}/versions`);
  const latest = versions.reduce<{ version: number; questionCount: number } | null>((a, v) => (a === null || v.version > a.version ? v : a), null);
  if (!latest) throw new Error(`bank ${bank.slug} has no version`);
  const contest = await api<{ id: string; pin: string; questionCount: number }>(server, cookie, 'POST', '/api/live-contests', {
    title: `Benchmark ${opts.players} × ${opts.questions}`,
    bank: bank.slug,
    version: latest.version,
    questionCount: opts.questions,
    settings: { ...SETTINGS, maxPlayers: Math.min(MAX_PLAYERS_CEILING, opts.players + 100), expectedPlayers: opts.players },
  });
  out.bank = `${bank.slug}@${latest.version}`;
  log(`contest ${contest.id} PIN ${contest.pin} from ${out.bank}`);

  // ---- host ----
  const host: LiveClient = createLiveClient(server.url, { socketOptions: { extraHeaders: { Cookie: cookie } } });
  cleanup.add('close host', async () => host.close());
  let snapshot: HostSnapshot | null = null;
  const hostEvents = new Set<() => void>();
  const wakeHost = (fn: () => void) => (hostEvents.add(fn), () => void hostEvents.delete(fn));
  const poke = () => [...hostEvents].forEach((fn) => fn());
  // Per question: the machine-clock moment the host learnt of the reveal (the bots may carry a server stamp, preferred later).
  const hostRevealAt: Array<number | null> = Array.from({ length: contest.questionCount }, () => null);
  let hostPhase = 'lobby';
  const noteReveal = (index: number) => {
    if (index >= 0 && index < hostRevealAt.length && hostRevealAt[index] === null) hostRevealAt[index] = now();
  };
  // Today the host learns of a reveal from `host:state` only; take `question:reveal` too should it ever come.
  host.socket.on('question:reveal', (r) => {
    noteReveal(r.index);
    poke();
  });
  host.socket.on('host:state', (s) => {
    snapshot = s;
    hostPhase = s.phase;
    if (s.phase === 'reveal') noteReveal(s.questionIndex);
    poke();
  });
  host.socket.on('contest:ended', () => {
    hostPhase = 'ended';
    poke();
  });
  // Re-attach after any reconnection; the first attach gives the districts.
  host.on('connected', () => {
    void host.request('host:attach', { contestId: contest.id }, { timeoutMs: 10_000, retries: 2 }).then(
      (s) => {
        snapshot = s;
        poke();
      },
      (err) => log(`host:attach failed: ${(err as Error).message}`),
    );
  });
  await waitFor('host:attach', 20_000, () => snapshot !== null, wakeHost);
  const districts = (snapshot as HostSnapshot | null)?.contest.districts ?? [];
  if (districts.length === 0) throw new Error('the contest has no districts');

  // ---- bots ----
  const names = botNicknames(opts.players);
  const specs: BotSpec[] = names.map((nickname, index) => ({ index, nickname, district: districts[index % districts.length]!.code }));
  const joinIntervalMs = 1000 / opts.joinRate;
  const joinStartAt = now() + 500;
  const joinMs: number[] = [];
  const joinFailures: Record<string, number> = {};
  let joinsSettled = 0;
  let joined = 0;
  const botEvents = new Set<() => void>();
  const wakeBots = (fn: () => void) => (botEvents.add(fn), () => void botEvents.delete(fn));
  const fleet = launchBots(
    { urls: nodes.map((n) => n.url), pin: contest.pin, specs, processes: opts.workers, joinStartAt, joinIntervalMs, seed: opts.seed },
    (m) => {
      joinsSettled++;
      if (m.ok) {
        joined++;
        joinMs.push(m.ms);
      } else {
        joinFailures[m.code ?? '?'] = (joinFailures[m.code ?? '?'] ?? 0) + 1;
      }
      if (joinsSettled % 500 === 0 || joinsSettled === opts.players) log(`joins: ${joined} ok, ${joinsSettled - joined} failed of ${opts.players}`);
      botEvents.forEach((fn) => fn());
    },
    log,
  );
  cleanup.add('stop bot processes', () => fleet.stop());
  const flood = opts.flood ? startJoinFlood(nodes.map((n) => n.url)) : null;
  if (flood) cleanup.add('stop the flood', () => flood.stop());
  const joinBudgetMs = 30_000 + (opts.players / opts.joinRate) * 1000 * 2;
  await waitFor('the joins', joinBudgetMs, () => joinsSettled === opts.players, wakeBots);
  const joinDurationMs = now() - joinStartAt;
  if (flood) {
    out.flood = await flood.stop();
    log(`flood from ${flood.report.source}: ${JSON.stringify(out.flood)}`);
  }
  out.joined = joined;
  out.joinFailures = joinFailures;
  out.joinP50Ms = percentile(joinMs, 50);
  out.joinP95Ms = percentile(joinMs, 95);
  out.joinDurationMs = Math.round(joinDurationMs);
  if (joined === 0) throw new Error(`no bot could join: ${JSON.stringify(joinFailures)}`);

  // ---- play ----
  // The metrics' loop maximum covers start-up and joins too; the probe and the slices cover the play.
  const probe = healthProbe(server.url);
  metrics.playing(true);
  const playStart = now();
  await host.request('contest:start', {}, { timeoutMs: 10_000 });
  for (let i = 0; i < contest.questionCount; i++) {
    // The server closes a question when all have answered, at the latest at its deadline (≤ 240 s + grace).
    await waitFor(`the reveal of question ${i}`, 300_000, () => hostRevealAt[i] !== null, wakeHost);
    log(`question ${i + 1}/${contest.questionCount} revealed`);
    await sleep(SETTINGS.revealDurationMs);
    // `expect` makes a retried click harmless: once the first one went through, the retry gets WRONG_PHASE.
    await host.request('contest:next', { expect: { index: i, phase: 'reveal' } }, { timeoutMs: 10_000, retries: 2 }).catch((err: unknown) => {
      if ((err as { code?: string }).code !== 'WRONG_PHASE') throw err;
      log(`contest:next after question ${i + 1}: WRONG_PHASE (an earlier attempt went through)`);
    });
  }
  await waitFor('the end of the contest', 30_000, () => hostPhase === 'ended', wakeHost).catch((err: Error) => log(err.message));
  out.playDurationMs = Math.round(now() - playStart);
  out.healthzDuringPlay = await probe.stop();
  metrics.playing(false);

  // ---- collect ----
  const bots = await fleet.finish(10_000, 90_000);
  const results = await api<ResultsView>(server, cookie, 'GET', `/api/live-contests/${contest.id}/results`);
  host.close();
  await Promise.all(nodeMetrics.map((m) => m.stop()));
  const exitCodes = await Promise.all(nodes.map((n) => n.stop()));
  out.serverExitCode = exitCodes.find((c) => c !== 0) ?? 0;
  if (opts.nodes > 1) {
    out.serverExitCodes = exitCodes;
    out.nodeRssMb = nodeMetrics.map((m) => (m.seen.rss === null ? null : Math.round(m.seen.rss / 1e5) / 10));
    out.nodeLoopBusyMaxDuringPlayMs = nodeMetrics.map((m) => (m.seen.busyMaxPlay === null ? null : Math.round(m.seen.busyMaxPlay * 1e4) / 10));
  }

  let stored: StoredAnswer[];
  if (databaseUrl) stored = await readAnswersPostgres(databaseUrl, contest.id);
  else stored = await readAnswersPglite(dataDir!, contest.id);

  const loss = countLoss(bots, stored);
  const mismatches = compareResults(bots, results);
  const refs = pickRevealRefs(hostRevealAt, bots);
  const spread = revealSpread(refs.refs, bots);
  const boards = revealSpread(refs.refs, bots, (r) => r.boardAt);
  const fromClose = revealSpread(closeMoments(bots, contest.questionCount), bots);
  const ackMs = bots.flatMap((b) => b.answers.flatMap((a) => (a.ackMs === undefined ? [] : [a.ackMs])));
  Object.assign(out, {
    answersSent: loss.answersSent,
    answersAcked: loss.answersAcked,
    answersRefused: loss.answersRefused,
    refusedByCode: loss.refusedByCode,
    unacked: loss.unacked,
    ackedMissing: loss.ackedMissing,
    unexpectedRows: loss.unexpectedRows,
    rowsInDatabase: stored.length,
    lost: loss.lost,
    retries: bots.reduce((n, b) => n + b.answers.reduce((m, a) => m + a.attempts - 1, 0), 0),
    resultsMismatches: mismatches.length,
    ...(mismatches.length ? { resultsMismatchSamples: mismatches.slice(0, 5) } : {}),
    ackP50Ms: percentile(ackMs, 50),
    ackP95Ms: percentile(ackMs, 95),
    ackP99Ms: percentile(ackMs, 99),
    ackMaxMs: percentile(ackMs, 100),
    revealToAllMs: spread.maxMs,
    revealToAllByQuestionMs: spread.byQuestion,
    revealRef: refs.kind,
    revealFanOutMs: spread.fanOutMs,
    revealMissing: spread.missing,
    boardToAllMs: boards.maxMs,
    boardToAllByQuestionMs: boards.byQuestion,
    boardMissing: boards.missing,
    closeToAllMs: fromClose.maxMs,
    closeToAllByQuestionMs: fromClose.byQuestion,
    endedMissing: bots.filter((b) => b.playerId && !b.ended).length,
    serverRssMb: metrics.seen.rss === null ? null : Math.round(metrics.seen.rss / 1e5) / 10,
    serverEventLoopP99MaxMs: metrics.seen.loopP99 === null ? null : Math.round(metrics.seen.loopP99 * 1e4) / 10,
    serverEventLoopMaxMs: metrics.seen.loopMax === null ? null : Math.round(metrics.seen.loopMax * 1e4) / 10,
    serverEventLoopMaxDuringPlayMs: metrics.seen.loopMaxPlay === null ? null : Math.round(metrics.seen.loopMaxPlay * 1e4) / 10,
    serverLoopBusyMaxDuringPlayMs: metrics.seen.busyMaxPlay === null ? null : Math.round(metrics.seen.busyMaxPlay * 1e4) / 10,
    serverGcPauseMaxDuringPlayMs: metrics.seen.gcMaxPlay === null ? null : Math.round(metrics.seen.gcMaxPlay * 1e4) / 10,
    ackThroughputPerSec: ackThroughput(bots),
    serverCpuSec: metrics.seen.cpuFirst === null || metrics.seen.cpuLast === null ? null : Math.round((metrics.seen.cpuLast - metrics.seen.cpuFirst) * 10) / 10,
  });
  if (mismatches.length) for (const m of mismatches.slice(0, 10)) log(`results mismatch: ${m}`);

  // ---- the bare socket.io baseline: same bots, same answers, a same-size reveal broadcast once ----
  if (opts.baseline && opts.players > ONE_PROCESS_SOCKETS * opts.nodes) {
    out.baselineSkipped = `a bare socket.io server holds at most ${ONE_PROCESS_SOCKETS} sockets per process on this machine (20,000 open files); use --nodes`;
    log(`baseline skipped: ${out.baselineSkipped}`);
  } else if (opts.baseline) {
    log('baseline run');
    const base: BaselineResult = await runBaseline({ specs, workers: opts.workers, joinRate: opts.joinRate, seed: opts.seed, questions: contest.questionCount, districts: districts.length, servers: opts.nodes }, log);
    out.baseline = base;
    const ratio = (a: unknown, b: number | null) => (typeof a === 'number' && b ? Math.round((a / b) * 100) / 100 : null);
    out.ackThroughputRatio = ratio(out.ackThroughputPerSec, base.ackThroughputPerSec);
    out.revealRatio = ratio(out.revealToAllMs, base.revealToAllMs);
    out.boardRatio = ratio(out.boardToAllMs, base.boardToAllMs);
    // Per question, civiq ÷ baseline, then the median: one starved moment on a shared machine moves the worst case, not this.
    const mine = (out.revealToAllByQuestionMs as Array<number | null>) ?? [];
    const per = mine.flatMap((m, i) => (m !== null && base.revealToAllByQuestionMs[i] ? [m / base.revealToAllByQuestionMs[i]!] : [])).sort((a, b) => a - b);
    out.revealRatioMedian = per.length ? Math.round(per[Math.floor((per.length - 1) / 2)]! * 100) / 100 : null;
    const mineB = (out.boardToAllByQuestionMs as Array<number | null>) ?? [];
    const perB = mineB.flatMap((m, i) => (m !== null && base.boardToAllByQuestionMs[i] ? [m / base.boardToAllByQuestionMs[i]!] : [])).sort((a, b) => a - b);
    out.boardRatioMedian = perB.length ? Math.round(perB[Math.floor((perB.length - 1) / 2)]! * 100) / 100 : null;
  }
}

async function main(): Promise<number> {
  let opts: Options | null;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (!opts) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const cpus = os.cpus();
  const out: Record<string, unknown> = {
    ok: false,
    players: opts.players,
    joined: 0,
    questions: opts.questions,
    workers: opts.workers,
    joinRate: opts.joinRate,
    seed: opts.seed,
  };
  const t0 = now();
  const cleanup = createCleanup();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hard timeout: the run took longer than ${opts.timeoutMs / 1000} s`)), opts.timeoutMs);
  });
  try {
    await Promise.race([run(opts, cleanup, out), timeout]);
  } catch (err) {
    out.error = (err as Error).message.split('\n')[0];
    log((err as Error).stack ?? String(err));
  } finally {
    clearTimeout(timer);
    await cleanup.runAll();
  }
  Object.assign(out, {
    durationMs: Math.round(now() - t0),
    node: process.version,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    platform: `${os.platform()} ${os.release()}`,
    date: new Date().toISOString(),
  });
  out.ok =
    out.error === undefined &&
    out.lost === 0 &&
    out.joined === opts.players &&
    out.answersRefused === 0 &&
    out.unexpectedRows === 0 &&
    out.resultsMismatches === 0 &&
    out.revealMissing === 0 &&
    out.serverExitCode === 0 &&
    // A flood must get no seat and must have been limited.
    (out.flood === undefined || (!(out.flood as FloodReport).byCode.OK && ((out.flood as FloodReport).byCode.RATE_LIMITED ?? 0) > 0));
  // `ok` first so a glance at the line says enough.
  process.stdout.write((opts.json ? JSON.stringify(out) : formatTable(out)) + '\n');
  return out.ok ? 0 : 1;
}

process.exitCode = await main();
// Sockets or timers left by a failed run must not keep the process alive past the report.
setTimeout(() => process.exit(), 2000).unref();
