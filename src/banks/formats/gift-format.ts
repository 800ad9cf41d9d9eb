import { pick, type Language } from '../../shared/localized.ts';
import { slugify } from '../../shared/text.ts';
import { QuestionKeySchema, type Question } from '../question-schema.ts';
import type { ExportBank, ExportResult, ExportSkip, ParseOptions, ParseResult, ParsedQuestion, SkippedItem } from './format-types.ts';
import { civiqCommentBody, readCiviqComment, writeCiviqComment, type CiviqComment } from './gift-civiq-comment.ts';
import { cleanText, escapeGift, escapeGiftText, findUnescaped, formatPrefixOf, splitUnescaped, stripFormatPrefix, unescapeGift, type GiftTextFormat } from './gift-text.ts';
import { htmlToMarkdown, type HtmlImage } from './html-to-markdown.ts';
import { IdRegistry, exportLabel, optionId, validateQuestion } from './question-result.ts';

/**
 * Moodle GIFT import and export. GIFT holds one language: import fills `opts.lang`,
 * export writes it (falling back to the other language). Types civiq lacks are
 * reported, never guessed at. See docs/formats.md for the full mapping.
 */

interface SourceLine {
  no: number;
  text: string;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };
const fail = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/** The pieces of one question before civiq metadata is applied. */
interface GiftQuestion {
  title?: string;
  input: Record<string, unknown> & { type: Question['type'] };
}

/**
 * Per-question reading state: the text format answers inherit from the question
 * text (Moodle's rule), and what was left out, for the per-line report.
 */
interface TextContext {
  format: GiftTextFormat;
  notes: string[];
  images: HtmlImage[];
}

/** A GIFT text piece as civiq stores it: `[html]` converted to the Markdown subset, other text unescaped. */
function readText(raw: string, ctx: TextContext, what: string): string {
  const format = formatPrefixOf(raw) ?? ctx.format;
  if (format !== 'html') return cleanText(raw);
  const converted = htmlToMarkdown(unescapeGift(stripFormatPrefix(raw)));
  for (const d of converted.dropped) ctx.notes.push(`${what}: ${d} dropped`);
  if (what === 'prompt') ctx.images.push(...converted.images);
  else for (const img of converted.images) ctx.notes.push(`${what}: image ${img.src.slice(0, 60)} dropped (only the question has an image)`);
  return converted.text;
}

const TRUE_FALSE = new Map([
  ['t', true],
  ['true', true],
  ['f', false],
  ['false', false],
]);

