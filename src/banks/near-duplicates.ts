import { fold } from '../shared/text.ts';
import type { Question } from './question-schema.ts';

/**
 * Near-duplicate questions: two items whose wording (prompt plus key) is so close
 * that drawing both into one attempt gives one of them away.
 *
 * Pure and deterministic. Text is diacritic-folded (so "mật khẩu" and "mat khau"
 * match), split into words and word pairs, and weighted by TF-IDF over the whole
 * set, so words every question shares ("em", "nên", "làm gì") count for little and
 * the words that carry the fact count for much. Similarity is the cosine of the
 * two weight vectors (0 = nothing in common, 1 = the same text).
 *
 * Lexical similarity catches rephrasings of one scenario (same story, other names);
 * it cannot catch two differently worded items that test the same fact. Those are an
 * editor's job (docs/content.md); this check makes sure the easy cases cannot come back.
 */

/** Pairs scoring at or above this are reported. Calibrated on the shipped banks (docs/content.md). */
export const NEAR_DUPLICATE_THRESHOLD = 0.3;

export interface DuplicateCandidate {
  /** A stable key, e.g. "phishing-scams/ph-011". */
  key: string;
  text: string;
}

export interface NearDuplicate {
  a: string;
  b: string;
  score: number;
}

/** The text a question is compared on: its Vietnamese prompt and what the key says. */
export function questionFingerprint(q: Question): string {
  const parts = [q.prompt.vi];
  switch (q.type) {
    case 'single_choice':
      parts.push(...q.options.filter((o) => o.id === q.answer).map((o) => o.text.vi));
      break;
    case 'multiple_choice':
      parts.push(...q.options.filter((o) => q.answer.includes(o.id)).map((o) => o.text.vi));
      break;
    case 'ordering':
      parts.push(...q.options.map((o) => o.text.vi));
      break;
    case 'short_answer':
      parts.push(...q.answer);
      break;
    case 'true_false':
      break;
  }
  return parts.join(' ');
}

/** Words and adjacent word pairs of the folded text, punctuation dropped. */
export function terms(text: string): string[] {
  const words = fold(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((w) => w.length > 0);
  const out = [...words];
  for (let i = 0; i + 1 < words.length; i++) out.push(`${words[i]}_${words[i + 1]}`);
  return out;
}

/** Unit-length TF-IDF vectors, one per candidate. */
export function tfidfVectors(candidates: ReadonlyArray<DuplicateCandidate>): Array<Map<string, number>> {
  const counts = candidates.map((c) => {
    const m = new Map<string, number>();
    for (const t of terms(c.text)) m.set(t, (m.get(t) ?? 0) + 1);
    return m;
  });
  const df = new Map<string, number>();
  for (const m of counts) for (const t of m.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = candidates.length;
  return counts.map((m) => {
    const v = new Map<string, number>();
    let norm = 0;
    for (const [t, tf] of m) {
      const w = (1 + Math.log(tf)) * Math.log(n / (df.get(t) ?? 1));
      if (w > 0) {
        v.set(t, w);
        norm += w * w;
      }
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (const [t, w] of v) v.set(t, w / norm);
    return v;
  });
}

export function cosine(a: Map<string, number>, b: Map<string, number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [t, w] of small) s += w * (large.get(t) ?? 0);
  return s;
}

/** Key for an unordered pair, used by the reviewed-pairs list. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}

/**
 * Every pair at or above `threshold`, highest first, except pairs an editor has
 * reviewed and recorded as testing different things (`reviewed`, keys from `pairKey`).
 */
export function findNearDuplicates(
  candidates: ReadonlyArray<DuplicateCandidate>,
  opts: { threshold?: number; reviewed?: ReadonlySet<string> } = {},
): NearDuplicate[] {
  const threshold = opts.threshold ?? NEAR_DUPLICATE_THRESHOLD;
  const vectors = tfidfVectors(candidates);
  const out: NearDuplicate[] = [];
  for (let i = 0; i < candidates.length; i++)
    for (let j = i + 1; j < candidates.length; j++) {
      const score = cosine(vectors[i]!, vectors[j]!);
      if (score < threshold) continue;
      const a = candidates[i]!.key;
      const b = candidates[j]!.key;
      if (opts.reviewed?.has(pairKey(a, b))) continue;
      out.push({ a, b, score: Math.round(score * 1000) / 1000 });
    }
  return out.sort((x, y) => y.score - x.score || x.a.localeCompare(y.a));
}

/**
 * Parse a reviewed-pairs file: one pair of question keys per line ("bank/id bank/id"),
 * then optional "# reason"; blank lines and comment lines are skipped.
 */
export function parseReviewedPairs(raw: string): Set<string> {
  const out = new Set<string>();
  for (const line of raw.split(/\r?\n/)) {
    const body = line.replace(/#.*$/, '').trim();
    if (!body) continue;
    const [a, b] = body.split(/\s+/);
    if (a && b) out.add(pairKey(a, b));
  }
  return out;
}
