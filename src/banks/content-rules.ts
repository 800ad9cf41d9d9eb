import { BankFileSchema, type BankFile, type Question } from './question-schema.ts';
import { domainOf, findFramework, isKnownCompetence, isKnownGradeBand } from './competences.ts';
import { fold } from '../shared/text.ts';

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
  if (q.type === 'single_choice' || q.type === 'multiple_choice') {
    const texts = q.options.map((o) => fold(o.text.vi));
    if (new Set(texts).size !== texts.length) out.push('two options have the same Vietnamese text');
  }
  return out;
}

/** Rules over a whole set of shipped banks. */
export function checkBankSet(banks: Array<{ file: string; bank: BankFile }>, min = { banks: 10, questions: 300 }): ContentProblem[] {
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
  return problems;
}
