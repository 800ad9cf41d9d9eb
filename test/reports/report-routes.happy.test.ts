import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { BIG_A, BIG_B, PROVINCE, SMALL, TINY, loadRegions, makeParticipants, mean, round1, scoreOf, writeContest, type Participant } from './fixtures.ts';

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['user']>>;
let owner: Awaited<ReturnType<TestApp['user']>>;
let first: Participant[];
let second: Participant[];
const firstId = randomUUID();
const secondId = randomUUID();

beforeAll(async () => {
  t = await createTestApp();
  await loadRegions(t);
  admin = await t.user('admin');
  owner = await t.user('teacher');
  first = makeParticipants('one', [
    { district: BIG_A, n: 12, schools: ['THCS Nguyễn Du', '=HYPERLINK("http://x")', null], bias: 0.9 },
    { district: BIG_B, n: 8, schools: ['THCS Lê Lợi'], bias: 0.6 },
    { district: TINY, n: 3, schools: ['THCS Cư Kuin'], bias: 0.5 },
    { district: SMALL, n: 6, schools: ['THCS Ea Kar'], bias: 0.4 },
  ]);
  second = makeParticipants('two', [
    { district: BIG_A, n: 10, schools: ['THCS Nguyễn Du'], bias: 0.7 },
    { district: BIG_B, n: 10, schools: ['THCS Lê Lợi'], bias: 0.8 },
  ]);
  await writeContest(t.runtime.database.db, { sourceId: firstId, ownerId: owner.id, endedAt: new Date('2026-11-01T10:00:00Z') }, first);
  await writeContest(t.runtime.database.db, { sourceId: secondId, ownerId: owner.id, endedAt: new Date('2026-11-20T10:00:00Z') }, second);
}, 60_000);
afterAll(() => t?.close());

const get = async (url: string, headers = admin.headers) => {
  const res = await t.call('GET', url, { headers });
  expect(res.status, `${url}: ${res.status}`).toBe(200);
  return res;
};
const items = async <T = Record<string, unknown>>(url: string, headers = admin.headers) => ((await (await get(url, headers)).json()) as { items: T[] }).items;
const base = `/api/reports/contests/live/${firstId}`;

describe('contest districts', () => {
  it('gives each district its figures against enrolment, ranks, and suppresses small cells with a complementary one', async () => {
    const rows = await items<Record<string, unknown>>(`${base}/districts`);
    // Every district of the region set is listed (15), those without participants with 0.
    expect(rows).toHaveLength(15);
    const by = new Map(rows.map((r) => [r.district, r]));
    const a = first.filter((p) => p.district === BIG_A);
    expect(by.get(BIG_A)).toMatchObject({
      districtName: 'Buôn Ma Thuột',
      participants: 12,
      enrolment: 50,
      participationRate: 24,
      attempts: 12,
      meanScore: round1(mean(a.map(scoreOf))),
      completionRate: round1((100 * 11) / 12),
      suppressed: false,
    });
    const scoresA = a.map(scoreOf).sort((x, y) => x - y);
    expect(by.get(BIG_A)!.medianScore).toBe(round1((scoresA[5]! + scoresA[6]!) / 2));
    // 3 participants: suppressed; the next smallest (6) is suppressed too so totals cannot give it away.
    for (const d of [TINY, SMALL]) {
      expect(by.get(d)).toMatchObject({ suppressed: true, participants: null, meanScore: null, medianScore: null, p90Score: null, participationRate: null, collectiveScore: null, rank: null });
    }
    expect(by.get('lak')).toMatchObject({ participants: 0, suppressed: false });
    // Live unit formula: mean points; ranks among the rows shown.
    const ranked = rows.filter((r) => r.rank !== null).sort((x, y) => (x.rank as number) - (y.rank as number));
    expect(ranked.map((r) => r.district)).toEqual([BIG_A, BIG_B]);
    expect(by.get(BIG_A)!.collectiveScore).toBe(Math.round(mean(a.map((p) => p.answers.filter((x) => x === true).length * 800)) * 100) / 100);
  });

  it('answers CSV as UTF-8 with a BOM, the item fields as columns, suppressed cells empty', async () => {
    const res = await get(`${base}/districts?format=csv`);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('district,districtName,participants,enrolment,participationRate,attempts,meanScore,medianScore,p90Score,meanPoints,completionRate,collectiveScore,rank,previousMeanScore,meanScoreChange,suppressed');
    expect(lines.find((l) => l.startsWith(`${TINY},`))).toBe(`${TINY},Cư Kuin,,30,,,,,,,,,,,,true`);
  });
});

