import { pick, type Language } from '../../shared/localized.ts';
import type { Question } from '../question-schema.ts';
import { hasDefaultOptionIds } from './question-result.ts';

/**
 * The `// civiq: key=value …` comment line written above each exported GIFT
 * question. Moodle ignores comments; civiq reads it back so a civiq → GIFT → civiq
 * round trip keeps what GIFT itself cannot say (competences, difficulty, …).
 * A value is a bare token (no spaces or quotes), a JSON string, or a JSON array of strings.
 */
export interface CiviqComment {
  competences?: string[];
  gradeBands?: string[];
  difficulty?: number;
  points?: number;
  timeLimitSec?: number;
  source?: string;
  tags?: string[];
  scoring?: string;
  /** `none`: the question had no explicit weights; the weights written in GIFT are the defaults. */
  weights?: string;
  optionIds?: string[];
  caseSensitive?: boolean;
  ignoreDiacritics?: boolean;
  ignoreExtraSpaces?: boolean;
  image?: string;
  imageAlt?: string;
  feedbackCorrect?: string;
  feedbackIncorrect?: string;
  /** Numerical: unit, display and slider as `min..max/step`. */
  unit?: string;
  display?: string;
  slider?: string;
}

const LIST_KEYS = ['competences', 'gradeBands', 'tags', 'optionIds'] as const;
const NUMBER_KEYS = ['difficulty', 'points', 'timeLimitSec'] as const;
const BOOLEAN_KEYS = ['caseSensitive', 'ignoreDiacritics', 'ignoreExtraSpaces'] as const;
const TEXT_KEYS = ['source', 'scoring', 'weights', 'image', 'imageAlt', 'feedbackCorrect', 'feedbackIncorrect', 'unit', 'display', 'slider'] as const;

const COMMENT = /^\/\/\s*civiq:(.*)$/;

/** The body after `civiq:` when a (trimmed) comment line is a civiq comment. */
export function civiqCommentBody(line: string): string | undefined {
  return COMMENT.exec(line.trim())?.[1];
}

type Token = string | string[];

/** Read one JSON string or array starting at `i`; returns the value and the index after it. */
function readJson(body: string, i: number): { value: unknown; end: number } | undefined {
  const open = body[i];
  let depth = 0;
  let inString = false;
  for (let j = i; j < body.length; j++) {
    const c = body[j];
    if (inString) {
      if (c === '\\') j++;
      else if (c === '"') {
        inString = false;
        if (open === '"') return parseJson(body.slice(i, j + 1), j + 1);
      }
    } else if (c === '"') inString = true;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return parseJson(body.slice(i, j + 1), j + 1);
  }
  return undefined;
}

function parseJson(text: string, end: number): { value: unknown; end: number } | undefined {
  try {
    return { value: JSON.parse(text), end };
  } catch {
    return undefined;
  }
}

function tokenize(body: string): { ok: true; pairs: Array<[string, Token]> } | { ok: false; error: string } {
  const pairs: Array<[string, Token]> = [];
  let i = 0;
  while (i < body.length) {
    if (/\s/.test(body[i]!)) {
      i++;
      continue;
    }
    const key = /^([A-Za-z]+)=/.exec(body.slice(i, i + 40));
    if (!key) return { ok: false, error: `expected key=value at "${body.slice(i, i + 20)}"` };
    i += key[0].length;
    const c = body[i];
    if (c === '"' || c === '[') {
      const json = readJson(body, i);
      const value = json?.value;
      const valid = typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
      if (!json || !valid) return { ok: false, error: `${key[1]}: expected a JSON string or a JSON array of strings` };
      pairs.push([key[1]!, value as Token]);
      i = json.end;
    } else {
      let j = i;
      while (j < body.length && !/\s/.test(body[j]!)) j++;
      pairs.push([key[1]!, body.slice(i, j)]);
      i = j;
    }
  }
  return { ok: true, pairs };
}

