import { describe, expect, it } from 'vitest';
import { exportAiken, parseAiken } from '../../src/banks/formats/aiken-format.ts';
import { QuestionSchema, type QuestionInput } from '../../src/banks/question-schema.ts';

const vi = { lang: 'vi' } as const;
const single = (prompt: string, options: string[], answer: string, lang: 'vi' | 'en' = 'vi') =>
  QuestionSchema.parse({
    type: 'single_choice',
    prompt: { [lang]: prompt },
    options: options.map((t, i) => ({ id: String.fromCharCode(97 + i), text: { [lang]: t } })),
    answer,
  });

describe('Aiken import', () => {
  it('reads the Moodle documentation example', () => {
    const text = [
      'What is the correct answer to this question?',
      'A. Is it this one?',
      'B. Maybe this answer?',
      'C. Possibly this one?',
      'D. Must be this one!',
      'ANSWER: D',
      '',
      'Which LMS has the most quiz import formats?',
      'A) Moodle',
      'B) ATutor',
      'C) Claroline',
      'D) Blackboard',
      'E) WebCT',
      'F) Ilias',
      'ANSWER: A',
    ].join('\n');
    expect(parseAiken(text, { lang: 'en' })).toEqual({
      questions: [
        { line: 1, question: single('What is the correct answer to this question?', ['Is it this one?', 'Maybe this answer?', 'Possibly this one?', 'Must be this one!'], 'd', 'en') },
        { line: 8, question: single('Which LMS has the most quiz import formats?', ['Moodle', 'ATutor', 'Claroline', 'Blackboard', 'WebCT', 'Ilias'], 'a', 'en') },
      ],
      skipped: [],
    });
  });

  it('reads a multi-line Vietnamese prompt, NFD input, CRLF, a BOM and no blank line after ANSWER', () => {
    const text = '\uFEFFMật khẩu nào\r\nan toàn nhất?\r\nA. 123456\r\nB. Mật khẩu dài, khó đoán\r\nANSWER: b\r\nCâu tiếp theo?\r\nA. Có\r\nB. Không\r\nANSWER:A\r\n';
    expect(parseAiken(text.normalize('NFD'), vi)).toEqual({
      questions: [
        { line: 1, question: single('Mật khẩu nào\nan toàn nhất?', ['123456', 'Mật khẩu dài, khó đoán'], 'b') },
        { line: 6, question: single('Câu tiếp theo?', ['Có', 'Không'], 'a') },
      ],
      skipped: [],
    });
  });

  it('reports malformed questions with the line they start on and keeps going', () => {
    const text = [
      'Thiếu dòng đáp án?', // 1
      'A. Một',
      'B. Hai',
      '',
      'Đáp án ngoài danh sách?', // 5
      'A. Một',
      'B. Hai',
      'ANSWER: E',
      '',
      'Chỉ một lựa chọn?', // 10
      'A. Một',
      'ANSWER: A',
      '',
      'Sai thứ tự?', // 14
      'A. Một',
      'C. Ba',
      'ANSWER: A',
      '',
      'Dòng lạ?', // 19
      'A. Một',
      'không phải lựa chọn',
      'B. Hai',
      'ANSWER: A',
      'ANSWER: B', // 24
      '',
      'Đáp án hai chữ?', // 26
      'A. Một',
      'B. Hai',
      'ANSWER: AB',
      'Tốt?', // 30
      'A. Có',
      'B. Không',
      'ANSWER: A',
    ].join('\n');
    expect(parseAiken(text, vi)).toEqual({
      questions: [{ line: 30, question: single('Tốt?', ['Có', 'Không'], 'a') }],
      skipped: [
        { line: 1, reason: 'missing "ANSWER:" line' },
        { line: 5, reason: 'ANSWER: E is not one of the options A–B (line 8)' },
        { line: 10, reason: 'needs at least 2 options, found 1' },
        { line: 14, reason: 'option C is out of order: expected B (line 16)' },
        { line: 19, reason: 'expected option "B." or "ANSWER:" (line 21)' },
        { line: 24, reason: '"ANSWER:" line without a question' },
        { line: 26, reason: '"ANSWER:" must be one letter, not "AB" (line 29)' },
      ],
    });
  });

  it('reports a question with no options and a file that ends without ANSWER', () => {
    expect(parseAiken('Chỉ có câu hỏi\nANSWER: A\n\nCuối tệp?\nA. x\nB. y', vi).skipped).toEqual([
      { line: 1, reason: 'needs at least 2 options, found 0' },
      { line: 4, reason: 'missing "ANSWER:" line' },
    ]);
  });

  it('reports schema failures with the zod path', () => {
    const seven = ['Bảy?', ...'ABCDEFG'.split('').map((l) => `${l}. ${l}`), 'ANSWER: A'].join('\n');
    expect(parseAiken(seven, vi).skipped).toEqual([{ line: 1, reason: 'invalid question: options: Too big: expected array to have <=6 items' }]);
    expect(parseAiken('Rỗng?\nA. \nB. x\nANSWER: B', vi).skipped).toEqual([{ line: 1, reason: 'invalid question: options.0.text: at least one of vi or en is required' }]);
  });

  it('returns nothing for an empty file', () => {
    expect(parseAiken('', vi)).toEqual({ questions: [], skipped: [] });
    expect(parseAiken('\n\n  \n', vi)).toEqual({ questions: [], skipped: [] });
  });
});

