import type { z } from 'zod';
import type { BankMetaSchema, Question } from '../question-schema.ts';
import type { Language } from '../../shared/localized.ts';

/** The file formats civiq imports or exports; the names are the `?format=` contract. Details per format: `FORMATS` in index.ts. */
export const BANK_FORMATS = ['gift', 'aiken', 'csv', 'json', 'moodle-xml', 'xlsx', 'docx', 'qti'] as const;
export type BankFormat = (typeof BANK_FORMATS)[number];

/** Bank metadata after validation (defaults applied). */
export type BankMeta = z.infer<typeof BankMetaSchema>;
/** Bank metadata as a caller may hold it for an export: every field optional. */
export type ExportMeta = Partial<z.input<typeof BankMetaSchema>>;

export interface ParseOptions {
  /** The language a one-language format (GIFT, Aiken) fills, and the one it exports. */
  lang: Language;
}

/** A question that passed `QuestionSchema`, with the 1-based line where it starts in the source. */
export interface ParsedQuestion {
  line: number;
  question: Question;
}

/**
 * Something the parser could not import, or data it had to leave out, with the
 * 1-based line where the item starts. Strict callers reject a file when any exist.
 */
export interface SkippedItem {
  line: number;
  reason: string;
}

export interface ParseResult {
  questions: ParsedQuestion[];
  skipped: SkippedItem[];
  /** Bank metadata, from a native JSON bank file only. */
  meta?: Partial<BankMeta>;
  /** Images embedded in the file, for the caller to store and link (`ref` → stored URL). */
  images?: EmbeddedImage[];
}

export interface ExportBank {
  meta: ExportMeta;
  questions: Question[];
}

/** A question the format cannot carry; `id` is the question id or `#n` (1-based position) when it has none. */
export interface ExportSkip {
  id: string;
  reason: string;
}

export interface ExportResult {
  /** The file as text (text formats; empty for binary ones). */
  text: string;
  /** The file as bytes, for binary formats (zip packages, spreadsheets). */
  bytes?: Uint8Array;
  skipped: ExportSkip[];
}

/** An image a file carries inside it (Moodle XML base64); the question refers to it as `/uploads/pending-N` until it is stored. */
export interface EmbeddedImage {
  ref: string;
  contentType: string;
  bytes: Uint8Array;
}
