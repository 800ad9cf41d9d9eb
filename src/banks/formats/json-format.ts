import type { LocalizedText } from '../../shared/localized.ts';
import { DEFAULT_FRAMEWORK_ID } from '../competences.ts';
import { BankMetaSchema, type Question } from '../question-schema.ts';
import type { BankMeta, ExportBank, ExportResult, ParseResult, ParsedQuestion, SkippedItem } from './format-types.ts';
import { scanJson, type JsonPath } from './json-positions.ts';
import { rejectDuplicateIds, sortSkipped, validateQuestion } from './question-result.ts';

/**
 * The native, lossless format: a bank file (`BankFileSchema`), `{ "questions": [...] }`
 * or a bare array of questions. Export always writes a full bank file with a fixed
 * key order, so export → import → export gives the same text.
 */

export const BANK_SCHEMA_URL = '/schemas/bank.json';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Input keys the schema stripped: reported, because a dropped field is lost data. */
function unknownKeys(input: unknown, output: unknown): string[] {
  const found: string[] = [];
  const stack: Array<[unknown, unknown, string]> = [[input, output, '']];
  while (stack.length > 0) {
    const [a, b, path] = stack.pop()!;
    if (isObject(a) && isObject(b)) {
      for (const k of Object.keys(a)) {
        const p = path ? `${path}.${k}` : k;
        if (!(k in b)) found.push(p);
        else stack.push([a[k], b[k], p]);
      }
    } else if (Array.isArray(a) && Array.isArray(b)) {
      a.forEach((v, i) => stack.push([v, b[i], path ? `${path}.${i}` : String(i)]));
    }
  }
  return found.sort();
}

function readMeta(raw: Record<string, unknown>, lineOf: (path: JsonPath) => number, skipped: SkippedItem[]): Partial<BankMeta> {
  const shape = BankMetaSchema.shape;
  for (const k of Object.keys(raw)) if (!(k in shape)) skipped.push({ line: lineOf([k]), reason: `unknown bank field "${k}" ignored` });
  const parsed = BankMetaSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    const key = issue.path[0];
    const path = issue.path.map(String).join('.');
    skipped.push({ line: typeof key === 'string' ? lineOf([key]) : 1, reason: `bank ${path || 'metadata'}: ${issue.message}` });
  }
  // Keep the fields that are valid on their own, so a caller can still show or merge them.
  const meta: Record<string, unknown> = {};
  for (const [k, schema] of Object.entries(shape)) {
    if (!(k in raw)) continue;
    const r = (schema as { safeParse: (v: unknown) => { success: boolean; data?: unknown } }).safeParse(raw[k]);
    if (r.success) meta[k] = r.data;
  }
  return meta as Partial<BankMeta>;
}

/** Parse native JSON. Never throws: a syntax error is one skipped item on the line of the error. */
export function parseJsonBank(text: string): ParseResult {
  const body = text.replace(/^\uFEFF/, '');
  const scan = scanJson(body);
  if (!scan.ok) return { questions: [], skipped: [{ line: scan.line, reason: `invalid JSON (line ${scan.line}): ${scan.message}` }] };
  let root: unknown;
  try {
    root = JSON.parse(body);
  } catch (e) {
    return { questions: [], skipped: [{ line: 1, reason: `invalid JSON: ${(e as Error).message}` }] };
  }
  const lineOf = (path: JsonPath) => scan.lineOf(path) ?? 1;
  const skipped: SkippedItem[] = [];
  let items: unknown[];
  let base: JsonPath;
  let meta: Partial<BankMeta> | undefined;
  if (Array.isArray(root)) {
    items = root;
    base = [];
  } else if (isObject(root) && 'questions' in root) {
    const { questions, $schema, ...rest } = root;
    if (!Array.isArray(questions)) return { questions: [], skipped: [{ line: lineOf(['questions']), reason: '"questions" must be an array' }] };
    if ($schema !== undefined && typeof $schema !== 'string') skipped.push({ line: lineOf(['$schema']), reason: '"$schema" must be a string' });
    items = questions;
    base = ['questions'];
    if (Object.keys(rest).length > 0) meta = readMeta(rest, lineOf, skipped);
  } else {
    return {
      questions: [],
      skipped: [{ line: lineOf([]), reason: 'expected a bank file ({"slug": …, "title": …, "questions": […]}), {"questions": […]} or an array of questions' }],
    };
  }

  const parsed: ParsedQuestion[] = [];
  items.forEach((item, i) => {
    const line = lineOf([...base, i]);
    const r = validateQuestion(item, line);
    if (!r.ok) return void skipped.push(r.skipped);
    const extra = unknownKeys(item, r.parsed.question);
    if (extra.length > 0) skipped.push({ line, reason: `unknown fields ignored: ${extra.join(', ')}` });
    parsed.push(r.parsed);
  });
  const questions = rejectDuplicateIds(parsed, skipped);
  return { questions, skipped: sortSkipped(skipped), ...(meta ? { meta } : {}) };
}

