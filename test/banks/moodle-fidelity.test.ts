import { describe, expect, it } from 'vitest';
import { parseAiken } from '../../src/banks/formats/aiken-format.ts';
import { parseGift } from '../../src/banks/formats/gift-format.ts';
import { htmlToMarkdown } from '../../src/banks/formats/html-to-markdown.ts';
import { detectKind } from '../../src/banks/formats/detect-format.ts';
import { parseBank } from '../../src/banks/formats/index.ts';
import { localizeReason } from '../../src/banks/formats/skip-reasons.ts';
import { renderMarkdown } from '../../src/banks/markdown.ts';
import { QuestionSchema, type QuestionInput } from '../../src/banks/question-schema.ts';

/**
 * Real Moodle files read the way Moodle reads them. The examples are the public
 * ones: Moodle's GIFT documentation (docs.moodle.org "GIFT format"), the fixtures
 * of Moodle's own importers (question/format/gift/tests, question/format/aiken/tests)
 * and what Moodle's GIFT export writes for HTML questions.
 */
const en = { lang: 'en' } as const;
const q = (input: QuestionInput) => QuestionSchema.parse(input);

describe('GIFT as Moodle reads it', () => {
  it('{One} is a short answer with one accepted answer (Moodle documentation)', () => {
    const r = parseGift('How do you write the word for the number 1? {One}', en);
    expect(r.skipped).toEqual([]);
    expect(r.questions.map((p) => p.question)).toEqual([q({ type: 'short_answer', prompt: { en: 'How do you write the word for the number 1?' }, answer: ['One'] })]);
  });

  it('imports a short answer with per-answer feedback and reports, on its line, that the feedback was dropped', () => {
    const text = ['// Moodle GIFT documentation: short answer with feedback', "Who's buried in Grant's tomb?{=no one#excellent answer! =nobody#excellent answer!}"].join('\n');
    const r = parseGift(text, en);
    expect(r.questions.map((p) => p.question)).toEqual([q({ type: 'short_answer', prompt: { en: "Who's buried in Grant's tomb?" }, answer: ['no one', 'nobody'] })]);
    expect(r.skipped).toEqual([
      { line: 2, reason: 'imported without the feedback on answer "no one" (line 2): short answers have no per-answer feedback' },
      { line: 2, reason: 'imported without the feedback on answer "nobody" (line 2): short answers have no per-answer feedback' },
    ]);
  });

  it('imports a single choice with weighted wrong answers, reporting each weight it could not keep', () => {
    const text = [
      "What two people are entombed in Grant's tomb? {",
      '   =Grant',
      '   ~%50%Grant and his wife',
      '   ~%-100%No one',
      '}',
    ].join('\n');
    const r = parseGift(text, en);
    expect(r.questions.map((p) => p.question)).toEqual([
      q({
        type: 'single_choice',
        prompt: { en: "What two people are entombed in Grant's tomb?" },
        options: [
          { id: 'a', text: { en: 'Grant' } },
          { id: 'b', text: { en: 'Grant and his wife' } },
          { id: 'c', text: { en: 'No one' } },
        ],
        answer: 'a',
      }),
    ]);
    expect(r.skipped).toEqual([
      { line: 1, reason: 'imported without the 50% credit of option "Grant and his wife" (line 3): civiq single choice is right or wrong' },
      { line: 1, reason: 'imported without the -100% credit of option "No one" (line 4): civiq single choice is right or wrong' },
    ]);
  });

  it('keeps the fully right short answers and reports a partial one', () => {
    const r = parseGift('Two plus two? {=four =%50%for}', en);
    expect(r.questions[0]?.question).toMatchObject({ type: 'short_answer', answer: ['four'] });
    expect(r.skipped).toEqual([{ line: 1, reason: 'imported without the 50% answer "for" (line 1): civiq short answers are right or wrong' }]);
  });

  it('reads the numerical forms of the documentation: tolerance, range, several weighted answers', () => {
    const text = [
      'When was Ulysses S. Grant born? {#1822:5}',
      '',
      'What is the value of pi (to 3 decimal places)? {#3.141..3.142}.',
      '',
      'When was Ulysses S. Grant born? {#',
      '    =1822:0      # Correct! Full points.',
      '    =%50%1822:2  # He was born in 1822. Half credit for being close.',
      '}',
      '',
      'Số pi bằng bao nhiêu? {#3,14:0,01}',
    ].join('\n');
    const r = parseGift(text, en);
    expect(r.questions.map((p) => p.question.type === 'numerical' && p.question.answer)).toEqual([
      [{ value: 1822, tolerance: 5, weight: 100 }],
      [{ min: 3.141, max: 3.142, weight: 100 }],
      [
        { value: 1822, tolerance: 0, weight: 100 },
        { value: 1822, tolerance: 2, weight: 50 },
      ],
      [{ value: 3.14, tolerance: 0.01, weight: 100 }],
    ]);
    // The missing-word form keeps the text after the braces.
    expect(r.questions[1]!.question.prompt.en).toBe('What is the value of pi (to 3 decimal places)? _____.');
    expect(r.skipped.map((s) => s.reason)).toEqual([
      'imported without the feedback on answer "1822:0" (line 6)',
      'imported without the feedback on answer "1822:2" (line 7)',
    ]);
  });

  it('reads "~#feedback" in a numerical block as feedback for any other answer, and reports it', () => {
    const r = parseGift('::Q5:: What is a number from 1 to 5? {#\n=3:2\n~#Completely wrong}', en);
    expect(r.questions[0]?.question).toMatchObject({ type: 'numerical', answer: [{ value: 3, tolerance: 2, weight: 100 }] });
    expect(r.skipped).toEqual([{ line: 1, reason: 'imported without the feedback for other answers (line 3)' }]);
  });

  it('reads matching pairs, and reports a distractor (a pair with no left side)', () => {
    const text = ['Match the capitals. {', '=Canada -> Ottawa', '=Italy -> Rome', '= -> Paris', '}'].join('\n');
    const r = parseGift(text, en);
    expect(r.questions[0]?.question).toEqual(
      q({
        type: 'matching',
        prompt: { en: 'Match the capitals.' },
        options: [
          { id: 'a', text: { en: 'Canada' }, match: { en: 'Ottawa' } },
          { id: 'b', text: { en: 'Italy' }, match: { en: 'Rome' } },
        ],
      }),
    );
    expect(r.skipped).toEqual([{ line: 1, reason: 'imported without the extra answer "Paris" (line 4): civiq matching has no distractors' }]);
  });

  it('converts [html] text from a Moodle export to the safe Markdown subset, entities decoded', () => {
    const text = [
      '// question: 123  name: Mật khẩu',
      '::Mật khẩu::[html]<p>Mật khẩu nào <strong>mạnh</strong>&nbsp;nhất?</p><p>Chọn&nbsp;một.</p>{',
      '\t=<p>Ba từ ngẫu nhiên &amp; dài</p>#<p>Đúng&nbsp;rồi</p>',
      '\t~<p>123456</p>',
      '}',
    ].join('\n');
    const r = parseGift(text, { lang: 'vi' });
    expect(r.skipped).toEqual([]);
    const question = r.questions[0]!.question;
    expect(question.prompt.vi).toBe('Mật khẩu nào **mạnh** nhất?\n\nChọn một.');
    expect(question.type === 'single_choice' && question.options.map((o) => [o.text.vi, o.feedback?.vi])).toEqual([
      ['Ba từ ngẫu nhiên & dài', 'Đúng rồi'],
      ['123456', undefined],
    ]);
    // What the student finally sees: no literal tags, no entity text.
    expect(renderMarkdown(question.prompt.vi)).toBe('<p>Mật khẩu nào <strong>mạnh</strong> nhất?</p>\n<p>Chọn một.</p>');
  });

  it('reports the HTML it had to drop, per line, and takes the first https image as the question image', () => {
    // Moodle's export escapes "=" and ":" inside HTML attributes, as GIFT requires.
    const text = '[html]<p><u>Nhìn</u> hình\\: <img src\\="https\\://example.org/a.png" alt\\="Biểu tượng ổ khóa"><script>alert(1)</script></p>{T}';
    const r = parseGift(text, { lang: 'vi' });
    expect(r.questions[0]?.question).toMatchObject({ prompt: { vi: 'Nhìn hình:' }, image: { url: 'https://example.org/a.png', alt: { vi: 'Biểu tượng ổ khóa' } } });
    expect(r.skipped).toEqual([
      { line: 1, reason: 'imported without prompt: underline formatting (<u>) dropped' },
      { line: 1, reason: 'imported without prompt: <script> content dropped' },
    ]);
  });

  it('names a Moodle XML file given as GIFT instead of failing on its first "="', () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n<question type="shortanswer"><name><text>a=b</text></name></question>\n</quiz>';
    expect(parseBank('gift', xml, en)).toEqual({ questions: [], skipped: [{ line: 1, reason: 'this file is Moodle XML, not GIFT: import it with format=moodle-xml' }] });
    expect(parseBank('aiken', xml, en).skipped[0]!.reason).toBe('this file is Moodle XML, not AIKEN: import it with format=moodle-xml');
    expect(parseBank('csv', '{"questions": []}', en).skipped[0]!.reason).toBe('this file is JSON, not CSV: import it with format=json');
    expect(parseBank('gift', 'PK\u0003\u0004rest', en).skipped[0]!.reason).toBe('this file is a zip archive (an .xlsx or .docx file), not GIFT: import it with format=xlsx or format=docx');
    expect(detectKind('Câu hỏi?{T}')).toBeUndefined();
    expect(detectKind('[html]<p>x</p>{T}')).toBeUndefined();
    expect(detectKind('\uFEFF  <quiz>')).toBe('moodle-xml');
  });
});

