import { z } from 'zod';
import { nfc } from '../shared/text.ts';

/**
 * What a player submits, as it arrives from an untrusted socket. Choices are
 * **display indices** (the positions the player saw, see `player-view.ts`), never
 * option ids: ids would let a client guess the authoring order. Objects are strict
 * and every array and index is capped by the largest question the schema allows
 * (single choice and ordering ≤ 6 options, multiple choice ≤ 8). Whether an index
 * fits *this* question is checked by `isAnswerable` in `grading.ts`.
 */

export const RESPONSE_LIMITS = {
  singleChoiceOptions: 6,
  multipleChoiceOptions: 8,
  orderingItems: 6,
  shortAnswerChars: 200,
  matchingPairs: 8,
} as const;

const index = (optionCount: number) => z.number().int().min(0).max(optionCount - 1);

export const SingleChoiceResponseSchema = z
  .object({ type: z.literal('single_choice'), choice: index(RESPONSE_LIMITS.singleChoiceOptions) })
  .strict();

export const MultipleChoiceResponseSchema = z
  .object({
    type: z.literal('multiple_choice'),
    // At least one: "nothing chosen" is not an answer a client should send.
    choices: z
      .array(index(RESPONSE_LIMITS.multipleChoiceOptions))
      .min(1)
      .max(RESPONSE_LIMITS.multipleChoiceOptions)
      .refine((c) => new Set(c).size === c.length, 'choices must be unique'),
  })
  .strict();

export const TrueFalseResponseSchema = z.object({ type: z.literal('true_false'), value: z.boolean() }).strict();

export const ShortAnswerResponseSchema = z
  .object({
    type: z.literal('short_answer'),
    text: z
      .string()
      .max(RESPONSE_LIMITS.shortAnswerChars * 2) // cheap guard before normalising
      .transform(nfc)
      .pipe(z.string().max(RESPONSE_LIMITS.shortAnswerChars)),
  })
  .strict();

export const OrderingResponseSchema = z
  .object({
    type: z.literal('ordering'),
    order: z
      .array(index(RESPONSE_LIMITS.orderingItems))
      .min(2)
      .max(RESPONSE_LIMITS.orderingItems)
      .refine(isPermutation, 'order must list 0..n-1, each once'),
  })
  .strict();

/** A number typed or slid; "3,14" is turned into 3.14 by the client, the server takes numbers only. */
export const NumericalResponseSchema = z
  .object({ type: z.literal('numerical'), value: z.number().finite().min(-1e12).max(1e12) })
  .strict();

/**
 * Matching: `pairs[i]` is the display index of the right-hand item the player put
 * beside left item i (left items are shown in authoring order; right ones shuffled).
 */
export const MatchingResponseSchema = z
  .object({
    type: z.literal('matching'),
    pairs: z
      .array(index(RESPONSE_LIMITS.matchingPairs))
      .min(2)
      .max(RESPONSE_LIMITS.matchingPairs)
      .refine(isPermutation, 'pairs must use each right-hand item once'),
  })
  .strict();

/** A player's response in display terms; parse every socket payload with it. */
export const ResponseSchema = z.discriminatedUnion('type', [
  SingleChoiceResponseSchema,
  MultipleChoiceResponseSchema,
  TrueFalseResponseSchema,
  ShortAnswerResponseSchema,
  OrderingResponseSchema,
  NumericalResponseSchema,
  MatchingResponseSchema,
]);
/** A validated response in display indices (named to avoid the DOM `Response`). */
export type PlayerResponse = z.infer<typeof ResponseSchema>;

/**
 * A response mapped back to the question's own option ids (`toOriginalResponse`
 * in `player-view.ts`); this is what `grade` and storage use.
 */
export type OriginalResponse =
  | { type: 'single_choice'; optionId: string }
  | { type: 'multiple_choice'; optionIds: string[] }
  | { type: 'true_false'; value: boolean }
  | { type: 'short_answer'; text: string }
  | { type: 'ordering'; order: string[] }
  | { type: 'numerical'; value: number }
  /** `matches[i]`: the id of the pair whose right-hand text was put beside left item i. */
  | { type: 'matching'; matches: string[] };

/** True when `order` holds each of 0..order.length-1 exactly once. */
export function isPermutation(order: readonly number[]): boolean {
  const seen = new Set<number>();
  for (const i of order) {
    if (!Number.isInteger(i) || i < 0 || i >= order.length || seen.has(i)) return false;
    seen.add(i);
  }
  return true;
}
