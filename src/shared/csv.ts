/**
 * CSV for spreadsheets: UTF-8 with a BOM (Excel then reads Vietnamese correctly),
 * CRLF line ends, and text that Excel would run as a formula (=, +, -, @, tab, CR at
 * the start) neutralised with a leading apostrophe. Shared by the live results export
 * and the reports.
 */
export function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Numbers are written as numbers (a negative difference is not a formula); everything else through `csvCell`. */
function cellOf(v: unknown): string {
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : csvCell(v);
}

export function toCsv(rows: readonly (readonly unknown[])[]): string {
  return '\uFEFF' + rows.map((r) => r.map(cellOf).join(',')).join('\r\n') + '\r\n';
}