/** Parse a GIFT file. Never throws: every problem becomes a skipped item with its line. */
export function parseGift(text: string, opts: ParseOptions): ParseResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const questions: ParsedQuestion[] = [];
  const skipped: SkippedItem[] = [];
  const ids = new IdRegistry();
  let category: string | undefined;

  const handleBlock = (block: SourceLine[]) => {
    const comments: SourceLine[] = [];
    const content: SourceLine[] = [];
    for (const l of block) (l.text.trim().startsWith('//') ? comments : content).push(l);

    const civiq: CiviqComment = {};
    let commentError: string | undefined;
    const civiqLines = comments.filter((c) => civiqCommentBody(c.text) !== undefined);
    for (const c of civiqLines) {
      const r = readCiviqComment(civiqCommentBody(c.text)!);
      if (r.ok) Object.assign(civiq, r.value);
      else commentError ??= `civiq comment (line ${c.no}): ${r.error}`;
    }

    const first = content[0];
    if (first && /^\s*\$CATEGORY:/.test(first.text)) {
      category = first.text.replace(/^\s*\$CATEGORY:/, '').trim() || undefined;
      content.shift();
    }
    const start = content[0]?.no;
    if (start === undefined) {
      if (civiqLines[0]) skipped.push({ line: civiqLines[0].no, reason: 'civiq comment is not followed by a question (keep it on the line just above the question)' });
      return;
    }
    if (commentError) {
      skipped.push({ line: start, reason: commentError });
      return;
    }
    const joined = content.map((l) => l.text).join('\n');
    const lineAt = lineLocator(content);
    const ctx: TextContext = { format: 'plain', notes: [], images: [] };
    const parsed = parseQuestionText(joined, lineAt, opts.lang, ctx);
    if (!parsed.ok) {
      skipped.push({ line: start, reason: parsed.reason });
      return;
    }
    const image = ctx.images.find((i) => /^https:\/\//.test(i.src));
    for (const img of ctx.images) if (img !== image) ctx.notes.push(`prompt: image ${img.src.slice(0, 60)} dropped (${image ? 'a question has one image' : 'only https images can be linked'})`);
    if (image && civiq.image === undefined) {
      civiq.image = image.src;
      if (image.alt) civiq.imageAlt = image.alt;
    }
    const withMeta = applyCiviqComment(parsed.value.input, civiq, category, opts.lang);
    if (!withMeta.ok) {
      skipped.push({ line: start, reason: withMeta.reason });
      return;
    }
    const title = parsed.value.title;
    let id: string | undefined;
    if (title !== undefined && title !== '') {
      id = ids.unique(QuestionKeySchema.safeParse(title).success ? title : slugify(title));
    }
    const result = validateQuestion(id === undefined ? withMeta.value : { ...withMeta.value, id }, start);
    if (!result.ok) {
      skipped.push(result.skipped);
      return;
    }
    if (id !== undefined) ids.claim(id, start);
    questions.push(result.parsed);
    // Imported, with what could not be represented reported on its line (strict imports refuse it).
    for (const note of ctx.notes) skipped.push({ line: start, reason: `imported without ${note}` });
  };

  let block: SourceLine[] = [];
  lines.forEach((text, i) => {
    if (text.trim() === '') {
      if (block.length > 0) handleBlock(block);
      block = [];
    } else block.push({ no: i + 1, text });
  });
  if (block.length > 0) handleBlock(block);
  return { questions, skipped };
}

/** Map an offset in the joined block text back to its source line. */
function lineLocator(content: SourceLine[]): (offset: number) => number {
  const starts: number[] = [];
  let offset = 0;
  for (const l of content) {
    starts.push(offset);
    offset += l.text.length + 1;
  }
  return (at) => {
    // Binary search: a teacher's file can be one huge block, and every answer asks for its line.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return content[lo]!.no;
  };
}

/** The first unescaped `=`, `~` or `}` between `from` and `to`: answers written outside the braces. */
function strayMarker(text: string, from: number, to: number, lineAt: (i: number) => number): string | undefined {
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '}') return `unmatched "}" (line ${lineAt(i)})`;
    else if (c === '=' || c === '~') return `unescaped "${c}" outside the answer braces (line ${lineAt(i)}); write \\${c} for a literal "${c}"`;
  }
  return undefined;
}

function parseQuestionText(t: string, lineAt: (i: number) => number, lang: Language, ctx: TextContext): Outcome<GiftQuestion> {
  let pos = t.length - t.trimStart().length;
  let title: string | undefined;
  if (t.startsWith('::', pos)) {
    const end = findUnescaped(t, '::', pos + 2);
    if (end < 0) return fail(`title "::" is not closed (line ${lineAt(pos)})`);
    title = unescapeGift(t.slice(pos + 2, end)).trim();
    pos = end + 2;
  }
  const open = findUnescaped(t, '{', pos);
  if (open < 0) {
    return fail(strayMarker(t, pos, t.length, lineAt) ?? 'description (text without an answer block) is not supported: civiq has no description items');
  }
  const strayBefore = strayMarker(t, pos, open, lineAt);
  if (strayBefore) return fail(strayBefore);
  let close = -1;
  for (let i = open + 1; i < t.length && close < 0; i++) {
    if (t[i] === '\\') i++;
    else if (t[i] === '{') return fail(`unescaped "{" inside the answer block opened on line ${lineAt(open)} (line ${lineAt(i)})`);
    else if (t[i] === '}') close = i;
  }
  if (close < 0) return fail(`unclosed "{" (opened on line ${lineAt(open)})`);
  const second = findUnescaped(t, '{', close + 1);
  if (second >= 0) return fail(`more than one answer block (line ${lineAt(second)})`);
  const strayAfter = strayMarker(t, close + 1, t.length, lineAt);
  if (strayAfter) return fail(strayAfter);

  // Text after the block makes a "missing word" question: the blank stays visible in the prompt.
  const after = t.slice(close + 1);
  ctx.format = formatPrefixOf(t.slice(pos, open)) ?? 'plain';
  const prompt = readText(after.trim() === '' ? t.slice(pos, open) : `${t.slice(pos, open)}_____${after}`, ctx, 'prompt');
  const answer = parseAnswerBlock(t.slice(open + 1, close), open + 1, lineAt, lang, ctx);
  if (!answer.ok) return answer;
  const input = { ...answer.value, prompt: { [lang]: prompt } };
  return { ok: true, value: title === undefined ? { input } : { title, input } };
}

