import { z } from '@hono/zod-openapi';

/** Response schemas of the report views: the named fields are the contract (issue 11). */
const n = z.number().nullable();

export const DistrictItemSchema = z
  .object({
    district: z.string(),
    districtName: z.string(),
    participants: n,
    enrolment: n,
    participationRate: n.openapi({ description: 'Percent of enrolment' }),
    attempts: n,
    meanScore: n.openapi({ description: 'Score = percent of owed questions answered fully correctly (0–100)' }),
    medianScore: n,
    p90Score: n,
    meanPoints: n,
    completionRate: n.openapi({ description: 'Percent of participants who answered every owed question' }),
    collectiveScore: n.openapi({ description: "By the contest's unit formula (live: mean points; scheduled: participation % + prize points)" }),
    rank: n,
    previousMeanScore: n,
    meanScoreChange: n.openapi({ description: 'Against the previous contest of the same series' }),
    suppressed: z.boolean().openapi({ description: 'Fewer than 5 participants (or complementary): every figure that would reveal it is null' }),
  })
  .openapi('ReportDistrict');

export const CompetenceItemSchema = z
  .object({
    district: z.string(),
    districtName: z.string(),
    competence: z.string(),
    domain: z.string(),
    isDomain: z.boolean(),
    name: z.string(),
    participants: n,
    answers: n,
    mastery: n.openapi({ description: 'Correct rate, percent' }),
    provinceMastery: n,
    difference: n.openapi({ description: 'mastery − provinceMastery, percentage points' }),
    ciLow: n,
    ciHigh: n,
    suppressed: z.boolean(),
  })
  .openapi('ReportCompetence');

export const QuestionItemSchema = z
  .object({
    questionKey: z.string(),
    prompt: z.string().nullable(),
    questionIndex: z.number(),
    district: z.string().nullable(),
    participants: n,
    answered: n,
    correctRate: n,
    meanTimeMs: n,
    topWrongChoice: z.string().nullable(),
    topWrongCount: n,
    hardestRank: n,
    suppressed: z.boolean(),
  })
  .openapi('ReportQuestion');

export const SchoolItemSchema = z
  .object({
    district: z.string(),
    school: z.string().nullable(),
    participants: n,
    enrolment: n,
    participationRate: n,
    attempts: n,
    meanScore: n,
    medianScore: n,
    p90Score: n,
    completionRate: n,
    suppressed: z.boolean(),
  })
  .openapi('ReportSchool');

export const TrendItemSchema = z
  .object({
    position: z.number(),
    contestKind: z.string(),
    contestId: z.string(),
    contestTitle: z.string(),
    endedAt: z.string(),
    district: z.string(),
    districtName: z.string(),
    participants: n,
    participationRate: n,
    meanScore: n,
    meanScoreChange: n,
    suppressed: z.boolean(),
  })
  .openapi('ReportTrend');

export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
