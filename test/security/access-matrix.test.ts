import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/db/schema.ts';
import type { QuestionInput } from '../../src/banks/question-schema.ts';
import { LIVE_NAMESPACE } from '../../src/contests/protocol.ts';
import { api, closeAll, codeOf, connectLive, okData, type Account, type Ack, type LiveConn } from '../support/live-bots.ts';
import { districtCodes, startInProcess, type InProcessServer } from './in-process.ts';
import { makeParticipants, writeContest } from '../reports/fixtures.ts';
import { ACTORS, EVENTS, ROUTES, scheduledBody, type Actor, type Contest, type HttpRequest, type StaffActor, type World } from './access-matrix.table.ts';

/**
 * The role matrix, generated from the code: every registered HTTP route and
 * every live socket event × every actor, against the expectations in
 * access-matrix.table.ts. A route or event without an entry fails.
 */
const PASSWORD = 'matrix password 123456';
const STAFF_ROLES: Record<StaffActor, { role: Role; region: string }> = {
  teacherOwner: { role: 'teacher', region: 'buon-ma-thuot' },
  teacherSameUnit: { role: 'teacher', region: 'buon-ma-thuot' },
  teacherOtherUnit: { role: 'teacher', region: 'ea-kar' },
  officialOwn: { role: 'official', region: 'buon-ma-thuot' },
  officialOther: { role: 'official', region: 'ea-kar' },
  admin: { role: 'admin', region: '' },
};
const isStaff = (a: Actor): a is StaffActor => a in STAFF_ROLES;

let srv: InProcessServer;
let world: World;
let participantToken = '';
const accounts = new Map<StaffActor, { token: string; userId: string; email: string }>();
/** Browser sessions of the staff actors: pages outside /api/* are opened with the session cookie, as a browser does. */
const sessions = new Map<StaffActor, string>();
const conns: LiveConn[] = [];

const account = (a: StaffActor): Account => {
  const x = accounts.get(a)!;
  return { email: x.email, token: x.token, headers: { Authorization: `Bearer ${x.token}` } };
};

