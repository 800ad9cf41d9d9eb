import { describe, expect, it } from 'vitest';
import { BlueprintSchema, checkBlueprint, drawBlueprint, matchesRule, type Blueprint } from '../../src/banks/blueprint.ts';
import { QuestionSchema, type Question, type QuestionInput } from '../../src/banks/question-schema.ts';

type BankQuestion = Question & { id: string };
const prompt = { vi: 'Câu hỏi', en: 'Question' };
const mk = (id: string, fields: Partial<Pick<Question, 'competences' | 'difficulty' | 'gradeBands' | 'tags'>> = {}, type: 'true_false' | 'short_answer' = 'true_false'): BankQuestion => {
  const input = (type === 'true_false' ? { type, prompt, answer: true, ...fields } : { type, prompt, answer: ['x'], ...fields }) as QuestionInput;
  return { ...QuestionSchema.parse(input), id };
};
const bank = (n: number, prefix: string, fields: Parameters<typeof mk>[1] = {}) => Array.from({ length: n }, (_, i) => mk(`${prefix}${i}`, fields));

// Computed once; if this changes, stored contest seeds would draw other questions.
const PINNED = ['a4', 'b2', 'a7', 'b3', 'a3', 'a0', 'c7', 'b9', 'c5', 'b6', 'a1', 'c3'];

describe('BlueprintSchema', () => {
  it('accepts rules with any combination of criteria', () => {
    const parsed = BlueprintSchema.parse([{ count: 3 }, { competence: '4.2', difficulty: 3, type: 'ordering', gradeBand: 'TC1', tag: ' An toàn ', count: 200 }]);
    expect(parsed).toEqual([{ count: 3 }, { competence: '4.2', difficulty: 3, type: 'ordering', gradeBand: 'TC1', tag: 'An toàn', count: 200 }]);
  });

  it('rejects empty, oversized and malformed blueprints', () => {
    const bad: unknown[] = [
      [],
      {},
      [{}],
      [{ count: 0 }],
      [{ count: 201 }],
      [{ count: 1.5 }],
      [{ count: '3' }],
      [{ count: 1, competence: '4.' }],
      [{ count: 1, competence: 'a' }],
      [{ count: 1, difficulty: 4 }],
      [{ count: 1, type: 'essay' }],
      [{ count: 1, gradeBand: 'tc1' }],
      [{ count: 1, tag: '  ' }],
      [{ count: 1, extra: true }],
      Array.from({ length: 51 }, () => ({ count: 1 })),
    ];
    for (const b of bad) expect(BlueprintSchema.safeParse(b).success, JSON.stringify(b).slice(0, 60)).toBe(false);
    expect(BlueprintSchema.safeParse(Array.from({ length: 50 }, () => ({ count: 1 }))).success).toBe(true);
  });
});

describe('matchesRule', () => {
  it('matches competence codes by prefix on component boundaries', () => {
    const q42 = mk('q', { competences: ['1.1', '4.2'] });
    expect(matchesRule(q42, { competence: '4', count: 1 })).toBe(true);
    expect(matchesRule(q42, { competence: '4.2', count: 1 })).toBe(true);
    expect(matchesRule(mk('q', { competences: ['4.21'] }), { competence: '4.2', count: 1 })).toBe(false);
    expect(matchesRule(mk('q', { competences: ['41'] }), { competence: '4', count: 1 })).toBe(false);
    expect(matchesRule(mk('q', { competences: ['4'] }), { competence: '4.2', count: 1 })).toBe(false);
    expect(matchesRule(mk('q', { competences: ['4.2.1'] }), { competence: '4.2', count: 1 })).toBe(true);
    expect(matchesRule(mk('q'), { competence: '4', count: 1 })).toBe(false);
  });

  it('requires every criterion the rule sets', () => {
    const question = mk('q', { competences: ['4.2'], difficulty: 3, gradeBands: ['TC1', 'TC2'], tags: ['Lừa đảo trực tuyến'] });
    expect(matchesRule(question, { count: 1 })).toBe(true);
    expect(matchesRule(question, { competence: '4', difficulty: 3, type: 'true_false', gradeBand: 'TC2', tag: 'lua dao  TRUC tuyen', count: 1 })).toBe(true);
    expect(matchesRule(question, { difficulty: 2, count: 1 })).toBe(false);
    expect(matchesRule(question, { type: 'short_answer', count: 1 })).toBe(false);
    expect(matchesRule(question, { gradeBand: 'NC1', count: 1 })).toBe(false);
    expect(matchesRule(question, { tag: 'lừa đảo', count: 1 })).toBe(false);
    expect(matchesRule(question, { competence: '4', difficulty: 2, count: 1 })).toBe(false);
  });
});

