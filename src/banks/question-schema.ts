import { z } from 'zod';
import { isWellFormedImageUrl } from './image-policy.ts';
import { localizedText, nfcString, LanguageSchema } from '../shared/localized.ts';
import { DEFAULT_FRAMEWORK_ID } from './competences.ts';

/**
 * The native question and bank format. It is the lossless format: the HTTP API,
 * `question-banks/*.json`, JSON import/export and the database all speak it.
 * Keys (`answer`, and `scoring`/`weights`/`matching`) live beside the prompt here;
 * `player-view.ts` builds what a player may see, which never includes them.
 */

export const LIMITS = {
  promptChars: 2000,
  optionChars: 500,
  explanationChars: 4000,
  sourceChars: 1000,
  titleChars: 200,
  descriptionChars: 4000,
  questionsPerBank: 5000,
  questionsPerImport: 2000,
  importBytes: 5 * 1024 * 1024,
  acceptedAnswers: 20,
  tags: 20,
} as const;

export const QUESTION_TYPES = ['single_choice', 'multiple_choice', 'true_false', 'short_answer', 'ordering', 'numerical', 'matching'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** External question id within a bank: stable across versions, used for diffs and re-seeding. */
export const QuestionKeySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lowercase letters, digits, ".", "_" or "-", at most 64');
export const OptionIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,15}$/, 'lowercase letters, digits, "_" or "-", at most 16');
export const CompetenceCodeSchema = z.string().regex(/^\d+(\.\d+)*$/, 'a code such as "4.2"');
export const GradeBandSchema = z.string().regex(/^[A-Z]{2}\d$/, 'a grade band such as "TC1"');
export const SlugSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'lowercase ASCII letters, digits and "-", 1–64 characters');

export const OptionSchema = z.object({
  id: OptionIdSchema,
  text: localizedText(LIMITS.optionChars),
  /** Shown after the reveal to players who chose this option (GIFT `#feedback`). */
  feedback: localizedText(LIMITS.optionChars).optional(),
});
export type Option = z.infer<typeof OptionSchema>;

export const ImageSchema = z.object({
  // The shape only; which hosts are allowed is the bank service's check (image-policy.ts).
  url: z.string().max(2000).refine(isWellFormedImageUrl, 'an uploaded image (/uploads/<id>) or a clean https URL'),
  alt: localizedText(300).optional(),
});

export const MatchingSchema = z.object({
  caseSensitive: z.boolean().default(false),
  ignoreDiacritics: z.boolean().default(true),
  ignoreExtraSpaces: z.boolean().default(true),
});
export type Matching = z.infer<typeof MatchingSchema>;

const common = {
  /** Stable id within the bank; generated when absent. */
  id: QuestionKeySchema.optional(),
  prompt: localizedText(LIMITS.promptChars),
  explanation: localizedText(LIMITS.explanationChars).optional(),
  /** Feedback for a right / wrong response where the type has no per-option feedback (GIFT true/false `{T#wrong#right}`). */
  feedback: z
    .object({ correct: localizedText(LIMITS.optionChars).optional(), incorrect: localizedText(LIMITS.optionChars).optional() })
    .optional(),
  competences: z.array(CompetenceCodeSchema).max(10).default([]),
  gradeBands: z.array(GradeBandSchema).max(5).default([]),
  difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(2),
  timeLimitSec: z.number().int().min(5).max(240).optional(),
  /** Points multiplier: 0 (practice), 1 (standard, 1000 points live) or 2 (double). */
  points: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(1),
  source: nfcString(LIMITS.sourceChars).optional(),
  image: ImageSchema.optional(),
  tags: z.array(nfcString(100)).max(LIMITS.tags).default([]),
};

const options = (min: number, max: number) =>
  z
    .array(OptionSchema)
    .min(min)
    .max(max)
    .refine((opts) => new Set(opts.map((o) => o.id)).size === opts.length, 'option ids must be unique');

export const SingleChoiceSchema = z
  .object({
    ...common,
    type: z.literal('single_choice'),
    options: options(2, 6),
    /** Id of the correct option. */
    answer: OptionIdSchema,
  })
  .refine((q) => q.options.some((o) => o.id === q.answer), { message: 'answer must be one of the option ids', path: ['answer'] });

