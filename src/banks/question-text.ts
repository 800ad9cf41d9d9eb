import { fold } from '../shared/text.ts';
import type { Question } from './question-schema.ts';
import { createHash } from 'node:crypto';

/** The folded text a question is found by: prompts, options, answers, explanation and tags in both languages. */
export function searchTextOf(q: Question): string {
  const parts: string[] = [q.prompt.vi, q.prompt.en, q.explanation?.vi ?? '', q.explanation?.en ?? '', ...q.tags];
  if ('options' in q) for (const o of q.options) parts.push(o.text.vi, o.text.en);
  if (q.type === 'short_answer') parts.push(...q.answer);
  return fold(parts.filter(Boolean).join(' ')).slice(0, 20_000);
}

/** JSON with sorted keys, so equal content hashes equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])) : v,
  );
}

export function checksumOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** Which top-level fields differ between two versions of a question. */
export function changedFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k])).sort();
}
