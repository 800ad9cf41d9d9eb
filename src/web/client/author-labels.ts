import type { T } from './author-ui.ts';

/** Labels the authoring pages share: question types, competences and grade bands in the page's language. */

export interface Framework {
  id: string;
  competences: ReadonlyArray<{ code: string; name: { vi: string; en: string } }>;
  gradeBands: ReadonlyArray<{ code: string; name: { vi: string; en: string } }>;
}

export function typeLabel(t: T, type: string): string {
  const key = `author.type.${type}`;
  const text = t(key as never);
  return text === key ? type : text;
}

export const competenceOptions = (f: Framework, lang: 'vi' | 'en'): Array<[string, string]> => f.competences.map((c) => [c.code, `${c.code} — ${c.name[lang]}`]);
export const gradeBandOptions = (f: Framework, lang: 'vi' | 'en'): Array<[string, string]> => f.gradeBands.map((g) => [g.code, `${g.code} — ${g.name[lang]}`]);