describe('competences, questions, schools', () => {
  it('gives mastery per district × competence against the true province mean, with intervals; domains and components', async () => {
    const rows = await items<Record<string, number | string | boolean | null>>(`${base}/competences`);
    const answersFor = (ps: Participant[], qs: number[]) => ps.flatMap((p) => qs.map((q) => p.answers[q]));
    // Competence 4.2 is on questions 1 and 2; the province figure counts every district, suppressed ones included.
    const all42 = answersFor(first, [1, 2]);
    const province = round1((100 * all42.filter((x) => x === true).length) / all42.length);
    const a42 = answersFor(first.filter((p) => p.district === BIG_A), [1, 2]);
    const mastery = (100 * a42.filter((x) => x === true).length) / a42.length;
    const row = rows.find((r) => r.district === BIG_A && r.competence === '4.2')!;
    expect(row).toMatchObject({ isDomain: false, domain: '4', participants: 12, answers: 24, mastery: round1(mastery), provinceMastery: province, suppressed: false });
    expect(row.name).toBe('Bảo vệ dữ liệu cá nhân và quyền riêng tư');
    expect(row.ciLow as number).toBeLessThan(mastery);
    expect(row.ciHigh as number).toBeGreaterThan(mastery);
    expect(rows.find((r) => r.district === TINY && r.competence === '4.2')).toMatchObject({ suppressed: true, mastery: null, participants: null, provinceMastery: province });
    const domains = await items<{ competence: string; isDomain: boolean }>(`${base}/competences?level=domain&lang=en`);
    expect(new Set(domains.map((d) => d.competence))).toEqual(new Set(['1', '2', '4', '6']));
    expect(domains.every((d) => d.isDomain)).toBe(true);
  });

  it('lists questions hardest first with the most chosen wrong option, overall and per district', async () => {
    const rows = await items<Record<string, unknown>>(`${base}/questions`);
    const rates = rows.map((r) => r.correctRate as number);
    expect([...rates].sort((x, y) => x - y)).toEqual(rates);
    expect(rows[0]!.hardestRank).toBe(1);
    const q1 = rows.find((r) => r.questionKey === 'q-b')!;
    const wrong = first.filter((p) => p.answers[1] === false).length;
    expect(q1).toMatchObject({ prompt: null, participants: first.length, topWrongChoice: 'popular-wrong', topWrongCount: wrong, meanTimeMs: 4000 });
    const tiny = await items<Record<string, unknown>>(`${base}/questions?district=${TINY}`);
    expect(tiny.every((r) => r.suppressed === true && r.correctRate === null)).toBe(true);
    const big = await items<Record<string, unknown>>(`${base}/questions?district=${BIG_A}`);
    expect(big.every((r) => r.suppressed === false && r.district === BIG_A)).toBe(true);
  });

  it('gives a district’s schools with enrolment; a school row under 5 and its complement are suppressed; CSV cells are formula-safe', async () => {
    const rows = await items<Record<string, unknown>>(`${base}/schools?district=${BIG_A}`);
    // 12 participants: 4 at Nguyễn Du, 4 at the formula-named school, 4 with no school: all under 5.
    expect(rows.map((r) => r.school)).toEqual(['=HYPERLINK("http://x")', 'THCS Nguyễn Du', null]);
    expect(rows.every((r) => r.suppressed === true && r.participants === null)).toBe(true);
    const b = await items<Record<string, unknown>>(`${base}/schools?district=${BIG_B}`);
    expect(b).toEqual([expect.objectContaining({ school: 'THCS Lê Lợi', participants: 8, enrolment: 20, participationRate: 40, suppressed: false })]);
    const csv = await (await get(`${base}/schools?district=${BIG_A}&format=csv`)).text();
    expect(csv).toContain(`\r\n${BIG_A},"'=HYPERLINK(""http://x"")",`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
  });
});

describe('series', () => {
  let seriesId: string;
  it('groups contests (by list, or by region set and period) and shows the trend with changes', async () => {
    const res = await t.call('POST', '/api/report-series', { headers: owner.headers, body: { title: 'Vòng loại và chung kết', contests: [{ kind: 'live', id: firstId }, { kind: 'live', id: secondId }] } });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; regionSet: string };
    expect(created.regionSet).toBe('daklak-2021');
    seriesId = created.id;
    const byPeriod = await t.call('POST', '/api/report-series', { headers: admin.headers, body: { title: 'Tháng 11', regionSet: 'daklak-2021', from: '2026-11-01', to: '2026-11-30' } });
    expect(((await byPeriod.json()) as { contests: unknown[] }).contests).toEqual([{ kind: 'live', id: firstId }, { kind: 'live', id: secondId }]);

    const trend = await items<Record<string, unknown>>(`/api/reports/series/${seriesId}/trend`);
    const b1 = mean(first.filter((p) => p.district === BIG_B).map(scoreOf));
    const b2 = mean(second.filter((p) => p.district === BIG_B).map(scoreOf));
    expect(trend.find((r) => r.position === 2 && r.district === BIG_B)).toMatchObject({ contestId: secondId, meanScore: round1(b2), meanScoreChange: round1(b2 - b1), participationRate: 50 });
    expect(trend.find((r) => r.position === 1 && r.district === TINY)).toMatchObject({ suppressed: true, meanScore: null });
    // The contest view shows the change against the previous contest of its series too.
    const d2 = await items<Record<string, unknown>>(`/api/reports/contests/live/${secondId}/districts`);
    expect(d2.find((r) => r.district === BIG_B)).toMatchObject({ previousMeanScore: round1(b1), meanScoreChange: round1(b2 - b1) });
  });

  it('answers the same views across the series', async () => {
    const d = await items<Record<string, unknown>>(`/api/reports/series/${seriesId}/districts`);
    const a = [...first, ...second].filter((p) => p.district === BIG_A);
    expect(d.find((r) => r.district === BIG_A)).toMatchObject({ participants: 22, attempts: 22, meanScore: round1(mean(a.map(scoreOf))) });
    expect(d.find((r) => r.district === TINY)).toMatchObject({ suppressed: true });
    for (const view of ['competences', 'questions', `schools?district=${BIG_B}`]) expect((await items(`/api/reports/series/${seriesId}/${view}`)).length).toBeGreaterThan(0);
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await (await get(`/api/reports/series/${seriesId}/trend?format=csv`)).arrayBuffer());
    expect(csv.startsWith('\uFEFFposition,contestKind,contestId')).toBe(true);
  });

  it('draws SVG charts with title, description, axis labels, Vietnamese by default and English on request', async () => {
    for (const name of ['participation', 'scores', 'competences', 'distribution']) {
      const res = await get(`${base}/charts/${name}.svg`);
      expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
      const svg = await res.text();
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*role="img"/);
      expect(svg).toMatch(/<title id="[^"]+-title">[^<]+<\/title><desc id="[^"]+-desc">[^<]+<\/desc>/);
    }
    expect(await (await get(`${base}/charts/scores.svg`)).text()).toContain('Điểm trung bình theo đơn vị');
    expect(await (await get(`${base}/charts/scores.svg?lang=en`)).text()).toContain('Mean score by district');
    expect(await (await get(`${base}/charts/scores.svg`, { ...admin.headers, 'Accept-Language': 'en' })).text()).toContain('Mean score (0–100 scale)');
    const trend = await (await get(`/api/reports/series/${seriesId}/charts/trend.svg`)).text();
    expect(trend).toContain('<path d="M');
    expect((await t.call('GET', `${base}/charts/trend.svg`, { headers: admin.headers })).status).toBe(404);
    expect((await t.call('GET', `${base}/charts/nope.svg`, { headers: admin.headers })).status).toBe(404);
  });
});

