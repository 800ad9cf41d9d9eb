import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportMoodleXml, parseMoodleXml } from '../../src/banks/formats/moodle-xml-format.ts';
import { parseBank } from '../../src/banks/formats/index.ts';
import { QuestionSchema, type Question, type QuestionInput } from '../../src/banks/question-schema.ts';

const vi = { lang: 'vi' } as const;
const q = (input: QuestionInput): Question => QuestionSchema.parse(input);
const fixture = readFileSync(new URL('./fixtures/moodle-export.xml', import.meta.url), 'utf8');
const TOP = '$course$/top/Tin học 6/An toàn số';

describe('Moodle XML import: a question bank as Moodle 4 exports it', () => {
  const r = parseMoodleXml(fixture, vi);
  const byId = new Map(r.questions.map((p) => [p.question.id, p]));

  it('imports every type civiq has, with the category as a tag, and skips essay and cloze on their lines', () => {
    expect(r.questions.map((p) => [p.line, p.question.type])).toEqual([
      [15, 'single_choice'],
      [69, 'multiple_choice'],
      [92, 'true_false'],
      [121, 'short_answer'],
      [151, 'numerical'],
      [192, 'matching'],
    ]);
    expect(r.skipped.filter((s) => !s.reason.startsWith('imported without'))).toEqual([
      { line: 237, reason: 'essay question is not supported: essays cannot be graded in a contest' },
      { line: 255, reason: 'Moodle question type "multianswer" is not supported' },
    ]);
    for (const p of r.questions) expect(p.question.tags).toContain(TOP);
  });

  it('converts the HTML, keeps feedback and stores the base64 image through a pending reference', () => {
    const p = byId.get('mk-01')!.question;
    expect(p).toEqual(
      q({
        id: 'mk-01',
        type: 'single_choice',
        prompt: { vi: 'Mật khẩu nào **mạnh** nhất?' },
        explanation: { vi: 'Mật khẩu dài & khó đoán là mạnh nhất.' },
        feedback: { correct: { vi: 'Câu trả lời của bạn đúng.' }, incorrect: { vi: 'Câu trả lời của bạn sai.' } },
        options: [
          { id: 'a', text: { vi: 'ba-con-meo-xanh-nhay-cao' }, feedback: { vi: 'Đúng: dài và ngẫu nhiên.' } },
          { id: 'b', text: { vi: '123456' } },
          { id: 'c', text: { vi: 'ngày sinh của em' } },
        ],
        answer: 'a',
        image: { url: '/uploads/pending-0', alt: { vi: 'Ổ khóa' } },
        tags: ['mật khẩu', TOP],
      }),
    );
    expect(r.images).toHaveLength(1);
    expect(r.images![0]).toMatchObject({ ref: '/uploads/pending-0', contentType: 'image/png' });
    expect([...r.images![0]!.bytes.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(r.skipped).toContainEqual({ line: 15, reason: 'imported without the -50% credit of answer 2: civiq single choice is right or wrong' });
  });

  it('reads fractions as weights, true/false feedback by who sees it, partial short answers, units and distractors', () => {
    expect(byId.get('xac-thuc')!.question).toMatchObject({ type: 'multiple_choice', answer: ['a', 'b'], scoring: 'partial', weights: { a: 50, b: 50, c: -100 } });
    expect(byId.get('otp')!.question).toMatchObject({ type: 'true_false', answer: false, feedback: { correct: { vi: 'Đúng!' }, incorrect: { vi: 'Sai rồi: không bao giờ.' } } });
    expect(byId.get('so-mot')!.question).toMatchObject({ type: 'short_answer', answer: ['One'] });
    expect(byId.get('grant')!.question).toMatchObject({ type: 'numerical', unit: 'năm', answer: [{ value: 1822, tolerance: 0, weight: 100 }, { value: 1822, tolerance: 2, weight: 50 }] });
    expect(byId.get('thu-do')!.question).toMatchObject({ type: 'matching', options: [{ text: { vi: 'Việt Nam' }, match: { vi: 'Hà Nội' } }, { text: { vi: 'Lào' }, match: { vi: 'Viêng Chăn' } }] });
    expect(r.skipped.filter((s) => s.reason.startsWith('imported without')).map((s) => [s.line, s.reason])).toEqual([
      [15, 'imported without the -50% credit of answer 2: civiq single choice is right or wrong'],
      [121, 'imported without the feedback on answer "One": short answers have no per-answer feedback'],
      [121, 'imported without the 50% answer "1": civiq short answers are right or wrong'],
      [192, 'imported without the extra answer "Paris": civiq matching has no distractors'],
    ]);
  });

  it('refuses a DOCTYPE (no entity expansion), a file that is not XML and one without <quiz>', () => {
    expect(parseMoodleXml('<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "aaaa">]><quiz>&a;</quiz>', vi).skipped[0]!.reason).toContain('DOCTYPE');
    expect(parseMoodleXml('<quiz><question type="truefalse"></quiz>', vi).skipped[0]!.reason).toMatch(/^not well-formed XML/);
    expect(parseMoodleXml('<?xml version="1.0"?><bank/>', vi).skipped).toEqual([{ line: 1, reason: 'not a Moodle XML file: the root element must be <quiz>' }]);
    expect(parseBank('moodle-xml', '::t:: Q {T}', vi).skipped[0]!.reason).toMatch(/^not (well-formed XML|a Moodle XML file)/);
  });
});

describe('Moodle XML export', () => {
  it('writes every type as Moodle types with markdown text, fractions, units and tags, and reads back the same', () => {
    const questions = parseMoodleXml(fixture, vi).questions.map((p) => p.question).map((x) => (x.image ? { ...x, image: { ...x.image, url: 'https://example.org/khoa.png' } } : x));
    const out = exportMoodleXml({ meta: {}, questions }, vi);
    expect(out.skipped).toEqual([]);
    expect(out.text).toContain('<question type="category">\n    <category><text>$course$/top/Tin học 6/An toàn số</text></category>');
    expect(out.text).toContain('<question type="multichoice">');
    expect(out.text).toContain('<answer fraction="-100" format="markdown"><text>Câu hỏi bí mật</text>');
    expect(out.text).toContain('<unit_name>năm</unit_name>');
    // Moodle users see the question image as Markdown after the text.
    expect(out.text).toContain('Mật khẩu nào **mạnh** nhất?\n\n![Ổ khóa](https://example.org/khoa.png)</text>');
    const back = parseMoodleXml(out.text, vi);
    expect(back.skipped).toEqual([]);
    expect(back.questions.map((p) => p.question)).toStrictEqual(questions);
  });
});

describe('Moodle XML markdown text', () => {
  it('reads a Markdown image at the end of the question text as the question image', () => {
    const xml = '<quiz><question type="truefalse"><name><text>x</text></name><questiontext format="markdown"><text>OTP là gì?\n\n![Mã OTP](https://example.org/otp.png)</text></questiontext><answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question></quiz>';
    const r = parseMoodleXml(xml, vi);
    expect(r.skipped).toEqual([]);
    expect(r.questions[0]!.question).toMatchObject({ prompt: { vi: 'OTP là gì?' }, image: { url: 'https://example.org/otp.png', alt: { vi: 'Mã OTP' } } });
  });
});
