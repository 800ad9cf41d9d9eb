import { z } from 'zod';
import { BlueprintSchema } from '../banks/blueprint.ts';
import { GradeBandSchema, SlugSchema } from '../banks/question-schema.ts';
import { localizedText } from '../shared/localized.ts';
import { PrizesSchema, UnitFormulaSchema } from './ranking.ts';
import type { ContestState } from './window-state.ts';

/** Request bodies of the organiser API (docs/scheduled.md). */

const Instant = z.iso.datetime({ offset: true });

export const PredictionSchema = z
  .object({
    prompt: localizedText(500),
    scoredAgainst: z.enum(['participants', 'perfectScores']),
  })
  .strict();

export const ScheduledContestCreateSchema = z
  .object({
    slug: SlugSchema,
    title: localizedText(200),
    /** Markdown. */
    rules: localizedText(20_000),
    bank: SlugSchema,
    version: z.number().int().min(1),
    questionsPerAttempt: z.number().int().min(1).max(200).optional(),
    blueprint: BlueprintSchema.optional(),
    attemptMinutes: z.number().int().min(1).max(24 * 60),
    maxAttempts: z.number().int().min(1).max(100).default(1),
    opensAt: Instant,
    closesAt: Instant,
    regionSet: z.string().min(1).max(64),
    gradeBands: z.array(GradeBandSchema).max(20).default([]),
    prediction: PredictionSchema,
    keysVisible: z.enum(['afterSubmit', 'afterClose']).default('afterClose'),
    prizes: PrizesSchema.default({ first: 0, second: 0, third: 0, consolation: 0 }),
    unitFormula: UnitFormulaSchema.default(UnitFormulaSchema.parse({})),
    /** A draft is invisible to participants until PATCHed with `draft: false`. */
    draft: z.boolean().default(false),
  })
  .strict()
  .refine((b) => (b.questionsPerAttempt === undefined) !== (b.blueprint === undefined), {
    message: 'give exactly one of questionsPerAttempt or blueprint',
    path: ['questionsPerAttempt'],
  })
  .refine((b) => Date.parse(b.closesAt) > Date.parse(b.opensAt), { message: 'closesAt must be after opensAt', path: ['closesAt'] });
export type ScheduledContestCreate = z.infer<typeof ScheduledContestCreateSchema>;

export const ScheduledContestPatchSchema = z
  .object({
    title: localizedText(200),
    rules: localizedText(20_000),
    bank: SlugSchema,
    version: z.number().int().min(1),
    questionsPerAttempt: z.number().int().min(1).max(200),
    blueprint: BlueprintSchema,
    attemptMinutes: z.number().int().min(1).max(24 * 60),
    maxAttempts: z.number().int().min(1).max(100),
    opensAt: Instant,
    closesAt: Instant,
    regionSet: z.string().min(1).max(64),
    gradeBands: z.array(GradeBandSchema).max(20),
    prediction: PredictionSchema,
    keysVisible: z.enum(['afterSubmit', 'afterClose']),
    prizes: PrizesSchema,
    unitFormula: UnitFormulaSchema,
    draft: z.boolean(),
  })
  .partial()
  .strict();
export type ScheduledContestPatch = z.infer<typeof ScheduledContestPatchSchema>;

/**
 * What may change once participants can see a contest. Before it opens, anything.
 * While open: texts, prizes, the unit formula, and a later close (never earlier: it
 * would cut running attempts short). After close: texts only (the results are frozen
 * anyway). Anything touching the draw, timing or eligibility is locked once open.
 */
const SAFE_WHEN_OPEN = new Set(['title', 'rules', 'prizes', 'unitFormula', 'closesAt']);
const SAFE_WHEN_CLOSED = new Set(['title', 'rules']);

export function lockedFields(state: ContestState, patch: ScheduledContestPatch, current: { closesAt: number }): string[] {
  const fields = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
  if (state === 'draft' || state === 'upcoming') return [];
  const safe = state === 'open' ? SAFE_WHEN_OPEN : SAFE_WHEN_CLOSED;
  const locked = fields.filter((f) => !safe.has(f));
  if (state === 'open' && patch.closesAt !== undefined && Date.parse(patch.closesAt) < current.closesAt) locked.push('closesAt');
  return locked;
}
