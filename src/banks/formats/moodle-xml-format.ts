import { XMLParser } from 'fast-xml-parser';
import { pick, type Language } from '../../shared/localized.ts';
import { slugify } from '../../shared/text.ts';
import { QuestionKeySchema, type Question } from '../question-schema.ts';
import type { EmbeddedImage, ExportBank, ExportResult, ExportSkip, ParseOptions, ParseResult, ParsedQuestion, SkippedItem } from './format-types.ts';
import { civiqCommentBody, readCiviqComment, writeCiviqComment, type CiviqComment } from './gift-civiq-comment.ts';
import { applyCiviqComment } from './gift-format.ts';
import { htmlToMarkdown } from './html-to-markdown.ts';
import { MAX_EMBEDDED_IMAGE_BYTES, sniffImage } from './image-sniff.ts';
import { IdRegistry, exportLabel, optionId, validateQuestion } from './question-result.ts';

/**
 * Moodle XML, the format Moodle's question bank exports by default. One language
 * per file (`opts.lang`). Import: categories become tags (the full path, as GIFT's
 * `$CATEGORY`), HTML becomes the Markdown subset, base64 images come back as
 * `images` for the caller to store, per-answer fractions become weights where
 * civiq has them and are reported where it has not. Export writes Markdown text
 * with `format="markdown"` (Moodle renders it), native feedback, fractions and
 * tags, and an XML comment `<!-- civiq: … -->` with what Moodle has no field for.
 *
 * fast-xml-parser is a maintained, dependency-free parser; the file is refused
 * before parsing if it declares a DOCTYPE, so no entity expansion can happen.
 */

type Node = Record<string, unknown>;

const ARRAYS = new Set(['question', 'answer', 'subquestion', 'tag', 'file', 'unit', '#comment']);

/** `<x><text>…</text></x>` or a bare string. */
function textOf(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  const n = node as Node;
  if ('text' in n) return textOf(n.text);
  if ('#text' in n) return String(n['#text']);
  return '';
}

const attr = (node: unknown, name: string): string | undefined => {
  if (!node || typeof node !== 'object') return undefined;
  const v = (node as Node)[`@_${name}`];
  return v === undefined ? undefined : String(v);
};

const list = (v: unknown): Node[] => (Array.isArray(v) ? (v as Node[]) : v === undefined ? [] : [v as Node]);

/** Line of each `<question` start tag, skipping comments and CDATA, in document order. */
function questionLines(xml: string): number[] {
  const lines: number[] = [];
  let line = 1;
  for (let i = 0; i < xml.length; i++) {
    const c = xml[i];
    if (c === '\n') line++;
    else if (c === '<') {
      const skipTo = xml.startsWith('<!--', i) ? '-->' : xml.startsWith('<![CDATA[', i) ? ']]>' : undefined;
      if (skipTo) {
        const end = xml.indexOf(skipTo, i);
        const stop = end < 0 ? xml.length : end + skipTo.length;
        for (let j = i; j < stop; j++) if (xml[j] === '\n') line++;
        i = stop - 1;
      } else if (/^<question[\s>]/.test(xml.slice(i, i + 10))) lines.push(line);
    }
  }
  return lines;
}

interface Ctx {
  lang: Language;
  notes: string[];
  images: EmbeddedImage[];
  /** `@@PLUGINFILE@@/name` → pending ref, for the files of the text being read. */
  files: Map<string, { ref: string } | { error: string }>;
  /** Image found in the question text: its pending ref or https URL and alt. */
  image?: { url: string; alt: string };
}

