import type { BankFormat, ExportBank, ExportResult, ParseOptions, ParseResult } from './format-types.ts';
import { exportAiken, parseAiken } from './aiken-format.ts';
import { exportCsv, parseCsv } from './csv-format.ts';
import { exportGift, parseGift } from './gift-format.ts';
import { exportJsonBank, parseJsonBank } from './json-format.ts';

/**
 * Question-bank file formats: pure parsers and writers, no I/O. Parsers return
 * what they imported and what they skipped (with lines); strict vs lenient is the
 * caller's choice. docs/formats.md describes each format.
 */

export type {
  BankFormat,
  BankMeta,
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

/** Parse a bank file. Never throws: even an internal failure comes back as a skipped item. */
export function parseBank(format: BankFormat, text: string, opts: ParseOptions): ParseResult {
  try {
    switch (format) {
      case 'gift':
        return parseGift(text, opts);
      case 'aiken':
        return parseAiken(text, opts);
      case 'csv':
        return parseCsv(text);
      case 'json':
        return parseJsonBank(text);
      default:
        return { questions: [], skipped: [{ line: 1, reason: `unknown format "${String(format)}"` }] };
    }
  } catch (e) {
    // A parser bug must not become a 500 mid-import; the file is refused with the cause.
    return { questions: [], skipped: [{ line: 1, reason: `the ${format} parser failed: ${(e as Error).message}` }] };
  }
}

/** Write a bank in `format`; one-language formats use `opts.lang`, falling back to the other language. */
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
  }
}

export { describeFormat, detectFormat, formatCatalogue, isZip, sniffText, type Detection, type FormatDescription } from './format-files.ts';
