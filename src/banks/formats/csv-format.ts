import { fold } from '../../shared/text.ts';
import { neutraliseFormula, restoreFormulaText } from '../../shared/csv.ts';
import type { LocalizedText } from '../../shared/localized.ts';
import type { Question } from '../question-schema.ts';
import type { ExportBank, ExportResult, ParseResult, ParsedQuestion, SkippedItem } from './format-types.ts';
import { readCsv, writeCsv } from './csv-records.ts';
import { columnForVietnameseHeader } from './csv-vietnamese-headers.ts';
import { hasDefaultOptionIds, optionId, rejectDuplicateIds, sortSkipped, validateQuestion } from './question-result.ts';

/**
 * The teachers' spreadsheet format: one question per row, both languages side by
 * side. Columns are matched by name, in any order; docs/formats.md lists them.
 * It carries everything except per-option feedback.
 */

/** Columns up to option 6 as the documented template orders them. */
export const CSV_BASE_COLUMNS = [
  'id',
  'type',
  'prompt_vi',
  'prompt_en',
  ...[1, 2, 3, 4, 5, 6].flatMap((n) => [`option_${n}_vi`, `option_${n}_en`]),
  'correct',
  'scoring',
  'explanation_vi',
  'explanation_en',
  'competences',
  'difficulty',
  'grade_bands',
  'time_limit_sec',
  'points',
  'source',
  'tags',
] as const;

/** Optional columns for what the template leaves out, written after it. */
export const CSV_EXTRA_COLUMNS = [
  'weights',
  'feedback_correct_vi',
  'feedback_correct_en',
  'feedback_incorrect_vi',
  'feedback_incorrect_en',
  'case_sensitive',
  'ignore_diacritics',
  'ignore_extra_spaces',
  'option_ids',
  'image_url',
  'image_alt_vi',
  'image_alt_en',
  'unit',
  'display',
  'slider',
  ...[1, 2, 3, 4, 5, 6, 7, 8].flatMap((n) => [`match_${n}_vi`, `match_${n}_en`]),
] as const;

/** Multiple choice allows 8 options; columns 7 and 8 are read when present and written when needed. */
const MAX_OPTIONS = 8;
const KNOWN = new Set<string>([
  ...CSV_BASE_COLUMNS,
  ...CSV_EXTRA_COLUMNS,
  ...[7, 8].flatMap((n) => [`option_${n}_vi`, `option_${n}_en`]),
]);

/** Compared after `fold`, so "Đúng", "đúng" and "dung" all count. */
const TRUE_WORDS = new Set(['true', 't', '1', 'dung', 'co', 'yes']);
const FALSE_WORDS = new Set(['false', 'f', '0', 'sai', 'khong', 'no']);


const normalizeHeader = (h: string) => columnForVietnameseHeader(h) ?? h.trim().toLowerCase().replace(/[\s-]+/g, '_');

/** Split on unescaped `|`; `\|` and `\\` are the only escapes, so Windows paths survive. */
function splitPipes(cell: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i];
    const next = cell[i + 1];
    if (c === '\\' && (next === '|' || next === '\\')) {
      cur += next;
      i++;
    } else if (c === '|') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

const escapePipes = (s: string) => s.replace(/\\(?=[|\\]|$)/g, '\\\\').replace(/\|/g, '\\|');

/** Tags: `|`-separated when the cell has an unescaped `|`, otherwise `,`-separated. */
function splitTags(cell: string): string[] {
  const parts = splitPipes(cell);
  const list = parts.length > 1 ? parts : parts[0]!.split(',');
  return list.map((t) => t.trim()).filter((t) => t !== '');
}

function joinTags(tags: readonly string[]): string {
  const joined = tags.map(escapePipes).join('|');
  // One tag with a comma would be read back as several; a trailing "|" marks the cell as "|"-separated.
  return tags.length === 1 && tags[0]!.includes(',') ? `${joined}|` : joined;
}

const splitCodes = (cell: string) => cell.split(/[|,;\s]+/).filter((c) => c !== '');

