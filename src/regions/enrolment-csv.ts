import type { Language } from '../shared/localized.ts';
import { fold, graphemeLength, nfc, squashSpaces } from '../shared/text.ts';
import { VN_DIGITAL_COMPETENCE_2025 } from '../banks/competences.ts';
import { regionMatcher, type MatchableRegion } from './region-matching.ts';

/**
 * Enrolment files: one row per school (or per school and grade band), as the
 * Department's staff export them from a spreadsheet. Excel in Vietnam saves CSV
 * with ";" or ",", with or without a BOM, and people type unit names rather than
 * codes, so all of that is accepted; anything doubtful is reported with the line
 * it starts on instead of being guessed.
 *
 *   region_code,school_name,grade_band,enrolment[,demo]
 *
 * Lines starting with "#" are comments (the demo file labels itself with them).
 */

export const GRADE_BANDS: readonly string[] = VN_DIGITAL_COMPETENCE_2025.gradeBands.map((g) => g.code);
export const MAX_ENROLMENT = 1_000_000;
export const MAX_ROWS = 50_000;
export const MAX_SCHOOL_NAME = 200;

export interface EnrolmentRow {
  /** The line the row starts on (1-based, counting comments and blank lines). */
  line: number;
  regionCode: string;
  schoolName: string;
  gradeBand: string | null;
  enrolment: number;
  demo: boolean;
}

export interface CsvError {
  line: number;
  message: string;
}

export interface EnrolmentParse {
  rows: EnrolmentRow[];
  errors: CsvError[];
}

type Column = 'region_code' | 'school_name' | 'grade_band' | 'enrolment' | 'demo';
const REQUIRED: readonly Column[] = ['region_code', 'school_name', 'enrolment'];
const HEADER_NAMES: Record<string, Column> = {
  region_code: 'region_code',
  school_name: 'school_name',
  grade_band: 'grade_band',
  enrolment: 'enrolment',
  enrollment: 'enrolment',
  demo: 'demo',
  is_demo: 'demo',
};
const TRUE_WORDS = new Set(['true', '1', 'yes', 'y', 'co', 'x']);
const FALSE_WORDS = new Set(['', 'false', '0', 'no', 'n', 'khong']);

const MESSAGES = {
  empty: () => ({ vi: 'Tệp trống: cần dòng tiêu đề region_code,school_name,grade_band,enrolment.', en: 'The file is empty: a header region_code,school_name,grade_band,enrolment is needed.' }),
  missingColumns: (cols: string) => ({
    vi: `Dòng tiêu đề thiếu cột ${cols} (cần region_code, school_name, enrolment; grade_band và demo là tùy chọn).`,
    en: `The header lacks ${cols} (region_code, school_name and enrolment are required; grade_band and demo are optional).`,
  }),
  duplicateColumn: (col: string) => ({ vi: `Cột ${col} xuất hiện hai lần.`, en: `Column ${col} appears twice.` }),
  fieldCount: (expected: number, found: number) => ({
    vi: `Cần ${expected} cột nhưng có ${found} (tên chứa dấu phân cách phải đặt trong ngoặc kép).`,
    en: `Expected ${expected} columns, found ${found} (quote values that contain the delimiter).`,
  }),
  unterminatedQuote: () => ({ vi: 'Ngoặc kép được mở nhưng không đóng.', en: 'A quoted value is never closed.' }),
  textAfterQuote: () => ({ vi: 'Có ký tự sau dấu ngoặc kép đóng.', en: 'Text follows a closing quote.' }),
  unitRequired: () => ({ vi: 'Thiếu đơn vị (region_code).', en: 'The unit (region_code) is empty.' }),
  unknownUnit: (v: string) => ({ vi: `Không tìm thấy đơn vị "${v}".`, en: `Unknown unit "${v}".` }),
  ambiguousUnit: (v: string, codes: string) => ({ vi: `"${v}" có thể là nhiều đơn vị: ${codes}; hãy ghi mã.`, en: `"${v}" may mean several units: ${codes}; use the code.` }),
  schoolRequired: () => ({ vi: 'Thiếu tên trường (school_name).', en: 'The school name (school_name) is empty.' }),
  schoolTooLong: () => ({ vi: `Tên trường dài quá ${MAX_SCHOOL_NAME} ký tự.`, en: `The school name is longer than ${MAX_SCHOOL_NAME} characters.` }),
  badGradeBand: (v: string) => ({ vi: `Khối lớp "${v}" không hợp lệ (${GRADE_BANDS.join(', ')} hoặc để trống).`, en: `Grade band "${v}" is not one of ${GRADE_BANDS.join(', ')} (or empty).` }),
  badEnrolment: (v: string) => ({ vi: `Sĩ số "${v}" phải là số nguyên không âm.`, en: `Enrolment "${v}" must be a whole number, zero or more.` }),
  enrolmentTooLarge: (v: string) => ({ vi: `Sĩ số ${v} vượt quá ${MAX_ENROLMENT}.`, en: `Enrolment ${v} is over ${MAX_ENROLMENT}.` }),
  badDemo: (v: string) => ({ vi: `Cột demo "${v}" phải là true/false.`, en: `demo "${v}" must be true or false.` }),
  duplicateRow: (line: number) => ({ vi: `Trùng trường và khối lớp với dòng ${line}.`, en: `Same unit, school and grade band as line ${line}.` }),
  tooManyRows: () => ({ vi: `Tệp có quá ${MAX_ROWS} dòng; phần còn lại bị bỏ qua.`, en: `The file has more than ${MAX_ROWS} rows; the rest is ignored.` }),
};

