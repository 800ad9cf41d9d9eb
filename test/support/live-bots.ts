import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { Question } from '../../src/banks/question-schema.ts';
import type { PlayerResponse } from '../../src/banks/responses.ts';
import { nicknameKey, validateNickname } from '../../src/contests/nickname.ts';
import type { JoinResult, QuestionReveal, QuestionView } from '../../src/contests/protocol.ts';
import type { LiveSettingsInput } from '../../src/contests/settings.ts';
import pg from 'pg';
import { createScratchPostgresDatabase } from './db.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';

/**
 * Socket bots for the live-contest integration tests: raw socket.io clients (not
 * `live-client.ts`, whose automatic resume and clock sync would hide what the
 * server does) that record every event they receive, plus HTTP helpers for the
 * accounts, banks and contests a live test needs.
 */

/** Short contests: the answer window is the schema's minimum and answers open at once. */
export const FAST_SETTINGS: LiveSettingsInput = { timeLimitSec: 5, readingDelayMs: 0, revealDurationMs: 1000 };

export type Ack<T = unknown> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; details?: unknown } };

export interface Recorded {
  event: string;
  payload: unknown;
}

// ---------- HTTP ----------

export interface Account {
  email: string;
  token: string;
  /** Session cookie (`name=value`), when the account signed in with a password. */
  cookie?: string;
  headers: Record<string, string>;
}

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

/** One HTTP call; the body is JSON, the answer parsed as JSON when it is. */
export async function api<T = unknown>(url: string, method: string, path: string, opts: { account?: Account | undefined; body?: unknown } = {}): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { ...(opts.account?.headers ?? {}) };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url + path, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
  // `res.text()` would drop a byte-order mark, which the CSV exports must carry.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* CSV and other non-JSON bodies */
  }
  return { status: res.status, headers: res.headers, text, json: json as T };
}

/** Sign in with a password: the session cookie, and a bearer token issued with it. */
export async function signIn(url: string, email: string, password: string): Promise<Account> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const t = await api<{ token: string }>(url, 'POST', '/api/auth/tokens', { account: { email, token: '', headers: { Cookie: cookie } }, body: { name: 'live tests' } });
  if (t.status !== 201) throw new Error(`token for ${email}: ${t.status} ${t.text}`);
  return { email, token: t.json.token, cookie, headers: { Authorization: `Bearer ${t.json.token}` } };
}

let accounts = 0;

/** A new account created by an admin, signed in. */
export async function createAccount(url: string, admin: Account, role: 'teacher' | 'admin' = 'teacher'): Promise<Account> {
  const email = `${role}${++accounts}-${randomBytes(3).toString('hex')}@live.test.vn`;
  const password = 'live test password 12345';
  const r = await api(url, 'POST', '/api/users', { account: admin, body: { email, password, role } });
  if (r.status !== 201) throw new Error(`create ${role}: ${r.status} ${r.text}`);
  return signIn(url, email, password);
}

/** The latest published version of a bank, with its questions (keys included: the caller is staff). */
export async function bankVersion(url: string, account: Account, slug: string): Promise<{ version: number; questions: Question[]; byId: Map<string, Question> }> {
  const list = await api<{ versions: Array<{ version: number }> }>(url, 'GET', `/api/banks/${slug}/versions`, { account });
  const version = list.json.versions[0]?.version;
  if (version === undefined) throw new Error(`bank ${slug} has no version: ${list.text}`);
  const v = await api<{ questions: Question[] }>(url, 'GET', `/api/banks/${slug}/versions/${version}`, { account });
  return { version, questions: v.json.questions, byId: new Map(v.json.questions.map((q) => [q.id!, q])) };
}

export interface CreatedContest {
  id: string;
  pin: string;
  joinUrl: string;
  screenToken: string;
  screenUrls: Array<{ district: string; name: string; url: string }>;
  questionCount: number;
}

export async function createContest(url: string, account: Account, body: Record<string, unknown>): Promise<CreatedContest> {
  const r = await api<CreatedContest>(url, 'POST', '/api/live-contests', { account, body });
  if (r.status !== 201) throw new Error(`create contest: ${r.status} ${r.text}`);
  return r.json;
}

export interface ResultsPlayer {
  rank: number;
  districtRank: number;
  nickname: string;
  district: string;
  school: string | null;
  className: string | null;
  points: number;
  correct: number;
  answered: number;
  eliminated: boolean;
}
export interface ResultsQuestion {
  index: number;
  id: string;
  voided: boolean;
  played: boolean;
  due: number;
  answered: number;
  correct: number;
  correctRate: number;
  meanTimeMs: number | null;
  distribution: Record<string, number>;
}
/** `GET /api/live-contests/{id}/results`. */
export interface Results {
  contest: { id: string; phase: string };
  players: ResultsPlayer[];
  questions: ResultsQuestion[];
}

