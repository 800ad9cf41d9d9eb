import type { QuestionType } from '../question-schema.ts';
import type { LocalizedText } from '../../shared/localized.ts';
import { BANK_FORMATS, type BankFormat, type ExportBank, type ExportResult, type ParseOptions, type ParseResult } from './format-types.ts';
import { exportAiken, parseAiken } from './aiken-format.ts';
import { exportCsv, parseCsv } from './csv-format.ts';
import { wrongFormatReason } from './detect-format.ts';
import { exportGift, parseGift } from './gift-format.ts';
import { exportJsonBank, parseJsonBank } from './json-format.ts';
import { exportMoodleXml, parseMoodleXml } from './moodle-xml-format.ts';
import { exportQti } from './qti-format.ts';
import { exportXlsx, parseXlsx } from './xlsx-format.ts';
import { parseDocx } from './docx-format.ts';

/**
 * Question-bank file formats: pure parsers and writers, no I/O. Parsers return
 * what they imported and what they skipped (with lines); strict vs lenient is the
 * caller's choice. docs/formats.md describes each format.
 *
 * `FORMATS` is the one registry: routes, the CLI and the import/export pages read
 * names, labels, extensions, content types and capabilities from it.
 */

export type {
  BankFormat,
  BankMeta,
  EmbeddedImage,
  ExportBank,
  ExportMeta,
  ExportResult,
  ExportSkip,
  ParseOptions,
  ParseResult,
  ParsedQuestion,
  SkippedItem,
} from './format-types.ts';
export { BANK_FORMATS } from './format-types.ts';

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

/** Parse a text bank file. Never throws: even an internal failure comes back as a skipped item. */
export function parseBank(format: BankFormat, text: string, opts: ParseOptions): ParseResult {
  try {
    if (!(BANK_FORMATS as readonly string[]).includes(format)) return { questions: [], skipped: [{ line: 1, reason: `unknown format "${String(format)}"` }] };
    const wrong = wrongFormatReason(format, text);
    if (wrong) return { questions: [], skipped: [{ line: 1, reason: wrong }] };
    switch (format) {
      case 'gift':
        return parseGift(text, opts);
      case 'aiken':
        return parseAiken(text, opts);
      case 'csv':
        return parseCsv(text);
      case 'json':
        return parseJsonBank(text);
      case 'moodle-xml':
        return parseMoodleXml(text, opts);
      case 'qti':
        return { questions: [], skipped: [{ line: 1, reason: 'QTI is an export format: import Moodle XML, GIFT, CSV or JSON' }] };
      case 'xlsx':
      case 'docx':
        return { questions: [], skipped: [{ line: 1, reason: `a .${format} file is binary: send the file itself` }] };
    }
  } catch (e) {
    // A parser bug must not become a 500 mid-import; the file is refused with the cause.
    return { questions: [], skipped: [{ line: 1, reason: `the ${format} parser failed: ${(e as Error).message}` }] };
  }
}

/**
 * Parse a bank file given as bytes: text formats are decoded as UTF-8 (a file that
 * is not UTF-8 gives `notUtf8`), binary ones are read as they are.
 */
export async function parseBankFile(format: BankFormat, bytes: Uint8Array, opts: ParseOptions): Promise<ParseResult | { notUtf8: true }> {
  if (format === 'xlsx' || format === 'docx') {
    const head = new TextDecoder().decode(bytes.slice(0, 2000));
    if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) {
      const wrong = wrongFormatReason(format, head);
      const save = format === 'xlsx' ? 'not an .xlsx workbook (a zip file): save the sheet as Excel Workbook (.xlsx), or import it as CSV' : 'not a .docx document (a zip file): save it as Word Document (.docx); an old .doc file cannot be read';
      return { questions: [], skipped: [{ line: 1, reason: wrong ?? save }] };
    }
    return format === 'xlsx' ? parseXlsx(bytes) : parseDocx(bytes, opts);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { notUtf8: true };
  }
  return parseBank(format, text, opts);
}

/** Write a bank in `format`; one-language formats use `opts.lang`, falling back to the other language. */
export async function exportBankFile(format: BankFormat, bank: ExportBank, opts: ParseOptions): Promise<ExportResult> {
  if (format === 'xlsx') return exportXlsx(bank);
  return exportBank(format, bank, opts);
}

/** Write a bank in a text format. */
export function exportBank(format: BankFormat, bank: ExportBank, opts: ParseOptions): ExportResult {
  switch (format) {
    case 'gift':
      return exportGift(bank, opts);
    case 'aiken':
      return exportAiken(bank, opts);
    case 'csv':
      return exportCsv(bank);
    case 'json':
      return exportJsonBank(bank);
    case 'moodle-xml':
      return exportMoodleXml(bank, opts);
    case 'qti':
      return exportQti(bank, opts);
    case 'xlsx':
      throw new Error('xlsx is written by exportBankFile (it is asynchronous)');
    case 'docx':
      throw new Error('docx is an import format');
  }
}
