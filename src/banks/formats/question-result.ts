import type { z } from 'zod';
import { QuestionKeySchema, QuestionSchema, type Question } from '../question-schema.ts';
import type { ParsedQuestion, SkippedItem } from './format-types.ts';

/** One line per zod issue, each prefixed with its path so a teacher can find the field. */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/** Run an importer's candidate through `QuestionSchema`; a failure becomes a skipped item at `line`. */
export function validateQuestion(
  input: unknown,
  line: number,
): { ok: true; parsed: ParsedQuestion } | { ok: false; skipped: SkippedItem } {
  const result = QuestionSchema.safeParse(input);
  if (result.success) return { ok: true, parsed: { line, question: result.data } };
  return { ok: false, skipped: { line, reason: `invalid question: ${formatIssues(result.error)}` } };
}

/** Option ids in source order: a, b, c … z, then o27, o28 … (formats never need that many, but ids must stay valid). */
export function optionId(index: number): string {
  return index < 26 ? String.fromCharCode(97 + index) : `o${index + 1}`;
}

/** Whether a question's option ids are the ones an importer would generate, so a format can leave them out. */
export function hasDefaultOptionIds(options: ReadonlyArray<{ id: string }>): boolean {
  return options.every((o, i) => o.id === optionId(i));
}

/** The label an export uses for a question it skips. */
export function exportLabel(q: Question, index: number): string {
  return q.id ?? `#${index + 1}`;
}

/**
 * Tracks question ids already taken in one import, so a repeated id is reported
 * (explicit ids) or made unique (ids derived from titles).
 */
export class IdRegistry {
  #lines = new Map<string, number>();

  /** The line where `id` was first used, if it was. */
  firstUse(id: string): number | undefined {
    return this.#lines.get(id);
  }

  claim(id: string, line: number): void {
    if (!this.#lines.has(id)) this.#lines.set(id, line);
  }

  /** `base`, or `base-2`, `base-3` … whichever is free and still a valid key; undefined when none fits. */
  unique(base: string): string | undefined {
    if (!QuestionKeySchema.safeParse(base).success) return undefined;
    if (!this.#lines.has(base)) return base;
    for (let n = 2; ; n++) {
      const candidate = `${base}-${n}`;
      if (!QuestionKeySchema.safeParse(candidate).success) return undefined;
      if (!this.#lines.has(candidate)) return candidate;
    }
  }
}

/**
 * Drop explicit duplicates: the first question with an id keeps it; a later one
 * is skipped with a pointer to the first, because ids key diffs and re-seeding.
 */
export function rejectDuplicateIds(parsed: ParsedQuestion[], skipped: SkippedItem[]): ParsedQuestion[] {
  const ids = new IdRegistry();
  const kept: ParsedQuestion[] = [];
  for (const p of parsed) {
    const id = p.question.id;
    if (id !== undefined) {
      const first = ids.firstUse(id);
      if (first !== undefined) {
        skipped.push({ line: p.line, reason: `duplicate id "${id}" (first used on line ${first})` });
        continue;
      }
      ids.claim(id, p.line);
    }
    kept.push(p);
  }
  return kept;
}

/** Skipped items in source order, so a report reads top to bottom. */
export function sortSkipped(skipped: SkippedItem[]): SkippedItem[] {
  return skipped.map((s, i) => ({ s, i })).sort((a, b) => a.s.line - b.s.line || a.i - b.i).map((x) => x.s);
}