export async function results(url: string, account: Account, contestId: string): Promise<Results> {
  const r = await api<Results>(url, 'GET', `/api/live-contests/${contestId}/results`, { account });
  if (r.status !== 200) throw new Error(`results: ${r.status} ${r.text}`);
  return r.json;
}

export const ADMIN_EMAIL = 'admin@live.test.vn';
export const ADMIN_PASSWORD = 'live admin password 123';
/** Fixed, so a second process on the same data accepts the first one's tokens. */
export const SESSION_SECRET = 'live-test-session-secret-0123456789abcdef';

export interface LiveServer {
  server: ServerProcess;
  url: string;
  admin: Account;
  /** The latest version of the shipped `passwords-accounts` bank. */
  bank: { slug: string; version: number; byId: Map<string, Question> };
}

/** Start `civiq serve` (see server-process.ts), sign the admin in and read the shipped bank used by the tests. */
export async function startLiveServer(opts: Parameters<typeof startServerProcess>[1] = {}): Promise<LiveServer> {
  const server = await startServerProcess({ ADMIN_EMAIL, ADMIN_PASSWORD, SESSION_SECRET }, opts);
  return attachLiveServer(server);
}

/** Sign in to an already started process. */
export async function attachLiveServer(server: ServerProcess): Promise<LiveServer> {
  const admin = await signIn(server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
  const slug = 'passwords-accounts';
  const { version, byId } = await bankVersion(server.url, admin, slug);
  return { server, url: server.url, admin, bank: { slug, version, byId } };
}

export interface DirectDb {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

/**
 * A server whose database the test can also read: with TEST_DATABASE_URL a scratch
 * PostgreSQL database shared with the process; on PGlite `db` is null (the process
 * holds the data directory), so tests fall back to the results endpoint.
 */
export async function startLiveServerWithDb(): Promise<{ srv: LiveServer; db: DirectDb | null; cleanup(): Promise<void> }> {
  const scratch = await createScratchPostgresDatabase();
  const srv = await startLiveServer(scratch ? { keepDatabase: { url: scratch.url } } : {});
  const client = scratch ? new pg.Client({ connectionString: scratch.url }) : null;
  await client?.connect();
  return {
    srv,
    db: client ? { query: async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[] } : null,
    async cleanup() {
      await client?.end();
      await srv.server.cleanup();
      await scratch?.drop();
    },
  };
}

// ---------- sockets ----------

export interface LiveConn {
  socket: Socket;
  /** Every event received, in order (`$disconnect` with the reason when the connection drops). */
  log: Recorded[];
  request<T = unknown>(event: string, payload: unknown, timeoutMs?: number): Promise<Ack<T>>;
  /**
   * The first `event` at log position `from` or later that satisfies `pred`:
   * already received or still to come. Searching the log avoids missing an event
   * that arrived before the wait began.
   */
  waitFor<T = unknown>(event: string, pred?: (payload: T) => boolean, opts?: { from?: number; timeoutMs?: number }): Promise<T>;
  /** Payloads of `event` received so far. */
  all<T = unknown>(event: string): T[];
  close(): void;
}

interface Waiter {
  event: string;
  pred: (p: unknown) => boolean;
  from: number;
  resolve: (p: unknown) => void;
}

/**
 * Connect to `/live` over WebSocket with reconnection off (tests reconnect with
 * a new socket, explicitly). `token` or `cookie` authenticates a host.
 */
export async function connectLive(url: string, opts: { token?: string; cookie?: string; timeoutMs?: number } = {}): Promise<LiveConn> {
  const socket = io(`${url}/live`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(opts.token ? { auth: { token: opts.token } } : {}),
    ...(opts.cookie ? { extraHeaders: { Cookie: opts.cookie } } : {}),
  });
  const log: Recorded[] = [];
  let waiters: Waiter[] = [];
  const record = (event: string, payload: unknown) => {
    log.push({ event, payload });
    const at = log.length - 1;
    const done = waiters.filter((w) => w.event === event && at >= w.from && w.pred(payload));
    if (done.length === 0) return;
    waiters = waiters.filter((w) => !done.includes(w));
    for (const w of done) w.resolve(payload);
  };
  socket.onAny((event: string, ...args: unknown[]) => record(event, args[0]));
  // The server measures round trips with acknowledged pings; a client that never answers looks like a dead line.
  socket.on('time:ping', (_p: unknown, ack?: unknown) => {
    if (typeof ack === 'function') (ack as () => void)();
  });
  socket.on('disconnect', (reason) => record('$disconnect', reason));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not connect')), opts.timeoutMs ?? 10_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  return {
    socket,
    log,
    async request<T>(event: string, payload: unknown, timeoutMs = 8000) {
      return (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as Ack<T>;
    },
    waitFor<T>(event: string, pred: (p: T) => boolean = () => true, o: { from?: number; timeoutMs?: number } = {}) {
      const from = o.from ?? 0;
      const found = log.findIndex((r, i) => i >= from && r.event === event && pred(r.payload as T));
      if (found >= 0) return Promise.resolve(log[found]!.payload as T);
      return new Promise<T>((resolve, reject) => {
        const waiter: Waiter = { event, pred: pred as (p: unknown) => boolean, from, resolve: resolve as (p: unknown) => void };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          reject(new Error(`no ${event} within ${o.timeoutMs ?? 15_000} ms; received: ${log.slice(-8).map((r) => r.event).join(', ')}`));
        }, o.timeoutMs ?? 15_000);
        waiter.resolve = (p) => {
          clearTimeout(timer);
          resolve(p as T);
        };
        waiters.push(waiter);
      });
    },
    all<T>(event: string) {
      return log.filter((r) => r.event === event).map((r) => r.payload as T);
    },
    close: () => void socket.close(),
  };
}

