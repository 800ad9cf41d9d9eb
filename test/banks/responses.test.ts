import { describe, expect, it } from 'vitest';
import { isPermutation, ResponseSchema } from '../../src/banks/responses.ts';

const ok = (input: unknown) => ResponseSchema.parse(input);
const rejects = (input: unknown) => expect(ResponseSchema.safeParse(input).success).toBe(false);

describe('ResponseSchema', () => {
  it('accepts one response of each type', () => {
    expect(ok({ type: 'single_choice', choice: 0 })).toEqual({ type: 'single_choice', choice: 0 });
    expect(ok({ type: 'single_choice', choice: 5 })).toEqual({ type: 'single_choice', choice: 5 });
    expect(ok({ type: 'multiple_choice', choices: [7, 0, 3] })).toEqual({ type: 'multiple_choice', choices: [7, 0, 3] });
    expect(ok({ type: 'true_false', value: false })).toEqual({ type: 'true_false', value: false });
    expect(ok({ type: 'short_answer', text: 'mật khẩu' })).toEqual({ type: 'short_answer', text: 'mật khẩu' });
    expect(ok({ type: 'ordering', order: [2, 0, 1] })).toEqual({ type: 'ordering', order: [2, 0, 1] });
    expect(ok({ type: 'ordering', order: [5, 4, 3, 2, 1, 0] })).toEqual({ type: 'ordering', order: [5, 4, 3, 2, 1, 0] });
  });

  it('rejects unknown types, non-objects and extra keys', () => {
    rejects(null);
    rejects('single_choice');
    rejects([]);
    rejects({ type: 'essay', text: 'x' });
    rejects({ choice: 1 });
    rejects({ type: 'single_choice', choice: 1, optionId: 'a' });
    rejects({ type: 'true_false', value: true, correct: true });
    rejects({ type: 'short_answer', text: 'x', extra: 1 });
  });

  it('rejects single choice indices that are not small non-negative integers', () => {
    rejects({ type: 'single_choice' });
    rejects({ type: 'single_choice', choice: -1 });
    rejects({ type: 'single_choice', choice: 6 });
    rejects({ type: 'single_choice', choice: 1.5 });
    rejects({ type: 'single_choice', choice: '1' });
    rejects({ type: 'single_choice', choice: Number.NaN });
    rejects({ type: 'single_choice', choice: Number.POSITIVE_INFINITY });
    rejects({ type: 'single_choice', choice: [1] });
  });

  it('rejects multiple choice lists that are empty, repeated, too long or out of range', () => {
    rejects({ type: 'multiple_choice', choices: [] });
    rejects({ type: 'multiple_choice', choices: [1, 1] });
    rejects({ type: 'multiple_choice', choices: [0, 1, 2, 3, 4, 5, 6, 7, 0] });
    rejects({ type: 'multiple_choice', choices: [8] });
    rejects({ type: 'multiple_choice', choices: [-1] });
    rejects({ type: 'multiple_choice', choices: [0.5] });
    rejects({ type: 'multiple_choice', choices: 1 });
    expect(ok({ type: 'multiple_choice', choices: [0, 1, 2, 3, 4, 5, 6, 7] }).type).toBe('multiple_choice');
  });

  it('rejects a true/false value that is not a boolean', () => {
    rejects({ type: 'true_false', value: 'true' });
    rejects({ type: 'true_false', value: 1 });
    rejects({ type: 'true_false' });
  });

  it('normalises short answers to NFC (apostrophes are unified when grading) and caps them at 200 characters', () => {
    expect(ok({ type: 'short_answer', text: 'Cư M\u2019gar'.normalize('NFD') })).toEqual({ type: 'short_answer', text: 'Cư M\u2019gar' });
    expect(ok({ type: 'short_answer', text: '' })).toEqual({ type: 'short_answer', text: '' });
    expect(ok({ type: 'short_answer', text: 'a'.repeat(200) }).type).toBe('short_answer');
    rejects({ type: 'short_answer', text: 'a'.repeat(201) });
    // 200 letters in NFD are 400 code units: the cap applies after normalising, the guard before.
    expect(ok({ type: 'short_answer', text: 'ắ'.repeat(100).normalize('NFD') })).toEqual({ type: 'short_answer', text: 'ắ'.repeat(100) });
    rejects({ type: 'short_answer', text: 'a'.repeat(401) });
    rejects({ type: 'short_answer', text: 42 });
  });

  it('accepts only permutations of 0..n-1 with 2 to 6 items as an ordering', () => {
    rejects({ type: 'ordering', order: [0] });
    rejects({ type: 'ordering', order: [] });
    rejects({ type: 'ordering', order: [0, 2] });
    rejects({ type: 'ordering', order: [1, 1] });
    rejects({ type: 'ordering', order: [0, 1, 2, 3, 4, 5, 6] });
    rejects({ type: 'ordering', order: [0, 1.5] });
  });
});

describe('isPermutation', () => {
  it('holds for each of 0..n-1 exactly once', () => {
    expect(isPermutation([])).toBe(true);
    expect(isPermutation([0])).toBe(true);
    expect(isPermutation([2, 0, 1])).toBe(true);
    expect(isPermutation([1])).toBe(false);
    expect(isPermutation([0, 0])).toBe(false);
    expect(isPermutation([0, 2])).toBe(false);
    expect(isPermutation([-1, 0])).toBe(false);
    expect(isPermutation([0, 0.5])).toBe(false);
  });
});