describe('Aiken as Moodle reads it', () => {
  it('accepts options written "A)Text" and "A.Text" without a space (Moodle\'s own Aiken tests)', () => {
    const text = ['Just a simple question?', 'A)Answer one', 'B)Answer two', 'C)Answer three', 'ANSWER: B', '', 'Second?', 'A.One', 'B.Two', 'ANSWER: A'].join('\n');
    const r = parseAiken(text, en);
    expect(r.skipped).toEqual([]);
    expect(r.questions.map((p) => p.question.type === 'single_choice' && [p.question.options.map((o) => o.text.en), p.question.answer])).toEqual([
      [['Answer one', 'Answer two', 'Answer three'], 'b'],
      [['One', 'Two'], 'a'],
    ]);
  });
});

describe('HTML to Markdown', () => {
  it('keeps paragraphs, line breaks, emphasis, lists, code and http(s) links; escapes markup characters', () => {
    const r = htmlToMarkdown('<div>Một<br>hai</div><ul><li>a</li><li><em>b</em></li></ul><ol><li>x</li></ol><p>2*3 = <code>x*y</code> <a href="https://moodle.org">Moodle</a> <a href="javascript:alert(1)">x</a></p>');
    expect(r.text).toBe('Một\nhai\n\n- a\n- *b*\n\n1. x\n\n2\\*3 = `x*y` [Moodle](https://moodle.org) x');
    expect(r.dropped).toEqual(['a link that is not http(s) (javascript:alert(1))']);
    expect(renderMarkdown(r.text)).not.toContain('javascript');
  });

  it('decodes entities once, so an escaped tag stays text', () => {
    expect(htmlToMarkdown('&lt;b&gt;không đậm&lt;/b&gt; &amp;nbsp; &#7889;').text).toBe('<b>không đậm</b> &nbsp; ố');
  });

  it('never throws on broken HTML', () => {
    expect(htmlToMarkdown('<p><b>mở <i>không đóng').text).toBe('**mở *không đóng***');
    expect(htmlToMarkdown('<<<>>>').text).toBe('<<<>>>');
  });
});

