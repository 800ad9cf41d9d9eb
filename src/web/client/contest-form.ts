import { isoToVietnamLocal, vietnamLocalToIso } from '../vietnam-time.ts';

/**
 * The organiser's create/edit form, as plain strings (what the inputs hold), and
 * its translation to the API bodies: `POST /api/scheduled-contests` and the
 * `PATCH` of only the fields that changed. Times are typed in Vietnam time and
 * sent as ISO 8601 UTC. Pure; the server validates again.
 */

export interface ContestFormFields {
  slug: string;
  titleVi: string;
  titleEn: string;
  rulesVi: string;
  rulesEn: string;
  bank: string;
  version: string;
  questionsPerAttempt: string;
  attemptMinutes: string;
  maxAttempts: string;
  opensAt: string;
  closesAt: string;
  regionSet: string;
  gradeBands: string;
  predictionVi: string;
  predictionEn: string;
  scoredAgainst: 'participants' | 'perfectScores';
  keysVisible: 'afterSubmit' | 'afterClose';
  prizeFirst: string;
  prizeSecond: string;
  prizeThird: string;
  prizeConsolation: string;
  participationWeight: string;
  pointsFirst: string;
  pointsSecond: string;
  pointsThird: string;
  pointsConsolation: string;
  /** Announced (visible to participants) rather than a draft. */
  announced: boolean;
}

/** The fields of a contest as the organiser API returns it (`GET /api/scheduled-contests/{slug}`). */
export interface OrganiserContest {
  slug: string;
  title: { vi: string; en: string };
  rules: { vi: string; en: string };
  bank?: string;
  version?: number;
  questionsPerAttempt?: number | null;
  attemptMinutes: number;
  maxAttempts: number;
  opensAt: string;
  closesAt: string;
  regionSet: string;
  gradeBands?: string[];
  prediction?: { prompt: { vi: string; en: string }; scoredAgainst: 'participants' | 'perfectScores' } | null;
  keysVisible?: 'afterSubmit' | 'afterClose';
  prizes?: { first?: number; second?: number; third?: number; consolation?: number };
  unitFormula?: { participationWeight?: number; prizePoints?: { first?: number; second?: number; third?: number; consolation?: number } };
  draft?: boolean;
}

export type FormProblem = { field: keyof ContestFormFields; problem: 'required' | 'number' | 'time' | 'order' | 'slug' | 'gradeBands' };

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const GRADE_BAND = /^[A-Z]{2}\d$/;

/** A new contest's form: one week from the next full hour, 20 questions, 30 minutes, one attempt, the default unit formula. */
export function emptyForm(now: number, regionSet = ''): ContestFormFields {
  const start = Math.ceil(now / 3_600_000) * 3_600_000;
  return {
    slug: '',
    titleVi: '',
    titleEn: '',
    rulesVi: '',
    rulesEn: '',
    bank: '',
    version: '',
    questionsPerAttempt: '20',
    attemptMinutes: '30',
    maxAttempts: '1',
    opensAt: isoToVietnamLocal(start),
    closesAt: isoToVietnamLocal(start + 7 * 86_400_000),
    regionSet,
    gradeBands: '',
    predictionVi: 'Có bao nhiêu người tham gia cuộc thi?',
    predictionEn: 'How many people will take part?',
    scoredAgainst: 'participants',
    keysVisible: 'afterClose',
    prizeFirst: '1',
    prizeSecond: '2',
    prizeThird: '3',
    prizeConsolation: '5',
    participationWeight: '1',
    pointsFirst: '10',
    pointsSecond: '8',
    pointsThird: '6',
    pointsConsolation: '2',
    announced: true,
  };
}

const str = (n: number | null | undefined, fallback = '') => (typeof n === 'number' ? String(n) : fallback);

