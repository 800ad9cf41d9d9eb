import type { LocalizedText } from '../../shared/language.ts';

/**
 * The question editor's state, as pure functions (no DOM): a question in the
 * native format held as a plain object, changed by small operations, checked by
 * `validate` (messages as keys, shown beside their fields) and sent by
 * `toPayload`. The server validates again with the real schema; its 422 details
 * come back to fields through `serverIssues`.
 */

export type Loc = LocalizedText;
export interface EditorOption {
  id: string;
  text: Loc;
  feedback?: Loc;
}

/** A question being edited. Types the editor has no form for are edited as JSON (`raw`). */
export interface EditorQuestion {
  id?: string;
  type: string;
  prompt: Loc;
  explanation?: Loc;
  options?: EditorOption[];
  answer?: unknown;
  scoring?: 'all_or_nothing' | 'partial';
  weights?: Record<string, number>;
  matching?: { caseSensitive: boolean; ignoreDiacritics: boolean; ignoreExtraSpaces: boolean };
  competences: string[];
  gradeBands: string[];
  difficulty: number;
  points: number;
  timeLimitSec?: number;
  source?: string;
  image?: { url: string; alt?: Loc };
  tags: string[];
  [other: string]: unknown;
}

/** The types with a form; anything else (a type added later) gets the JSON editor. */
export const FORM_TYPES = ['single_choice', 'multiple_choice', 'true_false', 'short_answer', 'ordering'] as const;
export const hasForm = (type: string) => (FORM_TYPES as readonly string[]).includes(type);

const emptyLoc = (): Loc => ({ vi: '', en: '' });
const OPTION_LIMITS: Record<string, [number, number]> = { single_choice: [2, 6], multiple_choice: [2, 8], ordering: [2, 6] };
export const optionLimits = (type: string): [number, number] => OPTION_LIMITS[type] ?? [0, 0];

/** The next free option id: a, b, c… (then o1, o2… if all 26 letters are taken). */
export function nextOptionId(options: readonly EditorOption[]): string {
  const used = new Set(options.map((o) => o.id));
  for (let i = 0; i < 26; i++) {
    const id = String.fromCharCode(97 + i);
    if (!used.has(id)) return id;
  }
  let n = 1;
  while (used.has(`o${n}`)) n++;
  return `o${n}`;
}

export function blankQuestion(type: string): EditorQuestion {
  const base: EditorQuestion = { type, prompt: emptyLoc(), competences: [], gradeBands: [], difficulty: 2, points: 1, tags: [] };
  return changeType(base, type);
}

/** Switch type keeping the prompt, metadata and, where the new type has options, the option texts. */
export function changeType(q: EditorQuestion, type: string): EditorQuestion {
  const { options: _o, answer: _a, scoring: _s, weights: _w, matching: _m, ...rest } = q;
  const next: EditorQuestion = { ...rest, type };
  const keep = q.options && q.options.length >= 2 ? q.options.map((o) => ({ id: o.id, text: { ...o.text } })) : null;
  const two = (): EditorOption[] => [
    { id: 'a', text: emptyLoc() },
    { id: 'b', text: emptyLoc() },
  ];
  switch (type) {
    case 'single_choice':
      next.options = keep ? keep.slice(0, 6) : two();
      next.answer = Array.isArray(q.answer) && typeof q.answer[0] === 'string' && q.type !== 'ordering' ? q.answer[0] : typeof q.answer === 'string' ? q.answer : next.options[0]!.id;
      if (!next.options.some((o) => o.id === next.answer)) next.answer = next.options[0]!.id;
      break;
    case 'multiple_choice':
      next.options = keep ? keep.slice(0, 8) : two();
      next.answer = typeof q.answer === 'string' ? [q.answer] : q.type === 'multiple_choice' && Array.isArray(q.answer) ? q.answer : [next.options[0]!.id];
      next.scoring = q.scoring ?? 'all_or_nothing';
      break;
    case 'ordering':
      next.options = keep ? keep.slice(0, 6) : two();
      next.answer = next.options.map((o) => o.id);
      next.scoring = q.scoring ?? 'all_or_nothing';
      break;
    case 'true_false':
      next.answer = typeof q.answer === 'boolean' ? q.answer : true;
      break;
    case 'short_answer':
      next.answer = q.type === 'short_answer' && Array.isArray(q.answer) ? q.answer : [''];
      next.matching = q.matching ?? { caseSensitive: false, ignoreDiacritics: true, ignoreExtraSpaces: true };
      break;
    default:
      if (q.type === type) return q;
  }
  return next;
}