export const MultipleChoiceSchema = z
  .object({
    ...common,
    type: z.literal('multiple_choice'),
    options: options(2, 8),
    /** Ids of the correct options (at least one). */
    answer: z.array(OptionIdSchema).min(1),
    /**
     * `all_or_nothing`: exactly the correct set scores. `partial`: the sum of the chosen
     * options' weights (GIFT-style percentages, negatives for wrong options), clamped to 0..100.
     */
    scoring: z.enum(['all_or_nothing', 'partial']).default('all_or_nothing'),
    /** Percent per option id, −100..100. When absent, correct options share 100 and wrong ones share −100. */
    weights: z.record(OptionIdSchema, z.number().min(-100).max(100)).optional(),
  })
  .superRefine((q, ctx) => {
    const ids = new Set(q.options.map((o) => o.id));
    for (const a of q.answer) if (!ids.has(a)) ctx.addIssue({ code: 'custom', message: `answer "${a}" is not an option id`, path: ['answer'] });
    if (new Set(q.answer).size !== q.answer.length) ctx.addIssue({ code: 'custom', message: 'answer lists an option twice', path: ['answer'] });
    if (q.weights) {
      for (const k of Object.keys(q.weights)) if (!ids.has(k)) ctx.addIssue({ code: 'custom', message: `weight for unknown option "${k}"`, path: ['weights'] });
      const positive = Object.entries(q.weights).filter(([, w]) => w > 0).map(([k]) => k).sort();
      if (positive.join() !== [...q.answer].sort().join()) ctx.addIssue({ code: 'custom', message: 'options with positive weight must be exactly the answer', path: ['weights'] });
      const sum = positive.reduce((s, k) => s + (q.weights?.[k] ?? 0), 0);
      if (Math.abs(sum - 100) > 0.5) ctx.addIssue({ code: 'custom', message: `positive weights must add up to 100 (got ${sum})`, path: ['weights'] });
    }
  });

export const TrueFalseSchema = z.object({
  ...common,
  type: z.literal('true_false'),
  answer: z.boolean(),
});

export const ShortAnswerSchema = z.object({
  ...common,
  type: z.literal('short_answer'),
  /** Accepted answers, in either language. */
  answer: z.array(nfcString(200).pipe(z.string().min(1))).min(1).max(LIMITS.acceptedAnswers),
  matching: MatchingSchema.default({ caseSensitive: false, ignoreDiacritics: true, ignoreExtraSpaces: true }),
});

export const OrderingSchema = z
  .object({
    ...common,
    type: z.literal('ordering'),
    /** The items to put in order (shown shuffled). */
    options: options(2, 6),
    /** Option ids in the correct order. */
    answer: z.array(OptionIdSchema),
    scoring: z.enum(['all_or_nothing', 'partial']).default('all_or_nothing'),
  })
  .refine((q) => q.answer.length === q.options.length && [...q.answer].sort().join() === q.options.map((o) => o.id).sort().join(), {
    message: 'answer must list every option id exactly once',
    path: ['answer'],
  });

/** Numbers a numerical answer may use: finite, and within what a phone keyboard and JSON carry exactly enough. */
const finite = z.number().finite().min(-1e12).max(1e12);

/**
 * One accepted number: a value with a tolerance (GIFT `{#3.14:0.01}`) or a range
 * (`{#1..5}`), earning `weight` percent (GIFT `=%50%`). Bounds are inclusive.
 */
export const NumericAnswerSchema = z.union([
  z.object({ value: finite, tolerance: z.number().finite().min(0).max(1e12).default(0), weight: z.number().min(1).max(100).default(100) }).strict(),
  z
    .object({ min: finite, max: finite, weight: z.number().min(1).max(100).default(100) })
    .strict()
    .refine((a) => a.min <= a.max, { message: 'min must not exceed max', path: ['max'] }),
]);
export type NumericAnswer = z.infer<typeof NumericAnswerSchema>;

