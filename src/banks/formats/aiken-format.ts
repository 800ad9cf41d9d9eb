import { pick } from '../../shared/localized.ts';
import type { ExportBank, ExportResult, ExportSkip, ParseOptions, ParseResult, ParsedQuestion, SkippedItem } from './format-types.ts';
import { exportLabel, optionId, validateQuestion } from './question-result.ts';

/**
 * Aiken: the question text (one or more lines), options `A.` or `A)` in letter
 * order, then `ANSWER: X`. Single choice, one language, nothing else. It has no
 * comments or escapes, so an export skips what it cannot write unambiguously.
 */

/** Like Moodle's reader: `A.` or `A)`, the space after it optional (`A)Text` is an option). */
const OPTION = /^\s*([A-Z])[.)][ \t]*(.*)$/;
const ANSWER = /^\s*ANSWER\s*:(.*)$/i;

interface Draft {
  line: number;
  prompt: string[];
  options: string[];
  error?: string;
}

/** Parse an Aiken file. Never throws; each malformed question is skipped with its first line. */
export function parseAiken(text: string, opts: ParseOptions): ParseResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const questions: ParsedQuestion[] = [];
  const skipped: SkippedItem[] = [];
  let draft: Draft | undefined;

  const finish = (answerLine: { no: number; value: string } | undefined) => {
    const d = draft;
    draft = undefined;
    if (!d) return;
    if (d.error) return void skipped.push({ line: d.line, reason: d.error });
    if (!answerLine) return void skipped.push({ line: d.line, reason: 'missing "ANSWER:" line' });
    const letter = answerLine.value.trim().toUpperCase();
    if (!/^[A-Z]$/.test(letter)) return void skipped.push({ line: d.line, reason: `"ANSWER:" must be one letter, not "${answerLine.value.trim()}" (line ${answerLine.no})` });
    if (d.options.length < 2) return void skipped.push({ line: d.line, reason: `needs at least 2 options, found ${d.options.length}` });
    const index = letter.charCodeAt(0) - 65;
    if (index >= d.options.length) {
      const last = String.fromCharCode(64 + d.options.length);
      return void skipped.push({ line: d.line, reason: `ANSWER: ${letter} is not one of the options A–${last} (line ${answerLine.no})` });
    }
    const r = validateQuestion(
      {
        type: 'single_choice',
        prompt: { [opts.lang]: d.prompt.join('\n') },
        options: d.options.map((t, i) => ({ id: optionId(i), text: { [opts.lang]: t } })),
        answer: optionId(index),
      },
      d.line,
    );
    if (r.ok) questions.push(r.parsed);
    else skipped.push(r.skipped);
  };

  lines.forEach((raw, i) => {
    const no = i + 1;
    if (raw.trim() === '') {
      // A blank line ends a question; one still open has no ANSWER line.
      if (draft) finish(undefined);
      return;
    }
    const answer = ANSWER.exec(raw);
    if (!draft) {
      if (answer) skipped.push({ line: no, reason: '"ANSWER:" line without a question' });
      else draft = { line: no, prompt: [raw], options: [] };
      return;
    }
    if (answer) return finish({ no, value: answer[1]! });
    if (draft.error) return;
    const option = OPTION.exec(raw);
    const expected = String.fromCharCode(65 + draft.options.length);
    if (option && option[1] === expected) draft.options.push(option[2]!);
    else if (draft.options.length === 0) draft.prompt.push(raw);
    else if (option) draft.error = `option ${option[1]} is out of order: expected ${expected} (line ${no})`;
    else draft.error = `expected option "${expected}." or "ANSWER:" (line ${no})`;
  });
  finish(undefined);
  return { questions, skipped };
}

/** Why a text cannot be written as Aiken lines, if it cannot. */
function promptProblem(prompt: string): string | undefined {
  const lines = prompt.split(/\r\n|\r|\n/);
  if (lines.some((l) => l.trim() === '')) return 'the prompt has a blank line, which ends an Aiken question';
  if (lines.some((l) => ANSWER.test(l))) return 'a prompt line starts with "ANSWER:"';
  if (lines.slice(1).some((l) => OPTION.test(l))) return 'a prompt line looks like an option ("A." or "A)")';
  return undefined;
}

/** Write single-choice questions as Aiken; every other type, and text Aiken would misread, is skipped. */
export function exportAiken(bank: ExportBank, opts: ParseOptions): ExportResult {
  const skipped: ExportSkip[] = [];
  const blocks: string[] = [];
  bank.questions.forEach((q, i) => {
    const skip = (reason: string) => skipped.push({ id: exportLabel(q, i), reason });
    if (q.type !== 'single_choice') return skip('Aiken holds single-choice questions only');
    if (q.options.length > 26) return skip('Aiken has letters A–Z only');
    const prompt = pick(q.prompt, opts.lang);
    const problem = promptProblem(prompt);
    if (problem) return skip(problem);
    const options = q.options.map((o) => pick(o.text, opts.lang));
    if (options.some((o) => /[\r\n]/.test(o))) return skip('an option has a line break; Aiken options are single lines');
    const letter = (k: number) => String.fromCharCode(65 + k);
    blocks.push([prompt, ...options.map((o, k) => `${letter(k)}. ${o}`), `ANSWER: ${letter(q.options.findIndex((o) => o.id === q.answer))}`].join('\n'));
  });
  return { text: blocks.length > 0 ? `${blocks.join('\n\n')}\n` : '', skipped };
}
