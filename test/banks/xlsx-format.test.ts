import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { exportBankFile, parseBankFile } from '../../src/banks/formats/index.ts';
import { TEMPLATE_QUESTIONS, exportXlsx, parseXlsx, vietnameseHeader } from '../../src/banks/formats/xlsx-format.ts';
import type { ParseResult } from '../../src/banks/formats/index.ts';
import { QuestionGenerator } from './question-generator.ts';

/** Excel .xlsx: the CSV columns with Vietnamese headers, real workbooks written and read by the libraries. */
const vi = { lang: 'vi' } as const;
const sheet = async (rows: Array<Array<string | number | boolean | null>>) =>
  new Uint8Array(await writeXlsxFile(rows.map((r) => r.map((v) => (v === null ? null : { value: v }))) as never).toBuffer());

describe('xlsx', () => {
  it('the template has Vietnamese headers and one example of every type, and reads back as those questions', async () => {
    const out = await exportXlsx({ meta: {}, questions: TEMPLATE_QUESTIONS });
    expect([...out.bytes!.slice(0, 2)]).toEqual([0x50, 0x4b]);
    const back = await parseXlsx(out.bytes!);
    expect(back.skipped).toEqual([]);
    expect(back.questions.map((p) => p.question)).toStrictEqual(TEMPLATE_QUESTIONS);
    expect(back.questions.map((p) => p.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(vietnameseHeader('prompt_vi')).toBe('Câu hỏi (tiếng Việt)');
    expect(vietnameseHeader('option_2_en')).toBe('Phương án 2 (tiếng Anh)');
    expect(vietnameseHeader('correct')).toBe('Đáp án đúng');
  });

  it('reads a teacher’s own sheet: Vietnamese headers with or without diacritics, numbers as numbers, rows by Excel row number', async () => {
    const bytes = await sheet([
      ['Loại câu hỏi', 'Cau hoi (tieng Viet)', 'Phương án 1 (tiếng Việt)', 'Phương án 2 (tiếng Việt)', 'Đáp án đúng', 'Độ khó'],
      ['single_choice', 'Mật khẩu nào mạnh hơn?', 'ba-con-meo', '123456', 1, 2],
      [null, null, null, null, null, null],
      ['numerical', 'Số π?', null, null, 3.14, 3],
      ['true_false', 'Có nên chia sẻ OTP?', null, null, 'sai', 'khó'],
      ['matching', 'Ghép', 'a', 'b', null, 1],
    ]);
    const r = await parseXlsx(bytes);
    expect(r.questions.map((p) => [p.line, p.question.type])).toEqual([
      [2, 'single_choice'],
      [4, 'numerical'],
    ]);
    expect(r.questions[0]!.question).toMatchObject({ prompt: { vi: 'Mật khẩu nào mạnh hơn?' }, answer: 'a', difficulty: 2 });
    expect(r.questions[1]!.question).toMatchObject({ answer: [{ value: 3.14, tolerance: 0, weight: 100 }] });
    expect(r.skipped).toEqual([
      { line: 5, reason: 'difficulty: "khó" is not a number' },
      { line: 6, reason: 'match 1 is empty: every option of a matching question needs its match; match 2 is empty: every option of a matching question needs its match' },
    ]);
  });

  it('keeps every generated question through export and import, except per-option feedback (as CSV)', async () => {
    const questions = new QuestionGenerator(11).questions(200);
    const out = await exportBankFile('xlsx', { meta: {}, questions }, vi);
    const back = (await parseBankFile('xlsx', out.bytes!, vi)) as ParseResult;
    expect(back.skipped).toEqual([]);
    expect(back.questions.map((p) => p.question)).toStrictEqual(
      questions.map((q) => {
        const c = structuredClone(q);
        if ('options' in c) for (const o of c.options) delete o.feedback;
        return c;
      }),
    );
  });

  it('names a file that is not a workbook', async () => {
    const csv = (await parseBankFile('xlsx', new TextEncoder().encode('type,prompt_vi\n'), vi)) as ParseResult;
    expect(csv.skipped[0]!.reason).toBe('not an .xlsx workbook (a zip file): save the sheet as Excel Workbook (.xlsx), or import it as CSV');
    const xml = (await parseBankFile('xlsx', new TextEncoder().encode('<?xml version="1.0"?><quiz></quiz>'), vi)) as ParseResult;
    expect(xml.skipped[0]!.reason).toBe('this file is Moodle XML, not XLSX: import it with format=moodle-xml');
    const zip = (await parseBankFile('xlsx', new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0]), vi)) as ParseResult;
    expect(zip.skipped[0]!.reason).toMatch(/^not a readable \.xlsx workbook/);
  });
});