export function formFromContest(c: OrganiserContest): ContestFormFields {
  const p = c.prizes ?? {};
  const f = c.unitFormula ?? {};
  const pts = f.prizePoints ?? {};
  return {
    slug: c.slug,
    titleVi: c.title.vi,
    titleEn: c.title.en,
    rulesVi: c.rules.vi,
    rulesEn: c.rules.en,
    bank: c.bank ?? '',
    version: str(c.version),
    questionsPerAttempt: str(c.questionsPerAttempt),
    attemptMinutes: str(c.attemptMinutes),
    maxAttempts: str(c.maxAttempts),
    opensAt: isoToVietnamLocal(c.opensAt),
    closesAt: isoToVietnamLocal(c.closesAt),
    regionSet: c.regionSet,
    gradeBands: (c.gradeBands ?? []).join(', '),
    predictionVi: c.prediction?.prompt.vi ?? '',
    predictionEn: c.prediction?.prompt.en ?? '',
    scoredAgainst: c.prediction?.scoredAgainst ?? 'participants',
    keysVisible: c.keysVisible ?? 'afterClose',
    prizeFirst: str(p.first, '0'),
    prizeSecond: str(p.second, '0'),
    prizeThird: str(p.third, '0'),
    prizeConsolation: str(p.consolation, '0'),
    participationWeight: str(f.participationWeight, '1'),
    pointsFirst: str(pts.first, '10'),
    pointsSecond: str(pts.second, '8'),
    pointsThird: str(pts.third, '6'),
    pointsConsolation: str(pts.consolation, '2'),
    announced: c.draft !== true,
  };
}

/** The create body, or every problem found (to mark the fields). */
export function createBody(f: ContestFormFields): { ok: true; body: Record<string, unknown> } | { ok: false; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const text = (field: keyof ContestFormFields) => {
    const v = String(f[field]).normalize('NFC').trim();
    if (!v) problems.push({ field, problem: 'required' });
    return v;
  };
  const int = (field: keyof ContestFormFields, min: number) => {
    const raw = String(f[field]).trim();
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min) problems.push({ field, problem: 'number' });
    return n;
  };
  const decimal = (field: keyof ContestFormFields) => {
    const raw = String(f[field]).trim().replace(',', '.');
    const n = Number(raw);
    if (raw === '' || !Number.isFinite(n) || n < 0) problems.push({ field, problem: 'number' });
    return n;
  };
  const time = (field: 'opensAt' | 'closesAt') => {
    const iso = vietnamLocalToIso(f[field]);
    if (!iso) problems.push({ field, problem: 'time' });
    return iso ?? '';
  };
  if (!SLUG.test(f.slug)) problems.push({ field: 'slug', problem: 'slug' });
  const bands = f.gradeBands
    .split(/[\s,;]+/)
    .map((b) => b.trim().toUpperCase())
    .filter(Boolean);
  if (bands.some((b) => !GRADE_BAND.test(b))) problems.push({ field: 'gradeBands', problem: 'gradeBands' });
  const body = {
    slug: f.slug,
    title: { vi: text('titleVi'), en: text('titleEn') },
    rules: { vi: text('rulesVi'), en: text('rulesEn') },
    bank: text('bank'),
    version: int('version', 1),
    questionsPerAttempt: int('questionsPerAttempt', 1),
    attemptMinutes: int('attemptMinutes', 1),
    maxAttempts: int('maxAttempts', 1),
    opensAt: time('opensAt'),
    closesAt: time('closesAt'),
    regionSet: text('regionSet'),
    gradeBands: [...new Set(bands)],
    prediction: { prompt: { vi: text('predictionVi'), en: text('predictionEn') }, scoredAgainst: f.scoredAgainst },
    keysVisible: f.keysVisible,
    prizes: { first: int('prizeFirst', 0), second: int('prizeSecond', 0), third: int('prizeThird', 0), consolation: int('prizeConsolation', 0) },
    unitFormula: {
      participationWeight: decimal('participationWeight'),
      prizePoints: { first: decimal('pointsFirst'), second: decimal('pointsSecond'), third: decimal('pointsThird'), consolation: decimal('pointsConsolation') },
    },
    draft: !f.announced,
  };
  if (body.opensAt && body.closesAt && Date.parse(body.closesAt) <= Date.parse(body.opensAt)) problems.push({ field: 'closesAt', problem: 'order' });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, body };
}

/**
 * The PATCH body: the top-level fields whose value differs from the contest as
 * loaded (so an open contest is sent only what the organiser changed, and the
 * server's "safe once open" rule sees exactly that). `slug` never changes.
 */
export function patchBody(f: ContestFormFields, original: ContestFormFields): { ok: true; body: Record<string, unknown> } | { ok: false; problems: FormProblem[] } {
  const now = createBody({ ...f, slug: original.slug });
  if (!now.ok) return now;
  const before = createBody({ ...original, slug: original.slug });
  const out: Record<string, unknown> = {};
  const was = before.ok ? before.body : {};
  for (const [k, v] of Object.entries(now.body)) {
    if (k === 'slug') continue;
    if (JSON.stringify(v) !== JSON.stringify(was[k])) out[k] = v;
  }
  return { ok: true, body: out };
}
