import { describe, expect, it } from 'vitest';
import { QuestionSchema } from '../../src/banks/question-schema.ts';
import type { StoredQuestion } from '../../src/banks/bank-service.ts';
import { buildAttempt, drawQuestions, gradeResponse, revealOf, viewFor } from '../../src/scheduled/attempt-engine.ts';
import { EVERY_TYPE } from '../banks/fixtures.ts';
import { questions } from './helpers.ts';

const pool = questions(30).map((q) => QuestionSchema.parse(q) as StoredQuestion);
const mixed = EVERY_TYPE.map((q) => QuestionSchema.parse(q) as StoredQuestion);
const byKey = new Map([...pool, ...mixed].map((q) => [q.id, q]));

describe('the draw', () => {
  it('is reproducible from the seed, distinct, and differs between seeds', () => {
    const a = drawQuestions(pool, { count: 10 }, 'seed-1');
    const b = drawQuestions(pool, { count: 10 }, 'seed-1');
    const c = drawQuestions(pool, { count: 10 }, 'seed-2');
    expect(a).toEqual(b);
    expect(a.ok && new Set(a.keys).size).toBe(10);
    expect(a.ok && c.ok && a.keys.join()).not.toBe(c.ok && c.keys.join());
  });
  it('refuses more questions than the version has, and unsatisfiable blueprints', () => {
    expect(drawQuestions(pool, { count: 31 }, 's')).toMatchObject({ ok: false, code: 'NOT_ENOUGH_QUESTIONS', details: { wanted: 31, available: 30 } });
    expect(drawQuestions(pool, { blueprint: [{ competence: '1.1', count: 1 }] }, 's')).toMatchObject({ ok: false, code: 'BLUEPRINT_UNSATISFIABLE' });
  });
  it('follows a blueprint', () => {
    const r = drawQuestions(pool, { blueprint: [{ competence: '4.2', count: 3 }, { competence: '2.3', count: 2 }] }, 's');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.keys.map((k) => byKey.get(k)!.competences[0]).sort()).toEqual(['2.3', '2.3', '4.2', '4.2', '4.2']);
  });
});

describe('views and grading', () => {
  it('views carry no key, explanation or option ids; the same seed gives the same views', () => {
    const keys = mixed.map((q) => q.id);
    const one = buildAttempt(byKey, keys, 'attempt-seed');
    expect(buildAttempt(byKey, keys, 'attempt-seed')).toEqual(one);
    const text = JSON.stringify(one.questions);
    for (const leak of ['"answer"', '"explanation"', '"feedback"', '"weights"', '"id":"a"', '"source"']) expect(text).not.toContain(leak);
    expect(() => buildAttempt(byKey, ['nope'], 's')).toThrow();
  });
  it('options are shuffled per attempt: every position of the right option turns up across seeds', () => {
    const q = pool[0]!;
    const positions = new Set(Array.from({ length: 60 }, (_, i) => viewFor(q, `s${i}`).mapping.indexOf('b')));
    expect([...positions].sort()).toEqual([0, 1, 2, 3]);
  });
  it('grades display indices through the mapping the participant saw', () => {
    const q = pool[3]!;
    const { view, mapping } = viewFor(q, 'x');
    const right = mapping.indexOf('b');
    expect(gradeResponse(q, mapping, { type: 'single_choice', choice: right })).toEqual({ ok: true, correct: true, fraction: 1, points: 10 });
    expect(gradeResponse(q, mapping, { type: 'single_choice', choice: (right + 1) % 4 })).toEqual({ ok: true, correct: false, fraction: 0, points: 0 });
    expect(gradeResponse(q, mapping, { type: 'single_choice', choice: 4 })).toEqual({ ok: false });
    expect(gradeResponse(q, mapping, { type: 'true_false', value: true })).toEqual({ ok: false });
    expect(view.options).toHaveLength(4);
    expect(revealOf(q, mapping)).toMatchObject({ correct: [right] });
  });
  it('partial credit earns its share of 10 points', () => {
    const mc = mixed.find((q) => q.type === 'multiple_choice')!;
    const { mapping } = viewFor(mc, 'y');
    const one = mapping.indexOf('a');
    const g = gradeResponse(mc, mapping, { type: 'multiple_choice', choices: [one] });
    expect(g).toMatchObject({ ok: true, correct: false, fraction: 0.5, points: 5 });
  });
});