interface GiftAnswer {
  marker: '=' | '~';
  weight?: number;
  text: string;
  rawText: string;
  feedback: string;
  line: number;
}

function parseAnswerBlock(block: string, base: number, lineAt: (i: number) => number, lang: Language, ctx: TextContext): Outcome<GiftQuestion['input']> {
  const L = (s: string) => ({ [lang]: s });
  const general = findUnescaped(block, '####');
  const explanationText = general >= 0 ? readText(block.slice(general + 4), ctx, 'general feedback') : '';
  const explanation = explanationText ? { explanation: L(explanationText) } : {};
  const body = general >= 0 ? block.slice(0, general) : block;
  const trimmed = body.trim();
  const blockLine = lineAt(base);

  // Moodle's order of decisions (qformat_gift::readquestion): essay, numerical, choice, matching, true/false, short answer.
  if (trimmed === '') return fail('essay question ({}) is not supported: essays cannot be graded in a contest');
  if (trimmed.startsWith('#')) return parseNumerical(body.slice(body.indexOf('#') + 1), base + body.indexOf('#') + 1, lineAt, ctx, explanation);
  const hasTilde = findUnescaped(body, '~') >= 0;
  const hasEquals = findUnescaped(body, '=') >= 0;
  if (!hasTilde && hasEquals && findUnescaped(body, '->') >= 0) return parseMatching(body, base, lineAt, lang, ctx, explanation);

  if (!hasTilde && !hasEquals) {
    const parts = splitUnescaped(body, '#');
    const value = TRUE_FALSE.get(parts[0]!.trim().toLowerCase());
    if (value !== undefined) {
      if (parts.length > 3) return fail(`too many "#" in a true/false answer; use {T#feedback if wrong#feedback if right} (line ${blockLine})`);
      const incorrect = readText(parts[1] ?? '', ctx, 'feedback');
      const correct = readText(parts[2] ?? '', ctx, 'feedback');
      const feedback = incorrect || correct ? { feedback: { ...(correct ? { correct: L(correct) } : {}), ...(incorrect ? { incorrect: L(incorrect) } : {}) } } : {};
      return { ok: true, value: { type: 'true_false', answer: value, ...feedback, ...explanation } };
    }
    // `{One}`: Moodle reads an answer without "=" as a short answer with that one accepted answer.
    const answer = unescapeGift(parts[0]!).trim();
    if (parts.length > 1 && parts.slice(1).some((p) => p.trim())) ctx.notes.push(`per-answer feedback on "${answer}" (short answers have no per-answer feedback)`);
    return { ok: true, value: { type: 'short_answer', answer: [answer], ...explanation } };
  }

  const answers = splitAnswers(body, base, lineAt, ctx);
  if (!answers.ok) return answers;
  const list = answers.value;

  if (!hasTilde) {
    // Only "=" answers: short answer. Its alternatives are match strings, so no format prefix is read.
    const accepted: string[] = [];
    for (const a of list) {
      const text = unescapeGift(a.rawText).trim();
      if (a.weight !== undefined && a.weight !== 100) {
        ctx.notes.push(`the ${percent(a.weight)}% answer "${text}" (line ${a.line}): civiq short answers are right or wrong`);
        continue;
      }
      if (a.feedback) ctx.notes.push(`the feedback on answer "${text}" (line ${a.line}): short answers have no per-answer feedback`);
      accepted.push(text);
    }
    if (accepted.length === 0) return fail(`no answer earns 100%: civiq short answers need at least one fully right answer (line ${blockLine})`);
    return { ok: true, value: { type: 'short_answer', answer: accepted, ...explanation } };
  }

  const blank = list.find((a) => a.text === '');
  if (blank) return fail(`empty answer after "${blank.marker}" (line ${blank.line})`);
  const options = list.map((a, i) => ({ id: optionId(i), text: L(a.text), ...(a.feedback ? { feedback: L(a.feedback) } : {}) }));
  const equals = list.filter((a) => a.marker === '=');
  if (equals.length > 0) {
    const weighted = equals.find((a) => a.weight !== undefined && a.weight !== 100);
    if (weighted) return fail(`an answer marked "=" cannot carry a weight; use "~%n%" for partial credit (line ${weighted.line})`);
    if (equals.length > 1) return fail(`more than one "=" answer in a choice question; use "~%n%" weights for several right answers (line ${equals[1]!.line})`);
    // Moodle gives partial credit or a penalty for these; civiq single choice is right or wrong.
    for (const a of list) {
      if (a.marker === '~' && (a.weight ?? 0) !== 0) ctx.notes.push(`the ${percent(a.weight!)}% credit of option "${a.text}" (line ${a.line}): civiq single choice is right or wrong`);
    }
    return { ok: true, value: { type: 'single_choice', options, answer: optionId(list.indexOf(equals[0]!)), ...explanation } };
  }

  // Only "~" answers: Moodle's multiple-answer question, scored by the weights.
  const weights: Record<string, number> = {};
  list.forEach((a, i) => (weights[optionId(i)] = a.weight ?? 0));
  const correct = list.map((a, i) => ({ a, id: optionId(i) })).filter((x) => (x.a.weight ?? 0) > 0);
  if (correct.length === 0) return fail(`no correct answer: mark one with "=" or give positive "~%n%" weights (line ${blockLine})`);
  const sum = correct.reduce((s, x) => s + (x.a.weight ?? 0), 0);
  if (Math.abs(sum - 100) > 0.5) return fail(`positive weights add up to ${Number(sum.toFixed(5))}%, not 100% (line ${blockLine})`);
  return {
    ok: true,
    value: { type: 'multiple_choice', options, answer: correct.map((x) => x.id), scoring: 'partial', weights, ...explanation },
  };
}

