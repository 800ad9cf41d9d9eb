import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBankFile, type ParseResult } from '../../src/banks/formats/index.ts';
import { parseDocParagraphs, type DocParagraph } from '../../src/banks/formats/docx-format.ts';

/**
 * Word tests in the usual Vietnamese layout. The fixture was made the way teachers
 * make theirs, with LibreOffice Writer from Debian (libreoffice-writer-nogui):
 *   soffice --headless --convert-to 'docx:MS Word 2007 XML' de-kiem-tra.html
 * (the .html source is committed beside it).
 */
const vi = { lang: 'vi' } as const;
const fixture = new Uint8Array(readFileSync(new URL('./fixtures/docx/de-kiem-tra.docx', import.meta.url)));
const para = (text: string, markedFrom?: number, markedTo?: number): DocParagraph => ({
  text,
  marked: [...text].map((_, i) => markedFrom !== undefined && i >= markedFrom && i < (markedTo ?? text.length)),
  images: [],
});

describe('Word .docx import', () => {
  it('reads every key style of the fixture: "Đáp án:", bold, underline, asterisk, several letters, text, Đúng/Sai', async () => {
    const r = (await parseBankFile('docx', fixture, vi)) as ParseResult;
    expect(r.questions.map((p) => [p.line, p.question.type, 'answer' in p.question ? p.question.answer : null])).toEqual([
      [3, 'single_choice', 'b'],
      [11, 'single_choice', 'b'],
      [14, 'single_choice', 'c'],
      [16, 'single_choice', 'b'],
      [20, 'multiple_choice', ['a', 'c']],
      [24, 'short_answer', ['156']],
      [26, 'true_false', false],
    ]);
    const first = r.questions[0]!.question;
    expect(first).toMatchObject({
      prompt: { vi: 'Mật khẩu nào sau đây mạnh nhất?' },
      explanation: { vi: 'mật khẩu dài, ngẫu nhiên khó đoán hơn.' },
      image: { url: '/uploads/pending-0' },
    });
    expect(first.type === 'single_choice' && first.options.map((o) => o.text.vi)).toEqual(['123456', 'ba-con-meo-xanh-nhay-cao', 'ngày sinh của em', 'tên của em']);
    // Two options on one line, separated by a tab.
    const second = r.questions[1]!.question;
    expect(second.type === 'single_choice' && second.options.map((o) => o.text.vi)).toEqual(['Bấm vào link ngay', 'Không bấm, báo người lớn', 'Gửi cho bạn bè', 'Trả lời tin nhắn']);
    expect(r.images).toHaveLength(1);
    expect(r.images![0]!.contentType).toBe('image/png');
    expect(r.skipped).toEqual([{ line: 28, reason: 'Câu 8: no key: add "Đáp án: B", or mark the right option in bold, underlined or with *' }]);
  });

  it('reads a test whose keys are in an answer table at the end (fixture made in LibreOffice)', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('./fixtures/docx/de-bang-dap-an.docx', import.meta.url)));
    const r = (await parseBankFile('docx', bytes, vi)) as ParseResult;
    expect(r.skipped).toEqual([]);
    expect(r.questions.map((p) => [p.question.type, 'answer' in p.question ? p.question.answer : null])).toEqual([
      ['single_choice', 'b'],
      ['single_choice', 'a'],
      ['multiple_choice', ['a', 'c']],
    ]);
    expect(r.questions[1]!.question.type === 'single_choice' && r.questions[1]!.question.options[0]!.text.vi).toBe('Dùng chức năng "Quên mật khẩu" của trang chính thức');
  });

  it('keeps letters inside option text, and reads a multi-line prompt', () => {
    const r = parseDocParagraphs(
      [
        para('Câu 12: Đọc đoạn sau.'),
        para('Bạn A. nói: "B. là bạn tôi".'),
        para('A. Đúng vì B. nói thật     B. Sai'),
        para('Đáp án: A'),
      ],
      'vi',
    );
    expect(r.skipped).toEqual([]);
    expect(r.questions[0]!.question).toMatchObject({
      prompt: { vi: 'Đọc đoạn sau.\nBạn A. nói: "B. là bạn tôi".' },
      options: [{ text: { vi: 'Đúng vì B. nói thật' } }, { text: { vi: 'Sai' } }],
      answer: 'a',
    });
  });

  it('does not take an all-bold option list as a key, and reports bad keys and stray paragraphs', () => {
    const r = parseDocParagraphs(
      [
        para('Câu 1. Tất cả in đậm'),
        para('A. Một', 0),
        para('B. Hai', 0),
        para('Câu 2. Đáp án sai chữ'),
        para('A. Một'),
        para('B. Hai'),
        para('Đáp án: E'),
        para('Câu 3. Có đoạn thừa'),
        para('A. Một'),
        para('Đáp án: A'),
        para('Ghi chú của giáo viên'),
      ],
      'vi',
    );
    expect(r.skipped).toEqual([
      { line: 1, reason: 'Câu 1: no key: add "Đáp án: B", or mark the right option in bold, underlined or with *' },
      { line: 4, reason: 'Câu 2: the key names an option the question does not have (line 7)' },
      { line: 8, reason: 'Câu 3: invalid question: options: Too small: expected array to have >=2 items' },
      { line: 11, reason: 'Câu 3: paragraph not read: "Ghi chú của giáo viên"' },
    ]);
  });

  it('takes keys from an answer table at the end ("ĐÁP ÁN" then "1.B 2-C Câu 3: A, D")', () => {
    const r = parseDocParagraphs(
      [
        para('Câu 1. Một?'),
        para('A. x\tB. y'),
        para('Câu 2. Hai?'),
        para('A. x\tB. y\tC. z'),
        para('Câu 3. Ba?'),
        para('A. x\tB. y\tC. z\tD. t'),
        para('Câu 4. Bốn (đáp án tại chỗ thắng bảng)?'),
        para('A. x\tB. y'),
        para('Đáp án: A'),
        para(''),
        para('ĐÁP ÁN'),
        para('1.B    2-C'),
        para('Câu 3: A, D    4. B'),
      ],
      'vi',
    );
    expect(r.skipped).toEqual([]);
    expect(r.questions.map((p) => [p.line, 'answer' in p.question ? p.question.answer : null])).toEqual([
      [1, 'b'],
      [3, 'c'],
      [5, ['a', 'd']],
      [7, 'a'],
    ]);
  });

  it('names a file that is not a .docx', async () => {
    const doc = (await parseBankFile('docx', new TextEncoder().encode('Câu 1. x'), vi)) as ParseResult;
    expect(doc.skipped[0]!.reason).toBe('not a .docx document (a zip file): save it as Word Document (.docx); an old .doc file cannot be read');
    const zip = (await parseBankFile('docx', new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]), vi)) as ParseResult;
    expect(zip.skipped[0]!.reason).toMatch(/^not a readable \.docx document/);
  });
});