beforeAll(async () => {
  srv = await startInProcess({ env: { METRICS_TOKEN: 'matrix-metrics-token-0123456789' } });
  const auth = srv.runtime.deps.auth;
  for (const [actor, { role, region }] of Object.entries(STAFF_ROLES) as Array<[StaffActor, { role: Role; region: string }]>) {
    const email = `${actor.toLowerCase()}@matrix.vn`;
    const u = await auth.createUser({ email, password: PASSWORD, role, regionCode: region || null });
    accounts.set(actor, { token: (await auth.createApiToken(u.id, 'matrix')).token, userId: u.id, email });
    sessions.set(actor, (await auth.login({ email, password: PASSWORD, ip: '127.0.0.1' })).token);
  }
  const owner = account('teacherOwner');
  // A question to copy: the shipped bank's first true/false question.
  const shipped = await api<{ questions: QuestionInput[] }>(srv.url, 'GET', `/api/banks/${srv.bank.slug}/versions/${srv.bank.version}`, { account: srv.admin });
  const template = shipped.json.questions.find((q) => q.type === 'true_false')!;
  let n = 0;
  const newQuestion = async (slug: string) => {
    const id = `mq-${++n}`;
    const r = await api(srv.url, 'POST', `/api/banks/${slug}/questions`, { account: owner, body: { ...template, id } });
    if (r.status !== 201) throw new Error(`question: ${r.status} ${r.text}`);
    return id;
  };
  const newBank = async () => {
    const slug = `ma-tran-${++n}`;
    const r = await api(srv.url, 'POST', '/api/banks', { account: owner, body: { slug, title: { vi: 'Ma trận', en: 'Matrix' }, visibility: 'unit' } });
    if (r.status !== 201) throw new Error(`bank: ${r.status} ${r.text}`);
    return slug;
  };
  const slug = await newBank();
  const questionId = await newQuestion(slug);
  const pub = await api<{ version: number }>(srv.url, 'POST', `/api/banks/${slug}/publish`, { account: owner });
  if (pub.status !== 200 && pub.status !== 201) throw new Error(`publish: ${pub.status} ${pub.text}`);
  const newContest = async (): Promise<Contest> => {
    const r = await api<Contest>(srv.url, 'POST', '/api/live-contests', { account: owner, body: { title: 'Ma trận', bank: srv.bank.slug, version: srv.bank.version, questionCount: 2, settings: { timeLimitSec: 5, readingDelayMs: 0 } } });
    if (r.status !== 201) throw new Error(`contest: ${r.status} ${r.text}`);
    return { id: r.json.id, pin: r.json.pin, screenToken: r.json.screenToken };
  };
  const upload = await srv.app.request(`/api/banks/${slug}/images`, {
    method: 'POST',
    headers: { ...owner.headers, 'Content-Type': 'image/png' },
    body: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
  });
  const sets = await api<{ sets: Array<{ code: string }> }>(srv.url, 'GET', '/api/region-sets');
  // Where phones join, as the server finds at listen (src/server.ts): here the in-process server's own address.
  srv.runtime.services.joinAddresses.set([{ url: srv.url, source: 'HOST' }]);
  world = {
    url: srv.url,
    bank: { slug, questionId, version: pub.json.version },
    contest: await newContest(),
    uploadPath: ((await upload.json()) as { url: string }).url,
    regionSet: sets.json.sets[0]!.code,
    districts: await districtCodes(srv.url),
    actor: (a) => accounts.get(a)!,
    newBank,
    newQuestion,
    newContest,
    newTokenId: async () => (await auth.createApiToken(accounts.get('teacherOwner')!.userId, 'to revoke')).id,
    newUserId: async () => (await auth.createUser({ email: `v${++n}-${Date.now()}@matrix.vn`, password: PASSWORD, role: 'teacher' })).id,
    question: () => template,
    joinPlayer: async (c) => {
      const p = await connectLive(srv.url);
      conns.push(p);
      return okData(await p.request<{ playerId: string }>('player:join', { pin: c.pin, district: world.districts[0], nickname: `Bị mời ra ${++n}` })).playerId;
    },
    scheduled: { slug: '', attemptId: '', questionId: '', practiceId: '', practiceQuestionId: '' },
    report: { contestId: '', seriesId: '' },
    newScheduled: async () => {
      const sc = `ma-tran-tt-${++n}`;
      const r = await api(srv.url, 'POST', '/api/scheduled-contests', { account: owner, body: scheduledBody(world, sc) });
      if (r.status !== 201) throw new Error(`scheduled contest: ${r.status} ${r.text}`);
      return sc;
    },
    registration: () => ({ fullName: `Nguyễn Văn ${String.fromCharCode(65 + (++n % 26))}${n}`, gradeBand: 'TC1', school: 'Trường THCS Ma Trận', district: world.districts[0], guardianConsent: true }),
    newDuplicateId: async () => {
      const person = { fullName: `Trần Thị Trùng ${++n}`, dateOfBirth: '2012-03-04', school: 'Trường THCS Ma Trận', district: world.districts[0], guardianConsent: true };
      for (let i = 0; i < 2; i++) {
        const r = await api(srv.url, 'POST', `/api/scheduled-contests/${world.scheduled.slug}/register`, { body: person });
        if (r.status !== 201) throw new Error(`register: ${r.status} ${r.text}`);
      }
      const d = await api<{ duplicates?: Array<{ id: string }>; items?: Array<{ id: string }> }>(srv.url, 'GET', `/api/scheduled-contests/${world.scheduled.slug}/duplicates?status=open`, { account: srv.admin });
      const list = d.json.duplicates ?? d.json.items ?? (Array.isArray(d.json) ? (d.json as Array<{ id: string }>) : []);
      const id = list.at(-1)?.id;
      if (!id) throw new Error(`no duplicate: ${d.text.slice(0, 300)}`);
      return id;
    },
  };
  // Scheduled contests: the organiser right for teacherOwner, an open contest, a participant with an attempt, a practice attempt.
  const grant = await api(srv.url, 'PUT', '/api/organiser-grants', { account: srv.admin, body: { email: accounts.get('teacherOwner')!.email, regionSet: world.regionSet, grant: true } });
  if (grant.status !== 200) throw new Error(`grant: ${grant.status} ${grant.text}`);
  world.scheduled.slug = await world.newScheduled();
  const reg = await api<{ participantToken: string }>(srv.url, 'POST', `/api/scheduled-contests/${world.scheduled.slug}/register`, { body: world.registration() });
  if (reg.status !== 201) throw new Error(`register: ${reg.status} ${reg.text}`);
  participantToken = reg.json.participantToken;
  const att = await fetch(`${srv.url}/api/scheduled-contests/${world.scheduled.slug}/attempts`, { method: 'POST', headers: { Authorization: `Bearer ${participantToken}` } });
  const attempt = (await att.json()) as { id?: string; attemptId?: string; questions?: Array<{ id?: string; questionId?: string }> };
  if (att.status !== 201 && att.status !== 200) throw new Error(`attempt: ${att.status} ${JSON.stringify(attempt)}`);
  world.scheduled.attemptId = attempt.id ?? attempt.attemptId ?? '';
  world.scheduled.questionId = attempt.questions?.[0]?.id ?? attempt.questions?.[0]?.questionId ?? '';
  const pr = await api<{ id?: string; attemptId?: string; questions?: Array<{ id?: string; questionId?: string }> }>(srv.url, 'POST', '/api/practice/passwords-accounts/attempts', { body: { questionCount: 2 } });
  if (pr.status !== 201 && pr.status !== 200) throw new Error(`practice: ${pr.status} ${pr.text}`);
  // Reports: a finished live contest of teacherOwner's in the region set (its facts as the close writes them), and a series of it.
  world.report.contestId = `matrix-${Date.now().toString(36)}`;
  const participants = makeParticipants('matrix', [
    { district: world.districts[0]!, n: 8, schools: ['THCS Ma Trận'], bias: 0.7 },
    { district: world.districts[1]!, n: 8, schools: ['THCS Ea Kar'], bias: 0.5 },
  ]);
  await writeContest(srv.runtime.deps.db, { kind: 'live', sourceId: world.report.contestId, ownerId: accounts.get('teacherOwner')!.userId, regionSet: world.regionSet }, participants);
  const series = await api<{ id: string }>(srv.url, 'POST', '/api/report-series', { account: owner, body: { title: 'Ma trận', contests: [{ kind: 'live', id: world.report.contestId }] } });
  if (series.status !== 201) throw new Error(`report series: ${series.status} ${series.text}`);
  world.report.seriesId = series.json.id;
  world.scheduled.practiceId = pr.json.id ?? pr.json.attemptId ?? '';
  world.scheduled.practiceQuestionId = pr.json.questions?.[0]?.id ?? pr.json.questions?.[0]?.questionId ?? '';
  if (!world.scheduled.attemptId || !world.scheduled.questionId || !world.scheduled.practiceId || !world.scheduled.practiceQuestionId) {
    throw new Error(`scheduled fixture incomplete: ${JSON.stringify(world.scheduled)} attempt=${JSON.stringify(attempt).slice(0, 300)} practice=${pr.text.slice(0, 300)}`);
  }
}, 120_000);