interface CsvRecord {
  line: number;
  fields: string[];
  problem?: 'unterminatedQuote' | 'textAfterQuote';
}

/** The delimiter the header uses: ";" when it has more of them than ",". */
function detectDelimiter(text: string): ',' | ';' {
  for (const raw of text.split(/\r\n|\r|\n/)) {
    if (raw.trim() === '' || raw.startsWith('#')) continue;
    const outside = raw.replace(/"[^"]*"/g, '');
    return (outside.match(/;/g)?.length ?? 0) > (outside.match(/,/g)?.length ?? 0) ? ';' : ',';
  }
  return ',';
}

/** RFC 4180 records with the line each starts on; quoted values may hold delimiters, quotes ("") and line breaks. */
function readRecords(text: string, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  const newlineAt = (k: number) => (text[k] === '\r' ? (text[k + 1] === '\n' ? 2 : 1) : text[k] === '\n' ? 1 : 0);
  while (i < n) {
    const start = line;
    if (text[i] === '#') {
      while (i < n && newlineAt(i) === 0) i++;
      if (i < n) i += newlineAt(i);
      line++;
      continue;
    }
    const fields: string[] = [];
    let problem: CsvRecord['problem'];
    let field = '';
    let atFieldStart = true;
    let ended = false;
    while (i < n && !ended) {
      const ch = text[i]!;
      if (atFieldStart && ch === '"') {
        i++;
        let closed = false;
        while (i < n) {
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          const nl = newlineAt(i);
          if (nl) {
            field += '\n';
            i += nl;
            line++;
          } else field += text[i++];
        }
        if (!closed) problem = 'unterminatedQuote';
        atFieldStart = false;
        // Only spaces may sit between a closing quote and the delimiter.
        while (i < n && text[i] !== delimiter && newlineAt(i) === 0) {
          if (text[i] !== ' ' && text[i] !== '\t') problem ??= 'textAfterQuote';
          i++;
        }
        continue;
      }
      if (ch === delimiter) {
        fields.push(field);
        field = '';
        atFieldStart = true;
        i++;
        continue;
      }
      const nl = newlineAt(i);
      if (nl) {
        i += nl;
        line++;
        ended = true;
        continue;
      }
      field += ch;
      atFieldStart = false;
      i++;
    }
    fields.push(field);
    // Spreadsheets export empty rows as ";;;": those are blank lines too.
    const blank = fields.every((f) => f.trim() === '');
    if (!blank || problem) records.push({ line: start, fields, ...(problem ? { problem } : {}) });
  }
  return records;
}

function headerKey(raw: string): string {
  return fold(raw).replace(/[\s-]+/g, '_');
}

/**
 * Parse an enrolment file against a region set's units. Every problem is
 * reported with its line; rows without problems are returned ready to store.
 * `region_code` may hold a code or any spelling of a unit (see region-matching.ts).
 */