/** Parse the body of a civiq comment; unknown keys and bad values are errors, never ignored. */
export function readCiviqComment(body: string): { ok: true; value: CiviqComment } | { ok: false; error: string } {
  const tokens = tokenize(body);
  if (!tokens.ok) return tokens;
  const out: Record<string, unknown> = {};
  for (const [key, value] of tokens.pairs) {
    if ((LIST_KEYS as readonly string[]).includes(key)) {
      out[key] = Array.isArray(value) ? value : value.split(',').filter((v) => v !== '');
    } else if (Array.isArray(value)) {
      return { ok: false, error: `${key}: expected a single value, not a list` };
    } else if ((NUMBER_KEYS as readonly string[]).includes(key)) {
      if (!/^-?\d+(\.\d+)?$/.test(value)) return { ok: false, error: `${key}: "${value}" is not a number` };
      out[key] = Number(value);
    } else if ((BOOLEAN_KEYS as readonly string[]).includes(key)) {
      if (value !== 'true' && value !== 'false') return { ok: false, error: `${key}: expected true or false` };
      out[key] = value === 'true';
    } else if ((TEXT_KEYS as readonly string[]).includes(key)) {
      out[key] = value;
    } else {
      return { ok: false, error: `unknown key "${key}"` };
    }
  }
  return { ok: true, value: out as CiviqComment };
}

const bare = (v: string) => (v !== '' && /^[^\s"[]+$/.test(v) ? v : JSON.stringify(v));

/** The comment line for a question, with text fields in `lang` (falling back to the other language). */
export function writeCiviqComment(q: Question, lang: Language): string {
  const parts: string[] = [];
  const add = (key: string, value: string) => parts.push(`${key}=${value}`);
  if (q.competences.length > 0) add('competences', q.competences.join(','));
  add('difficulty', String(q.difficulty));
  if (q.gradeBands.length > 0) add('gradeBands', q.gradeBands.join(','));
  if (q.points !== 1) add('points', String(q.points));
  if (q.timeLimitSec !== undefined) add('timeLimitSec', String(q.timeLimitSec));
  if (q.type === 'multiple_choice') {
    // A GIFT multiple-answer question is read as partial credit; say so when it was not.
    if (q.scoring !== 'partial') add('scoring', q.scoring);
    if (q.weights === undefined) add('weights', 'none');
  }
  // A GIFT matching question is read as partial credit per pair.
  if (q.type === 'matching' && q.scoring !== 'partial') add('scoring', q.scoring);
  // Ordering is all-or-nothing unless said otherwise (only Moodle XML writes ordering questions).
  if (q.type === 'ordering' && q.scoring !== 'all_or_nothing') add('scoring', q.scoring);
  if (q.type === 'numerical') {
    if (q.unit) add('unit', JSON.stringify(q.unit));
    if (q.display !== 'keypad') add('display', q.display);
    if (q.slider) add('slider', `${q.slider.min}..${q.slider.max}/${q.slider.step}`);
  }
  if ('options' in q && !hasDefaultOptionIds(q.options)) add('optionIds', q.options.map((o) => o.id).join(','));
  if (q.type === 'short_answer') {
    if (q.matching.caseSensitive) add('caseSensitive', 'true');
    if (!q.matching.ignoreDiacritics) add('ignoreDiacritics', 'false');
    if (!q.matching.ignoreExtraSpaces) add('ignoreExtraSpaces', 'false');
  }
  if (q.image) {
    add('image', bare(q.image.url));
    if (q.image.alt) add('imageAlt', JSON.stringify(pick(q.image.alt, lang)));
  }
  if (q.type !== 'true_false' && q.feedback) {
    if (q.feedback.correct) add('feedbackCorrect', JSON.stringify(pick(q.feedback.correct, lang)));
    if (q.feedback.incorrect) add('feedbackIncorrect', JSON.stringify(pick(q.feedback.incorrect, lang)));
  }
  if (q.source !== undefined) add('source', JSON.stringify(q.source));
  if (q.tags.length > 0) add('tags', JSON.stringify(q.tags));
  return `// civiq: ${parts.join(' ')}`;
}