/** Read a text element (`format` attribute + `<text>`) as civiq Markdown. */
function readText(node: unknown, ctx: Ctx, what: string): string {
  const raw = textOf(node);
  const format = attr(node, 'format') ?? 'html';
  if (format === 'markdown') {
    // civiq's export shows the question image to Moodle users as a Markdown image at the end of the text.
    if (what !== 'question text') return raw.trim().normalize('NFC');
    const img = /\n*!\[([^\]\n]*)\]\((https:\/\/[^)\s]+)\)\s*$/.exec(raw);
    if (img && !ctx.image) {
      ctx.image = { url: img[2]!, alt: img[1]! };
      return raw.slice(0, img.index).trim().normalize('NFC');
    }
    return raw.trim().normalize('NFC');
  }
  if (format !== 'html') return raw.trim().normalize('NFC');
  const converted = htmlToMarkdown(raw);
  for (const d of converted.dropped) ctx.notes.push(`${what}: ${d}`);
  for (const img of converted.images) {
    const file = img.src.startsWith('@@PLUGINFILE@@/') ? ctx.files.get(decodeURIComponent(img.src.slice('@@PLUGINFILE@@/'.length))) : undefined;
    const url = file && 'ref' in file ? file.ref : /^https:\/\//.test(img.src) ? img.src : undefined;
    if (file && 'error' in file) ctx.notes.push(`${what}: image ${img.src.slice(15, 75)} (${file.error})`);
    else if (what !== 'question text') ctx.notes.push(`${what}: image ${img.src.slice(0, 60)} (only the question has an image)`);
    else if (!url) ctx.notes.push(`${what}: image ${img.src.slice(0, 60)} (not in the file and not an https link)`);
    else if (ctx.image) ctx.notes.push(`${what}: image ${img.src.slice(0, 60)} (a question has one image)`);
    else ctx.image = { url, alt: img.alt };
  }
  return converted.text;
}

/** Register the base64 files of a text element as pending images. */
function readFiles(node: unknown, ctx: Ctx): void {
  if (!node || typeof node !== 'object') return;
  for (const f of list((node as Node).file)) {
    const name = attr(f, 'name') ?? '';
    const data = textOf(f).replace(/\s+/g, '');
    const bytes = Buffer.from(data, 'base64');
    if (bytes.byteLength > MAX_EMBEDDED_IMAGE_BYTES) {
      ctx.files.set(name, { error: `over ${MAX_EMBEDDED_IMAGE_BYTES / 1024 / 1024} MB` });
      continue;
    }
    const type = sniffImage(bytes);
    if (!type) {
      ctx.files.set(name, { error: 'not a PNG, JPEG, GIF or WebP image' });
      continue;
    }
    const ref = `/uploads/pending-${ctx.images.length}`;
    ctx.images.push({ ref, contentType: type, bytes: new Uint8Array(bytes) });
    ctx.files.set(name, { ref });
  }
}

const fraction = (a: Node): number => {
  const f = Number(attr(a, 'fraction') ?? '0');
  return Number.isFinite(f) ? f : 0;
};

type Outcome = { ok: true; input: Record<string, unknown> } | { ok: false; reason: string };

