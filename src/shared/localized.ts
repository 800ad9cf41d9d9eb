import { z } from 'zod';
import { nfc } from './text.ts';

import { LANGUAGES } from './language.ts';

export { LANGUAGES, pick, type Language, type LocalizedText } from './language.ts';
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