/** A GIFT number: "." or "," as the decimal mark (Vietnamese teachers write 3,14), optional exponent. */
function giftNumber(raw: string): number | undefined {
  const t = raw.trim().replace(',', '.');
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** One numerical answer: `3.14:0.01`, `1..5` or `3.14`. */
function numericAnswer(raw: string): { value: number; tolerance: number } | { min: number; max: number } | undefined {
  const range = raw.split('..');
  if (range.length === 2) {
    const min = giftNumber(range[0]!);
    const max = giftNumber(range[1]!);
    return min !== undefined && max !== undefined && min <= max ? { min, max } : undefined;
  }
  const [v, tol, ...rest] = raw.split(':');
  if (rest.length > 0) return undefined;
  const value = giftNumber(v!);
  const tolerance = tol === undefined ? 0 : giftNumber(tol);
  return value !== undefined && tolerance !== undefined && tolerance >= 0 ? { value, tolerance } : undefined;
}

/** `{#3.14:0.01}`, `{#1..5}` or `{# =%100%3.14:0.005 =%50%3.1:0.1}` (the text after "#"). */
function parseNumerical(
  body: string,
  base: number,
  lineAt: (i: number) => number,
  ctx: TextContext,
  explanation: Record<string, unknown>,
): Outcome<GiftQuestion['input']> {
  const line = lineAt(base);
  if (findUnescaped(body, '=') < 0) {
    const [raw, ...fb] = splitUnescaped(body, '#');
    const a = numericAnswer(unescapeGift(raw!));
    if (!a) return fail(`"${raw!.trim().slice(0, 40)}" is not a number, "value:tolerance" or "min..max" (line ${line})`);
    if (fb.some((f) => f.trim())) ctx.notes.push(`the feedback on the numerical answer (line ${line})`);
    return { ok: true, value: { type: 'numerical', answer: [a], ...explanation } };
  }
  // Moodle's "~#feedback" in a numerical block is the feedback for any other answer (worth 0).
  const otherwise = /~\s*#/.exec(body);
  if (otherwise && findUnescaped(body, '~') === otherwise.index) {
    ctx.notes.push(`the feedback for other answers (line ${lineAt(base + otherwise.index)})`);
    body = body.slice(0, otherwise.index);
  }
  const answers = splitAnswers(body, base, lineAt, ctx);
  if (!answers.ok) return answers;
  const out: Array<Record<string, number>> = [];
  for (const x of answers.value) {
    if (x.marker === '~') return fail(`"~" in a numerical question (line ${x.line}); write each answer as "=value:tolerance"`);
    const a = numericAnswer(unescapeGift(x.rawText));
    if (!a) return fail(`"${x.rawText.trim().slice(0, 40)}" is not a number, "value:tolerance" or "min..max" (line ${x.line})`);
    const weight = x.weight ?? 100;
    if (weight <= 0) {
      // Moodle lets a 0% answer carry feedback for a common mistake; civiq gives it nothing either way.
      ctx.notes.push(`the ${percent(weight)}% answer "${x.rawText.trim()}" (line ${x.line}): it earns nothing`);
      continue;
    }
    if (x.feedback) ctx.notes.push(`the feedback on answer "${x.rawText.trim()}" (line ${x.line})`);
    out.push({ ...a, weight });
  }
  if (out.length === 0) return fail(`no numerical answer earns credit (line ${line})`);
  return { ok: true, value: { type: 'numerical', answer: out, ...explanation } };
}

/** `{=left -> right ...}`: every answer is a pair; a pair with no left side is a distractor civiq cannot show. */
function parseMatching(
  body: string,
  base: number,
  lineAt: (i: number) => number,
  lang: Language,
  ctx: TextContext,
  explanation: Record<string, unknown>,
): Outcome<GiftQuestion['input']> {
  const L = (s: string) => ({ [lang]: s });
  const answers = splitAnswers(body, base, lineAt, ctx, { keepRaw: true });
  if (!answers.ok) return answers;
  const options: Array<Record<string, unknown>> = [];
  for (const a of answers.value) {
    const arrow = findUnescaped(a.rawText, '->');
    if (arrow < 0) return fail(`matching pair without "->" (line ${a.line})`);
    const left = readText(a.rawText.slice(0, arrow), ctx, 'pair');
    const right = readText(a.rawText.slice(arrow + 2), ctx, 'pair');
    if (!right) return fail(`empty right side of a pair (line ${a.line})`);
    if (!left) {
      ctx.notes.push(`the extra answer "${right}" (line ${a.line}): civiq matching has no distractors`);
      continue;
    }
    if (a.feedback) ctx.notes.push(`the feedback on pair "${left}" (line ${a.line})`);
    options.push({ id: optionId(options.length), text: L(left), match: L(right) });
  }
  return { ok: true, value: { type: 'matching', options, scoring: 'partial', ...explanation } };
}

function splitAnswers(body: string, base: number, lineAt: (i: number) => number, ctx: TextContext, opts: { keepRaw?: boolean } = {}): Outcome<GiftAnswer[]> {
  const starts: Array<{ marker: '=' | '~'; at: number }> = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '=' || c === '~') starts.push({ marker: c, at: i });
  }
  const lead = body.slice(0, starts[0]?.at ?? body.length);
  if (lead.trim() !== '') return fail(`text before the first answer: "${lead.trim().slice(0, 40)}" (line ${lineAt(base + lead.search(/\S/))})`);
  const out: GiftAnswer[] = [];
  for (const [k, s] of starts.entries()) {
    const line = lineAt(base + s.at);
    let raw = body.slice(s.at + 1, starts[k + 1]?.at ?? body.length).trimStart();
    let weight: number | undefined;
    if (raw.startsWith('%')) {
      const m = /^%(-?\d+(?:[.,]\d+)?)%/.exec(raw);
      if (!m) return fail(`bad weight "${raw.slice(0, 12).trim()}": write it as %50% or %-100% (line ${line})`);
      weight = Number(m[1]!.replace(',', '.'));
      if (weight < -100 || weight > 100) return fail(`weight ${m[1]}% is out of range -100..100 (line ${line})`);
      raw = raw.slice(m[0].length);
    }
    const hash = findUnescaped(raw, '#');
    const rawText = hash >= 0 ? raw.slice(0, hash) : raw;
    // Short answers keep a format-like prefix as text, so emptiness is judged before stripping it.
    if (unescapeGift(rawText).trim() === '') return fail(`empty answer after "${s.marker}" (line ${line})`);
    const text = opts.keepRaw ? '' : readText(rawText, ctx, 'option');
    const feedback = hash >= 0 ? readText(raw.slice(hash + 1), ctx, 'feedback') : '';
    out.push({ marker: s.marker, ...(weight === undefined ? {} : { weight }), text, rawText, feedback, line });
  }
  return { ok: true, value: out };
}

