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
 * `FORMATS` (format-registry.ts) is the one registry: routes, the CLI and the
 * import/export pages read names, labels, extensions, content types and
 * capabilities from it.
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

export * from './format-registry.ts';

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

export { describeFormat, detectFormat, formatCatalogue, isZip, sniffText, type Detection, type FormatDescription } from './format-files.ts';
