/**
 * THE ROLE MATRIX: who gets past authorization on every HTTP route and every
 * live socket event. `access-matrix.test.ts` enumerates the routes the app has
 * registered (`app.routes`) and the events of `src/contests/protocol.ts` (and
 * those the server really listens to), and fails for any route or event
 * without an entry here — so a new route is added here, in this one file.
 *
 * Adding a route: key `"METHOD /path/:param"` exactly as `app.routes` lists it
 * (Hono's `:param` form). `allow` lists the actors that must get through (any
 * status but 401/403/404); every other actor must get 401, 403 or 404 — or, for
 * a page, a redirect away from it (to /login, or back to /host): redirects are
 * not followed, so a sign-in page answering 200 never passes for access. Staff
 * call /api/* with their API token and open pages with a browser session cookie
 * (pages such as /reports read only the session).
 * `request` builds a valid request in the fixture world (a valid body, so a
 * refusal cannot hide behind a validation error); it may create fresh objects
 * (`w.newBank()`, `w.newContest()` …) so that mutating calls do not disturb
 * the next actor. Routes without parameters or body need no `request`.
 *
 * The world: a `unit`-visibility bank owned by `teacherOwner` in district
 * buon-ma-thuot; `teacherSameUnit` and `officialOwn` are in that district,
 * `teacherOtherUnit` and `officialOther` in ea-kar. Over HTTP, `player` and
 * `screen` carry no account (they are anonymous to HTTP); on the socket they
 * are a joined player and an attached projector.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { QuestionInput } from '../../src/banks/question-schema.ts';

export const ACTORS = ['anonymous', 'player', 'screen', 'teacherOwner', 'teacherSameUnit', 'teacherOtherUnit', 'officialOwn', 'officialOther', 'admin'] as const;
export type Actor = (typeof ACTORS)[number];
export type StaffActor = Exclude<Actor, 'anonymous' | 'player' | 'screen'>;

export const EVERYONE: readonly Actor[] = ACTORS;
export const NOBODY: readonly Actor[] = [];
export const STAFF: readonly Actor[] = ['teacherOwner', 'teacherSameUnit', 'teacherOtherUnit', 'officialOwn', 'officialOther', 'admin'];
export const TEACHERS_AND_ADMIN: readonly Actor[] = ['teacherOwner', 'teacherSameUnit', 'teacherOtherUnit', 'admin'];
/** Read a `unit` bank: its owner, anyone of its unit, admins. */
export const BANK_READERS: readonly Actor[] = ['teacherOwner', 'teacherSameUnit', 'officialOwn', 'admin'];
/** Change a bank or its draft: its owner (and editors), admins; officials never author. */
export const BANK_EDITORS: readonly Actor[] = ['teacherOwner', 'admin'];
/** An object only its owner and admins may touch (contests, tokens). */
export const OWNER_AND_ADMIN: readonly Actor[] = ['teacherOwner', 'admin'];
export const ADMIN_ONLY: readonly Actor[] = ['admin'];
/** Scheduled contests: admins and teachers holding the organiser right for the region set (teacherOwner). */
export const ORGANISER: readonly Actor[] = ['teacherOwner', 'admin'];
/** Over HTTP the `player` actor is a scheduled contest's participant (participant token). */
export const PARTICIPANT: readonly Actor[] = ['player'];
/**
 * A finished contest's reports (src/reports/report-access.ts scopeFor): admins, the owning teacher, and
 * officials whose unit is in the contest's region set (both districts: a district official sees every
 * district's aggregates; no other teacher).
 */
export const REPORT_READERS_OF_CONTEST: readonly Actor[] = ['teacherOwner', 'officialOwn', 'officialOther', 'admin'];
/** School detail of a district (`?district=` the own district): not an official of another district (assertSchoolAccess). */
export const SCHOOL_READERS_OWN_DISTRICT: readonly Actor[] = ['teacherOwner', 'officialOwn', 'admin'];
/** Hosts of live contests: teachers and admins (src/net/routes.ts, src/web/join-sheets.ts). */
export const HOSTS: readonly Actor[] = ['teacherOwner', 'teacherSameUnit', 'teacherOtherUnit', 'admin'];

export interface Contest {
  id: string;
  pin: string;
  screenToken: string;
}