afterAll(async () => {
  closeAll(conns);
  await srv?.close();
});

/**
 * Refused: 401, 403 or 404 — or, for pages, a redirect away from the page (to
 * sign in, or back to /host): redirects are not followed, so a sign-in page
 * answering 200 cannot pass for access.
 */
const denied = (res: Response) => {
  if (res.status === 401 || res.status === 403 || res.status === 404) return true;
  const to = res.status >= 300 && res.status < 400 ? res.headers.get('Location') ?? '' : null;
  return to !== null && /^\/(login|host)(?:[?#]|$)/.test(to);
};

async function callAs(actor: Actor, req: HttpRequest, method: string): Promise<Response> {
  // Over HTTP the player is a scheduled contest's participant: its token is a bearer credential, but no account.
  // Staff call the API with their token and open pages (outside /api/) with their browser session.
  const page = !req.path.startsWith('/api/');
  const headers: Record<string, string> = isStaff(actor)
    ? page
      ? { Cookie: `civiq_session=${sessions.get(actor)!}` }
      : { Authorization: `Bearer ${accounts.get(actor)!.token}` }
    : actor === 'player'
      ? { Authorization: `Bearer ${participantToken}` }
      : {};
  let body: string | Uint8Array | undefined;
  if (req.raw) {
    headers['Content-Type'] = req.raw.type;
    body = req.raw.data;
  } else if (req.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(req.body);
  }
  return fetch(srv.url + req.path, { method, headers, redirect: 'manual', ...(body !== undefined ? { body: body as BodyInit } : {}) });
}

/** `GET /api/banks/:slug` as Hono lists it: the table's key. */
function registeredRoutes(): string[] {
  const keys = new Set<string>();
  for (const r of srv.app.routes) if (r.method !== 'ALL') keys.add(`${r.method} ${r.path}`);
  return [...keys].sort();
}

async function protocolEvents(): Promise<string[]> {
  const text = await readFile(path.resolve(import.meta.dirname, '../../src/contests/protocol.ts'), 'utf8');
  const block = /export interface LiveClientToServer \{([\s\S]*?)\n\}/.exec(text)?.[1] ?? '';
  return [...block.matchAll(/'([a-z]+:[a-z]+)'\s*:/g)].map((m) => m[1]!);
}

/** The events the server really listens to on a /live socket. */
async function listenedEvents(): Promise<string[]> {
  const s = await connectLive(srv.url);
  conns.push(s);
  const server = srv.io.of(LIVE_NAMESPACE).sockets.get(s.socket.id!)!;
  // socket.io's reserved events are not client requests.
  return server.eventNames().map(String).filter((e) => !['disconnect', 'disconnecting', 'error'].includes(e));
}

describe('role matrix: HTTP routes', () => {
  it('every registered route has an entry, and every entry is a registered route', () => {
    const routes = registeredRoutes();
    expect(routes.filter((r) => !(r in ROUTES))).toEqual([]);
    expect(Object.keys(ROUTES).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('every route × actor gets the expected outcome', async () => {
    const mismatches: string[] = [];
    for (const key of registeredRoutes()) {
      const rule = ROUTES[key];
      if (!rule) continue;
      const method = key.slice(0, key.indexOf(' '));
      for (const actor of ACTORS) {
        const req = rule.request ? await rule.request(world) : { path: key.slice(key.indexOf(' ') + 1) };
        const res = await callAs(actor, req, method);
        await res.arrayBuffer();
        const want = rule.allow.includes(actor) ? 'allow' : 'deny';
        const got = denied(res) ? 'deny' : 'allow';
        if (want !== got) mismatches.push(`${key} as ${actor}: expected ${want}, got ${res.status}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 240_000);
});

describe('role matrix: live socket events', () => {
  it('every event of the protocol and of the server has an entry', async () => {
    const events = [...new Set([...(await protocolEvents()), ...(await listenedEvents())])].sort();
    expect(events.length).toBeGreaterThan(10);
    expect(events.filter((e) => !(e in EVENTS))).toEqual([]);
    expect(Object.keys(EVENTS).filter((e) => !events.includes(e))).toEqual([]);
  });

  async function socketAs(actor: Actor, contest: Contest): Promise<LiveConn> {
    const s = await connectLive(srv.url, isStaff(actor) ? { token: accounts.get(actor)!.token } : {});
    conns.push(s);
    if (actor === 'player') okData(await s.request('player:join', { pin: contest.pin, district: world.districts[0], nickname: `Người ${conns.length}` }));
    if (actor === 'screen') okData(await s.request('screen:attach', { pin: contest.pin, screenToken: contest.screenToken }));
    if (isStaff(actor)) await s.request('host:attach', { contestId: contest.id });
    return s;
  }

  it('every event × actor gets the expected outcome', async () => {
    const mismatches: string[] = [];
    const deniedCodes = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_IN_CONTEST', 'CONTEST_UNAVAILABLE', 'RESUME_INVALID']);
    for (const [event, rule] of Object.entries(EVENTS)) {
      for (const actor of ACTORS) {
        const contest = rule.fresh ? await world.newContest() : world.contest;
        const s = await socketAs(actor, contest);
        const ack = (await s.request(event, await rule.payload(world, contest))) as Ack;
        const want = rule.allow.includes(actor) ? 'allow' : 'deny';
        const got = deniedCodes.has(codeOf(ack)) ? 'deny' : 'allow';
        if (want !== got) mismatches.push(`${event} as ${actor}: expected ${want}, got ${codeOf(ack)}`);
        s.close();
      }
    }
    expect(mismatches).toEqual([]);
  }, 240_000);
});