/** Merge the civiq comment and the current `$CATEGORY` into a parsed question (GIFT and Moodle XML). */
export function applyCiviqComment(
  input: GiftQuestion['input'],
  c: CiviqComment,
  category: string | undefined,
  lang: Language,
): Outcome<Record<string, unknown>> {
  const L = (s: string) => ({ [lang]: s });
  const q: Record<string, unknown> = { ...input };
  const type = input.type;
  for (const key of ['competences', 'gradeBands', 'difficulty', 'points', 'timeLimitSec', 'source'] as const) if (c[key] !== undefined) q[key] = c[key];
  const tags = [...(c.tags ?? [])];
  if (category !== undefined && !tags.includes(category)) tags.push(category);
  if (tags.length > 0) q.tags = tags;

  if (c.weights !== undefined && type !== 'multiple_choice') return fail('civiq comment: weights apply to multiple-answer questions only');
  if (c.scoring !== undefined && type !== 'multiple_choice' && type !== 'matching' && type !== 'ordering') return fail('civiq comment: scoring applies to multiple-answer, ordering and matching questions only');
  if (c.scoring !== undefined) q.scoring = c.scoring;
  if ((c.unit !== undefined || c.display !== undefined || c.slider !== undefined) && type !== 'numerical') return fail('civiq comment: unit/display/slider apply to numerical questions only');
  if (c.unit !== undefined) q.unit = c.unit;
  if (c.display !== undefined) q.display = c.display;
  if (c.slider !== undefined) {
    const m = /^(-?[\d.e+-]+)\.\.(-?[\d.e+-]+)\/([\d.e+-]+)$/i.exec(c.slider);
    if (!m) return fail(`civiq comment: slider must be min..max/step, not "${c.slider}"`);
    q.slider = { min: Number(m[1]), max: Number(m[2]), step: Number(m[3]) };
  }
  if (c.weights !== undefined) {
    if (c.weights !== 'none') return fail(`civiq comment: weights can only be "none", not "${c.weights}"`);
    delete q.weights;
  }
  const matching = { caseSensitive: c.caseSensitive, ignoreDiacritics: c.ignoreDiacritics, ignoreExtraSpaces: c.ignoreExtraSpaces };
  if (Object.values(matching).some((v) => v !== undefined)) {
    if (type !== 'short_answer') return fail('civiq comment: caseSensitive/ignoreDiacritics/ignoreExtraSpaces apply to short-answer questions only');
    q.matching = Object.fromEntries(Object.entries(matching).filter(([, v]) => v !== undefined));
  }
  if (c.imageAlt !== undefined && c.image === undefined) return fail('civiq comment: imageAlt without image');
  if (c.image !== undefined) q.image = { url: c.image, ...(c.imageAlt ? { alt: L(c.imageAlt) } : {}) };
  if (c.feedbackCorrect !== undefined || c.feedbackIncorrect !== undefined) {
    if (type === 'true_false') return fail('civiq comment: true/false feedback belongs in the braces: {T#feedback if wrong#feedback if right}');
    q.feedback = {
      ...(c.feedbackCorrect ? { correct: L(c.feedbackCorrect) } : {}),
      ...(c.feedbackIncorrect ? { incorrect: L(c.feedbackIncorrect) } : {}),
    };
  }
  if (c.optionIds !== undefined) {
    const options = q.options as Array<{ id: string }> | undefined;
    if (!options) return fail('civiq comment: optionIds on a question without options');
    if (c.optionIds.length !== options.length) return fail(`civiq comment: optionIds lists ${c.optionIds.length} ids for ${options.length} options`);
    const rename = new Map(options.map((o, i) => [o.id, c.optionIds![i]!]));
    const to = (id: string) => rename.get(id) ?? id;
    q.options = options.map((o) => ({ ...o, id: to(o.id) }));
    if (typeof q.answer === 'string') q.answer = to(q.answer);
    else if (Array.isArray(q.answer)) q.answer = q.answer.map((a: string) => to(a));
    if (q.weights) q.weights = Object.fromEntries(Object.entries(q.weights as Record<string, number>).map(([k, w]) => [to(k), w]));
  }
  return { ok: true, value: q };
}