describe('contract surface', () => {
  it('documents every report route in /openapi.json', async () => {
    const doc = (await (await t.call('GET', '/openapi.json')).json()) as { paths: Record<string, unknown> };
    for (const p of [
      '/api/reports/contests/{kind}/{id}/districts',
      '/api/reports/contests/{kind}/{id}/competences',
      '/api/reports/contests/{kind}/{id}/questions',
      '/api/reports/contests/{kind}/{id}/schools',
      '/api/reports/contests/{kind}/{id}/charts/{name}.svg',
      '/api/reports/series/{id}/districts',
      '/api/reports/series/{id}/trend',
      '/api/reports/series/{id}/charts/{name}.svg',
      '/api/report-series',
      '/api/reports',
    ]) expect(doc.paths, p).toHaveProperty([p]);
  });

  it('lists what the caller may open', async () => {
    const res = await get('/api/reports', owner.headers);
    const body = (await res.json()) as { contests: Array<{ id: string }>; series: unknown[] };
    expect(body.contests.map((c) => c.id).sort()).toEqual([firstId, secondId].sort());
    const official = await t.user('official', { regionCode: PROVINCE });
    expect(((await (await get('/api/reports', official.headers)).json()) as { contests: unknown[] }).contests).toHaveLength(2);
  });
});