describe('drawBlueprint', () => {
  const pool = [...bank(10, 'a', { competences: ['4.2'], difficulty: 1 }), ...bank(10, 'b', { competences: ['1.1'], difficulty: 3 }), ...bank(10, 'c', { competences: ['6.1'] })];
  const blueprint: Blueprint = [{ competence: '4', count: 3 }, { difficulty: 3, count: 4 }, { count: 5 }];

  it('is pinned: a stored seed must keep drawing the same questions', () => {
    expect(drawBlueprint(pool, blueprint, 'contest-1')).toEqual({ ok: true, ids: PINNED });
  });

  it('is deterministic per seed and differs between seeds', () => {
    expect(drawBlueprint(pool, blueprint, 'hội thi')).toEqual(drawBlueprint(pool, blueprint, 'hội thi'));
    const draws = new Set(['s1', 's2', 's3', 's4', 's5'].map((s) => JSON.stringify(drawBlueprint(pool, blueprint, s))));
    expect(draws.size).toBe(5);
  });

  it('draws each rule its count of distinct matching questions', () => {
    for (let s = 0; s < 200; s++) {
      const result = drawBlueprint(pool, blueprint, `seed-${s}`);
      if (!result.ok) throw new Error('expected a draw');
      expect(result.ids).toHaveLength(12);
      expect(new Set(result.ids).size).toBe(12);
      // Each rule's questions are disjoint; rule 0 and rule 1 can only be served by a* and b* questions.
      expect(result.ids.filter((id) => id.startsWith('a')).length).toBeGreaterThanOrEqual(3);
      expect(result.ids.filter((id) => id.startsWith('b')).length).toBeGreaterThanOrEqual(4);
    }
  });

  it('shuffles the drawn order with the seed', () => {
    const all = bank(20, 'q');
    const firsts = new Set<string>();
    for (let s = 0; s < 50; s++) {
      const result = drawBlueprint(all, [{ count: 20 }], `order-${s}`);
      if (!result.ok) throw new Error('expected a draw');
      expect([...result.ids].sort()).toEqual(all.map((q) => q.id).sort());
      firsts.add(result.ids[0]!);
    }
    expect(firsts.size).toBeGreaterThan(10);
  });

  it('does not let a general rule listed first steal what a specific rule needs', () => {
    // 2 questions on 4.2 and 4 others; "3 of anything" must leave both 4.2 questions to the second rule.
    const questions = [...bank(2, 'p', { competences: ['4.2'] }), ...bank(4, 'o', { competences: ['1.1'] })];
    const rules: Blueprint = [{ count: 3 }, { competence: '4.2', count: 2 }];
    for (let s = 0; s < 200; s++) {
      const result = drawBlueprint(questions, rules, `steal-${s}`);
      if (!result.ok) throw new Error(`seed ${s}: ${JSON.stringify(result.unmet)}`);
      expect(result.ids.filter((id) => id.startsWith('p')).sort()).toEqual(['p0', 'p1']);
      expect(result.ids).toHaveLength(5);
    }
  });

  it('hands a question over when the rule holding it can take another (overlap that specificity order alone gets wrong)', () => {
    // Rule A (competence 4.2) has 2 candidates, so it is served first; if it takes x, rule B (difficulty 3)
    // is one short unless A gives x back and takes y instead.
    const x = mk('x', { competences: ['4.2'], difficulty: 3 });
    const y = mk('y', { competences: ['4.2'], difficulty: 1 });
    const questions = [x, y, mk('z1', { competences: ['1.1'], difficulty: 3 }), mk('z2', { competences: ['1.1'], difficulty: 3 })];
    const rules: Blueprint = [{ competence: '4.2', count: 1 }, { difficulty: 3, count: 3 }];
    expect(checkBlueprint(questions, rules)).toEqual([]);
    for (let s = 0; s < 100; s++) {
      const result = drawBlueprint(questions, rules, `swap-${s}`);
      if (!result.ok) throw new Error(`seed ${s}: ${JSON.stringify(result.unmet)}`);
      expect([...result.ids].sort()).toEqual(['x', 'y', 'z1', 'z2']);
    }
  });

  it('uses a question listed twice only once', () => {
    const q = mk('same');
    expect(drawBlueprint([q, q], [{ count: 2 }], 's')).toEqual({ ok: false, unmet: [{ rule: 0, wanted: 2, available: 1, matching: 1 }] });
    expect(drawBlueprint([q, q], [{ count: 1 }], 's')).toEqual({ ok: true, ids: ['same'] });
  });

  it('copes with a full-size bank', () => {
    const big = Array.from({ length: 5000 }, (_, i) => mk(`q${i}`, { competences: [`${(i % 6) + 1}.${(i % 3) + 1}`], difficulty: ((Math.floor(i / 6) % 3) + 1) as 1 | 2 | 3 }));
    const rules: Blueprint = [
      { count: 200 },
      ...[1, 2, 3, 4, 5, 6].map((d) => ({ competence: String(d), count: 200 })),
      ...[1, 2, 3].map((d) => ({ difficulty: d as 1 | 2 | 3, competence: '4', count: 150 })),
    ];
    const result = drawBlueprint(big, rules, 'big');
    if (!result.ok) throw new Error(JSON.stringify(result.unmet));
    expect(new Set(result.ids).size).toBe(200 + 6 * 200 + 3 * 150);
  });
});