describe('Aiken export', () => {
  const bank = (questions: QuestionInput[]) => ({ meta: {}, questions: questions.map((x) => QuestionSchema.parse(x)) });

  it('writes single-choice questions and skips every other type', () => {
    const r = exportAiken(
      bank([
        { id: 's1', type: 'single_choice', prompt: { vi: 'Mật khẩu nào mạnh?', en: 'Which password is strong?' }, options: [{ id: 'x', text: { vi: '123456' } }, { id: 'y', text: { vi: 'Tr0ng!Dài', en: 'Str0ng!Long' } }], answer: 'y' },
        { id: 'tf', type: 'true_false', prompt: { vi: 'Đúng?' }, answer: true },
        { type: 'multiple_choice', prompt: { vi: 'Chọn' }, options: [{ id: 'a', text: { vi: '1' } }, { id: 'b', text: { vi: '2' } }], answer: ['a'] },
        { id: 'sa', type: 'short_answer', prompt: { vi: 'Gõ' }, answer: ['x'] },
        { id: 'or', type: 'ordering', prompt: { vi: 'Xếp' }, options: [{ id: 'a', text: { vi: '1' } }, { id: 'b', text: { vi: '2' } }], answer: ['b', 'a'] },
      ]),
      { lang: 'en' },
    );
    expect(r).toEqual({
      text: 'Which password is strong?\nA. 123456\nB. Str0ng!Long\nANSWER: B\n',
      skipped: [
        { id: 'tf', reason: 'Aiken holds single-choice questions only' },
        { id: '#3', reason: 'Aiken holds single-choice questions only' },
        { id: 'sa', reason: 'Aiken holds single-choice questions only' },
        { id: 'or', reason: 'Aiken holds single-choice questions only' },
      ],
    });
  });

  it('skips text that Aiken would read back differently', () => {
    const opts = [{ id: 'a', text: { vi: 'x' } }, { id: 'b', text: { vi: 'y' } }];
    const r = exportAiken(
      bank([
        { id: 'blank', type: 'single_choice', prompt: { vi: 'Dòng\n\nmới' }, options: opts, answer: 'a' },
        { id: 'like-option', type: 'single_choice', prompt: { vi: 'Hỏi\nA. không phải lựa chọn' }, options: opts, answer: 'a' },
        { id: 'like-answer', type: 'single_choice', prompt: { vi: 'ANSWER: A' }, options: opts, answer: 'a' },
        { id: 'option-break', type: 'single_choice', prompt: { vi: 'Hỏi' }, options: [{ id: 'a', text: { vi: 'x\ny' } }, { id: 'b', text: { vi: 'z' } }], answer: 'a' },
        { id: 'ok', type: 'single_choice', prompt: { vi: 'A. ở dòng đầu thì được\nhai dòng' }, options: opts, answer: 'b' },
      ]),
      vi,
    );
    expect(r).toEqual({
      text: 'A. ở dòng đầu thì được\nhai dòng\nA. x\nB. y\nANSWER: B\n',
      skipped: [
        { id: 'blank', reason: 'the prompt has a blank line, which ends an Aiken question' },
        { id: 'like-option', reason: 'a prompt line looks like an option ("A." or "A)")' },
        { id: 'like-answer', reason: 'a prompt line starts with "ANSWER:"' },
        { id: 'option-break', reason: 'an option has a line break; Aiken options are single lines' },
      ],
    });
    expect(parseAiken(r.text, vi).questions.map((p) => p.question)).toEqual([
      single('A. ở dòng đầu thì được\nhai dòng', ['x', 'y'], 'b'),
    ]);
  });
});