export const NumericalSchema = z
  .object({
    ...common,
    type: z.literal('numerical'),
    /** Accepted numbers; the best-weighted one a response falls in counts. At least one earns 100 %. */
    answer: z.array(NumericAnswerSchema).min(1).max(LIMITS.acceptedAnswers),
    /** Shown beside the input ("km", "%"); not part of the answer. */
    unit: nfcString(20).optional(),
    /** `keypad`: a number field with the phone's numeric keyboard. `slider`: a slider over `slider.min..max` in `slider.step` (Kahoot's slider). */
    display: z.enum(['keypad', 'slider']).default('keypad'),
    slider: z.object({ min: finite, max: finite, step: z.number().finite().positive().max(1e12) }).strict().optional(),
  })
  .superRefine((q, ctx) => {
    if (!q.answer.some((a) => a.weight === 100)) ctx.addIssue({ code: 'custom', message: 'at least one answer must earn 100%', path: ['answer'] });
    if (q.display === 'slider' && !q.slider) ctx.addIssue({ code: 'custom', message: 'a slider display needs slider {min, max, step}', path: ['slider'] });
    if (q.slider) {
      const { min, max, step } = q.slider;
      if (min >= max) ctx.addIssue({ code: 'custom', message: 'slider.min must be below slider.max', path: ['slider'] });
      else if ((max - min) / step > 10_000) ctx.addIssue({ code: 'custom', message: 'a slider has at most 10,000 steps', path: ['slider', 'step'] });
      else if (q.display === 'slider') {
        // A slider that cannot reach a full-mark answer makes the question unanswerable.
        const reachable = q.answer.some((a) => {
          if (a.weight !== 100) return false;
          const lo = Math.max(min, 'min' in a ? a.min : a.value - a.tolerance);
          const hi = Math.min(max, 'min' in a ? a.max : a.value + a.tolerance);
          if (lo > hi) return false;
          const firstStep = min + Math.ceil((lo - min) / step - 1e-9) * step;
          return firstStep <= hi + 1e-9 * Math.max(1, Math.abs(hi));
        });
        if (!reachable) ctx.addIssue({ code: 'custom', message: 'no full-mark answer can be reached on the slider (check min, max and step)', path: ['slider'] });
      }
    }
  });

/** A pair of a matching question: `text` (left, shown in order) goes with `match` (right, shown shuffled). */
export const PairSchema = OptionSchema.extend({ match: localizedText(LIMITS.optionChars) });

export const MatchingQuestionSchema = z
  .object({
    ...common,
    type: z.literal('matching'),
    /** The pairs in authoring order; the key is the pairing itself. */
    options: z
      .array(PairSchema)
      .min(2)
      .max(8)
      .refine((opts) => new Set(opts.map((o) => o.id)).size === opts.length, 'option ids must be unique'),
    /** `partial`: each right pair earns its share. `all_or_nothing`: every pair must be right. */
    scoring: z.enum(['all_or_nothing', 'partial']).default('partial'),
  })
  .superRefine((q, ctx) => {
    // Two equal right-hand texts would make a visually right answer wrong.
    for (const lang of ['vi', 'en'] as const) {
      const seen = new Set<string>();
      q.options.forEach((o, i) => {
        const t = o.match[lang].trim().toLowerCase();
        if (!t) return;
        if (seen.has(t)) ctx.addIssue({ code: 'custom', message: `two pairs have the same match "${o.match[lang]}"`, path: ['options', i, 'match', lang] });
        seen.add(t);
      });
    }
  });

export const QuestionSchema = z.discriminatedUnion('type', [
  SingleChoiceSchema,
  MultipleChoiceSchema,
  TrueFalseSchema,
  ShortAnswerSchema,
  OrderingSchema,
  NumericalSchema,
  MatchingQuestionSchema,
]);
/** A validated question (defaults applied). */
export type Question = z.infer<typeof QuestionSchema>;
/** A question as written by an author (defaults optional). */
export type QuestionInput = z.input<typeof QuestionSchema>;

export const VISIBILITIES = ['private', 'unit', 'public'] as const;
export const VisibilitySchema = z.enum(VISIBILITIES);

/** Bank metadata shared by the file format and the API. */
export const BankMetaSchema = z.object({
  slug: SlugSchema,
  title: localizedText(LIMITS.titleChars),
  description: localizedText(LIMITS.descriptionChars).optional(),
  defaultLanguage: LanguageSchema.default('vi'),
  framework: z.string().max(64).default(DEFAULT_FRAMEWORK_ID),
  visibility: VisibilitySchema.default('private'),
  licence: nfcString(200).optional(),
  author: nfcString(300).optional(),
  tags: z.array(nfcString(100)).max(LIMITS.tags).default([]),
});

/** The native JSON bank file (`question-banks/*.json`, JSON import/export). */
export const BankFileSchema = BankMetaSchema.extend({
  $schema: z.string().optional(),
  questions: z.array(QuestionSchema).max(LIMITS.questionsPerBank),
});
export type BankFile = z.infer<typeof BankFileSchema>;
export type BankFileInput = z.input<typeof BankFileSchema>;
