import type { StoredQuestion } from '../banks/bank-service.ts';
import { drawBlueprint, type Blueprint } from '../banks/blueprint.ts';
import { isAnswerable, grade } from '../banks/grading.ts';
import { buildPlayerQuestion, revealFor, toOriginalResponse, type PlayerQuestion, type PlayerReveal } from '../banks/player-view.ts';
import type { PlayerResponse } from '../banks/responses.ts';
import { seededRandom, shuffleInPlace } from '../shared/random.ts';
import { pointsFor } from './attempt-rules.ts';

/**
 * The attempt engine shared by scheduled contests and solo practice (pure): draw an
 * attempt's questions from a seed, build the player views without keys (options
 * shuffled per attempt), and grade a display-index response. Everything is
 * reproducible from the recorded seed, so an attempt can be audited later.
 */

export type DrawSpec = { count: number } | { blueprint: Blueprint };

export type DrawOutcome = { ok: true; keys: string[] } | { ok: false; code: 'NOT_ENOUGH_QUESTIONS' | 'BLUEPRINT_UNSATISFIABLE'; details: unknown };

/** The question keys of one attempt, in the order shown. */
export function drawQuestions(pool: readonly StoredQuestion[], spec: DrawSpec, seed: string): DrawOutcome {
  if ('blueprint' in spec) {
    const r = drawBlueprint(pool, spec.blueprint, seed);
    return r.ok ? { ok: true, keys: r.ids } : { ok: false, code: 'BLUEPRINT_UNSATISFIABLE', details: r.unmet };
  }
  if (spec.count > pool.length) return { ok: false, code: 'NOT_ENOUGH_QUESTIONS', details: { wanted: spec.count, available: pool.length } };
  return { ok: true, keys: shuffleInPlace(pool.map((q) => q.id), seededRandom(seed)).slice(0, spec.count) };
}

/** Options are shuffled per attempt and per question, independently of the draw order. */
export function viewFor(question: StoredQuestion, seed: string): { view: PlayerQuestion; mapping: string[] } {
  const { view, mapping } = buildPlayerQuestion(question, { shuffle: true, rng: seededRandom(`${seed}:options:${question.id}`) });
  return { view, mapping: [...mapping] };
}

export interface AttemptQuestion {
  id: string;
  view: PlayerQuestion;
}

/** Views and display mappings of an attempt's questions; throws if a key is missing (a bug: keys come from the same version). */
export function buildAttempt(byKey: ReadonlyMap<string, StoredQuestion>, keys: readonly string[], seed: string): { questions: AttemptQuestion[]; mappings: string[][] } {
  const questions: AttemptQuestion[] = [];
  const mappings: string[][] = [];
  for (const key of keys) {
    const q = byKey.get(key);
    if (!q) throw new Error(`buildAttempt: question ${key} not in the version`);
    const { view, mapping } = viewFor(q, seed);
    questions.push({ id: key, view });
    mappings.push(mapping);
  }
  return { questions, mappings };
}

export type GradeOutcome = { ok: true; correct: boolean; fraction: number; points: number } | { ok: false };

/** Grade a display-index response against the mapping the participant saw. */
export function gradeResponse(question: StoredQuestion, mapping: readonly string[], response: PlayerResponse): GradeOutcome {
  if (!isAnswerable(question, response)) return { ok: false };
  const original = toOriginalResponse(response, mapping);
  if (!original) return { ok: false };
  const g = grade(question, original);
  return { ok: true, correct: g.correct, fraction: g.fraction, points: pointsFor(g.fraction) };
}

export function revealOf(question: StoredQuestion, mapping: readonly string[]): PlayerReveal {
  return revealFor(question, mapping);
}