export function parseEnrolmentCsv(text: string, regions: readonly MatchableRegion[], opts: { lang?: Language } = {}): EnrolmentParse {
  const lang = opts.lang ?? 'vi';
  const errors: CsvError[] = [];
  const rows: EnrolmentRow[] = [];
  const fail = (line: number, m: { vi: string; en: string }) => errors.push({ line, message: m[lang] });

  const body = nfc(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const records = readRecords(body, detectDelimiter(body));
  const [header, ...data] = records;
  if (!header) {
    fail(1, MESSAGES.empty());
    return { rows, errors };
  }
  if (header.problem) fail(header.line, MESSAGES[header.problem]());
  const columns = new Map<Column, number>();
  header.fields.forEach((raw, idx) => {
    const col = HEADER_NAMES[headerKey(raw)];
    if (!col) return; // extra spreadsheet columns (notes, totals) are ignored
    if (columns.has(col)) fail(header.line, MESSAGES.duplicateColumn(col));
    else columns.set(col, idx);
  });
  const missing = REQUIRED.filter((c) => !columns.has(c));
  if (missing.length > 0) {
    fail(header.line, MESSAGES.missingColumns(missing.join(', ')));
    return { rows, errors };
  }
  if (errors.length > 0) return { rows, errors };

  const match = regionMatcher(regions);
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const seen = new Map<string, number>();
  const width = header.fields.length;
  let count = 0;
  for (const rec of data) {
    if (++count > MAX_ROWS) {
      fail(rec.line, MESSAGES.tooManyRows());
      break;
    }
    if (rec.problem) {
      fail(rec.line, MESSAGES[rec.problem]());
      continue;
    }
    if (rec.fields.length !== width) {
      fail(rec.line, MESSAGES.fieldCount(width, rec.fields.length));
      continue;
    }
    const get = (c: Column) => {
      const idx = columns.get(c);
      return idx === undefined ? '' : squashSpaces(rec.fields[idx] ?? '');
    };
    const before = errors.length;

    const unit = get('region_code');
    let regionCode: string | null = null;
    if (!unit) fail(rec.line, MESSAGES.unitRequired());
    else if (byCode.has(unit)) regionCode = unit;
    else {
      const m = match(unit);
      if (m.region) regionCode = m.region.code;
      else if (m.candidates.length > 1) fail(rec.line, MESSAGES.ambiguousUnit(unit, m.candidates.map((r) => r.code).join(', ')));
      else fail(rec.line, MESSAGES.unknownUnit(unit));
    }

    const schoolName = get('school_name');
    if (!schoolName) fail(rec.line, MESSAGES.schoolRequired());
    else if (graphemeLength(schoolName) > MAX_SCHOOL_NAME) fail(rec.line, MESSAGES.schoolTooLong());

    const bandRaw = get('grade_band');
    const gradeBand = bandRaw ? bandRaw.toUpperCase() : null;
    if (gradeBand !== null && !GRADE_BANDS.includes(gradeBand)) fail(rec.line, MESSAGES.badGradeBand(bandRaw));

    const enrolmentRaw = get('enrolment');
    let enrolment = 0;
    if (!/^\d{1,9}$/.test(enrolmentRaw)) fail(rec.line, MESSAGES.badEnrolment(enrolmentRaw));
    else {
      enrolment = Number(enrolmentRaw);
      if (enrolment > MAX_ENROLMENT) fail(rec.line, MESSAGES.enrolmentTooLarge(enrolmentRaw));
    }

    const demoRaw = get('demo');
    const demoWord = fold(demoRaw);
    const demo = TRUE_WORDS.has(demoWord);
    if (!demo && !FALSE_WORDS.has(demoWord)) fail(rec.line, MESSAGES.badDemo(demoRaw));

    if (errors.length > before || regionCode === null) continue;
    const key = `${regionCode}\u0000${schoolName}\u0000${gradeBand ?? ''}`;
    const first = seen.get(key);
    if (first !== undefined) {
      fail(rec.line, MESSAGES.duplicateRow(first));
      continue;
    }
    seen.set(key, rec.line);
    rows.push({ line: rec.line, regionCode, schoolName, gradeBand, enrolment, demo });
  }
  return { rows, errors };
}
