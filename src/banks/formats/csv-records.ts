import { quoteCsvField } from '../../shared/csv.ts';
/**
 * RFC 4180 records as spreadsheets write them: comma or semicolon separators
 * (Excel in a Vietnamese locale writes semicolons), quoted fields with doubled
 * quotes and embedded line breaks, CRLF or LF, an optional BOM and Excel's
 * `sep=;` hint line.
 */

export interface CsvRecord {
  /** Physical 1-based line where the record starts. */
  line: number;
  fields: string[];
}

export interface CsvReadResult {
  separator: ',' | ';';
  records: CsvRecord[];
  /** Set when a quoted field is never closed: the record starting at `line` runs to the end of the file and is lost. */
  unclosedQuote?: { line: number; quoteLine: number };
}

/** Pick the separator from the header line: whichever of `,` and `;` occurs more outside quotes. */
function detectSeparator(text: string, from: number): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c === ',') commas++;
    else if (!quoted && c === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

/** Split CSV text into records. Never throws. */
export function readCsv(input: string): CsvReadResult {
  const text = input.replace(/^\uFEFF/, '');
  let pos = 0;
  let line = 1;
  let separator: ',' | ';' | undefined;
  const hint = /^sep=([,;])[ \t]*(\r\n|\r|\n|$)/i.exec(text);
  if (hint) {
    separator = hint[1] as ',' | ';';
    pos = hint[0].length;
    line = 2;
  }
  separator ??= detectSeparator(text, pos);

  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let recordLine = line;
  let quoted = false;
  let quoteLine = 0;
  const endRecord = () => {
    fields.push(field);
    records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  for (let i = pos; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else if (c === '\r' || c === '\n') {
        if (c === '\r' && text[i + 1] === '\n') i++;
        field += '\n';
        line++;
      } else field += c;
      continue;
    }
    if (c === '"' && field.trim() === '') {
      // A quote opens a quoted field only at its start (leading spaces allowed, as Excel tolerates).
      field = '';
      quoted = true;
      quoteLine = line;
    } else if (c === separator) {
      fields.push(field);
      field = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += c;
  }
  if (quoted) return { separator, records, unclosedQuote: { line: recordLine, quoteLine } };
  if (field !== '' || fields.length > 0) endRecord();
  return { separator, records };
}

/** Quote a field when it holds a separator, quote, line break or edge spaces. */
function quote(field: string, separator: ',' | ';'): string {
  return quoteCsvField(field, separator);
}

/** BOM, then CRLF-terminated records, as Excel reads UTF-8 CSV. */
export function writeCsv(rows: string[][], separator: ',' | ';' = ','): string {
  return `\uFEFF${rows.map((r) => r.map((f) => quote(f, separator)).join(separator)).join('\r\n')}\r\n`;
}