/** Parse a CSV file. Never throws; each bad row is skipped with the line it starts on. */
export function parseCsv(text: string): ParseResult {
  const { records, unclosedQuote } = readCsv(text);
  const skipped: SkippedItem[] = [];
  if (unclosedQuote) {
    skipped.push({ line: unclosedQuote.line, reason: `a quote opened on line ${unclosedQuote.quoteLine} is never closed; the rest of the file from line ${unclosedQuote.line} could not be read` });
  }
  return parseSheetRecords(records, skipped);
}

/**
 * The spreadsheet rules over rows already split into cells (a CSV file, or an
 * .xlsx sheet whose `line` is the Excel row number). `columnName` maps a header
 * cell to a column name (the .xlsx template's Vietnamese headers).
 */
export function parseSheetRecords(
  records: ReadonlyArray<{ line: number; fields: string[] }>,
  skipped: SkippedItem[] = [],
  columnName: (header: string) => string = normalizeHeader,
): ParseResult {
  const parsed: ParsedQuestion[] = [];
  const header = records[0];
  if (!header) return { questions: [], skipped };

  const columns = new Map<string, number>();
  const unknown: string[] = [];
  const twice: string[] = [];
  header.fields.forEach((raw, i) => {
    const name = columnName(raw);
    if (name === '') return;
    if (!KNOWN.has(name)) unknown.push(raw.trim());
    else if (columns.has(name)) twice.push(name);
    else columns.set(name, i);
  });
  if (!columns.has('prompt_vi') && !columns.has('prompt_en')) {
    skipped.push({ line: header.line, reason: 'the header has no prompt_vi or prompt_en column (see docs/formats.md for the column names)' });
    return { questions: [], skipped };
  }
  if (unknown.length > 0) skipped.push({ line: header.line, reason: `unknown columns ignored: ${unknown.map((u) => `"${u}"`).join(', ')}` });
  if (twice.length > 0) skipped.push({ line: header.line, reason: `columns given twice, only the first is read: ${twice.join(', ')}` });

  for (const record of records.slice(1)) {
    if (record.fields.every((f) => f.trim() === '')) continue;
    const extra = record.fields.slice(header.fields.length).filter((f) => f.trim() !== '');
    if (extra.length > 0) {
      skipped.push({ line: record.line, reason: `row has ${record.fields.length} cells but the header has ${header.fields.length}; a separator inside a cell must be quoted` });
      continue;
    }
    const row = readRow(record.fields, columns);
    if (!row.ok) {
      skipped.push({ line: record.line, reason: row.errors.join('; ') });
      continue;
    }
    const r = validateQuestion(row.input, record.line);
    if (r.ok) parsed.push(r.parsed);
    else skipped.push(r.skipped);
  }
  const questions = rejectDuplicateIds(parsed, skipped);
  return { questions, skipped: sortSkipped(skipped) };
}

