import { z } from 'zod';
import { nfc } from './text.ts';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LanguageSchema = z.enum(LANGUAGES);

/** A trimmed, NFC-normalised string with a length cap. */
export const nfcString = (max: number) =>
  z
    .string()
    .max(max * 2) // cheap guard before normalisation; the real limit is checked after
    .transform((s) => nfc(s).trim())
    .pipe(z.string().max(max));

/**
 * Text in Vietnamese and English. At least one language must be non-empty:
 * formats like GIFT or Aiken carry one language only. Shipped content is held
 * to "both languages" by the content rules, not by this schema.
 */
export const localizedText = (max: number) =>
  z
    .object({
      vi: nfcString(max).default(''),
      en: nfcString(max).default(''),
    })
    .refine((t) => t.vi.length > 0 || t.en.length > 0, {
      message: 'at least one of vi or en is required',
    });

export type LocalizedText = { vi: string; en: string };

/** Pick the requested language, falling back to the other one. */
export function pick(text: LocalizedText, lang: Language): string {
  return (lang === 'en' ? text.en || text.vi : text.vi || text.en) ?? '';
}
