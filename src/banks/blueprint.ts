import { z } from 'zod';
import { CompetenceCodeSchema, GradeBandSchema, QUESTION_TYPES, type Question } from './question-schema.ts';
import { nfcString } from '../shared/localized.ts';
import { seededRandom, shuffleInPlace } from '../shared/random.ts';
import { fold } from '../shared/text.ts';

/**
 * A blueprint says how many questions of which kind a contest draws from a bank
 * version, e.g. "5 on competence 4.2 at difficulty 3, then 10 of anything".
 * Every rule draws its own questions: no question is used twice, so a broad rule
 * does not count questions a narrower rule already took.
 */

export const BLUEPRINT_MAX_RULES = 50;

export const BlueprintRuleSchema = z
  .object({
    /** A competence code; "4" matches "4" and "4.2", "4.2" does not match "4.21". */
    competence: CompetenceCodeSchema.optional(),
    difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    type: z.enum(QUESTION_TYPES).optional(),
    gradeBand: GradeBandSchema.optional(),
    /** Matched like search: ignoring case, diacritics and extra spaces. */
    tag: nfcString(100).pipe(z.string().min(1)).optional(),
    count: z.number().int().min(1).max(200),
  })
  .strict();
export type BlueprintRule = z.infer<typeof BlueprintRuleSchema>;

export const BlueprintSchema = z.array(BlueprintRuleSchema).min(1).max(BLUEPRINT_MAX_RULES);
export type Blueprint = z.infer<typeof BlueprintSchema>;

/** A rule the bank cannot satisfy. */
export interface UnmetRule {
  /** Index of the rule in the blueprint. */
  rule: number;
  wanted: number;
  /** How many it gets when every rule is served as well as the bank allows. */
  available: number;
  /** How many questions match the rule on its own, ignoring the other rules. */
  matching: number;
}

export type DrawResult = { ok: true; ids: string[] } | { ok: false; unmet: UnmetRule[] };

type BankQuestion = Question & { id: string };

/** Whether a question fits a rule; every criterion the rule sets must hold. */
export function matchesRule(question: Question, rule: BlueprintRule): boolean {
  if (rule.competence !== undefined) {
    const code = rule.competence;
    if (!question.competences.some((c) => c === code || c.startsWith(`${code}.`))) return false;
  }
  if (rule.difficulty !== undefined && question.difficulty !== rule.difficulty) return false;
  if (rule.type !== undefined && question.type !== rule.type) return false;
  if (rule.gradeBand !== undefined && !question.gradeBands.includes(rule.gradeBand)) return false;
  if (rule.tag !== undefined) {
    const tag = fold(rule.tag);
    if (!question.tags.some((t) => fold(t) === tag)) return false;
  }
  return true;
}

/**
 * The rules the bank cannot satisfy together (empty when the blueprint can be
 * drawn). Does not depend on any seed, so the editor and `drawBlueprint` agree.
 */
export function checkBlueprint(questions: readonly BankQuestion[], blueprint: Blueprint): UnmetRule[] {
  const pool = uniqueById(questions);
  const { assigned, candidates } = assign(pool, blueprint);
  return unmetRules(blueprint, assigned, candidates);
}

/**
 * Draw question ids for a blueprint, deterministically for a given seed, in an
 * order shuffled by that seed. Fails, listing the unmet rules, exactly when no
 * assignment of distinct questions to rules exists.
 */
export function drawBlueprint(questions: readonly BankQuestion[], blueprint: Blueprint, seed: string): DrawResult {
  const pool = uniqueById(questions);
  const unmet = checkBlueprint(pool, blueprint);
  if (unmet.length > 0) return { ok: false, unmet };
  const rng = seededRandom(seed);
  // Shuffling the pool makes every rule's pick random; the assignment itself is exact.
  const { owner } = assign(shuffleInPlace([...pool], rng), blueprint);
  const ids: string[] = [];
  owner.forEach((rule, q) => {
    if (rule !== -1) ids.push(q.id);
  });
  return { ok: true, ids: shuffleInPlace(ids, rng) };
}

function uniqueById(questions: readonly BankQuestion[]): BankQuestion[] {
  const seen = new Set<string>();
  return questions.filter((q) => (seen.has(q.id) ? false : (seen.add(q.id), true)));
}

function unmetRules(blueprint: Blueprint, assigned: readonly number[], candidates: readonly number[][]): UnmetRule[] {
  const out: UnmetRule[] = [];
  blueprint.forEach((rule, r) => {
    const got = assigned[r] ?? 0;
    if (got < rule.count) out.push({ rule: r, wanted: rule.count, available: got, matching: candidates[r]?.length ?? 0 });
  });
  return out;
}

/**
 * Assign distinct questions to rules: a bipartite matching where rule r has
 * `count` slots. Rules are served most specific first (fewest candidate questions,
 * then earliest in the blueprint); each slot is filled by an augmenting path, so a
 * question already held by a broad rule is handed over when the broad rule can take
 * another instead. Augmenting never lowers a rule's count, which makes the result
 * a maximum matching and leaves any shortfall on the broadest rules.
 */
function assign(pool: readonly BankQuestion[], blueprint: Blueprint): { owner: Map<BankQuestion, number>; assigned: number[]; candidates: number[][] } {
  const candidates = blueprint.map((rule) => {
    const idx: number[] = [];
    pool.forEach((q, i) => {
      if (matchesRule(q, rule)) idx.push(i);
    });
    return idx;
  });
  const ownerOf = new Int32Array(pool.length).fill(-1);
  const assigned = blueprint.map(() => 0);
  const priority = blueprint.map((_, r) => r).sort((a, b) => (candidates[a]?.length ?? 0) - (candidates[b]?.length ?? 0) || a - b);
  for (const r of priority) {
    const want = blueprint[r]?.count ?? 0;
    while ((assigned[r] ?? 0) < want && augment(r, candidates, ownerOf)) assigned[r] = (assigned[r] ?? 0) + 1;
  }
  const owner = new Map<BankQuestion, number>();
  pool.forEach((q, i) => owner.set(q, ownerOf[i] ?? -1));
  return { owner, assigned, candidates };
}

/**
 * Breadth-first search for a free question reachable from rule `start`, through
 * questions held by other rules that could swap to another candidate. Iterative,
 * so a 5,000-question bank cannot overflow the stack.
 */
function augment(start: number, candidates: readonly number[][], ownerOf: Int32Array): boolean {
  const reachedVia = new Map<number, number>(); // question -> rule that reached it
  const enteredBy = new Map<number, number>(); // rule -> question it holds and would give up
  const queue = [start];
  const seenRule = new Set([start]);
  for (let head = 0; head < queue.length; head++) {
    const rule = queue[head] as number;
    for (const q of candidates[rule] ?? []) {
      if (reachedVia.has(q)) continue;
      reachedVia.set(q, rule);
      const holder = ownerOf[q] ?? -1;
      if (holder === -1) {
        // Walk back: each rule on the path takes the question it reached and gives up the one it was entered by.
        let free = q;
        for (;;) {
          const taker = reachedVia.get(free) as number;
          ownerOf[free] = taker;
          if (taker === start) return true;
          free = enteredBy.get(taker) as number;
        }
      }
      if (!seenRule.has(holder)) {
        seenRule.add(holder);
        enteredBy.set(holder, q);
        queue.push(holder);
      }
    }
  }
  return false;
}