export function addOption(q: EditorQuestion): EditorQuestion {
  const options = q.options ?? [];
  if (options.length >= optionLimits(q.type)[1]) return q;
  const id = nextOptionId(options);
  const next = { ...q, options: [...options, { id, text: emptyLoc() }] };
  if (q.type === 'ordering') next.answer = [...((q.answer as string[]) ?? []), id];
  return next;
}

export function removeOption(q: EditorQuestion, id: string): EditorQuestion {
  const options = (q.options ?? []).filter((o) => o.id !== id);
  if (options.length < optionLimits(q.type)[0]) return q;
  const next: EditorQuestion = { ...q, options };
  if (q.type === 'single_choice' && q.answer === id) next.answer = options[0]!.id;
  if (q.type === 'multiple_choice' || q.type === 'ordering') next.answer = ((q.answer as string[]) ?? []).filter((a) => a !== id);
  if (q.weights) {
    const { [id]: _drop, ...weights } = q.weights;
    next.weights = weights;
  }
  return next;
}

/** Move an option up (-1) or down (+1); for ordering questions the options are the correct order. */
export function moveOption(q: EditorQuestion, id: string, delta: -1 | 1): EditorQuestion {
  const options = [...(q.options ?? [])];
  const i = options.findIndex((o) => o.id === id);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= options.length) return q;
  [options[i], options[j]] = [options[j]!, options[i]!];
  const next = { ...q, options };
  if (q.type === 'ordering') next.answer = options.map((o) => o.id);
  return next;
}

export function setOptionText(q: EditorQuestion, id: string, lang: 'vi' | 'en', text: string): EditorQuestion {
  return { ...q, options: (q.options ?? []).map((o) => (o.id === id ? { ...o, text: { ...o.text, [lang]: text } } : o)) };
}

/** Mark an option correct: the one answer (single choice) or toggled in the set (multiple choice). */
export function toggleCorrect(q: EditorQuestion, id: string): EditorQuestion {
  if (q.type === 'single_choice') return { ...q, answer: id };
  if (q.type === 'multiple_choice') {
    const cur = (q.answer as string[]) ?? [];
    const answer = cur.includes(id) ? cur.filter((a) => a !== id) : (q.options ?? []).map((o) => o.id).filter((o) => o === id || cur.includes(o));
    return { ...q, answer };
  }
  return q;
}

export function setWeight(q: EditorQuestion, id: string, value: number | null): EditorQuestion {
  const weights = { ...(q.weights ?? {}) };
  if (value === null || Number.isNaN(value)) delete weights[id];
  else weights[id] = value;
  const next: EditorQuestion = { ...q, weights };
  if (Object.keys(weights).length === 0) delete next.weights;
  return next;
}

export interface Issue {
  /** A field path: "prompt", "options.1.text", "answer", "weights", "image.alt", "json"… */
  path: string;
  key: string;
  params?: Record<string, string | number>;
}

const blank = (l: Loc | undefined) => !l || (l.vi.trim() === '' && l.en.trim() === '');

