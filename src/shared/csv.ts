/**
 * The one CSV writer for everything civiq exports (results, roster codes, bank
 * exports): spreadsheet formula injection is neutralised here, once.
 *
 * Excel, LibreOffice and Google Sheets run a cell whose text starts with `=`,
 * `+`, `-`, `@`, a tab or a carriage return as a formula (`=HYPERLINK(…)` in a
 * pupil's name becomes a link that leaks data when clicked). OWASP's advice is to
 * prefix such cells with a single quote, which the spreadsheet shows as text.
 * Cells that already start with quotes before such a character get one more, so
 * `restoreFormulaText` (used by the bank CSV importer) removes exactly one and
 * round trips stay exact.
 */
const FORMULA_START = /^'*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Text that a spreadsheet would run as a formula, prefixed with `'`. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Undo `neutraliseFormula` (importing a file civiq exported). */
export function restoreFormulaText(text: string): string {
  return /^'+[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(text) ? text.slice(1) : text;
}

/** Quote a field when it holds the separator, a quote, a line break or edge spaces. */
export function quoteCsvField(field: string, separator: ',' | ';' = ','): string {
  return /["\r\n]|^\s|\s$/.test(field) || field.includes(separator) ? `"${field.replace(/"/g, '""')}"` : field;
}

/**
 * A whole CSV document as Excel reads UTF-8: BOM, CRLF-terminated records.
 * Strings are neutralised; numbers, booleans and null are written as values
 * (a negative number is data, not a formula).
 */
export function csvDocument(rows: ReadonlyArray<ReadonlyArray<unknown>>, separator: ',' | ';' = ','): string {
  const field = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
    return quoteCsvField(neutraliseFormula(String(v)), separator);
  };
  return `\uFEFF${rows.map((r) => r.map(field).join(separator)).join('\r\n')}\r\n`;
}

/** Response headers for a CSV download (UTF-8; Excel reads the BOM that csvDocument writes). */
export function csvDownloadHeaders(filename: string): Record<string, string> {
  return { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${filename}"` };
}