function readRow(fields: string[], columns: Map<string, number>): { ok: true; input: Record<string, unknown> } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const get = (name: string): string => {
    const i = columns.get(name);
    const raw = i === undefined ? '' : (fields[i] ?? '');
    const value = raw.trim();
    return restoreFormulaText(value);
  };
  const text = (base: string): LocalizedText | undefined => {
    const t = { vi: get(`${base}_vi`), en: get(`${base}_en`) };
    return t.vi || t.en ? t : undefined;
  };
  const num = (name: string): number | undefined => {
    const v = get(name);
    if (v === '') return undefined;
    if (!/^-?\d+(?:[.,]\d+)?(?:e[-+]?\d+)?$/i.test(v)) {
      errors.push(`${name}: "${v}" is not a number`);
      return undefined;
    }
    return Number(v.replace(',', '.'));
  };
  const bool = (name: string, v = get(name)): boolean | undefined => {
    if (v === '') return undefined;
    const f = fold(v);
    if (TRUE_WORDS.has(f)) return true;
    if (FALSE_WORDS.has(f)) return false;
    errors.push(`${name}: "${v}" is not true/false (đúng/sai)`);
    return undefined;
  };

  const options: Array<{ id: string; text: LocalizedText }> = [];
  let lastFilled = 0;
  for (let n = 1; n <= MAX_OPTIONS; n++) if (text(`option_${n}`)) lastFilled = n;
  for (let n = 1; n <= lastFilled; n++) {
    const t = text(`option_${n}`);
    if (!t) errors.push(`option ${n} is empty but option ${lastFilled} is filled`);
    else options.push({ id: optionId(n - 1), text: t });
  }
  const ids = get('option_ids');
  if (ids !== '') {
    const list = splitCodes(ids);
    if (list.length !== options.length) errors.push(`option_ids lists ${list.length} ids for ${options.length} options`);
    else list.forEach((id, i) => (options[i]!.id = id));
  }

  const rawType = get('type').toLowerCase().replace(/[\s-]+/g, '_');
  const type = rawType || (options.length > 0 ? 'single_choice' : '');
  if (type === '') errors.push('type is required for a row without options');
  const withOptions = type === 'single_choice' || type === 'multiple_choice' || type === 'ordering' || type === 'matching';
  if (type === 'matching') {
    options.forEach((o, i) => {
      const m = text(`match_${i + 1}`);
      if (!m) errors.push(`match ${i + 1} is empty: every option of a matching question needs its match`);
      else (o as { match?: LocalizedText }).match = m;
    });
  } else if ([1, 2, 3, 4, 5, 6, 7, 8].some((n) => text(`match_${n}`))) errors.push(`match columns apply to matching questions only, not ${type}`);
  if (!withOptions && options.length > 0 && type !== '') errors.push(`${type} takes no options`);

  const optionRef = (token: string): string | undefined => {
    const n = /^\d+$/.test(token) ? Number(token) : /^[a-z]$/i.test(token) ? token.toUpperCase().charCodeAt(0) - 64 : NaN;
    const o = options[n - 1];
    if (!o) errors.push(`correct: "${token}" is not an option number 1–${options.length}`);
    return o?.id;
  };
  const correct = get('correct');
  let answer: unknown;
  if (type === 'matching') {
    if (correct !== '') errors.push('correct stays empty for a matching question: each option is paired with its match column');
  } else if (correct === '') errors.push('correct is empty');
  else if (type === 'single_choice') {
    answer = optionRef(correct);
  } else if (type === 'multiple_choice' || type === 'ordering') {
    answer = splitCodes(correct).map(optionRef);
  } else if (type === 'true_false') {
    answer = bool('correct', correct);
  } else if (type === 'short_answer') {
    answer = splitPipes(correct).map((a) => a.trim()).filter((a) => a !== '');
  } else if (type === 'numerical') {
    answer = splitPipes(correct).map((a) => a.trim()).filter((a) => a !== '').map((a) => {
      const n = readNumericAnswer(a);
      if (!n) errors.push(`correct: "${a}" is not a number, value:tolerance, min..max, optionally after %weight%`);
      return n;
    });
  }

  const input: Record<string, unknown> = { type, prompt: text('prompt') ?? {}, ...(type === 'matching' ? {} : { answer }) };
  const unit = get('unit');
  const display = get('display').toLowerCase();
  const slider = get('slider');
  if (unit || display || slider) {
    if (type !== 'numerical') errors.push('unit / display / slider apply to numerical only');
    else {
      if (unit) input.unit = unit;
      if (display) input.display = display;
      if (slider) {
        const m = /^(-?[\d.,e+]+)\s*\.\.\s*(-?[\d.,e+]+)\s*\/\s*([\d.,e+]+)$/i.exec(slider);
        if (!m) errors.push(`slider: "${slider}" is not min..max/step`);
        else input.slider = { min: Number(m[1]!.replace(',', '.')), max: Number(m[2]!.replace(',', '.')), step: Number(m[3]!.replace(',', '.')) };
      }
    }
  }
  if (withOptions) input.options = options;
  const id = get('id');
  if (id !== '') input.id = id;

  const scoring = get('scoring').toLowerCase();
  if (scoring !== '') {
    if (type === 'multiple_choice' || type === 'ordering' || type === 'matching') input.scoring = scoring;
    else errors.push(`scoring applies to multiple_choice, ordering and matching, not ${type}`);
  }
  const weights = get('weights');
  if (weights !== '') {
    const parts = splitPipes(weights).map((w) => w.trim());
    if (type !== 'multiple_choice') errors.push('weights apply to multiple_choice only');
    else if (parts.length !== options.length) errors.push(`weights lists ${parts.length} values for ${options.length} options`);
    else {
      const record: Record<string, number> = {};
      parts.forEach((w, i) => {
        if (w === '') return;
        if (!/^-?\d+(?:[.,]\d+)?(?:e[-+]?\d+)?$/i.test(w)) errors.push(`weights: "${w}" is not a number`);
        else record[options[i]!.id] = Number(w.replace(',', '.'));
      });
      input.weights = record;
    }
  }
  const matching = { caseSensitive: bool('case_sensitive'), ignoreDiacritics: bool('ignore_diacritics'), ignoreExtraSpaces: bool('ignore_extra_spaces') };
  if (Object.values(matching).some((v) => v !== undefined)) {
    if (type === 'short_answer') input.matching = Object.fromEntries(Object.entries(matching).filter(([, v]) => v !== undefined));
    else errors.push('case_sensitive / ignore_diacritics / ignore_extra_spaces apply to short_answer only');
  }

  const explanation = text('explanation');
  if (explanation) input.explanation = explanation;
  const feedbackCorrect = text('feedback_correct');
  const feedbackIncorrect = text('feedback_incorrect');
  if (feedbackCorrect || feedbackIncorrect) input.feedback = { ...(feedbackCorrect ? { correct: feedbackCorrect } : {}), ...(feedbackIncorrect ? { incorrect: feedbackIncorrect } : {}) };
  const competences = get('competences');
  if (competences !== '') input.competences = splitCodes(competences);
  const gradeBands = get('grade_bands');
  if (gradeBands !== '') input.gradeBands = splitCodes(gradeBands).map((g) => g.toUpperCase());
  for (const [column, key] of [
    ['difficulty', 'difficulty'],
    ['time_limit_sec', 'timeLimitSec'],
    ['points', 'points'],
  ] as const) {
    const v = num(column);
    if (v !== undefined) input[key] = v;
  }
  const source = get('source');
  if (source !== '') input.source = source;
  const tags = get('tags');
  if (tags !== '') input.tags = splitTags(tags);
  const imageUrl = get('image_url');
  const imageAlt = text('image_alt');
  if (imageUrl !== '') input.image = { url: imageUrl, ...(imageAlt ? { alt: imageAlt } : {}) };
  else if (imageAlt) errors.push('image_alt without image_url');

  return errors.length > 0 ? { ok: false, errors } : { ok: true, input };
}

