import { fold } from '../../shared/text.ts';
import { QuestionSchema, type Question, type QuestionInput } from '../question-schema.ts';
import { parseSheetRecords, sheetRows } from './csv-format.ts';
import type { ExportBank, ExportResult, ParseResult } from './format-types.ts';

/**
 * Excel `.xlsx`: the CSV format's columns, one question per row, in the first
 * sheet, with Vietnamese headers ("Câu hỏi (tiếng Việt)") or the CSV names
 * (`prompt_vi`), in any order. Lines in reports are Excel row numbers.
 *
 * Reading uses read-excel-file and writing write-excel-file (both MIT, small,
 * maintained, built on fflate): exceljs was the alternative, but it pulls in
 * archiver, unzipper and jszip and has had no release since 2023.
 */

const PARTS: Record<string, string> = { vi: 'tiếng Việt', en: 'tiếng Anh' };

/** Vietnamese header for each CSV column. */
export function vietnameseHeader(column: string): string {
  const lang = /_(vi|en)$/.exec(column)?.[1];
  const suffix = lang ? ` (${PARTS[lang]})` : '';
  const base = lang ? column.slice(0, -3) : column;
  const option = /^option_(\d)$/.exec(base);
  if (option) return `Phương án ${option[1]}${suffix}`;
  const match = /^match_(\d)$/.exec(base);
  if (match) return `Ghép với phương án ${match[1]}${suffix}`;
  const names: Record<string, string> = {
    id: 'Mã câu hỏi',
    type: 'Loại câu hỏi',
    prompt: 'Câu hỏi',
    correct: 'Đáp án đúng',
    scoring: 'Cách chấm',
    explanation: 'Giải thích',
    competences: 'Năng lực số',
    difficulty: 'Độ khó',
    grade_bands: 'Khối lớp',
    time_limit_sec: 'Thời gian (giây)',
    points: 'Hệ số điểm',
    source: 'Nguồn',
    tags: 'Nhãn',
    weights: 'Trọng số',
    feedback_correct: 'Phản hồi khi đúng',
    feedback_incorrect: 'Phản hồi khi sai',
    case_sensitive: 'Phân biệt hoa thường',
    ignore_diacritics: 'Bỏ qua dấu',
    ignore_extra_spaces: 'Bỏ qua khoảng trắng thừa',
    option_ids: 'Mã phương án',
    image_url: 'Ảnh (URL)',
    image_alt: 'Mô tả ảnh',
    unit: 'Đơn vị',
    display: 'Cách nhập số',
    slider: 'Thanh trượt',
  };
  return `${names[base] ?? base}${suffix}`;
}

const BY_FOLDED = new Map<string, string>();
function columnFor(header: string): string {
  if (BY_FOLDED.size === 0) {
    const columns = [
      ...['id', 'type', 'correct', 'scoring', 'competences', 'difficulty', 'grade_bands', 'time_limit_sec', 'points', 'source', 'tags', 'weights', 'case_sensitive', 'ignore_diacritics', 'ignore_extra_spaces', 'option_ids', 'image_url', 'unit', 'display', 'slider'],
      ...['prompt', 'explanation', 'feedback_correct', 'feedback_incorrect', 'image_alt', ...[1, 2, 3, 4, 5, 6, 7, 8].flatMap((n) => [`option_${n}`, `match_${n}`])].flatMap((b) => [`${b}_vi`, `${b}_en`]),
    ];
    for (const c of columns) BY_FOLDED.set(fold(vietnameseHeader(c)).replace(/\s+/g, ' '), c);
  }
  const folded = fold(header).trim().replace(/\s+/g, ' ');
  return BY_FOLDED.get(folded) ?? header.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** A cell as the text the CSV rules read. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(15)));
  return String(v);
}

/** Parse the first sheet of an .xlsx file. Never throws. */
export async function parseXlsx(bytes: Uint8Array): Promise<ParseResult> {
  let rows: unknown[][];
  try {
    // A Buffer, never a string: read-excel-file/node reads a string as a file path.
    const { readSheet } = await import('read-excel-file/node');
    rows = (await readSheet(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))) as unknown[][];
  } catch (e) {
    return { questions: [], skipped: [{ line: 1, reason: `not a readable .xlsx workbook: ${(e as Error).message.split('\n')[0]}` }] };
  }
  const records = rows.map((r, i) => ({ line: i + 1, fields: r.map(cellText) }));
  return parseSheetRecords(records, [], columnFor);
}