function readQuestion(q: Node, type: string, ctx: Ctx): Outcome {
  const L = (s: string) => ({ [ctx.lang]: s });
  const fail = (reason: string): Outcome => ({ ok: false, reason });
  readFiles(q.questiontext, ctx);
  const prompt = readText(q.questiontext, ctx, 'question text');
  const explanation = readText(q.generalfeedback, ctx, 'general feedback');
  const base: Record<string, unknown> = { prompt: L(prompt), ...(explanation ? { explanation: L(explanation) } : {}) };
  const correctFb = readText(q.correctfeedback, ctx, 'feedback');
  const incorrectFb = readText(q.incorrectfeedback, ctx, 'feedback');
  if (correctFb || incorrectFb) base.feedback = { ...(correctFb ? { correct: L(correctFb) } : {}), ...(incorrectFb ? { incorrect: L(incorrectFb) } : {}) };
  if (readText(q.partiallycorrectfeedback, { ...ctx, notes: [] }, 'feedback')) ctx.notes.push('the feedback for partly right answers (civiq has right and wrong feedback only)');
  const answers = list(q.answer);
  const optionText = (a: Node, k: number) => readText(a, ctx, `answer ${k + 1}`);
  const optionFeedback = (a: Node, k: number) => readText(a.feedback, ctx, `feedback of answer ${k + 1}`);
  const options = () =>
    answers.map((a, k) => {
      const fb = optionFeedback(a, k);
      return { id: optionId(k), text: L(optionText(a, k)), ...(fb ? { feedback: L(fb) } : {}) };
    });

  switch (type) {
    case 'multichoice': {
      const single = !['false', '0'].includes(textOf(q.single).trim().toLowerCase());
      const opts = options();
      if (single) {
        const best = answers.reduce((b, a, k) => (fraction(a) > fraction(answers[b]!) ? k : b), 0);
        if (answers.length === 0 || fraction(answers[best]!) < 100) return fail('no answer with fraction 100 in a single-answer question');
        answers.forEach((a, k) => {
          if (k !== best && fraction(a) !== 0) ctx.notes.push(`the ${fraction(a)}% credit of answer ${k + 1}: civiq single choice is right or wrong`);
        });
        return { ok: true, input: { ...base, type: 'single_choice', options: opts, answer: optionId(best) } };
      }
      const weights: Record<string, number> = {};
      answers.forEach((a, k) => (weights[optionId(k)] = fraction(a)));
      const right = opts.filter((o) => (weights[o.id] ?? 0) > 0).map((o) => o.id);
      return { ok: true, input: { ...base, type: 'multiple_choice', options: opts, answer: right, scoring: 'partial', weights } };
    }
    case 'truefalse': {
      const t = answers.find((a) => textOf(a).trim().toLowerCase() === 'true');
      const f = answers.find((a) => textOf(a).trim().toLowerCase() === 'false');
      if (!t || !f) return fail('a true/false question needs a "true" and a "false" answer');
      const value = fraction(t) >= fraction(f);
      // Moodle shows each answer's feedback to whoever chose it: the right one's is the "correct" feedback.
      const rightFb = readText((value ? t : f).feedback, ctx, 'feedback');
      const wrongFb = readText((value ? f : t).feedback, ctx, 'feedback');
      const feedback = rightFb || wrongFb ? { feedback: { ...(rightFb ? { correct: L(rightFb) } : {}), ...(wrongFb ? { incorrect: L(wrongFb) } : {}) } } : {};
      return { ok: true, input: { ...base, type: 'true_false', answer: value, ...feedback } };
    }
    case 'shortanswer': {
      const accepted: string[] = [];
      answers.forEach((a, k) => {
        const text = textOf(a).trim();
        if (fraction(a) < 100) ctx.notes.push(`the ${fraction(a)}% answer "${text}": civiq short answers are right or wrong`);
        else {
          if (optionFeedback(a, k)) ctx.notes.push(`the feedback on answer "${text}": short answers have no per-answer feedback`);
          accepted.push(text);
        }
      });
      if (accepted.length === 0) return fail('no answer earns 100%: civiq short answers need at least one fully right answer');
      const caseSensitive = textOf(q.usecase).trim() === '1';
      return { ok: true, input: { ...base, type: 'short_answer', answer: accepted, ...(caseSensitive ? { matching: { caseSensitive: true } } : {}) } };
    }
    case 'numerical': {
      const out: Array<Record<string, number>> = [];
      answers.forEach((a, k) => {
        const raw = textOf(a).trim();
        const value = Number(raw.replace(',', '.'));
        const tolerance = Number(textOf(a.tolerance).trim() || '0');
        const w = fraction(a);
        // civiq writes a range as min..max beside Moodle's midpoint ± half-width, so it comes back as written.
        const range = /^(-?[\d.e+-]+)\.\.(-?[\d.e+-]+)$/i.exec(textOf(a.civiq_range).trim());
        if (raw === '*' || !Number.isFinite(value)) ctx.notes.push(`the answer "${raw}": not a number`);
        else if (w <= 0) ctx.notes.push(`the ${w}% answer "${raw}": it earns nothing`);
        else {
          if (optionFeedback(a, k)) ctx.notes.push(`the feedback on answer "${raw}"`);
          if (range && Number.isFinite(Number(range[1])) && Number.isFinite(Number(range[2]))) out.push({ min: Number(range[1]), max: Number(range[2]), weight: w });
          else out.push({ value, tolerance: Number.isFinite(tolerance) ? Math.abs(tolerance) : 0, weight: w });
        }
      });
      if (out.length === 0) return fail('no numerical answer earns credit');
      const units = q.units && typeof q.units === 'object' ? list((q.units as Node).unit) : [];
      const unit = units.find((u) => Number(textOf(u.multiplier) || '1') === 1);
      if (units.length > (unit ? 1 : 0)) ctx.notes.push('units other than the main one (civiq shows one unit and takes plain numbers)');
      const unitName = unit ? textOf(unit.unit_name).trim() : '';
      return { ok: true, input: { ...base, type: 'numerical', answer: out, ...(unitName ? { unit: unitName } : {}) } };
    }
    case 'matching': {
      const pairs: Array<Record<string, unknown>> = [];
      list(q.subquestion).forEach((s, k) => {
        readFiles(s, ctx);
        const left = readText(s, ctx, `pair ${k + 1}`);
        const right = textOf(list(s.answer)[0]).trim();
        if (!left) ctx.notes.push(`the extra answer "${right}": civiq matching has no distractors`);
        else pairs.push({ id: optionId(pairs.length), text: L(left), match: L(right) });
      });
      return { ok: true, input: { ...base, type: 'matching', options: pairs, scoring: 'partial' } };
    }
    case 'ordering': {
      // qtype_ordering lists the items in the right order.
      const opts = options();
      return { ok: true, input: { ...base, type: 'ordering', options: opts, answer: opts.map((o) => o.id) } };
    }
    case 'essay':
      return fail('essay question is not supported: essays cannot be graded in a contest');
    case 'description':
      return fail('description is not supported: civiq has no description items');
    default:
      return fail(`Moodle question type "${type}" is not supported`);
  }
}

