import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGift } from '../../src/banks/formats/gift-format.ts';

/**
 * Every example of Moodle's "GIFT format" documentation page, in one file, read
 * the way Moodle reads it: all import except the essay and the description, and
 * what civiq cannot represent is reported on the example's line.
 */
const text = readFileSync(new URL('./fixtures/moodle-gift-docs.gift', import.meta.url), 'utf8');
const r = parseGift(text, { lang: 'en' });

describe("Moodle's GIFT documentation examples", () => {
  it('imports every question Moodle would, and skips only the essay and the description', () => {
    expect(r.questions.map((p) => p.question.type)).toEqual([
      'single_choice',
      'single_choice',
      'multiple_choice',
      'true_false',
      'true_false',
      'short_answer',
      'short_answer',
      'short_answer',
      'matching',
      'single_choice',
      'numerical',
      'numerical',
      'numerical',
      'single_choice',
      'short_answer',
      'true_false',
      'single_choice',
      'single_choice',
      'multiple_choice',
      'single_choice',
      'single_choice',
      'single_choice',
    ]);
    expect(r.skipped.filter((s) => !s.reason.startsWith('imported without')).map((s) => s.reason)).toEqual([
      'essay question ({}) is not supported: essays cannot be graded in a contest',
      'description (text without an answer block) is not supported: civiq has no description items',
    ]);
  });

  it('keeps the texts Moodle shows: escapes resolved, the missing word as a blank, [html] converted, the category as a tag', () => {
    const byPrompt = (start: string) => r.questions.find((p) => p.question.prompt.en.startsWith(start))!.question;
    expect(byPrompt('Moodle costs').prompt.en).toBe('Moodle costs _____ to download.');
    const five = byPrompt('Which answer equals 5?');
    expect(five.type === 'single_choice' && [five.options.map((o) => o.text.en), five.answer]).toEqual([['= 2 + 2', '= 2 + 3', '= 2 + 4'], 'b']);
    const control = byPrompt('Which of the following is NOT');
    expect(control.type === 'single_choice' && control.options.map((o) => o.text.en)).toEqual(['~', '=', '#', '{', '}', '\\']);
    const html = byPrompt("What's between orange");
    expect(html).toMatchObject({ id: 'q1', prompt: { en: "What's between orange and green in the **spectrum**?" }, tags: ['tom/dick/harry'] });
    expect(html.type === 'single_choice' && html.options.map((o) => o.feedback?.en)).toEqual(['right; good!', "wrong, it's yellow", "wrong, it's yellow"]);
  });

  it('reports, on each line, the weights and feedback civiq single choice and short answer cannot keep', () => {
    expect(r.skipped.filter((s) => s.reason.startsWith('imported without'))).toEqual([
      { line: 55, reason: 'imported without the feedback on answer "1822:0" (line 56)' },
      { line: 55, reason: 'imported without the feedback on answer "1822:2" (line 57)' },
      { line: 72, reason: 'imported without the feedback on answer "no one" (line 73): short answers have no per-answer feedback' },
      { line: 72, reason: 'imported without the feedback on answer "nobody" (line 74): short answers have no per-answer feedback' },
      { line: 79, reason: 'imported without the 50% credit of option "half credit answer" (line 81): civiq single choice is right or wrong' },
      { line: 84, reason: 'imported without the 33.33333% credit of option "Joe Clark" (line 86): civiq single choice is right or wrong' },
      { line: 84, reason: 'imported without the 33.33333% credit of option "Pierre Trudeau" (line 87): civiq single choice is right or wrong' },
    ]);
  });
});