/** What must be fixed before the question can be saved, field by field. Mirrors QuestionSchema's rules. */
export function validate(q: EditorQuestion): Issue[] {
  const issues: Issue[] = [];
  if (!hasForm(q.type)) return issues;
  if (blank(q.prompt)) issues.push({ path: 'prompt', key: 'editor.err.prompt' });
  if ((q.prompt.vi.length > 2000 || q.prompt.en.length > 2000)) issues.push({ path: 'prompt', key: 'editor.err.tooLong', params: { n: 2000 } });
  if (q.explanation && (q.explanation.vi.length > 4000 || q.explanation.en.length > 4000)) issues.push({ path: 'explanation', key: 'editor.err.tooLong', params: { n: 4000 } });
  const options = q.options ?? [];
  if (q.options) {
    const [min, max] = optionLimits(q.type);
    if (options.length < min || options.length > max) issues.push({ path: 'options', key: 'editor.err.optionCount', params: { min, max } });
    options.forEach((o, i) => {
      if (blank(o.text)) issues.push({ path: `options.${i}.text`, key: 'editor.err.optionText' });
    });
  }
  if (q.type === 'multiple_choice') {
    const answer = (q.answer as string[]) ?? [];
    if (answer.length === 0) issues.push({ path: 'answer', key: 'editor.err.chooseCorrect' });
    if (q.weights && q.scoring === 'partial') {
      const positive = Object.entries(q.weights).filter(([, w]) => w > 0);
      const sum = positive.reduce((s, [, w]) => s + w, 0);
      if (positive.map(([k]) => k).sort().join() !== [...answer].sort().join()) issues.push({ path: 'weights', key: 'editor.err.weightsMatch' });
      else if (Math.abs(sum - 100) > 0.5) issues.push({ path: 'weights', key: 'editor.err.weightsSum', params: { sum } });
      if (Object.values(q.weights).some((w) => w < -100 || w > 100)) issues.push({ path: 'weights', key: 'editor.err.weightsRange' });
    }
  }
  if (q.type === 'short_answer') {
    const answers = ((q.answer as string[]) ?? []).map((a) => a.trim()).filter(Boolean);
    if (answers.length === 0) issues.push({ path: 'answer', key: 'editor.err.shortAnswer' });
    if (answers.length > 20) issues.push({ path: 'answer', key: 'editor.err.tooManyAnswers', params: { n: 20 } });
  }
  if (q.image && q.image.url && !/^(https:\/\/|\/uploads\/)/.test(q.image.url)) issues.push({ path: 'image.url', key: 'editor.err.imageUrl' });
  if (q.image && q.image.url && blank(q.image.alt)) issues.push({ path: 'image.alt', key: 'editor.err.imageAlt' });
  if (q.timeLimitSec !== undefined && (!Number.isInteger(q.timeLimitSec) || q.timeLimitSec < 5 || q.timeLimitSec > 240)) issues.push({ path: 'timeLimitSec', key: 'editor.err.timeLimit' });
  if (q.source && q.source.length > 1000) issues.push({ path: 'source', key: 'editor.err.tooLong', params: { n: 1000 } });
  return issues;
}

const trimLoc = (l: Loc): Loc => ({ vi: l.vi.normalize('NFC').trim(), en: l.en.normalize('NFC').trim() });

/** The question as the API takes it: text trimmed and NFC, empty optional parts left out. */
export function toPayload(q: EditorQuestion): Record<string, unknown> {
  const out: Record<string, unknown> = { ...q, prompt: trimLoc(q.prompt) };
  delete out.id;
  if (!q.explanation || blank(q.explanation)) delete out.explanation;
  else out.explanation = trimLoc(q.explanation);
  if (q.options) out.options = q.options.map((o) => ({ ...o, text: trimLoc(o.text) }));
  if (q.type === 'short_answer') out.answer = ((q.answer as string[]) ?? []).map((a) => a.normalize('NFC').trim()).filter(Boolean);
  if (!q.source || q.source.trim() === '') delete out.source;
  else out.source = q.source.normalize('NFC').trim();
  if (!q.image || !q.image.url) delete out.image;
  else out.image = { url: q.image.url, ...(q.image.alt && !blank(q.image.alt) ? { alt: trimLoc(q.image.alt) } : {}) };
  if (q.timeLimitSec === undefined) delete out.timeLimitSec;
  if (q.type !== 'multiple_choice' || q.scoring !== 'partial' || !q.weights || Object.keys(q.weights).length === 0) delete out.weights;
  return out;
}

/** A stable text of the payload: equal texts mean nothing to save. */
export function fingerprint(q: EditorQuestion): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(sort(toPayload(q)));
}

export const isDirty = (saved: EditorQuestion, current: EditorQuestion) => fingerprint(saved) !== fingerprint(current);

/** The server's 422 details as issues on the editor's fields (paths such as "options.1.text.vi" map to "options.1.text"). */
export function serverIssues(details: unknown): Issue[] {
  if (!Array.isArray(details)) return [];
  return details
    .filter((d): d is { path: string; message: string } => !!d && typeof d === 'object' && typeof (d as { path?: unknown }).path === 'string')
    .map((d) => {
      const parts = d.path.split('.');
      const path = parts[0] === 'options' && parts.length >= 3 ? parts.slice(0, 3).join('.') : parts[0] === 'image' ? parts.slice(0, 2).join('.') : (parts[0] ?? '');
      return { path, key: 'editor.err.server', params: { message: d.message } };
    });
}

/** Parse the JSON editor's text (types without a form); an error names the problem. */
export function parseRaw(text: string): { ok: true; question: EditorQuestion } | { ok: false; issue: Issue } {
  try {
    const v = JSON.parse(text) as EditorQuestion;
    if (!v || typeof v !== 'object' || typeof v.type !== 'string') return { ok: false, issue: { path: 'json', key: 'editor.err.jsonType' } };
    return { ok: true, question: v };
  } catch (e) {
    return { ok: false, issue: { path: 'json', key: 'editor.err.json', params: { message: (e as Error).message } } };
  }
}