/** Parse a Moodle XML file. Never throws; each problem is reported on the line of its `<question>`. */
export function parseMoodleXml(xml: string, opts: ParseOptions): ParseResult {
  const text = xml.replace(/^\uFEFF/, '');
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return { questions: [], skipped: [{ line: 1, reason: 'a Moodle XML file has no DOCTYPE; this one declares one and is refused' }] };
  let doc: Node;
  try {
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@_',
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: false,
      commentPropName: '#comment',
      processEntities: true,
      htmlEntities: false,
      isArray: (name) => ARRAYS.has(name),
    });
    doc = parser.parse(text, true) as Node;
  } catch (e) {
    const m = /Line (\d+)/i.exec((e as Error).message);
    return { questions: [], skipped: [{ line: m ? Number(m[1]) : 1, reason: `not well-formed XML: ${(e as Error).message.split('\n')[0]}` }] };
  }
  const quiz = doc.quiz as Node | undefined;
  if (!quiz || typeof quiz !== 'object') return { questions: [], skipped: [{ line: 1, reason: 'not a Moodle XML file: the root element must be <quiz>' }] };
  const lines = questionLines(text);
  const questions: ParsedQuestion[] = [];
  const skipped: SkippedItem[] = [];
  const images: EmbeddedImage[] = [];
  const ids = new IdRegistry();
  let category: string | undefined;

  list(quiz.question).forEach((q, i) => {
    const line = lines[i] ?? 1;
    const type = attr(q, 'type') ?? '';
    if (type === 'category') {
      const path = textOf(q.category).trim();
      category = path === '' ? undefined : path.slice(0, 100);
      return;
    }
    const ctx: Ctx = { lang: opts.lang, notes: [], images: [], files: new Map() };
    const r = readQuestion(q, type, ctx);
    if (!r.ok) return void skipped.push({ line, reason: r.reason });

    const civiq: CiviqComment = {};
    let hadComment = false;
    for (const c of list(q['#comment'])) {
      const body = civiqCommentBody(`//${textOf(c).trim().replace(/^civiq:/, ' civiq:')}`);
      if (body === undefined) continue;
      hadComment = true;
      const parsed = readCiviqComment(body.replace(/-\\u002d/g, '--'));
      if (!parsed.ok) return void skipped.push({ line, reason: `civiq comment: ${parsed.error}` });
      Object.assign(civiq, parsed.value);
    }
    if (ctx.image && civiq.image === undefined) {
      civiq.image = ctx.image.url;
      if (ctx.image.alt) civiq.imageAlt = ctx.image.alt;
    }
    // A civiq comment lists the tags in full (category included, none when it has no tags key): it is authoritative.
    const fromComment = hadComment;
    const tags = list((q.tags as Node | undefined)?.tag).map((t) => textOf(t).trim()).filter(Boolean);
    if (tags.length > 0 && !fromComment) civiq.tags = [...new Set(tags)];
    const merged = applyCiviqComment(r.input as Record<string, unknown> & { type: Question['type'] }, civiq, fromComment ? undefined : category, opts.lang);
    if (!merged.ok) return void skipped.push({ line, reason: merged.reason });

    const idnumber = textOf(q.idnumber).trim();
    const name = textOf(q.name).trim();
    const key = idnumber || name;
    const id = key ? ids.unique(QuestionKeySchema.safeParse(key).success ? key : slugify(key)) : undefined;
    const result = validateQuestion(id === undefined ? merged.value : { ...merged.value, id }, line);
    if (!result.ok) return void skipped.push(result.skipped);
    if (id !== undefined) ids.claim(id, line);
    questions.push(result.parsed);
    const used = (result.parsed.question.image?.url ?? '') as string;
    images.push(...ctx.images.filter((img) => img.ref === used));
    for (const note of ctx.notes) skipped.push({ line, reason: `imported without ${note}` });
  });
  // Refs were numbered per question; renumber so they are unique in the file.
  const renamed = renumber(questions, images);
  return { questions: renamed.questions, skipped: skipped.sort((a, b) => a.line - b.line), ...(renamed.images.length > 0 ? { images: renamed.images } : {}) };
}

