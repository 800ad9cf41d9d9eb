import { fold } from '../../shared/text.ts';

/** Filtering a bank's draft questions on the page: text without diacritics, type, competence, difficulty, grade band, tag. */
export interface QuestionFilter {
  q: string;
  type: string;
  competence: string;
  difficulty: string;
  gradeBand: string;
  tag: string;
}

export const NO_FILTER: QuestionFilter = { q: '', type: '', competence: '', difficulty: '', gradeBand: '', tag: '' };

interface Filterable {
  id: string;
  type: string;
  prompt: { vi: string; en: string };
  competences?: string[];
  gradeBands?: string[];
  difficulty?: number;
  tags?: string[];
  options?: Array<{ text: { vi: string; en: string } }>;
}

export function matches(q: Filterable, f: QuestionFilter): boolean {
  if (f.type && q.type !== f.type) return false;
  if (f.competence && !(q.competences ?? []).some((c) => c === f.competence || c.startsWith(`${f.competence}.`))) return false;
  if (f.difficulty && String(q.difficulty ?? '') !== f.difficulty) return false;
  if (f.gradeBand && !(q.gradeBands ?? []).includes(f.gradeBand)) return false;
  if (f.tag && !(q.tags ?? []).includes(f.tag)) return false;
  if (f.q.trim()) {
    const hay = fold([q.id, q.prompt.vi, q.prompt.en, ...(q.options ?? []).flatMap((o) => [o.text.vi, o.text.en]), ...(q.tags ?? [])].join(' '));
    return fold(f.q).split(' ').filter(Boolean).every((w) => hay.includes(w));
  }
  return true;
}

export const isFiltered = (f: QuestionFilter) => Object.values(f).some((v) => v !== '');