export interface World {
  url: string;
  bank: { slug: string; questionId: string; version: number };
  contest: Contest;
  uploadPath: string;
  regionSet: string;
  districts: string[];
  actor(a: StaffActor): { token: string; userId: string; email: string };
  newBank(opts?: { publish?: boolean }): Promise<string>;
  newQuestion(slug: string): Promise<string>;
  newContest(): Promise<Contest>;
  /** A token of teacherOwner's, to revoke. */
  newTokenId(): Promise<string>;
  newUserId(): Promise<string>;
  question(id: string): QuestionInput;
  /** Join a player to the contest (a separate socket); its player id. */
  joinPlayer(c: Contest): Promise<string>;
  /**
   * Scheduled contests: `slug` is open now, organised by teacherOwner (who holds
   * the organiser right for the region set); the HTTP `player` actor is its
   * registered participant (participant token), with attempt `attemptId`.
   */
  scheduled: { slug: string; attemptId: string; questionId: string; practiceId: string; practiceQuestionId: string };
  newScheduled(): Promise<string>;
  newDuplicateId(): Promise<string>;
  registration(): Record<string, unknown>;
  /**
   * Reports: `contestId` is a finished live contest of teacherOwner's in the region set
   * (its facts written as the close writes them, participants in both districts);
   * `seriesId` a report series of it, made by teacherOwner.
   */
  report: { contestId: string; seriesId: string };
}

export interface HttpRequest {
  path: string;
  body?: unknown;
  raw?: { type: string; data: string | Uint8Array };
}

export interface RouteRule {
  allow: readonly Actor[];
  request?: (w: World) => Promise<HttpRequest> | HttpRequest;
  why?: string;
}

let seq = 0;
/** A scheduled contest open from a minute ago for a day (the create body organisers send). */
export const scheduledBody = (w: World, slug: string) => ({
  slug,
  title: { vi: 'Thi trực tuyến', en: 'Online contest' },
  rules: { vi: 'Thể lệ', en: 'Rules' },
  bank: 'passwords-accounts',
  version: 1,
  questionsPerAttempt: 2,
  attemptMinutes: 30,
  maxAttempts: 50,
  opensAt: new Date(Date.now() - 60_000).toISOString(),
  closesAt: new Date(Date.now() + 86_400_000).toISOString(),
  regionSet: w.regionSet,
  prediction: { prompt: { vi: 'Bao nhiêu người?', en: 'How many?' }, scoredAgainst: 'participants' },
});
const reportContest = (w: World) => `/api/reports/contests/live/${encodeURIComponent(w.report.contestId)}`;
const reportSeries = (w: World) => `/api/reports/series/${w.report.seriesId}`;
const uniq = (p: string) => `${p}-${Date.now().toString(36)}-${++seq}`;
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
const tf = (w: World, id: string): QuestionInput => ({ ...w.question(w.bank.questionId), id } as QuestionInput);