// ---------------------------------------------------------------- export

/** Percent as GIFT writes it: no exponent, at most five decimals (Moodle's own precision). */
function percent(w: number): string {
  return String(Number(w.toFixed(5)));
}

/** The weights Moodle should use when a question has none: right options share 100, wrong ones share -100. */
function defaultWeights(options: ReadonlyArray<{ id: string }>, answer: readonly string[]): Record<string, number> {
  const right = new Set(answer);
  const wrong = options.length - right.size;
  return Object.fromEntries(options.map((o) => [o.id, right.has(o.id) ? Number((100 / right.size).toFixed(5)) : wrong > 0 ? Number((-100 / wrong).toFixed(5)) : 0]));
}

/** A number as GIFT writes it: plain decimal, "." as the mark. */
function giftNum(n: number): string {
  return String(n);
}

function answerBlock(q: Exclude<Question, { type: 'ordering' }>, lang: Language): string {
  const explanation = q.explanation ? `####${escapeGiftText(pick(q.explanation, lang))}` : '';
  const fb = (t: { vi: string; en: string } | undefined) => (t ? escapeGiftText(pick(t, lang)) : '');
  if (q.type === 'numerical') {
    const one = (a: (typeof q.answer)[number]) => ('min' in a ? `${giftNum(a.min)}..${giftNum(a.max)}` : a.tolerance ? `${giftNum(a.value)}:${giftNum(a.tolerance)}` : giftNum(a.value));
    if (q.answer.length === 1 && q.answer[0]!.weight === 100) return `{#${one(q.answer[0]!)}${explanation}}`;
    const lines = q.answer.map((a) => `=${a.weight === 100 ? '' : `%${percent(a.weight)}%`}${one(a)}`);
    if (explanation) lines.push(explanation);
    return `{#\n${lines.map((l) => `\t${l}`).join('\n')}\n}`;
  }
  if (q.type === 'matching') {
    const lines = q.options.map((o) => `=${escapeGiftText(pick(o.text, lang), { guardPercent: true })} -> ${escapeGiftText(pick(o.match, lang))}`);
    if (explanation) lines.push(explanation);
    return `{\n${lines.map((l) => `\t${l}`).join('\n')}\n}`;
  }
  if (q.type === 'true_false') {
    const incorrect = fb(q.feedback?.incorrect);
    const correct = fb(q.feedback?.correct);
    const feedback = correct ? `#${incorrect}#${correct}` : incorrect ? `#${incorrect}` : '';
    return `{${q.answer ? 'T' : 'F'}${feedback}${explanation}}`;
  }
  const lines: string[] = [];
  if (q.type === 'short_answer') {
    // "=%100%" keeps an answer that starts with "%" from being read as a weight.
    for (const a of q.answer) lines.push(`=${a.startsWith('%') ? '%100%' : ''}${escapeGift(a)}`);
  } else {
    const weights = q.type === 'multiple_choice' ? (q.weights ?? defaultWeights(q.options, q.answer)) : undefined;
    for (const o of q.options) {
      const text = escapeGiftText(pick(o.text, lang), { guardPercent: true });
      const feedback = o.feedback ? `#${fb(o.feedback)}` : '';
      if (weights) {
        const w = weights[o.id] ?? 0;
        lines.push(`~${w === 0 ? '' : `%${percent(w)}%`}${text}${feedback}`);
      } else lines.push(`${o.id === q.answer ? '=' : '~'}${text}${feedback}`);
    }
  }
  if (explanation) lines.push(explanation);
  return `{\n${lines.map((l) => `\t${l}`).join('\n')}\n}`;
}