describe('import reports in Vietnamese', () => {
  it('translates the reasons of the public examples completely', () => {
    const reasons = [
      ...parseGift("Who's buried in Grant's tomb?{=no one#excellent answer! =nobody#excellent answer!}", en).skipped,
      ...parseGift('Q {=a ~%50%b}', en).skipped,
      ...parseGift('Write an essay. {}\n\nJust a description.\n\nQ {=a ~b\n\nQ {=a -> b =c -> d = -> e}', en).skipped,
      ...parseAiken('Q?\nA. x\nB. y\n\nQ2?\nA. x\nB. y\nANSWER: E', en).skipped,
      ...parseBank('gift', '<?xml version="1.0"?><quiz></quiz>', en).skipped,
    ].map((s) => localizeReason(s.reason, 'vi'));
    expect(reasons).toEqual([
      'đã nhập nhưng bỏ: phản hồi của đáp án "no one" (dòng 1): câu trả lời ngắn không có phản hồi riêng cho từng đáp án',
      'đã nhập nhưng bỏ: phản hồi của đáp án "nobody" (dòng 1): câu trả lời ngắn không có phản hồi riêng cho từng đáp án',
      'đã nhập nhưng bỏ: 50% điểm của phương án "b" (dòng 1): câu một lựa chọn của civiq chỉ đúng hoặc sai',
      'câu tự luận ({}) không được hỗ trợ: không chấm được trong cuộc thi',
      'đoạn mô tả (không có khối đáp án) không được hỗ trợ: civiq không có mục mô tả',
      'dấu "{" mở ở dòng 5 chưa được đóng',
      'đã nhập nhưng bỏ: đáp án thừa "e" (dòng 7): câu ghép đôi của civiq không có đáp án gây nhiễu',
      'thiếu dòng "ANSWER:"',
      'ANSWER: E không thuộc các phương án A–B (dòng 8)',
      'tệp này là Moodle XML, không phải GIFT: hãy nhập với format=moodle-xml',
    ]);
    expect(localizeReason('missing "ANSWER:" line', 'en')).toBe('missing "ANSWER:" line');
  });
});
