import { fold } from '../../shared/text.ts';
import { csvDocument } from '../../shared/csv.ts';

/**
 * Vietnamese column names for the CSV template, so a teacher's spreadsheet can
 * say "Câu hỏi (tiếng Việt)" instead of `prompt_vi`. The parser accepts either
 * (matched after `fold`, so "cau hoi (tieng viet)" works too); the downloadable
 * template is written from this table.
 */
const OPTION_COLUMNS = [1, 2, 3, 4, 5, 6, 7, 8].flatMap((n) => [
  [`option_${n}_vi`, `Phương án ${n} (tiếng Việt)`],
  [`option_${n}_en`, `Phương án ${n} (tiếng Anh)`],
]);

export const CSV_VIETNAMESE_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['id', 'Mã câu hỏi'],
  ['type', 'Loại câu hỏi'],
  ['prompt_vi', 'Câu hỏi (tiếng Việt)'],
  ['prompt_en', 'Câu hỏi (tiếng Anh)'],
  ...(OPTION_COLUMNS as Array<[string, string]>),
  ['correct', 'Đáp án đúng'],
  ['scoring', 'Cách chấm'],
  ['explanation_vi', 'Giải thích (tiếng Việt)'],
  ['explanation_en', 'Giải thích (tiếng Anh)'],
  ['competences', 'Năng lực số'],
  ['difficulty', 'Độ khó'],
  ['grade_bands', 'Cấp học'],
  ['time_limit_sec', 'Thời gian (giây)'],
  ['points', 'Hệ số điểm'],
  ['source', 'Nguồn'],
  ['tags', 'Thẻ'],
  ['weights', 'Trọng số'],
  ['image_url', 'Ảnh (đường dẫn)'],
  ['image_alt_vi', 'Mô tả ảnh (tiếng Việt)'],
  ['image_alt_en', 'Mô tả ảnh (tiếng Anh)'],
];

const BY_FOLDED = new Map(CSV_VIETNAMESE_HEADERS.map(([col, vi]) => [fold(vi), col]));

/** The canonical column a Vietnamese header names, or undefined. */
export function columnForVietnameseHeader(header: string): string | undefined {
  return BY_FOLDED.get(fold(header));
}

/** The template's columns: the documented order up to option 6, then the tags. */
const TEMPLATE = CSV_VIETNAMESE_HEADERS.filter(([col]) => !/^option_[78]_/.test(col) && !['weights', 'image_url', 'image_alt_vi', 'image_alt_en'].includes(col));


/**
 * A CSV template with Vietnamese headers and two example rows, UTF-8 with a BOM
 * so Excel opens the accents right. It imports as it stands (the examples are valid).
 */
export function csvTemplate(): string {
  const header = TEMPLATE.map(([, vi]) => vi);
  const example1: Record<string, string> = {
    id: 'vd-mat-khau',
    type: 'single_choice',
    prompt_vi: 'Mật khẩu nào **mạnh** nhất?',
    prompt_en: 'Which password is the **strongest**?',
    option_1_vi: '123456',
    option_1_en: '123456',
    option_2_vi: 'ngay-sinh-2010',
    option_2_en: 'birthday-2010',
    option_3_vi: 'Ca-phe-Buon-Ma-Thuot-7!',
    option_3_en: 'Ca-phe-Buon-Ma-Thuot-7!',
    correct: '3',
    explanation_vi: 'Mật khẩu dài, nhiều loại ký tự khó đoán hơn.',
    explanation_en: 'Long passwords with several kinds of characters are harder to guess.',
    competences: '4.2',
    difficulty: '1',
    grade_bands: 'TC1|TC2',
    points: '1',
    source: 'Ví dụ của civiq',
  };
  const example2: Record<string, string> = {
    id: 'vd-otp',
    type: 'true_false',
    prompt_vi: 'Có thể đọc mã OTP cho người tự xưng là nhân viên ngân hàng.',
    prompt_en: 'You may read out an OTP code to someone who says they work for the bank.',
    correct: 'sai',
    explanation_vi: 'Không bao giờ chia sẻ mã OTP.',
    explanation_en: 'Never share an OTP code.',
    competences: '4.2',
    difficulty: '1',
    grade_bands: 'CB2|TC1',
    points: '1',
  };
  const rows = [header, ...[example1, example2].map((ex) => TEMPLATE.map(([col]) => ex[col] ?? ''))];
  return csvDocument(rows);
}
