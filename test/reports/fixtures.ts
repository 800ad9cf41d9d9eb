import { loadRegionSetFile } from '../../src/regions/region-files.ts';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import type { TestApp } from '../support/app.ts';
import { writeContestFacts } from '../../src/reports/fact-writer.ts';
import type { ContestRecord, FactRow } from '../../src/reports/facts.ts';
import { seededRandom } from '../../src/shared/random.ts';

export const SET = 'daklak-2021';
export const PROVINCE = 'dak-lak';
/** Four districts with participants: two big, one tiny (primary suppression), one small enough to be the complementary cell. */
export const BIG_A = 'buon-ma-thuot';
export const BIG_B = 'buon-ho';
export const TINY = 'cu-kuin';
export const SMALL = 'ea-kar';

export const QUESTIONS = [
  { key: 'q-a', competences: ['1.1'] },
  { key: 'q-b', competences: ['4.2'] },
  { key: 'q-c', competences: ['4.2', '2.5'] },
  { key: 'q-d', competences: ['6.1'] },
] as const;

/** Schools and enrolment (CSV import, the way the region module takes them). */
export const ENROLMENT_CSV = [
  'region_code,school_name,grade_band,enrolment',
  `${BIG_A},THCS Nguyễn Du,,40`,
  `${BIG_A},"=HYPERLINK(""http://x"")",,10`,
  `${BIG_B},THCS Lê Lợi,,20`,
  `${TINY},THCS Cư Kuin,,30`,
  `${SMALL},THCS Ea Kar,,25`,
].join('\n');

export async function loadRegions(t: TestApp): Promise<void> {
  await loadRegionSetFile(t.runtime.services.regions, path.resolve(import.meta.dirname, '../../data/regions/daklak-2021.json'));
  const r = await t.runtime.services.regions.importEnrolment(SET, ENROLMENT_CSV, { strict: true });
  if (r.errors.length) throw new Error(JSON.stringify(r.errors));
}

export interface Participant {
  id: string;
  district: string;
  school: string | null;
  /** Correct (true), wrong (false) or unanswered (null) per question. */
  answers: Array<boolean | null>;
}

/**
 * Participants by district: counts per district; schools cycle through the list given
 * (null = no school); answers from a seeded coin with a per-district bias.
 */
export function makeParticipants(seed: string, plan: Array<{ district: string; n: number; schools: Array<string | null>; bias: number }>): Participant[] {
  const rnd = seededRandom(seed);
  const out: Participant[] = [];
  for (const d of plan) {
    for (let i = 0; i < d.n; i++) {
      out.push({
        id: `${seed}-${d.district}-${i}`,
        district: d.district,
        school: d.schools[i % d.schools.length] ?? null,
        answers: QUESTIONS.map((_, q) => (i === 0 && q === 3 ? null : rnd() < d.bias - q * 0.1)),
      });
    }
  }
  return out;
}

export function factsOf(participants: readonly Participant[], day = '2026-12-01'): FactRow[] {
  return participants.flatMap((p) =>
    p.answers.map((a, q) => ({
      participantId: p.id,
      questionIndex: q,
      questionKey: QUESTIONS[q]!.key,
      answered: a !== null,
      correct: a === true,
      points: a ? 800 : 0,
      timeMs: a === null ? null : 3000 + q * 1000,
      choice: a === null ? null : a ? 'right' : q === 1 ? 'popular-wrong' : 'wrong',
      competences: [...QUESTIONS[q]!.competences],
      difficulty: 2,
      district: p.district,
      school: p.school,
      gradeBand: null,
      attempts: 1,
      answeredOn: day,
    })),
  );
}

export async function writeContest(db: Kysely<Database>, contest: Partial<ContestRecord> & { sourceId: string }, participants: readonly Participant[]): Promise<string> {
  return writeContestFacts(db, {
    contest: { kind: 'live', title: `Contest ${contest.sourceId}`, ownerId: null, regionSet: SET, bankSlug: 'demo', bankVersionId: null, questionCount: QUESTIONS.length, unitFormula: 'mean-points', endedAt: new Date('2026-12-01T10:00:00Z'), ...contest },
    facts: factsOf(participants),
  });
}

/** The score of a participant as reports define it: percent of owed questions answered fully correctly. */
export const scoreOf = (p: Participant) => (100 * p.answers.filter((a) => a === true).length) / p.answers.length;
export const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
export const round1 = (v: number) => Math.round(v * 10) / 10;