function renumber(questions: ParsedQuestion[], images: EmbeddedImage[]): { questions: ParsedQuestion[]; images: EmbeddedImage[] } {
  const out: EmbeddedImage[] = [];
  const byQuestion = new Map<ParsedQuestion, EmbeddedImage>();
  let k = 0;
  for (const p of questions) {
    const url = p.question.image?.url;
    if (!url?.startsWith('/uploads/pending-')) continue;
    const img = images.find((i) => i.ref === url && !out.includes(i));
    if (img) byQuestion.set(p, img);
  }
  const qs = questions.map((p) => {
    const img = byQuestion.get(p);
    if (!img) return p;
    const ref = `/uploads/pending-${k++}`;
    out.push({ ...img, ref });
    return { ...p, question: { ...p.question, image: { ...p.question.image!, url: ref } } };
  });
  return { questions: qs, images: out };
}

// ---------------------------------------------------------------- export

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const md = (tag: string, text: string, indent: string) => `${indent}<${tag} format="markdown"><text>${esc(text)}</text></${tag}>`;
const plain = (tag: string, text: string, indent: string) => `${indent}<${tag}><text>${esc(text)}</text></${tag}>`;

/** A category path of Moodle's shape, which becomes the `<question type="category">` before a question. */
const CATEGORY_TAG = /^(\$(course|system|module|cat\d*)\$\/|top\/)/;

function moodleType(q: Question): string {
  return { single_choice: 'multichoice', multiple_choice: 'multichoice', true_false: 'truefalse', short_answer: 'shortanswer', ordering: 'ordering', numerical: 'numerical', matching: 'matching' }[q.type];
}

