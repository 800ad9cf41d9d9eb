import { BankFileSchema, type BankFile, type Question } from './question-schema.ts';
import { domainOf, findFramework, isKnownCompetence, isKnownGradeBand } from './competences.ts';
import { fold } from '../shared/text.ts';
import { findNearDuplicates, questionFingerprint } from './near-duplicates.ts';

/**
 * Rules for content civiq ships (and for any bank a department wants to hold to
 * the same bar): stricter than the schema, which must also accept one-language
 * GIFT imports.
 */
export interface ContentProblem {
  file: string;
  /** Question id or index, absent for bank-level problems. */
  question?: string;
  message: string;
}

export const SHIPPED_MIN_QUESTIONS_PER_BANK = 25;
/** Every shipped bank serves every grade band of the framework, with at least this many items each. */
export const SHIPPED_MIN_PER_GRADE_BAND = 3;
/** The youngest band (grades 1–3) gets only the simplest formats. */
export const YOUNGEST_BAND_TYPES: ReadonlyArray<Question['type']> = ['true_false', 'single_choice'];
/** A shipped set: how many banks and questions a provincial contest needs at least. */
export const SHIPPED_SET_MINIMUM = { banks: 15, questions: 540 } as const;

/**
 * A source names something that changes over time (a Vietnamese law, decree, ministry,
 * hotline or portal; a versioned standard or classification: NIST, WHO, ICD) and so must
 * carry a year: "Luật An ninh mạng 2018", "NIST SP 800-63B (2017, rev. 4 2025)",
 * "tổng đài 156 (từ 1/11/2022)". Foreign advice pages without an edition are not
 * held to this (docs/content.md says why); they are dated where the date is known.
 */
const TIME_SENSITIVE_SOURCE =
  /(luật|nghị định|thông tư|quyết định|bộ công an|bộ thông tin|bộ giáo dục|bộ lao động|cục |tổng đài|đường dây|hotline|\.vn\b|\blaw\b|decree|ministry|nist|icd)/i;
const HAS_YEAR = /\b(19|20)\d{2}\b/;

/** Source parts (split on ";") that name a time-sensitive authority but carry no year. */
export function undatedSourceParts(source: string): string[] {
  return source
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s && (TIME_SENSITIVE_SOURCE.test(s) || /\bWHO\b/.test(s)) && !HAS_YEAR.test(s));
}

export function checkBankFile(file: string, raw: string): { bank?: BankFile; problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const add = (message: string, question?: string) => problems.push({ file, message, ...(question ? { question } : {}) });
  if (raw !== raw.normalize('NFC')) add('file is not in Unicode NFC');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    add(`invalid JSON: ${(e as Error).message}`);
    return { problems };
  }
  const parsed = BankFileSchema.safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) add(`${issue.path.join('.')}: ${issue.message}`);
    return { problems };
  }
  const bank = parsed.data;
  const fw = findFramework(bank.framework);
  if (!fw) add(`unknown framework "${bank.framework}"`);
  if (!bank.title.vi || !bank.title.en) add('title needs vi and en');
  if (!bank.description?.vi || !bank.description?.en) add('description needs vi and en');
  if (!bank.licence) add('licence is required');
  if (!bank.author) add('author is required');
  if (bank.questions.length < SHIPPED_MIN_QUESTIONS_PER_BANK) add(`has ${bank.questions.length} questions, needs at least ${SHIPPED_MIN_QUESTIONS_PER_BANK}`);
  const difficulties = new Set(bank.questions.map((q) => q.difficulty));
  for (const d of [1, 2, 3] as const) if (!difficulties.has(d)) add(`no question of difficulty ${d}`);

  if (fw) {
    for (const g of fw.gradeBands) {
      const n = bank.questions.filter((q) => q.gradeBands.includes(g.code)).length;
      if (n < SHIPPED_MIN_PER_GRADE_BAND) add(`grade band ${g.code}: ${n} questions, needs at least ${SHIPPED_MIN_PER_GRADE_BAND}`);
    }
  }
  const types = new Set(bank.questions.map((q) => q.type));
  for (const t of ['single_choice', 'multiple_choice', 'true_false', 'short_answer', 'ordering'] as const) if (!types.has(t)) add(`no ${t} question`);

  const ids = new Set<string>();
  const prompts = new Map<string, string>();
  bank.questions.forEach((q, i) => {
    const where = q.id ?? `#${i + 1}`;
    for (const p of checkQuestion(q, bank.framework)) add(p, where);
    if (!q.id) add('id is required in shipped banks', where);
    else if (ids.has(q.id)) add(`duplicate id "${q.id}"`, where);
    else ids.add(q.id);
    for (const lang of ['vi', 'en'] as const) {
      const key = `${lang}:${fold(q.prompt[lang])}`;
      const other = prompts.get(key);
      if (other) add(`duplicate ${lang} prompt (same as ${other})`, where);
      else prompts.set(key, where);
    }
  });
  return { bank, problems };
}