/** The data of a successful ack; throws with the error code otherwise. */
export function okData<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`expected ok, got ${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

/** The error code of an ack, or `OK`. */
export function codeOf(ack: Ack<unknown>): string {
  return ack.ok ? 'OK' : ack.error.code;
}

/** A fresh client-side answer id (the protocol wants 8–64 of `[A-Za-z0-9_-]`). */
export function answerId(): string {
  return randomBytes(12).toString('hex');
}

// ---------- players ----------

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hương', 'Khánh', 'Linh', 'Minh', 'Nam', 'Ngọc', 'Phúc', 'Quân', 'Sơn', 'Tâm', 'Thảo', 'Trang', 'Tuấn', 'Vy', 'Yến'];

/**
 * `n` Vietnamese full names that are valid nicknames with distinct uniqueness
 * keys (the key folds case, diacritics and spaces, so distinct-looking names can
 * still collide; the filter keeps the first of each key).
 */
export function botNicknames(n: number): string[] {
  const out: string[] = [];
  const keys = new Set<string>();
  for (const given of GIVEN) {
    for (const family of FAMILY) {
      const name = `${family} ${given}`;
      const key = nicknameKey(name);
      if (!validateNickname(name).ok || keys.has(key)) continue;
      keys.add(key);
      out.push(name);
      if (out.length === n) return out;
    }
  }
  throw new Error(`only ${out.length} bot nicknames available`);
}

export interface Bot {
  conn: LiveConn;
  nickname: string;
  district: string;
  playerId: string;
  reconnectToken: string;
  joined: JoinResult;
}

/** Connect and join `n` players, districts taken in turn from `districts`. */
export async function joinBots(url: string, pin: string, districts: readonly string[], n: number, names = botNicknames(n)): Promise<Bot[]> {
  return Promise.all(
    names.slice(0, n).map(async (nickname, i) => {
      const district = districts[i % districts.length]!;
      const conn = await connectLive(url);
      const joined = okData(await conn.request<JoinResult>('player:join', { pin, nickname, district }));
      return { conn, nickname, district, playerId: joined.playerId, reconnectToken: joined.reconnectToken, joined };
    }),
  );
}

export function closeAll(conns: Iterable<{ close(): void } | { conn: LiveConn }>): void {
  for (const c of conns) ('conn' in c ? c.conn : c).close();
}

// ---------- answers in display terms ----------

type Keyed = Extract<Question, { options: unknown }>;

/** The display index, in this player's view, of the bank option `optionId` (matched by its text). */
export function displayIndexOf(question: Question, view: QuestionView, optionId: string): number {
  const option = (question as Keyed).options?.find((o) => o.id === optionId);
  if (!option) throw new Error(`question ${question.id} has no option ${optionId}`);
  const shown = (view.options ?? []).filter((o) => o.text.vi === option.text.vi && o.text.en === option.text.en);
  if (shown.length !== 1) throw new Error(`option ${optionId} of ${question.id} is shown ${shown.length} times`);
  return shown[0]!.index;
}

/** The bank option id behind display index `index` of this view. */
export function optionIdAt(question: Question, view: QuestionView, index: number): string {
  const shown = view.options?.find((o) => o.index === index);
  const option = (question as Keyed).options?.find((o) => shown && o.text.vi === shown.text.vi && o.text.en === shown.text.en);
  if (!option) throw new Error(`display index ${index} of ${question.id} matches no option`);
  return option.id;
}

/** A fully correct response in the player's display indices. */
export function correctResponse(question: Question, view: QuestionView): PlayerResponse {
  switch (question.type) {
    case 'single_choice':
      return { type: 'single_choice', choice: displayIndexOf(question, view, question.answer) };
    case 'multiple_choice':
      return { type: 'multiple_choice', choices: question.answer.map((id) => displayIndexOf(question, view, id)) };
    case 'true_false':
      return { type: 'true_false', value: question.answer };
    case 'short_answer':
      return { type: 'short_answer', text: question.answer[0]! };
    case 'ordering':
      return { type: 'ordering', order: question.answer.map((id) => displayIndexOf(question, view, id)) };
    case 'numerical': {
      const a = question.answer.find((x) => x.weight === 100)!;
      return { type: 'numerical', value: 'min' in a ? a.min : a.value };
    }
    case 'matching':
      return { type: 'matching', pairs: question.options.map((o) => matchIndexOf(view, o.match)) };
  }
}

/** The display index of a right-hand matching item, found by its text. */
export function matchIndexOf(view: QuestionView, match: { vi: string; en: string }): number {
  const shown = (view.matches ?? []).filter((m) => m.text.vi === match.vi && m.text.en === match.en);
  if (shown.length !== 1) throw new Error(`match "${match.vi}" is shown ${shown.length} times`);
  return shown[0]!.index;
}

/** A response worth nothing: no credit at all, even under partial scoring. */
export function wrongResponse(question: Question, view: QuestionView): PlayerResponse {
  switch (question.type) {
    case 'single_choice': {
      const wrong = question.options.find((o) => o.id !== question.answer)!;
      return { type: 'single_choice', choice: displayIndexOf(question, view, wrong.id) };
    }
    case 'multiple_choice': {
      // One wrong option alone: its weight is ≤ 0, so partial scoring clamps it to 0.
      const wrong = question.options.find((o) => !question.answer.includes(o.id))!;
      return { type: 'multiple_choice', choices: [displayIndexOf(question, view, wrong.id)] };
    }
    case 'true_false':
      return { type: 'true_false', value: !question.answer };
    case 'short_answer':
      return { type: 'short_answer', text: 'zzz không phải đáp án' };
    case 'ordering': {
      // The reverse of the correct order is never the correct order (every ordering has ≥ 2 distinct items).
      return { type: 'ordering', order: [...question.answer].reverse().map((id) => displayIndexOf(question, view, id)) };
    }
    case 'numerical': {
      // Beyond every accepted number.
      const top = Math.max(...question.answer.map((a) => ('min' in a ? a.max : a.value + a.tolerance)));
      return { type: 'numerical', value: Math.min(1e12, top + 1000) };
    }
    case 'matching': {
      // Every right-hand item moved one place down: no pair right (n ≥ 2).
      const n = question.options.length;
      return { type: 'matching', pairs: question.options.map((_, i) => matchIndexOf(view, question.options[(i + 1) % n]!.match)) };
    }
  }
}

/** What `question:reveal.correct` must say to this player. */
export function expectedCorrect(question: Question, view: QuestionView): QuestionReveal['correct'] {
  switch (question.type) {
    case 'single_choice':
      return { choices: [displayIndexOf(question, view, question.answer)] };
    case 'multiple_choice':
      return { choices: question.answer.map((id) => displayIndexOf(question, view, id)).sort((a, b) => a - b) };
    case 'true_false':
      return { value: question.answer };
    case 'short_answer':
      return { accepted: [...question.answer] };
    case 'ordering':
      return { order: question.answer.map((id) => displayIndexOf(question, view, id)) };
    case 'numerical':
      return { numbers: question.answer.filter((a) => a.weight === 100).map((a) => ('min' in a ? { min: a.min, max: a.max } : { value: a.value, tolerance: a.tolerance })) };
    case 'matching':
      return { pairs: question.options.map((o) => matchIndexOf(view, o.match)) };
  }
}

/** Streak bonus of docs/scoring.md: +100 per correct answer in a row from the second, at most +500. */
export function streakBonusFor(streak: number): number {
  return streak < 2 ? 0 : Math.min(5, streak - 1) * 100;
}

/** Wait a little (only to let the server notice something, never to assert a duration). */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