const text = (t: Partial<LocalizedText> | undefined) => (t ? { vi: t.vi ?? '', en: t.en ?? '' } : undefined);

/** A question with its keys in one fixed order; JSON.stringify drops the undefined ones. */
export function canonicalQuestion(q: Question): Record<string, unknown> {
  const base = { id: q.id, type: q.type, prompt: text(q.prompt) };
  const options = 'options' in q ? q.options.map((o) => ({ id: o.id, text: text(o.text), ...('match' in o ? { match: text(o.match) } : {}), feedback: text(o.feedback) })) : undefined;
  let typed: Record<string, unknown>;
  switch (q.type) {
    case 'multiple_choice': {
      const weights = q.weights
        ? Object.fromEntries(
            [...q.options.map((o) => o.id), ...Object.keys(q.weights)]
              .filter((k, i, all) => all.indexOf(k) === i && q.weights?.[k] !== undefined)
              .map((k) => [k, q.weights![k]]),
          )
        : undefined;
      typed = { options, answer: [...q.answer], scoring: q.scoring, weights };
      break;
    }
    case 'ordering':
      typed = { options, answer: [...q.answer], scoring: q.scoring };
      break;
    case 'single_choice':
      typed = { options, answer: q.answer };
      break;
    case 'true_false':
      typed = { answer: q.answer };
      break;
    case 'short_answer':
      typed = {
        answer: [...q.answer],
        matching: { caseSensitive: q.matching.caseSensitive, ignoreDiacritics: q.matching.ignoreDiacritics, ignoreExtraSpaces: q.matching.ignoreExtraSpaces },
      };
      break;
    case 'numerical':
      typed = {
        answer: q.answer.map((a) => ('min' in a ? { min: a.min, max: a.max, weight: a.weight } : { value: a.value, tolerance: a.tolerance, weight: a.weight })),
        unit: q.unit,
        display: q.display,
        slider: q.slider ? { min: q.slider.min, max: q.slider.max, step: q.slider.step } : undefined,
      };
      break;
    case 'matching':
      typed = { options, scoring: q.scoring };
      break;
  }
  return {
    ...base,
    ...typed,
    explanation: text(q.explanation),
    feedback: q.feedback ? { correct: text(q.feedback.correct), incorrect: text(q.feedback.incorrect) } : undefined,
    competences: [...q.competences],
    gradeBands: [...q.gradeBands],
    difficulty: q.difficulty,
    timeLimitSec: q.timeLimitSec,
    points: q.points,
    source: q.source,
    image: q.image ? { url: q.image.url, alt: text(q.image.alt) } : undefined,
    tags: [...q.tags],
  };
}

/** Write a full bank file: 2-space indent, `$schema`, defaults made explicit. */
export function exportJsonBank(bank: ExportBank): ExportResult {
  const m = bank.meta;
  const file = {
    $schema: BANK_SCHEMA_URL,
    slug: m.slug,
    title: text(m.title),
    description: text(m.description),
    defaultLanguage: m.defaultLanguage ?? 'vi',
    framework: m.framework ?? DEFAULT_FRAMEWORK_ID,
    visibility: m.visibility ?? 'private',
    licence: m.licence,
    author: m.author,
    tags: [...(m.tags ?? [])],
    questions: bank.questions.map(canonicalQuestion),
  };
  return { text: `${JSON.stringify(file, null, 2)}\n`, skipped: [] };
}
