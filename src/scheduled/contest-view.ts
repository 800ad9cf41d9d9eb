import type { ContestRow } from './context.ts';
import { stateOf } from './context.ts';

/** Contest times are stored in UTC and shown in Vietnam time. */
export const CONTEST_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const localFormat = new Intl.DateTimeFormat('vi-VN', { timeZone: CONTEST_TIME_ZONE, hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric', hour12: false });

/** "07:30 20/05/2026" style text in Vietnam time. */
export function vietnamTime(d: Date | string): string {
  return localFormat.format(new Date(d));
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The contest as the API shows it; `organiser` adds the draw settings and internal ids. */
export function contestView(row: ContestRow, now: number, opts: { organiser: boolean }) {
  const view = {
    slug: row.slug,
    title: row.title,
    rules: row.rules,
    state: stateOf(row, now),
    opensAt: iso(row.opens_at)!,
    closesAt: iso(row.closes_at)!,
    timeZone: CONTEST_TIME_ZONE,
    opensAtLocal: vietnamTime(row.opens_at),
    closesAtLocal: vietnamTime(row.closes_at),
    attemptMinutes: row.attempt_minutes,
    maxAttempts: row.max_attempts,
    questionsPerAttempt: row.questions_per_attempt,
    regionSet: row.region_set,
    gradeBands: row.grade_bands,
    prediction: row.prediction,
    keysVisible: row.keys_visible,
    prizes: row.prizes,
    unitFormula: row.unit_formula,
    closedAt: iso(row.closed_at),
    publishedAt: iso(row.published_at),
    predictionActual: row.closed_at ? row.prediction_actual : null,
  };
  if (!opts.organiser) return view;
  return { ...view, bank: row.bank_slug, version: row.bank_version, blueprint: row.blueprint, draft: row.draft, createdAt: iso(row.created_at)!, updatedAt: iso(row.updated_at)! };
}
export type ContestView = ReturnType<typeof contestView>;
