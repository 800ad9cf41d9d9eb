import type { QuestionType } from '../question-schema.ts';
import type { LocalizedText } from '../../shared/localized.ts';
import type { BankFormat } from './format-types.ts';

/**
 * The one registry of bank file formats, as data only (no parsers, no zod), so the
 * import and export pages' bundles can read it too (format-files.ts). Routes, the
 * CLI and the pages take names, labels, extensions, content types and
 * capabilities from here; a format added here appears everywhere.
 */

export interface FormatInfo {
  /** The `?format=` name. */
  name: BankFormat;
  label: LocalizedText;
  /** File name endings, most usual first (the export uses the first). */
  extensions: readonly string[];
  /** Content types accepted on import (besides multipart/form-data and application/octet-stream); the first is the export's. */
  contentTypes: readonly string[];
  import: boolean;
  export: boolean;
  /** A binary file (zip based) rather than UTF-8 text. */
  binary: boolean;
  /** `both`: Vietnamese and English side by side; `one`: the language chosen with `lang`. */
  languages: 'both' | 'one';
  /** Question types the format holds; others are reported per question on export. */
  types: readonly QuestionType[];
}

const ALL_TYPES: readonly QuestionType[] = ['single_choice', 'multiple_choice', 'true_false', 'short_answer', 'ordering', 'numerical', 'matching'];

export const FORMATS: readonly FormatInfo[] = [
  {
    name: 'json',
    label: { vi: 'JSON của civiq (đầy đủ)', en: 'civiq JSON (lossless)' },
    extensions: ['.json'],
    contentTypes: ['application/json'],
    import: true,
    export: true,
    binary: false,
    languages: 'both',
    types: ALL_TYPES,
  },
  {
    name: 'csv',
    label: { vi: 'Bảng tính CSV', en: 'CSV spreadsheet' },
    extensions: ['.csv'],
    contentTypes: ['text/csv', 'text/plain', 'application/vnd.ms-excel'],
    import: true,
    export: true,
    binary: false,
    languages: 'both',
    types: ALL_TYPES,
  },
  {
    name: 'gift',
    label: { vi: 'Moodle GIFT', en: 'Moodle GIFT' },
    extensions: ['.gift.txt', '.gift', '.txt'],
    contentTypes: ['text/plain'],
    import: true,
    export: true,
    binary: false,
    languages: 'one',
    types: ['single_choice', 'multiple_choice', 'true_false', 'short_answer', 'numerical', 'matching'],
  },
  {
    name: 'aiken',
    label: { vi: 'Aiken', en: 'Aiken' },
    extensions: ['.aiken.txt', '.txt'],
    contentTypes: ['text/plain'],
    import: true,
    export: true,
    binary: false,
    languages: 'one',
    types: ['single_choice'],
  },
  {
    name: 'moodle-xml',
    label: { vi: 'Moodle XML', en: 'Moodle XML' },
    extensions: ['.xml'],
    contentTypes: ['application/xml', 'text/xml'],
    import: true,
    export: true,
    binary: false,
    languages: 'one',
    types: ALL_TYPES,
  },
  {
    name: 'xlsx',
    label: { vi: 'Excel (.xlsx)', en: 'Excel (.xlsx)' },
    extensions: ['.xlsx'],
    contentTypes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    import: true,
    export: true,
    binary: true,
    languages: 'both',
    types: ALL_TYPES,
  },
  {
    name: 'docx',
    label: { vi: 'Word (.docx): "Câu 1.", "A. B. C. D.", "Đáp án: B"', en: 'Word (.docx): "Câu 1.", "A. B. C. D.", "Đáp án: B"' },
    extensions: ['.docx'],
    contentTypes: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    import: true,
    export: false,
    binary: true,
    languages: 'one',
    types: ['single_choice', 'multiple_choice', 'true_false', 'short_answer'],
  },
  {
    name: 'qti',
    label: { vi: 'Gói QTI 3.0 (IMS)', en: 'QTI 3.0 package (IMS)' },
    extensions: ['.qti.zip', '.zip'],
    contentTypes: ['application/zip'],
    import: false,
    export: true,
    binary: true,
    languages: 'one',
    types: ALL_TYPES,
  },
];

/** The registry entry of a format. */
export function formatInfo(name: BankFormat): FormatInfo {
  const info = FORMATS.find((f) => f.name === name);
  if (!info) throw new Error(`no format "${name}" in the registry`);
  return info;
}

/** Formats that can be imported / exported, by name. */
export const importFormats = (): BankFormat[] => FORMATS.filter((f) => f.import).map((f) => f.name);
export const exportFormats = (): BankFormat[] => FORMATS.filter((f) => f.export).map((f) => f.name);

/** Every content type some import accepts, plus the two every import accepts. */
export function acceptedImportTypes(): string[] {
  const types = new Set<string>();
  for (const f of FORMATS) if (f.import) for (const t of f.contentTypes) types.add(t);
  types.add('application/xml');
  types.add('text/xml');
  types.add('application/octet-stream');
  types.add('multipart/form-data');
  return [...types];
}