function writeQuestion(q: Exclude<Question, { type: 'ordering' }>, lang: Language): string {
  const title = q.id ? `::${escapeGift(q.id)}::` : '';
  const prompt = pick(q.prompt, lang);
  const block = answerBlock(q, lang);
  const parts = prompt.split('_____');
  // One blank with text after it: write a Moodle "missing word" question, braces in place of the blank.
  const text =
    parts.length === 2 && parts[1]!.trim() !== ''
      ? `${escapeGiftText(parts[0]!, { guardComment: !title })}${block}${escapeGift(parts[1]!)}`
      : `${escapeGiftText(prompt, { guardComment: !title })}${block}`;
  return `${writeCiviqComment(q, lang)}\n${title}${text}`;
}

/** Write questions as GIFT. Ordering questions, which GIFT cannot express, are listed in `skipped`. */
export function exportGift(bank: ExportBank, opts: ParseOptions): ExportResult {
  const skipped: ExportSkip[] = [];
  const chunks: string[] = [];
  const header: string[] = [];
  if (bank.meta.slug) header.push(`// civiq bank: ${bank.meta.slug}`);
  if (bank.meta.title) header.push(`// ${pick({ vi: bank.meta.title.vi ?? '', en: bank.meta.title.en ?? '' }, opts.lang).replace(/\s+/g, ' ')}`);
  if (header.length > 0) chunks.push(header.join('\n'));
  bank.questions.forEach((q, i) => {
    if (q.type === 'ordering') {
      skipped.push({ id: exportLabel(q, i), reason: 'GIFT has no ordering questions' });
      return;
    }
    if (q.type === 'matching' && q.options.some((o) => pick(o.text, opts.lang).includes('->') || pick(o.match, opts.lang).includes('->'))) {
      skipped.push({ id: exportLabel(q, i), reason: 'GIFT cannot write "->" inside a matching pair' });
      return;
    }
    if (q.type === 'matching' && q.options.some((o) => o.feedback)) {
      // Exported all the same: the pairs matter more than the feedback.
      skipped.push({ id: exportLabel(q, i), reason: 'GIFT has no feedback on matching pairs: feedback left out' });
    }
    if (q.type === 'short_answer' && q.answer.some((a) => a.includes('->'))) {
      skipped.push({ id: exportLabel(q, i), reason: 'GIFT reads "->" in a short answer as a matching question' });
      return;
    }
    chunks.push(writeQuestion(q, opts.lang));
  });
  return { text: chunks.length > 0 ? `${chunks.join('\n\n')}\n` : '', skipped };
}