export function checkQuestion(q: Question, frameworkId: string): string[] {
  const out: string[] = [];
  const both = (label: string, t: { vi: string; en: string } | undefined) => {
    if (!t?.vi) out.push(`${label}: Vietnamese text missing`);
    if (!t?.en) out.push(`${label}: English text missing`);
  };
  both('prompt', q.prompt);
  both('explanation', q.explanation);
  if ('options' in q) q.options.forEach((o) => both(`option ${o.id}`, o.text));
  if (q.type === 'matching') {
    q.options.forEach((o) => both(`match of option ${o.id}`, o.match));
    const left = q.options.map((o) => fold(o.text.vi));
    if (new Set(left).size !== left.length) out.push('two pairs have the same Vietnamese left-hand text');
  }
  if (q.type === 'numerical' && q.unit && !/^[\p{L}\p{N}%°/²³.·\s-]+$/u.test(q.unit)) out.push(`unit "${q.unit}" should be a plain unit such as "km" or "%"`);
  if (q.competences.length === 0) out.push('at least one competence code is required');
  for (const c of q.competences) if (!isKnownCompetence(frameworkId, c)) out.push(`unknown competence code "${c}"`);
  if (q.gradeBands.length === 0) out.push('at least one grade band is required');
  for (const g of q.gradeBands) if (!isKnownGradeBand(frameworkId, g)) out.push(`unknown grade band "${g}"`);
  if (!q.source) out.push('source is required');
  else for (const part of undatedSourceParts(q.source)) out.push(`source "${part}" names a law, authority, hotline or portal but gives no year`);
  const youngest = findFramework(frameworkId)?.gradeBands[0]?.code;
  if (youngest && q.gradeBands.includes(youngest) && !YOUNGEST_BAND_TYPES.includes(q.type)) out.push(`${q.type} is not used for grade band ${youngest} (true/false or single choice only)`);
  if (q.type === 'single_choice' || q.type === 'multiple_choice') {
    const texts = q.options.map((o) => fold(o.text.vi));
    if (new Set(texts).size !== texts.length) out.push('two options have the same Vietnamese text');
  }
  return out;
}

/** Rules over a whole set of shipped banks. `reviewed`: near-duplicate pairs an editor has cleared (see near-duplicates.ts). */
export function checkBankSet(
  banks: Array<{ file: string; bank: BankFile }>,
  min: { banks: number; questions: number } = SHIPPED_SET_MINIMUM,
  reviewed: ReadonlySet<string> = new Set(),
): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const add = (message: string) => problems.push({ file: '(all banks)', message });
  if (banks.length < min.banks) add(`${banks.length} banks, need at least ${min.banks}`);
  const questions = banks.flatMap((b) => b.bank.questions);
  if (questions.length < min.questions) add(`${questions.length} questions, need at least ${min.questions}`);
  const domains = new Set(questions.flatMap((q) => q.competences.map(domainOf)));
  for (const d of ['1', '2', '3', '4', '5', '6']) if (!domains.has(d)) add(`no question covers competence domain ${d}`);
  const types = new Set(questions.map((q) => q.type));
  for (const t of ['single_choice', 'multiple_choice', 'true_false', 'short_answer', 'ordering']) if (!types.has(t as Question['type'])) add(`no ${t} question`);
  const slugs = new Set<string>();
  for (const b of banks) {
    if (slugs.has(b.bank.slug)) add(`slug "${b.bank.slug}" used twice`);
    slugs.add(b.bank.slug);
  }
  const seen = new Map<string, string>();
  for (const b of banks)
    for (const q of b.bank.questions) {
      const key = fold(q.prompt.vi);
      const other = seen.get(key);
      if (other && other !== b.file) problems.push({ file: b.file, question: q.id, message: `same Vietnamese prompt as a question in ${other}` });
      seen.set(key, b.file);
    }
  const where = new Map<string, string>(banks.flatMap((b) => b.bank.questions.map((q): [string, string] => [`${b.bank.slug}/${q.id}`, b.file])));
  const candidates = banks.flatMap((b) => b.bank.questions.map((q) => ({ key: `${b.bank.slug}/${q.id}`, text: questionFingerprint(q) })));
  for (const d of findNearDuplicates(candidates, { reviewed }))
    problems.push({ file: where.get(d.a) ?? '(all banks)', question: d.a.split('/')[1], message: `near-duplicate of ${d.b} (similarity ${d.score.toFixed(2)}): rewrite one to test something else, or record the pair as reviewed` });
  return problems;
}

export interface BankSummary {
  file: string;
  slug: string;
  questions: number;
  byGradeBand: Record<string, number>;
  byType: Record<string, number>;
  byDifficulty: Record<string, number>;
}

/** Counts per bank, grade band, type and difficulty: what `civiq validate` prints. */
export function summariseBanks(banks: Array<{ file: string; bank: BankFile }>): BankSummary[] {
  return banks.map(({ file, bank }) => {
    const count = (keys: string[]) => keys.reduce<Record<string, number>>((acc, k) => ((acc[k] = (acc[k] ?? 0) + 1), acc), {});
    const bands = findFramework(bank.framework)?.gradeBands.map((g) => g.code) ?? [];
    const byGradeBand = Object.fromEntries(bands.map((g) => [g, 0]));
    for (const q of bank.questions) for (const g of q.gradeBands) byGradeBand[g] = (byGradeBand[g] ?? 0) + 1;
    return {
      file,
      slug: bank.slug,
      questions: bank.questions.length,
      byGradeBand,
      byType: count(bank.questions.map((q) => q.type)),
      byDifficulty: count(bank.questions.map((q) => String(q.difficulty))),
    };
  });
}