function writeQuestion(q: Question, lang: Language): string {
  const T = (t: { vi: string; en: string }) => pick(t, lang);
  const lines: string[] = [];
  const i2 = '    ';
  // Moodle lists ordering items in the right order, so the option ids are given in that order too.
  const inFileOrder = q.type === 'ordering' ? { ...q, options: q.answer.map((id) => q.options.find((o) => o.id === id)!) } : q;
  const civiq = writeCiviqComment(inFileOrder, lang).replace(/^\/\/ /, '').replace(/--/g, '-\\u002d');
  lines.push(`  <question type="${moodleType(q)}">`);
  lines.push(`${i2}<!-- ${civiq} -->`);
  lines.push(plain('name', q.id ?? slugify(T(q.prompt)).slice(0, 60), i2));
  // Moodle users see an https question image as a Markdown image after the text (read back as the image).
  const picture = q.image && /^https:\/\/[^)\s]+$/.test(q.image.url) ? `\n\n![${(q.image.alt ? T(q.image.alt) : '').replace(/[\]\n]/g, ' ')}](${q.image.url})` : '';
  lines.push(md('questiontext', T(q.prompt) + picture, i2));
  lines.push(md('generalfeedback', q.explanation ? T(q.explanation) : '', i2));
  lines.push(`${i2}<defaultgrade>${q.points === 0 ? 0 : q.points}</defaultgrade>`);
  lines.push(`${i2}<hidden>0</hidden>`);
  lines.push(`${i2}<idnumber>${esc(q.id ?? '')}</idnumber>`);
  const fb = (tag: string, t: { vi: string; en: string } | undefined) => lines.push(md(tag, t ? T(t) : '', i2));
  const answer = (fractionValue: number, text: string, format: 'markdown' | 'plain', feedback?: string, extra = '') =>
    lines.push(
      `${i2}<answer fraction="${Number(fractionValue.toFixed(5))}"${format === 'markdown' ? ' format="markdown"' : ''}><text>${esc(text)}</text>${extra}<feedback format="markdown"><text>${esc(feedback ?? '')}</text></feedback></answer>`,
    );
  switch (q.type) {
    case 'single_choice':
    case 'multiple_choice': {
      lines.push(`${i2}<single>${q.type === 'single_choice'}</single>`, `${i2}<shuffleanswers>true</shuffleanswers>`, `${i2}<answernumbering>abc</answernumbering>`);
      fb('correctfeedback', q.feedback?.correct);
      fb('incorrectfeedback', q.feedback?.incorrect);
      const weights = q.type === 'multiple_choice' ? (q.weights ?? defaultWeights(q.options.map((o) => o.id), q.answer)) : undefined;
      for (const o of q.options) {
        const f = weights ? (weights[o.id] ?? 0) : o.id === q.answer ? 100 : 0;
        answer(f, T(o.text), 'markdown', o.feedback ? T(o.feedback) : undefined);
      }
      break;
    }
    case 'true_false': {
      answer(q.answer ? 100 : 0, 'true', 'plain', q.feedback ? T((q.answer ? q.feedback.correct : q.feedback.incorrect) ?? { vi: '', en: '' }) : undefined);
      answer(q.answer ? 0 : 100, 'false', 'plain', q.feedback ? T((q.answer ? q.feedback.incorrect : q.feedback.correct) ?? { vi: '', en: '' }) : undefined);
      break;
    }
    case 'short_answer':
      lines.push(`${i2}<usecase>${q.matching.caseSensitive ? 1 : 0}</usecase>`);
      for (const a of q.answer) answer(100, a, 'plain');
      break;
    case 'numerical':
      for (const a of q.answer) {
        // Moodle numerical answers are value ± tolerance; a range is its midpoint ± half its width.
        const value = 'min' in a ? (a.min + a.max) / 2 : a.value;
        const tolerance = 'min' in a ? (a.max - a.min) / 2 : a.tolerance;
        answer(a.weight, String(value), 'plain', undefined, `<tolerance>${tolerance}</tolerance>${'min' in a ? `<civiq_range>${a.min}..${a.max}</civiq_range>` : ''}`);
      }
      if (q.unit) lines.push(`${i2}<units><unit><multiplier>1</multiplier><unit_name>${esc(q.unit)}</unit_name></unit></units>`, `${i2}<unitgradingtype>0</unitgradingtype>`, `${i2}<showunits>3</showunits>`);
      break;
    case 'matching':
      lines.push(`${i2}<shuffleanswers>true</shuffleanswers>`);
      fb('correctfeedback', q.feedback?.correct);
      fb('incorrectfeedback', q.feedback?.incorrect);
      for (const o of q.options) lines.push(`${i2}<subquestion format="markdown"><text>${esc(T(o.text))}</text><answer><text>${esc(T(o.match))}</text></answer></subquestion>`);
      break;
    case 'ordering': {
      const byId = new Map(q.options.map((o) => [o.id, o]));
      lines.push(`${i2}<layouttype>VERTICAL</layouttype>`, `${i2}<selecttype>ALL</selecttype>`, `${i2}<gradingtype>${q.scoring === 'partial' ? 'RELATIVE_TO_CORRECT' : 'ALL_OR_NOTHING'}</gradingtype>`);
      q.answer.forEach((id, k) => {
        const o = byId.get(id)!;
        answer(k + 1, T(o.text), 'markdown', o.feedback ? T(o.feedback) : undefined);
      });
      break;
    }
  }
  const tags = q.tags.filter((t) => !CATEGORY_TAG.test(t));
  if (tags.length > 0) lines.push(`${i2}<tags>${tags.map((t) => `<tag><text>${esc(t)}</text></tag>`).join('')}</tags>`);
  lines.push('  </question>');
  return lines.join('\n');
}

