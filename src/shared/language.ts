/**
 * Languages and bilingual text, without zod: browser bundles import this too.
 * The zod schemas for bilingual text live in localized.ts.
 */
export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export type LocalizedText = { vi: string; en: string };

/** Pick the requested language, falling back to the other one. */
export function pick(text: LocalizedText, lang: Language): string {
  return (lang === 'en' ? text.en || text.vi : text.vi || text.en) ?? '';
}