/** Text cells that Excel would run as a formula get a leading `'`; import removes exactly one. */
const cell = neutraliseFormula;

/** Write every question type in both languages; only per-option feedback is left out. */
export function exportCsv(bank: ExportBank): ExportResult {
  const optionColumns = Math.max(6, ...bank.questions.map((q) => ('options' in q ? q.options.length : 0)));
  const header = [
    ...CSV_BASE_COLUMNS.slice(0, 4 + 12),
    ...Array.from({ length: optionColumns - 6 }, (_, k) => [`option_${k + 7}_vi`, `option_${k + 7}_en`]).flat(),
    ...CSV_BASE_COLUMNS.slice(4 + 12),
    // Numerical and matching columns only when such a question is there, as many match columns as the longest needs.
    ...CSV_EXTRA_COLUMNS.filter((c) => {
      if (['unit', 'display', 'slider'].includes(c)) return bank.questions.some((q) => q.type === 'numerical');
      const m = /^match_(\d+)_/.exec(c);
      return !m || Number(m[1]) <= Math.max(0, ...bank.questions.map((q) => (q.type === 'matching' ? q.options.length : 0)));
    }),
  ];
  const rows = bank.questions.map((q) => {
    const values = rowValues(q);
    return header.map((h) => cell(values[h] ?? ''));
  });
  return { text: writeCsv([header, ...rows]), skipped: [] };
}

/** The header row and the cell values of each question, as the CSV export writes them. */
export function sheetRows(bank: ExportBank): { header: string[]; rows: string[][] } {
  const text = exportCsv(bank).text;
  const all = readCsv(text).records.map((r) => r.fields);
  return { header: all[0] ?? [], rows: all.slice(1) };
}