describe('checkBlueprint', () => {
  it('reports nothing when the blueprint can be drawn', () => {
    expect(checkBlueprint(bank(3, 'q'), [{ count: 3 }])).toEqual([]);
  });

  it('reports a rule the bank has too few questions for', () => {
    const questions = bank(3, 'p', { competences: ['4.2'] });
    expect(checkBlueprint(questions, [{ competence: '4.2', count: 5 }])).toEqual([{ rule: 0, wanted: 5, available: 3, matching: 3 }]);
    expect(checkBlueprint(questions, [{ competence: '3', count: 1 }])).toEqual([{ rule: 0, wanted: 1, available: 0, matching: 0 }]);
  });

  it('puts the shortfall of overlapping rules on the broad rule, whatever the rule order', () => {
    const questions = [...bank(2, 'p', { competences: ['4.2'] }), mk('o', { competences: ['1.1'] })];
    expect(checkBlueprint(questions, [{ count: 2 }, { competence: '4.2', count: 2 }])).toEqual([{ rule: 0, wanted: 2, available: 1, matching: 3 }]);
    expect(checkBlueprint(questions, [{ competence: '4.2', count: 2 }, { count: 2 }])).toEqual([{ rule: 1, wanted: 2, available: 1, matching: 3 }]);
  });

  it('is what drawBlueprint reports, for any seed', () => {
    const questions = [...bank(2, 'p', { competences: ['4.2'] }), mk('o', { competences: ['1.1'] })];
    const rules: Blueprint = [{ count: 2 }, { competence: '4.2', count: 2 }, { difficulty: 1, count: 1 }];
    const unmet = checkBlueprint(questions, rules);
    expect(unmet).toEqual([
      { rule: 0, wanted: 2, available: 1, matching: 3 },
      { rule: 2, wanted: 1, available: 0, matching: 0 },
    ]);
    for (const seed of ['a', 'b', 'c']) expect(drawBlueprint(questions, rules, seed)).toEqual({ ok: false, unmet });
  });
});