function defaultWeights(ids: readonly string[], answer: readonly string[]): Record<string, number> {
  const wrong = ids.length - answer.length;
  return Object.fromEntries(ids.map((id) => [id, answer.includes(id) ? 100 / answer.length : wrong > 0 ? -100 / wrong : 0]));
}

/** Write a bank as Moodle XML in `opts.lang`. Every civiq type has a Moodle type (ordering needs Moodle's ordering plugin). */
export function exportMoodleXml(bank: ExportBank, opts: ParseOptions): ExportResult {
  const skipped: ExportSkip[] = [];
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<quiz>'];
  let category: string | undefined;
  bank.questions.forEach((q, i) => {
    const cat = q.tags.find((t) => CATEGORY_TAG.test(t));
    if (cat !== category && cat !== undefined) {
      out.push(`  <question type="category">\n    <category><text>${esc(cat)}</text></category>\n  </question>`);
      category = cat;
    } else if (cat === undefined && category !== undefined) {
      // A question without a category after one with: Moodle would file it under the previous one.
      out.push('  <question type="category">\n    <category><text>$course$/top</text></category>\n  </question>');
      category = '$course$/top';
    }
    if (q.tags.filter((t) => CATEGORY_TAG.test(t)).length > 1) skipped.push({ id: exportLabel(q, i), reason: 'Moodle files a question in one category: the other category tags are left out' });
    if (q.image && !/^https:\/\//.test(q.image.url)) skipped.push({ id: exportLabel(q, i), reason: 'the uploaded image is not embedded; the civiq comment keeps its link' });
    if (q.type === 'matching' && q.options.some((o) => o.feedback)) skipped.push({ id: exportLabel(q, i), reason: 'Moodle XML has no feedback on matching pairs: feedback left out' });
    out.push(writeQuestion(q, opts.lang));
  });
  out.push('</quiz>');
  return { text: `${out.join('\n')}\n`, skipped };
}