export const ROUTES: Record<string, RouteRule> = {
  // ----- system: public probes and documents; metrics only with METRICS_TOKEN -----
  'GET /healthz': { allow: EVERYONE },
  'GET /readyz': { allow: EVERYONE },
  'GET /metrics': { allow: NOBODY, why: 'METRICS_TOKEN only (no account role opens it)' },
  'GET /openapi.json': { allow: EVERYONE },
  'GET /schemas/bank.json': { allow: EVERYONE },
  'GET /docs': { allow: EVERYONE },
  'GET /docs/init.js': { allow: EVERYONE },
  'GET /docs/assets/:name': { allow: EVERYONE, request: () => ({ path: '/docs/assets/swagger-ui.css' }) },

  // ----- auth -----
  'POST /api/auth/login': { allow: EVERYONE, request: (w) => ({ path: '/api/auth/login', body: { email: w.actor('teacherOwner').email, password: 'matrix password 123456' } }) },
  'POST /api/auth/logout': { allow: EVERYONE },
  'GET /api/me': { allow: STAFF },
  'POST /api/auth/tokens': { allow: STAFF, request: () => ({ path: '/api/auth/tokens', body: { name: uniq('matrix') } }) },
  'GET /api/auth/tokens': { allow: STAFF },
  'DELETE /api/auth/tokens/:id': { allow: OWNER_AND_ADMIN, request: async (w) => ({ path: `/api/auth/tokens/${await w.newTokenId()}` }) },
  'POST /api/users': { allow: ADMIN_ONLY, request: () => ({ path: '/api/users', body: { email: `${uniq('u')}@matrix.vn`, password: 'matrix password 123456', role: 'teacher' } }) },
  'PATCH /api/users/:id': { allow: ADMIN_ONLY, request: async (w) => ({ path: `/api/users/${await w.newUserId()}`, body: { disabled: true } }) },

  // ----- banks (no cross-unit reads; officials read, never author) -----
  'GET /api/banks': { allow: STAFF },
  'POST /api/banks': { allow: TEACHERS_AND_ADMIN, request: () => ({ path: '/api/banks', body: { slug: uniq('b'), title: { vi: 'Ngân hàng', en: 'Bank' } } }) },
  'GET /api/banks/:slug': { allow: BANK_READERS, request: (w) => ({ path: `/api/banks/${w.bank.slug}` }) },
  'PATCH /api/banks/:slug': { allow: BANK_EDITORS, request: async (w) => ({ path: `/api/banks/${await w.newBank()}`, body: { title: { vi: 'Đổi tên', en: 'Renamed' } } }) },
  'DELETE /api/banks/:slug': { allow: BANK_EDITORS, request: async (w) => ({ path: `/api/banks/${await w.newBank()}` }) },
  'PUT /api/banks/:slug/members': { allow: BANK_EDITORS, request: async (w) => ({ path: `/api/banks/${await w.newBank()}/members`, body: { email: `${uniq('m')}@matrix.vn`, role: 'viewer' } }) },
  'GET /api/banks/:slug/questions': { allow: BANK_READERS, request: (w) => ({ path: `/api/banks/${w.bank.slug}/questions` }) },
  'POST /api/banks/:slug/questions': { allow: BANK_EDITORS, request: (w) => ({ path: `/api/banks/${w.bank.slug}/questions`, body: tf(w, uniq('q')) }) },
  'PUT /api/banks/:slug/questions/order': {
    allow: BANK_EDITORS,
    request: async (w) => {
      const slug = await w.newBank();
      const a = await w.newQuestion(slug);
      const b = await w.newQuestion(slug);
      return { path: `/api/banks/${slug}/questions/order`, body: { ids: [b, a] } };
    },
  },
  'GET /api/banks/:slug/questions/:id': { allow: BANK_READERS, request: (w) => ({ path: `/api/banks/${w.bank.slug}/questions/${w.bank.questionId}` }) },
  'PATCH /api/banks/:slug/questions/:id': { allow: BANK_EDITORS, request: async (w) => ({ path: `/api/banks/${w.bank.slug}/questions/${await w.newQuestion(w.bank.slug)}`, body: { difficulty: 2 } }) },
  'DELETE /api/banks/:slug/questions/:id': { allow: BANK_EDITORS, request: async (w) => ({ path: `/api/banks/${w.bank.slug}/questions/${await w.newQuestion(w.bank.slug)}` }) },
  'POST /api/banks/:slug/publish': {
    allow: BANK_EDITORS,
    request: async (w) => {
      const slug = await w.newBank();
      await w.newQuestion(slug);
      return { path: `/api/banks/${slug}/publish` };
    },
  },
  'GET /api/banks/:slug/versions': { allow: BANK_READERS, request: (w) => ({ path: `/api/banks/${w.bank.slug}/versions` }) },
  // Published versions carry answer keys: staff who may read the bank only, never players.
  'GET /api/banks/:slug/versions/:n': { allow: BANK_READERS, request: (w) => ({ path: `/api/banks/${w.bank.slug}/versions/${w.bank.version}` }) },
  'GET /api/banks/:slug/versions/:a/diff/:b': { allow: BANK_READERS, request: (w) => ({ path: `/api/banks/${w.bank.slug}/versions/${w.bank.version}/diff/${w.bank.version}` }) },
  'POST /api/banks/:slug/import': {
    allow: BANK_EDITORS,
    request: async (w) => ({ path: `/api/banks/${await w.newBank()}/import?format=gift`, raw: { type: 'text/plain', data: `::${uniq('g')}:: Mật khẩu mạnh có dài không? {T}\n` } }),
  },
  'GET /api/banks/:slug/export': { allow: BANK_READERS, request: (w) => ({ path: `/api/banks/${w.bank.slug}/export?format=json` }) },
  'GET /api/questions': { allow: STAFF, why: 'search: results limited to readable banks' },
  'GET /api/banks/:slug/review': { allow: BANK_READERS, request: (w) => ({ path: `/api/banks/${w.bank.slug}/review` }) },
  'POST /api/banks/:slug/review/submit': { allow: BANK_EDITORS, request: async (w) => ({ path: `/api/banks/${await w.newBank()}/review/submit`, body: {} }) },
  'POST /api/banks/:slug/review/decision': { allow: BANK_EDITORS, request: async (w) => ({ path: `/api/banks/${await w.newBank()}/review/decision`, body: { decision: 'approve' } }) },
  'POST /api/banks/:slug/review/comments': { allow: BANK_EDITORS, request: (w) => ({ path: `/api/banks/${w.bank.slug}/review/comments`, body: { body: 'Nhận xét' } }) },
  'POST /api/banks/:slug/images': { allow: BANK_EDITORS, request: (w) => ({ path: `/api/banks/${w.bank.slug}/images`, raw: { type: 'image/png', data: PNG } }) },
  // Question images are shown to players, who have no accounts.
  'GET /uploads/:id': { allow: EVERYONE, request: (w) => ({ path: w.uploadPath }) },

  // ----- regions -----
  'GET /api/region-sets': { allow: EVERYONE },
  'GET /api/region-sets/:code': { allow: EVERYONE, request: (w) => ({ path: `/api/region-sets/${w.regionSet}` }) },
  // District officials may not replace a province's enrolment; province officials and admins may.
  'POST /api/region-sets/:code/enrolment': {
    allow: ADMIN_ONLY,
    request: (w) => ({ path: `/api/region-sets/${w.regionSet}/enrolment?mode=lenient`, raw: { type: 'text/csv', data: `region_code,school_name,grade_band,enrolment\n${w.districts[0]},Trường Ma Trận,TC1,120\n` } }),
  },
  'GET /api/region-sets/:code/enrolment': { allow: STAFF, request: (w) => ({ path: `/api/region-sets/${w.regionSet}/enrolment` }) },

  // ----- live contests (only their host and admins) -----
  'POST /api/live-contests': {
    allow: TEACHERS_AND_ADMIN,
    request: (w) => ({ path: '/api/live-contests', body: { title: 'Ma trận', bank: 'passwords-accounts', version: 1, questionCount: 1 } }),
    why: 'from a public shipped bank, so every teacher may',
  },
  'GET /api/live-contests': { allow: TEACHERS_AND_ADMIN },
  'GET /api/live-contests/:id/results': { allow: OWNER_AND_ADMIN, request: (w) => ({ path: `/api/live-contests/${w.contest.id}/results` }) },
  'GET /api/live-contests/:id/qr.svg': { allow: OWNER_AND_ADMIN, request: (w) => ({ path: `/api/live-contests/${w.contest.id}/qr.svg` }) },
  'POST /api/live-contests/:id/screen-token': { allow: OWNER_AND_ADMIN, request: async (w) => ({ path: `/api/live-contests/${(await w.newContest()).id}/screen-token` }) },
  'POST /api/live-contests/:id/roster': { allow: OWNER_AND_ADMIN, request: (w) => ({ path: `/api/live-contests/${w.contest.id}/roster`, body: { students: [{ label: 'Học sinh' }] } }) },

  // ----- scheduled contests (src/scheduled, docs/scheduled.md) -----
  'GET /api/organiser-grants': { allow: ADMIN_ONLY },
  'PUT /api/organiser-grants': { allow: ADMIN_ONLY, request: (w) => ({ path: '/api/organiser-grants', body: { email: w.actor('teacherOtherUnit').email, regionSet: w.regionSet, grant: false } }) },
  'POST /api/scheduled-contests': { allow: ORGANISER, request: (w) => ({ path: '/api/scheduled-contests', body: scheduledBody(w, uniq('sc')) }) },
  'GET /api/scheduled-contests': { allow: EVERYONE },
  'GET /api/scheduled-contests/:slug': { allow: EVERYONE, request: (w) => ({ path: `/api/scheduled-contests/${w.scheduled.slug}` }) },
  'PATCH /api/scheduled-contests/:slug': { allow: ORGANISER, request: (w) => ({ path: `/api/scheduled-contests/${w.scheduled.slug}`, body: { title: { vi: 'Cuộc thi ma trận', en: 'Matrix contest' } } }) },
  'POST /api/scheduled-contests/:slug/close': { allow: ORGANISER, request: async (w) => ({ path: `/api/scheduled-contests/${await w.newScheduled()}/close` }) },
  'POST /api/scheduled-contests/:slug/publish': { allow: ORGANISER, request: async (w) => ({ path: `/api/scheduled-contests/${await w.newScheduled()}/publish` }) },
  'GET /api/scheduled-contests/:slug/progress': { allow: ORGANISER, request: (w) => ({ path: `/api/scheduled-contests/${w.scheduled.slug}/progress` }) },
  'GET /api/scheduled-contests/:slug/duplicates': { allow: ORGANISER, request: (w) => ({ path: `/api/scheduled-contests/${w.scheduled.slug}/duplicates` }) },
  'POST /api/scheduled-contests/:slug/duplicates/:id/merge': { allow: ORGANISER, request: async (w) => ({ path: `/api/scheduled-contests/${w.scheduled.slug}/duplicates/${await w.newDuplicateId()}/merge` }) },
  'POST /api/scheduled-contests/:slug/duplicates/:id/dismiss': { allow: ORGANISER, request: async (w) => ({ path: `/api/scheduled-contests/${w.scheduled.slug}/duplicates/${await w.newDuplicateId()}/dismiss` }) },
  'GET /api/scheduled-contests/:slug/audit.csv': { allow: ORGANISER, request: (w) => ({ path: `/api/scheduled-contests/${w.scheduled.slug}/audit.csv` }) },
  // Before publication only organisers see rankings (others: 403 RANKINGS_NOT_PUBLISHED); public once published.
  'GET /api/scheduled-contests/:slug/rankings': { allow: ORGANISER, request: (w) => ({ path: `/api/scheduled-contests/${w.scheduled.slug}/rankings` }) },
  'GET /api/scheduled-contests/:slug/schools': { allow: EVERYONE, request: (w) => ({ path: `/api/scheduled-contests/${w.scheduled.slug}/schools` }) },
  'POST /api/scheduled-contests/:slug/register': { allow: EVERYONE, request: (w) => ({ path: `/api/scheduled-contests/${w.scheduled.slug}/register`, body: w.registration() }) },
  'POST /api/scheduled-contests/:slug/resume': { allow: NOBODY, request: (w) => ({ path: `/api/scheduled-contests/${w.scheduled.slug}/resume`, body: { resumeCode: 'ABCD2345', dateOfBirth: '2012-01-01' } }), why: 'only with a valid resume code' },
  'GET /api/scheduled-contests/:slug/me': { allow: PARTICIPANT, request: (w) => ({ path: `/api/scheduled-contests/${w.scheduled.slug}/me` }) },
  'POST /api/scheduled-contests/:slug/attempts': { allow: PARTICIPANT, request: (w) => ({ path: `/api/scheduled-contests/${w.scheduled.slug}/attempts` }) },
  'GET /api/attempts/:id': { allow: PARTICIPANT, request: (w) => ({ path: `/api/attempts/${w.scheduled.attemptId}` }) },
  'PUT /api/attempts/:id/answers/:questionId': { allow: PARTICIPANT, request: (w) => ({ path: `/api/attempts/${w.scheduled.attemptId}/answers/${w.scheduled.questionId}`, body: { response: { type: 'true_false', value: true } } }) },
  'POST /api/attempts/:id/submit': { allow: PARTICIPANT, request: (w) => ({ path: `/api/attempts/${w.scheduled.attemptId}/submit`, body: { prediction: 10 } }) },
  // Practice needs no account: the attempt id is the capability.
  'POST /api/practice/:bank/attempts': { allow: EVERYONE, request: () => ({ path: '/api/practice/passwords-accounts/attempts', body: { questionCount: 2 } }) },
  'GET /api/practice-attempts/:id': { allow: EVERYONE, request: (w) => ({ path: `/api/practice-attempts/${w.scheduled.practiceId}` }) },
  'PUT /api/practice-attempts/:id/answers/:questionId': { allow: EVERYONE, request: (w) => ({ path: `/api/practice-attempts/${w.scheduled.practiceId}/answers/${w.scheduled.practiceQuestionId}`, body: { response: { type: 'true_false', value: true } } }) },
  'POST /api/practice-attempts/:id/finish': { allow: EVERYONE, request: (w) => ({ path: `/api/practice-attempts/${w.scheduled.practiceId}/finish` }) },

  // ----- accounts and region sets (admins) -----
  'GET /api/users': { allow: ADMIN_ONLY },
  'POST /api/users/:id/password': { allow: ADMIN_ONLY, request: async (w) => ({ path: `/api/users/${await w.newUserId()}/password`, body: {} }) },
  // The fixture's own region set file again: the upsert is idempotent, so the world does not change.
  'POST /api/region-sets': {
    allow: ADMIN_ONLY,
    request: async (w) => ({ path: '/api/region-sets', body: JSON.parse(await readFile(path.resolve(import.meta.dirname, `../../data/regions/${w.regionSet}.json`), 'utf8')) as unknown }),
  },

  // ----- bank file formats, bulk edits -----
  'GET /api/bank-formats': { allow: EVERYONE, why: 'the list of file formats: no data' },
  'GET /api/bank-formats/csv/template': { allow: EVERYONE, why: 'an empty template with example rows' },
  'GET /api/formats': { allow: STAFF },
  'GET /api/formats/xlsx/template': { allow: STAFF },
  'GET /api/banks/:slug/export/report': { allow: BANK_READERS, request: (w) => ({ path: `/api/banks/${w.bank.slug}/export/report?format=csv` }) },
  'PUT /api/banks/:slug/questions/:id': { allow: BANK_EDITORS, request: async (w) => { const id = await w.newQuestion(w.bank.slug); return { path: `/api/banks/${w.bank.slug}/questions/${id}`, body: tf(w, id) }; } },
  'POST /api/banks/:slug/questions/bulk': { allow: BANK_EDITORS, request: async (w) => ({ path: `/api/banks/${w.bank.slug}/questions/bulk`, body: { ids: [await w.newQuestion(w.bank.slug)], action: 'addTag', tag: 'ma-tran' } }) },

  // ----- join addresses (hosts) -----
  'GET /api/join-addresses': { allow: HOSTS },
  'PUT /api/join-addresses/current': {
    allow: HOSTS,
    request: async (w) => {
      const r = await fetch(`${w.url}/api/join-addresses`, { headers: { Authorization: `Bearer ${w.actor('admin').token}` } });
      const list = ((await r.json()) as { addresses?: Array<{ url: string }> }).addresses ?? [];
      if (!list[0]) throw new Error('no join address in the fixture');
      return { path: '/api/join-addresses/current', body: { url: list[0].url } };
    },
    why: 'a server-wide choice among the addresses this server listed (JOIN_ADDRESS_UNKNOWN otherwise)',
  },

  // ----- reports (src/reports: scopes in report-access.ts; outside the scope answers 404) -----
  'GET /api/reports': { allow: STAFF, why: 'lists only the reports in the caller\'s scope' },
  // Series: organisers of their own contests, province officials, admins. A contest outside the caller's full scope
  // is refused with 422 REPORT_CONTESTS_UNKNOWN before anything is written (report-service createSeries; per-role
  // statuses in test/reports/report-routes.security.test.ts), so a refusal tells nothing about the contest.
  'POST /api/report-series': { allow: STAFF, request: (w) => ({ path: '/api/report-series', body: { title: 'Ma trận', contests: [{ kind: 'live', id: w.report.contestId }] } }), why: 'others answer 422 REPORT_CONTESTS_UNKNOWN' },
  'GET /api/reports/contests/:kind/:id/districts': { allow: REPORT_READERS_OF_CONTEST, request: (w) => ({ path: `${reportContest(w)}/districts` }) },
  'GET /api/reports/contests/:kind/:id/competences': { allow: REPORT_READERS_OF_CONTEST, request: (w) => ({ path: `${reportContest(w)}/competences` }) },
  'GET /api/reports/contests/:kind/:id/questions': { allow: REPORT_READERS_OF_CONTEST, request: (w) => ({ path: `${reportContest(w)}/questions` }) },
  'GET /api/reports/contests/:kind/:id/schools': { allow: SCHOOL_READERS_OWN_DISTRICT, request: (w) => ({ path: `${reportContest(w)}/schools?district=${w.districts[0]}` }) },
  'GET /api/reports/contests/:kind/:id/charts/:file{[a-z-]+\\.svg}': { allow: REPORT_READERS_OF_CONTEST, request: (w) => ({ path: `${reportContest(w)}/charts/participation.svg` }) },
  'GET /api/reports/series/:id/districts': { allow: REPORT_READERS_OF_CONTEST, request: (w) => ({ path: `${reportSeries(w)}/districts` }) },
  'GET /api/reports/series/:id/competences': { allow: REPORT_READERS_OF_CONTEST, request: (w) => ({ path: `${reportSeries(w)}/competences` }) },
  'GET /api/reports/series/:id/questions': { allow: REPORT_READERS_OF_CONTEST, request: (w) => ({ path: `${reportSeries(w)}/questions` }) },
  'GET /api/reports/series/:id/schools': { allow: SCHOOL_READERS_OWN_DISTRICT, request: (w) => ({ path: `${reportSeries(w)}/schools?district=${w.districts[0]}` }) },
  'GET /api/reports/series/:id/trend': { allow: REPORT_READERS_OF_CONTEST, request: (w) => ({ path: `${reportSeries(w)}/trend` }) },
  'GET /api/reports/series/:id/charts/:file{[a-z-]+\\.svg}': { allow: REPORT_READERS_OF_CONTEST, request: (w) => ({ path: `${reportSeries(w)}/charts/trend.svg` }) },

  // ----- pages (shells; data arrives over authorised APIs and sockets) -----
  'GET /static/*': { allow: EVERYONE, request: () => ({ path: '/static/app.css' }) },
  'GET /': { allow: EVERYONE },
  'GET /login': { allow: EVERYONE },
  'GET /play': { allow: EVERYONE },
  'GET /host': { allow: EVERYONE },
  'GET /screen/:pin': { allow: EVERYONE, request: (w) => ({ path: `/screen/${w.contest.pin}` }) },

  // Public pages of scheduled contests and practice: data over the public or participant APIs.
  'GET /contests': { allow: EVERYONE },
  'GET /contests/:slug': { allow: EVERYONE, request: (w) => ({ path: `/contests/${w.scheduled.slug}` }) },
  'GET /contests/:slug/attempt': { allow: EVERYONE, request: (w) => ({ path: `/contests/${w.scheduled.slug}/attempt` }), why: 'a shell; the attempt API needs the participant token' },
  'GET /contests/:slug/rankings': { allow: EVERYONE, request: (w) => ({ path: `/contests/${w.scheduled.slug}/rankings` }), why: 'shows rankings only once the API publishes them' },
  'GET /practice': { allow: EVERYONE },
  'GET /practice/:bank': { allow: EVERYONE, request: () => ({ path: '/practice/passwords-accounts' }) },
  'GET /privacy': { allow: EVERYONE },
  'GET /play-sw.js': { allow: EVERYONE },
  // Organiser pages are shells (organise.page.ts signs in); every action is an organiser API call.
  'GET /organise': { allow: EVERYONE, why: 'a shell; data over the organiser API' },
  'GET /organise/:slug': { allow: EVERYONE, request: (w) => ({ path: `/organise/${w.scheduled.slug}` }), why: 'a shell; data over the organiser API' },
  // The join QR encodes <join address>/play?pin= for any well-formed PIN and looks nothing up.
  'GET /join-qr/:file': { allow: EVERYONE, request: () => ({ path: '/join-qr/123456.svg' }) },
  // Join sheets and roster slips: the contest's host and admins (contests.owned); others signed out, sent to /host or 404.
  'GET /host/sheets/:id': { allow: OWNER_AND_ADMIN, request: (w) => ({ path: `/host/sheets/${w.contest.id}` }) },
  'POST /host/sheets/:id/roster': { allow: OWNER_AND_ADMIN, request: (w) => ({ path: `/host/sheets/${w.contest.id}/roster`, raw: { type: 'application/x-www-form-urlencoded', data: 'students=H%E1%BB%8Dc+sinh' } }), why: 'the fixture contest is not in roster mode: its host gets 409' },
  // Authoring pages (src/web/authoring-pages.ts gate()): any author role gets the shell; the bank's data
  // arrives over the bank API, which checks the bank's access. Signed out: redirect to /login.
  'GET /banks': { allow: STAFF },
  'GET /banks/:slug': { allow: STAFF, request: (w) => ({ path: `/banks/${w.bank.slug}` }) },
  'GET /banks/:slug/history': { allow: STAFF, request: (w) => ({ path: `/banks/${w.bank.slug}/history` }) },
  'GET /banks/:slug/import': { allow: STAFF, request: (w) => ({ path: `/banks/${w.bank.slug}/import` }) },
  'GET /banks/:slug/review': { allow: STAFF, request: (w) => ({ path: `/banks/${w.bank.slug}/review` }) },
  'GET /banks/:slug/questions/:id': { allow: STAFF, request: (w) => ({ path: `/banks/${w.bank.slug}/questions/${w.bank.questionId}` }) },
  'GET /admin/users': { allow: ADMIN_ONLY },
  'GET /admin/regions': { allow: ['officialOwn', 'officialOther', 'admin'] },
  // Reports pages (src/reports/report-pages.ts): staff sessions; a report outside the caller's scope is a 404 page.
  'GET /reports': { allow: STAFF, why: 'the dashboard lists only reports in the caller\'s scope' },
  'GET /reports/print/contests/:kind/:id': { allow: REPORT_READERS_OF_CONTEST, request: (w) => ({ path: `/reports/print/contests/live/${encodeURIComponent(w.report.contestId)}` }) },
  'GET /reports/print/series/:id': { allow: REPORT_READERS_OF_CONTEST, request: (w) => ({ path: `/reports/print/series/${w.report.seriesId}` }) },
};