function rowValues(q: Question): Record<string, string> {
  const v: Record<string, string> = {};
  const put = (base: string, t: LocalizedText | undefined) => {
    if (!t) return;
    v[`${base}_vi`] = t.vi;
    v[`${base}_en`] = t.en;
  };
  v.id = q.id ?? '';
  v.type = q.type;
  put('prompt', q.prompt);
  if ('options' in q) {
    q.options.forEach((o, i) => put(`option_${i + 1}`, o.text));
    if (!hasDefaultOptionIds(q.options)) v.option_ids = q.options.map((o) => o.id).join('|');
  }
  const number = (id: string) => String(('options' in q ? q.options.findIndex((o) => o.id === id) : -1) + 1);
  switch (q.type) {
    case 'single_choice':
      v.correct = number(q.answer);
      break;
    case 'multiple_choice':
      v.correct = q.answer.map(number).join('|');
      v.scoring = q.scoring;
      if (q.weights) v.weights = q.options.map((o) => (q.weights?.[o.id] === undefined ? '' : String(q.weights[o.id]))).join('|');
      break;
    case 'ordering':
      v.correct = q.answer.map(number).join('|');
      v.scoring = q.scoring;
      break;
    case 'true_false':
      v.correct = String(q.answer);
      break;
    case 'short_answer':
      v.correct = q.answer.map(escapePipes).join('|');
      v.case_sensitive = String(q.matching.caseSensitive);
      v.ignore_diacritics = String(q.matching.ignoreDiacritics);
      v.ignore_extra_spaces = String(q.matching.ignoreExtraSpaces);
      break;
    case 'numerical':
      v.correct = q.answer.map(writeNumericAnswer).join('|');
      if (q.unit) v.unit = q.unit;
      v.display = q.display;
      if (q.slider) v.slider = `${q.slider.min}..${q.slider.max}/${q.slider.step}`;
      break;
    case 'matching':
      q.options.forEach((o, i) => put(`match_${i + 1}`, o.match));
      v.scoring = q.scoring;
      break;
  }
  put('explanation', q.explanation);
  put('feedback_correct', q.feedback?.correct);
  put('feedback_incorrect', q.feedback?.incorrect);
  v.competences = q.competences.join('|');
  v.difficulty = String(q.difficulty);
  v.grade_bands = q.gradeBands.join('|');
  v.time_limit_sec = q.timeLimitSec === undefined ? '' : String(q.timeLimitSec);
  v.points = String(q.points);
  v.source = q.source ?? '';
  v.tags = joinTags(q.tags);
  if (q.image) {
    v.image_url = q.image.url;
    put('image_alt', q.image.alt);
  }
  return v;
}

/** A numerical answer cell item: `3.14`, `3.14:0.01` or `1..5`, with an optional `%50%` weight in front. */
export function readNumericAnswer(raw: string): Record<string, number> | undefined {
  const num = (t: string) => (/^-?\d+(?:[.,]\d+)?(?:e[-+]?\d+)?$/i.test(t.trim()) ? Number(t.trim().replace(',', '.')) : undefined);
  let rest = raw.trim();
  let weight = 100;
  const w = /^%(-?\d+(?:[.,]\d+)?)%/.exec(rest);
  if (w) {
    weight = Number(w[1]!.replace(',', '.'));
    rest = rest.slice(w[0].length);
  }
  const range = rest.split('..');
  if (range.length === 2) {
    const min = num(range[0]!);
    const max = num(range[1]!);
    return min === undefined || max === undefined ? undefined : { min, max, weight };
  }
  const [v, tol, ...more] = rest.split(':');
  const value = num(v!);
  const tolerance = tol === undefined ? 0 : num(tol);
  return value === undefined || tolerance === undefined || more.length > 0 ? undefined : { value, tolerance, weight };
}

export function writeNumericAnswer(a: { weight: number } & ({ value: number; tolerance: number } | { min: number; max: number })): string {
  const body = 'min' in a ? `${a.min}..${a.max}` : a.tolerance ? `${a.value}:${a.tolerance}` : String(a.value);
  return a.weight === 100 ? body : `%${a.weight}%${body}`;
}