/** Write questions as an .xlsx sheet with Vietnamese headers (the CSV columns). */
export async function exportXlsx(bank: ExportBank): Promise<ExportResult> {
  const { header, rows } = sheetRows(bank);
  const data = [
    header.map((h) => ({ value: vietnameseHeader(h), fontWeight: 'bold' as const, wrap: true })),
    ...rows.map((r) => r.map((v) => (v === '' ? null : { value: v, type: String, wrap: true }))),
  ];
  const { default: writeXlsxFile } = await import('write-excel-file/node');
  const buffer = await writeXlsxFile(data as never, { sheet: 'Câu hỏi', stickyRowsCount: 1, columns: header.map((h) => ({ width: /^(prompt|option|explanation|match)/.test(h) ? 30 : 14 })) }).toBuffer();
  return { text: '', bytes: new Uint8Array(buffer), skipped: [] };
}

/** One example of every type, in both languages: the downloadable template. */
export const TEMPLATE_QUESTIONS: Question[] = (
  [
    {
      id: 'vi-du-1',
      type: 'single_choice',
      prompt: { vi: 'Khi nhận tin nhắn lạ có đường link, em nên làm gì?', en: 'What should you do with a strange message that has a link?' },
      options: [
        { id: 'a', text: { vi: 'Bấm vào link ngay', en: 'Click the link at once' } },
        { id: 'b', text: { vi: 'Không bấm, báo người lớn', en: "Don't click; tell an adult" } },
      ],
      answer: 'b',
      explanation: { vi: 'Link lạ có thể là lừa đảo.', en: 'Strange links may be scams.' },
      competences: ['4.2'],
      gradeBands: ['CB2'],
      difficulty: 1,
      source: 'Ví dụ',
    },
    {
      id: 'vi-du-2',
      type: 'multiple_choice',
      prompt: { vi: 'Những mật khẩu nào mạnh?', en: 'Which passwords are strong?' },
      options: [
        { id: 'a', text: { vi: 'ba-con-meo-xanh-nhay', en: 'three-blue-cats-jump' } },
        { id: 'b', text: { vi: '123456', en: '123456' } },
        { id: 'c', text: { vi: 'Lan#2012!Hoa$', en: 'Lan#2012!Hoa$' } },
      ],
      answer: ['a', 'c'],
    },
    { id: 'vi-du-3', type: 'true_false', prompt: { vi: 'Có nên chia sẻ mã OTP cho bạn thân?', en: 'Should you share an OTP with a best friend?' }, answer: false },
    { id: 'vi-du-4', type: 'short_answer', prompt: { vi: 'Tổng đài báo cáo lừa đảo của Việt Nam là số mấy?', en: 'Which number reports scams in Vietnam?' }, answer: ['156', '5656'] },
    {
      id: 'vi-du-5',
      type: 'ordering',
      prompt: { vi: 'Sắp xếp các bước tạo mật khẩu mạnh.', en: 'Order the steps to make a strong password.' },
      options: [
        { id: 'a', text: { vi: 'Chọn ba từ ngẫu nhiên', en: 'Pick three random words' } },
        { id: 'b', text: { vi: 'Ghép lại', en: 'Join them' } },
        { id: 'c', text: { vi: 'Lưu vào trình quản lý mật khẩu', en: 'Save it in a password manager' } },
      ],
      answer: ['a', 'b', 'c'],
    },
    { id: 'vi-du-6', type: 'numerical', prompt: { vi: 'Mật khẩu nên dài ít nhất bao nhiêu ký tự?', en: 'How many characters long should a password be at least?' }, answer: [{ min: 12, max: 64 }], unit: 'ký tự' },
    {
      id: 'vi-du-7',
      type: 'matching',
      prompt: { vi: 'Ghép mối nguy với cách phòng tránh.', en: 'Match each risk with its defence.' },
      options: [
        { id: 'a', text: { vi: 'Lừa đảo qua email', en: 'Phishing email' }, match: { vi: 'Kiểm tra người gửi', en: 'Check the sender' } },
        { id: 'b', text: { vi: 'Mật khẩu yếu', en: 'Weak password' }, match: { vi: 'Dùng cụm từ dài', en: 'Use a long passphrase' } },
      ],
    },
  ] as QuestionInput[]
).map((q) => QuestionSchema.parse(q));