/**
 * Socket events of the `/live` namespace. Each actor opens a fresh socket:
 * `player` has joined the fixture contest, `screen` has attached to it as a
 * projector, staff actors have tried `host:attach` on it (only its owner and
 * admins succeed). Denied means the ack is UNAUTHENTICATED, FORBIDDEN or
 * NOT_IN_CONTEST; anything else (OK, WRONG_PHASE, …) got past authorization.
 */
export interface EventRule {
  allow: readonly Actor[];
  payload: (w: World, c: Contest) => unknown;
  why?: string;
  /** Run against a fresh contest (host commands change its state). */
  fresh?: boolean;
}

const HOSTS_OF_CONTEST = OWNER_AND_ADMIN;
export const EVENTS: Record<string, EventRule> = {
  'player:join': { allow: EVERYONE, payload: (w, c) => ({ pin: c.pin, district: w.districts[0], nickname: uniq('Hs').slice(0, 16) }), fresh: true },
  'player:resume': { allow: NOBODY, payload: () => ({ reconnectToken: 'x'.repeat(43) }), why: 'only with a valid reconnect token (live-socket tests)' },
  'player:leave': { allow: ['player'], payload: () => ({}) },
  'nickname:suggest': { allow: EVERYONE, payload: (_w, c) => ({ pin: c.pin }) },
  'answer:submit': { allow: ['player'], payload: () => ({ questionIndex: 0, answerId: uniq('a').replace(/[^A-Za-z0-9_-]/g, ''), response: { type: 'true_false', value: true } }) },
  'time:sync': { allow: EVERYONE, payload: () => ({ clientSentAt: 1 }) },
  'host:attach': { allow: HOSTS_OF_CONTEST, payload: (_w, c) => ({ contestId: c.id }) },
  'lobby:lock': { allow: HOSTS_OF_CONTEST, payload: () => ({ locked: true }), fresh: true },
  'player:kick': { allow: HOSTS_OF_CONTEST, payload: async (w, c) => ({ playerId: await w.joinPlayer(c), ban: false }), fresh: true },
  'contest:start': { allow: HOSTS_OF_CONTEST, payload: () => ({}), fresh: true },
  'contest:next': { allow: HOSTS_OF_CONTEST, payload: () => ({}), fresh: true },
  'contest:skip': { allow: HOSTS_OF_CONTEST, payload: () => ({}), fresh: true },
  'contest:pause': { allow: HOSTS_OF_CONTEST, payload: () => ({}), fresh: true },
  'contest:resume': { allow: HOSTS_OF_CONTEST, payload: () => ({}), fresh: true },
  'contest:extend': { allow: HOSTS_OF_CONTEST, payload: () => ({ seconds: 5 }), fresh: true },
  'contest:end': { allow: HOSTS_OF_CONTEST, payload: () => ({}), fresh: true },
  'players:revive': { allow: HOSTS_OF_CONTEST, payload: () => ({}), fresh: true },
  // A projector needs the contest's screen token, which only its host can show: without it nobody attaches
  // (the `screen` actor itself was made with the real token).
  'screen:attach': { allow: NOBODY, payload: (_w, c) => ({ pin: c.pin, screenToken: 'not-the-token-'.repeat(2) }) },
};
