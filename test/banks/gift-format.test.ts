import { describe, expect, it } from 'vitest';
import { exportGift, parseGift } from '../../src/banks/formats/gift-format.ts';
import { QuestionSchema, type Question, type QuestionInput } from '../../src/banks/question-schema.ts';

const vi = { lang: 'vi' } as const;
const en = { lang: 'en' } as const;
const q = (input: QuestionInput): Question => QuestionSchema.parse(input);
const parse = (text: string, opts: { lang: 'vi' | 'en' } = vi) => parseGift(text, opts);
/** The only question of a one-question file, failing loudly when something was skipped. */
const one = (text: string, opts: { lang: 'vi' | 'en' } = vi): Question & { answer?: unknown } => {
  const r = parse(text, opts);
  expect(r.skipped).toEqual([]);
  expect(r.questions).toHaveLength(1);
  return r.questions[0]!.question;
};
const opt = (id: string, text: string, feedback?: string) => ({ id, text: { vi: text }, ...(feedback ? { feedback: { vi: feedback } } : {}) });

describe('GIFT import: Moodle documentation examples', () => {
  it('reads the Grant\'s tomb question with a title, multi-line answers and per-answer feedback', () => {
    const text = [
      '// question: 1 name: Grants tomb',
      "::Grants tomb::Who is buried in Grant's tomb in New York City? {",
      '=Grant',
      '~No one',
      "#Was true for 12 years, but Grant's remains were buried in the tomb in 1897",
      '~Napoleon',
      '#He was buried in France',
      '~Churchill',
      '#He was buried in England',
      '~Mother Teresa',
      '#She was buried in India',
      '}',
    ].join('\n');
    const r = parse(text);
    expect(r.skipped).toEqual([]);
    expect(r.questions).toEqual([
      {
        line: 2,
        question: q({
          id: 'grants-tomb',
          type: 'single_choice',
          prompt: { vi: "Who is buried in Grant's tomb in New York City?" },
          options: [
            opt('a', 'Grant'),
            opt('b', 'No one', "Was true for 12 years, but Grant's remains were buried in the tomb in 1897"),
            opt('c', 'Napoleon', 'He was buried in France'),
            opt('d', 'Churchill', 'He was buried in England'),
            opt('e', 'Mother Teresa', 'She was buried in India'),
          ],
          answer: 'a',
        }),
      },
    ]);
  });

  it('reads a one-line multiple choice with the right answer last', () => {
    expect(one("Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}")).toEqual(
      q({ type: 'single_choice', prompt: { vi: "Who's buried in Grant's tomb?" }, options: [opt('a', 'Grant'), opt('b', 'Jefferson'), opt('c', 'no one')], answer: 'c' }),
    );
  });

  it('reads weighted multiple answers as partial-credit multiple choice', () => {
    const text = "What two people are entombed in Grant's tomb? {\n   ~%-100%No one\n   ~%50%Grant\n   ~%50%Grant's wife\n   ~%-100%Grant's father\n}";
    expect(one(text)).toEqual(
      q({
        type: 'multiple_choice',
        prompt: { vi: "What two people are entombed in Grant's tomb?" },
        options: [opt('a', 'No one'), opt('b', 'Grant'), opt('c', "Grant's wife"), opt('d', "Grant's father")],
        answer: ['b', 'c'],
        scoring: 'partial',
        weights: { a: -100, b: 50, c: 50, d: -100 },
      }),
    );
  });

  it('reads true/false in all four spellings', () => {
    expect(one("Grant is buried in Grant's tomb.{F}")).toEqual(q({ type: 'true_false', prompt: { vi: "Grant is buried in Grant's tomb." }, answer: false }));
    expect(one('The sun rises in the east.{T}')).toMatchObject({ type: 'true_false', answer: true });
    expect(one('The sun rises in the east.{TRUE}')).toMatchObject({ type: 'true_false', answer: true });
    expect(one('The sun rises in the west.{FALSE}')).toMatchObject({ type: 'true_false', answer: false });
    expect(one('The sun rises in the west.{false}')).toMatchObject({ type: 'true_false', answer: false });
  });

  it('reads short answer alternatives', () => {
    expect(one("Who's buried in Grant's tomb?{=no one =nobody}")).toEqual(
      q({ type: 'short_answer', prompt: { vi: "Who's buried in Grant's tomb?" }, answer: ['no one', 'nobody'] }),
    );
  });

  it('turns a missing-word question into a prompt with a visible blank', () => {
    expect(one('Moodle costs {~lots of money =nothing ~a small amount} to download.')).toEqual(
      q({
        type: 'single_choice',
        prompt: { vi: 'Moodle costs _____ to download.' },
        options: [opt('a', 'lots of money'), opt('b', 'nothing'), opt('c', 'a small amount')],
        answer: 'b',
      }),
    );
    expect(one('Two plus two equals {=four =4}.')).toEqual(q({ type: 'short_answer', prompt: { vi: 'Two plus two equals _____.' }, answer: ['four', '4'] }));
  });

  it('reads numerical and matching items, and skips essay and description items naming the type', () => {
    const text = [
      'When was Ulysses S. Grant born?{#1822:5}',
      '',
      'Match the following countries with their corresponding capitals. {',
      '   =Canada -> Ottawa',
      '   =Italy  -> Rome',
      '   =Japan  -> Tokyo',
      '   =India  -> New Delhi',
      "   ####It's good to know the capitals",
      '   }',
      '',
      'Write a short biography of Dag Hammarskjöld. {}',
      '',
      'You can use your pencil and paper for these next math questions.',
    ].join('\n');
    const r = parse(text);
    expect(r.questions.map((p) => p.question)).toEqual([
      q({ type: 'numerical', prompt: { vi: 'When was Ulysses S. Grant born?' }, answer: [{ value: 1822, tolerance: 5 }] }),
      q({
        type: 'matching',
        prompt: { vi: 'Match the following countries with their corresponding capitals.' },
        options: [
          { id: 'a', text: { vi: 'Canada' }, match: { vi: 'Ottawa' } },
          { id: 'b', text: { vi: 'Italy' }, match: { vi: 'Rome' } },
          { id: 'c', text: { vi: 'Japan' }, match: { vi: 'Tokyo' } },
          { id: 'd', text: { vi: 'India' }, match: { vi: 'New Delhi' } },
        ],
        scoring: 'partial',
        explanation: { vi: "It's good to know the capitals" },
      }),
    ]);
    expect(r.skipped).toEqual([
      { line: 11, reason: 'essay question ({}) is not supported: essays cannot be graded in a contest' },
      { line: 13, reason: 'description (text without an answer block) is not supported: civiq has no description items' },
    ]);
  });

  it('reads true/false feedback as incorrect then correct, and #### as the explanation', () => {
    expect(one('Mặt trời mọc ở hướng Đông.{T#Sai rồi: mặt trời mọc ở hướng Đông.#Đúng!####Trái Đất quay từ Tây sang Đông.}')).toEqual(
      q({
        type: 'true_false',
        prompt: { vi: 'Mặt trời mọc ở hướng Đông.' },
        answer: true,
        feedback: { incorrect: { vi: 'Sai rồi: mặt trời mọc ở hướng Đông.' }, correct: { vi: 'Đúng!' } },
        explanation: { vi: 'Trái Đất quay từ Tây sang Đông.' },
      }),
    );
    expect(one('A.{F#chỉ phản hồi khi sai}').feedback).toEqual({ incorrect: { vi: 'chỉ phản hồi khi sai', en: '' } });
    expect(one('A.{F##chỉ khi đúng}').feedback).toEqual({ correct: { vi: 'chỉ khi đúng', en: '' } });
  });

  it('reads general feedback in a choice question and per-answer feedback on the same line', () => {
    expect(one('Thủ đô của Việt Nam?{=Hà Nội#Chính xác ~Huế#Cố đô ####Hà Nội là thủ đô từ 1976.}')).toEqual(
      q({
        type: 'single_choice',
        prompt: { vi: 'Thủ đô của Việt Nam?' },
        options: [opt('a', 'Hà Nội', 'Chính xác'), opt('b', 'Huế', 'Cố đô')],
        answer: 'a',
        explanation: { vi: 'Hà Nội là thủ đô từ 1976.' },
      }),
    );
  });

  it('accepts a single ~%100% answer among negative and zero weights', () => {
    expect(one('Chọn đáp án đúng.{~%100%Đúng ~%-50%Sai ~Không biết}')).toEqual(
      q({
        type: 'multiple_choice',
        prompt: { vi: 'Chọn đáp án đúng.' },
        options: [opt('a', 'Đúng'), opt('b', 'Sai'), opt('c', 'Không biết')],
        answer: ['a'],
        scoring: 'partial',
        weights: { a: 100, b: -50, c: 0 },
      }),
    );
  });

  it('accepts Moodle thirds and decimal commas in weights', () => {
    expect(one('Ba?{~%33.33333%a ~%33.33333%b ~%33,33333%c ~%-100%d}')).toMatchObject({ answer: ['a', 'b', 'c'], weights: { a: 33.33333, b: 33.33333, c: 33.33333, d: -100 } });
  });

  it('resolves every escape, and \\n as a line break', () => {
    expect(one('Ký tự \\~ \\= \\# \\{ \\} \\: \\\\ và\\ndòng mới?{=a\\=b#x\\#y ~c\\~d}')).toEqual(
      q({
        type: 'single_choice',
        prompt: { vi: 'Ký tự ~ = # { } : \\ và\ndòng mới?' },
        options: [opt('a', 'a=b', 'x#y'), opt('b', 'c~d')],
        answer: 'a',
      }),
    );
    expect(one('Đường dẫn C\\:\\\\temp {=C\\:\\\\temp}').answer).toEqual(['C:\\temp']);
    // Short-answer alternatives are match strings: a format-like prefix is kept.
    expect(one('Gõ thẻ?{=[html]}').answer).toEqual(['[html]']);
    // A backslash before an ordinary character is kept as written.
    expect(one('a\\b?{T}').prompt.vi).toBe('a\\b?');
  });

  it('strips text-format prefixes from the prompt, answers and feedback', () => {
    // [html] text is converted to the Markdown subset; the other prefixes are dropped.
    expect(one('::t::[markdown]**Đậm**?{=[html]<b>có</b>#[plain]phản hồi ~[moodle]không}')).toEqual(
      q({ id: 't', type: 'single_choice', prompt: { vi: '**Đậm**?' }, options: [opt('a', '**có**', 'phản hồi'), opt('b', 'không')], answer: 'a' }),
    );
    expect(one('[HTML]<p>Hỏi</p>{T}').prompt.vi).toBe('Hỏi');
    // An unknown word in brackets is ordinary text.
    expect(one('[note] Hỏi?{T}').prompt.vi).toBe('[note] Hỏi?');
  });

  it('keeps a multi-line prompt and ignores comment lines inside a question', () => {
    expect(one('// nhận xét\nDòng một\n// giữa\nDòng hai{\n  =x\n  ~y\n}').prompt.vi).toBe('Dòng một\nDòng hai');
  });

  it('applies $CATEGORY to the following questions as a tag with the full path', () => {
    const text = ['A?{T}', '', '$CATEGORY: $course$/top/An toàn số', '', 'B?{T}', '', 'C?{F}', '', '$CATEGORY: top/Khác', 'D?{T}'].join('\n');
    const r = parse(text);
    expect(r.skipped).toEqual([]);
    expect(r.questions.map((p) => [p.line, p.question.tags])).toEqual([
      [1, []],
      [5, ['$course$/top/An toàn số']],
      [7, ['$course$/top/An toàn số']],
      [10, ['top/Khác']],
    ]);
  });

  it('fills the requested language only', () => {
    expect(one('Which is safe?{=A#yes ~B}', en)).toEqual(
      q({ type: 'single_choice', prompt: { en: 'Which is safe?' }, options: [{ id: 'a', text: { en: 'A' }, feedback: { en: 'yes' } }, { id: 'b', text: { en: 'B' } }], answer: 'a' }),
    );
  });

  it('normalises NFD Vietnamese to NFC, and reads CRLF files with a BOM', () => {
    const r = parse('\uFEFF::Mật khẩu::Mật khẩu mạnh?\r\n{=Dài ~Ngắn}\r\n\r\nHỏi?{T}'.normalize('NFD'));
    expect(r.skipped).toEqual([]);
    expect(r.questions.map((p) => p.line)).toEqual([1, 4]);
    expect(r.questions[0]!.question).toMatchObject({ id: 'mat-khau', prompt: { vi: 'Mật khẩu mạnh?' }, options: [{ text: { vi: 'Dài' } }, { text: { vi: 'Ngắn' } }] });
  });

  it('derives ids from titles: keeps valid keys, slugifies others, dedupes, leaves long ones to the caller', () => {
    const long = 'Câu hỏi '.repeat(12);
    const text = ['::bank.q_1::A{T}', '::Câu 1::B{T}', '::Câu 1::C{T}', '::câu-1::D{T}', `::${long}::E{T}`, '::!!!::F{T}', '::::G{T}'].join('\n\n');
    const r = parse(text);
    expect(r.skipped).toEqual([]);
    expect(r.questions.map((p) => p.question.id)).toEqual(['bank.q_1', 'cau-1', 'cau-1-2', 'cau-1-3', undefined, undefined, undefined]);
  });

  it('reads the civiq comment back: competences, difficulty, grade bands, source and the rest', () => {
    const text = [
      '// civiq: competences=4.2,4.3 difficulty=3 gradeBands=TC1,TC2 points=2 timeLimitSec=30 source="Thông tư 02/2025" tags=["an toàn","a, b"] image=https://example.org/a.png imageAlt="Ảnh" feedbackCorrect="Giỏi" feedbackIncorrect="Tiếc"',
      '::q1::Hỏi?{=a ~b}',
    ].join('\n');
    expect(one(text)).toEqual(
      q({
        id: 'q1',
        type: 'single_choice',
        prompt: { vi: 'Hỏi?' },
        options: [opt('a', 'a'), opt('b', 'b')],
        answer: 'a',
        competences: ['4.2', '4.3'],
        difficulty: 3,
        gradeBands: ['TC1', 'TC2'],
        points: 2,
        timeLimitSec: 30,
        source: 'Thông tư 02/2025',
        tags: ['an toàn', 'a, b'],
        image: { url: 'https://example.org/a.png', alt: { vi: 'Ảnh' } },
        feedback: { correct: { vi: 'Giỏi' }, incorrect: { vi: 'Tiếc' } },
      }),
    );
    expect(one('// civiq: scoring=all_or_nothing weights=none optionIds=x,y,z\nH?{~%50%a ~%50%b ~%-100%c}')).toEqual(
      q({ type: 'multiple_choice', prompt: { vi: 'H?' }, options: [opt('x', 'a'), opt('y', 'b'), opt('z', 'c')], answer: ['x', 'y'], scoring: 'all_or_nothing' }),
    );
    expect(one('// civiq: caseSensitive=true ignoreDiacritics=false ignoreExtraSpaces=false\nH?{=Hà Nội}')).toMatchObject({
      matching: { caseSensitive: true, ignoreDiacritics: false, ignoreExtraSpaces: false },
    });
  });

  it('reports civiq comments it cannot use instead of ignoring them', () => {
    const text = [
      '// civiq: difficulty=hard',
      'A?{T}',
      '',
      '// civiq: colour=red',
      'B?{T}',
      '',
      '// civiq: competences=4.2',
      '',
      'C?{T}',
      '',
      '// civiq: competences=four',
      'D?{T}',
      '',
      '// civiq: scoring=partial',
      'E?{T}',
    ].join('\n');
    expect(parse(text)).toEqual({
      questions: [{ line: 9, question: q({ type: 'true_false', prompt: { vi: 'C?' }, answer: true }) }],
      skipped: [
        { line: 2, reason: 'civiq comment (line 1): difficulty: "hard" is not a number' },
        { line: 5, reason: 'civiq comment (line 4): unknown key "colour"' },
        { line: 7, reason: 'civiq comment is not followed by a question (keep it on the line just above the question)' },
        { line: 12, reason: 'invalid question: competences.0: a code such as "4.2"' },
        { line: 15, reason: 'civiq comment: scoring applies to multiple-answer, ordering and matching questions only' },
      ],
    });
  });
});

describe('GIFT import: malformed input, with exact lines', () => {
  const cases: Array<[string, string, Array<{ line: number; reason: string }>]> = [
    ['unclosed {', '// chú thích\nHỏi gì?\n{\n=a\n~b', [{ line: 2, reason: 'unclosed "{" (opened on line 3)' }]],
    ['stray = outside braces', 'Hỏi gì?\n=a\n~b', [{ line: 1, reason: 'unescaped "=" outside the answer braces (line 2); write \\= for a literal "="' }]],
    ['stray ~ after the block', 'Hỏi {=a ~b}\n~c', [{ line: 1, reason: 'unescaped "~" outside the answer braces (line 2); write \\~ for a literal "~"' }]],
    ['unmatched }', 'Hỏi } gì {T}', [{ line: 1, reason: 'unmatched "}" (line 1)' }]],
    ['empty option', 'Hỏi?{= ~b}', [{ line: 1, reason: 'empty answer after "=" (line 1)' }]],
    ['option that is only a format prefix', 'Hỏi?{=a ~[html]}', [{ line: 1, reason: 'empty answer after "~" (line 1)' }]],
    ['empty option on its own line', 'Hỏi?{\n=a\n~   #chỉ có phản hồi\n}', [{ line: 1, reason: 'empty answer after "~" (line 3)' }]],
    ['no correct answer', 'Hỏi?{\n~a\n~b\n}', [{ line: 1, reason: 'no correct answer: mark one with "=" or give positive "~%n%" weights (line 1)' }]],
    ['weight out of range', 'Hỏi?{\n~%150%a\n~%-50%b\n}', [{ line: 1, reason: 'weight 150% is out of range -100..100 (line 2)' }]],
    ['positive weights not adding to 100', 'Hỏi?\n{\n~%50%a\n~%40%b\n~%-100%c\n}', [{ line: 1, reason: 'positive weights add up to 90%, not 100% (line 2)' }]],
    ['malformed weight', 'Hỏi?{~%abc%a ~%100%b}', [{ line: 1, reason: 'bad weight "%abc%a": write it as %50% or %-100% (line 1)' }]],
    ['short answer with only partial credit', 'Hỏi?{\n=%50%gần đúng\n}', [{ line: 1, reason: 'no answer earns 100%: civiq short answers need at least one fully right answer (line 1)' }]],
    ['weight after =', 'Hỏi?{=%50%a ~b}', [{ line: 1, reason: 'an answer marked "=" cannot carry a weight; use "~%n%" for partial credit (line 1)' }]],
    ['two = in a choice', 'Hỏi?{\n=a\n=b\n~c\n}', [{ line: 1, reason: 'more than one "=" answer in a choice question; use "~%n%" weights for several right answers (line 3)' }]],
    ['unclosed title', '::tiêu đề Hỏi?{T}', [{ line: 1, reason: 'title "::" is not closed (line 1)' }]],
    ['two answer blocks', 'A {T} B\n{F}', [{ line: 1, reason: 'more than one answer block (line 2)' }]],
    ['nested brace', 'A {=a {b}', [{ line: 1, reason: 'unescaped "{" inside the answer block opened on line 1 (line 1)' }]],
    ['text before the first answer', 'A {\nchữ\n=a ~b}', [{ line: 1, reason: 'text before the first answer: "chữ" (line 2)' }]],
    ['numerical that is not a number', 'A {#ba}', [{ line: 1, reason: '"ba" is not a number, "value:tolerance" or "min..max" (line 1)' }]],
    ['too many # in T/F', 'A {T#a#b#c}', [{ line: 1, reason: 'too many "#" in a true/false answer; use {T#feedback if wrong#feedback if right} (line 1)' }]],
    ['too many options for single choice', 'A {=1 ~2 ~3 ~4 ~5 ~6 ~7}', [{ line: 1, reason: 'invalid question: options: Too big: expected array to have <=6 items' }]],
    ['empty prompt', '::t::{T}', [{ line: 1, reason: 'invalid question: prompt: at least one of vi or en is required' }]],
  ];
  it.each(cases)('%s', (_name, text, skipped) => {
    expect(parse(text)).toEqual({ questions: [], skipped });
  });

  it('keeps going after a malformed question', () => {
    const r = parse('A?{T}\n\nB?{=x ~%200%y}\n\nC?{F}');
    expect(r.questions.map((p) => p.line)).toEqual([1, 5]);
    expect(r.skipped).toEqual([{ line: 3, reason: 'weight 200% is out of range -100..100 (line 3)' }]);
  });
});

describe('GIFT export', () => {
  const bank = (questions: QuestionInput[]) => ({ meta: { slug: 'an-toan', title: { vi: 'An toàn số', en: 'Digital safety' } }, questions: questions.map((x) => QuestionSchema.parse(x)) });

  it('writes Moodle GIFT with titles, civiq comments, escapes and one answer per line', () => {
    const r = exportGift(
      bank([
        {
          id: 'q-1',
          type: 'single_choice',
          prompt: { vi: 'Mật khẩu {mạnh} = ?', en: 'Strong password?' },
          options: [
            { id: 'a', text: { vi: 'Tr0ng:Dài#2024' }, feedback: { vi: 'Đúng ~ tốt' } },
            { id: 'b', text: { vi: '123456' } },
          ],
          answer: 'a',
          explanation: { vi: 'Dài\nvà khó đoán' },
          competences: ['4.2'],
          gradeBands: ['TC1'],
          source: 'Thông tư 02',
        },
        { type: 'true_false', prompt: { vi: 'Đúng không?' }, answer: false, feedback: { incorrect: { vi: 'Sai' }, correct: { vi: 'Đúng' } } },
        { id: 'sa', type: 'short_answer', prompt: { vi: 'Thủ đô là _____ phải không?' }, answer: ['Hà Nội', '%HN'] },
        { id: 'mc', type: 'multiple_choice', prompt: { vi: 'Chọn hai' }, options: [{ id: 'a', text: { vi: 'x' } }, { id: 'b', text: { vi: 'y' } }, { id: 'c', text: { vi: '%z' } }], answer: ['a', 'b'] },
        { id: 'ord', type: 'ordering', prompt: { vi: 'Sắp xếp' }, options: [{ id: 'a', text: { vi: '1' } }, { id: 'b', text: { vi: '2' } }], answer: ['a', 'b'] },
        { id: 'arrow', type: 'short_answer', prompt: { vi: 'Mũi tên?' }, answer: ['a->b'] },
      ]),
      vi,
    );
    expect(r.skipped).toEqual([
      { id: 'ord', reason: 'GIFT has no ordering questions' },
      { id: 'arrow', reason: 'GIFT reads "->" in a short answer as a matching question' },
    ]);
    expect(r.text).toBe(
      [
        '// civiq bank: an-toan',
        '// An toàn số',
        '',
        '// civiq: competences=4.2 difficulty=2 gradeBands=TC1 source="Thông tư 02"',
        '::q-1::Mật khẩu \\{mạnh\\} \\= ?{',
        '\t=Tr0ng\\:Dài\\#2024#Đúng \\~ tốt',
        '\t~123456',
        '\t####Dài\\nvà khó đoán',
        '}',
        '',
        '// civiq: difficulty=2',
        'Đúng không?{F#Sai#Đúng}',
        '',
        '// civiq: difficulty=2',
        '::sa::Thủ đô là {',
        '\t=Hà Nội',
        '\t=%100%%HN',
        '} phải không?',
        '',
        '// civiq: difficulty=2 scoring=all_or_nothing weights=none',
        '::mc::Chọn hai{',
        '\t~%50%x',
        '\t~%50%y',
        '\t~%-100%[moodle]%z',
        '}',
        '',
      ].join('\n'),
    );
    // Read back: everything GIFT carries returns; the English prompt was not exported.
    const back = parseGift(r.text, vi);
    expect(back.skipped).toEqual([]);
    expect(back.questions.map((p) => p.line)).toEqual([5, 12, 15, 21]);
    expect(back.questions.map((p) => p.question)).toEqual(
      bank([
        {
          id: 'q-1',
          type: 'single_choice',
          prompt: { vi: 'Mật khẩu {mạnh} = ?' },
          options: [
            { id: 'a', text: { vi: 'Tr0ng:Dài#2024' }, feedback: { vi: 'Đúng ~ tốt' } },
            { id: 'b', text: { vi: '123456' } },
          ],
          answer: 'a',
          explanation: { vi: 'Dài\nvà khó đoán' },
          competences: ['4.2'],
          gradeBands: ['TC1'],
          source: 'Thông tư 02',
        },
        { type: 'true_false', prompt: { vi: 'Đúng không?' }, answer: false, feedback: { incorrect: { vi: 'Sai' }, correct: { vi: 'Đúng' } } },
        { id: 'sa', type: 'short_answer', prompt: { vi: 'Thủ đô là _____ phải không?' }, answer: ['Hà Nội', '%HN'] },
        { id: 'mc', type: 'multiple_choice', prompt: { vi: 'Chọn hai' }, options: [{ id: 'a', text: { vi: 'x' } }, { id: 'b', text: { vi: 'y' } }, { id: 'c', text: { vi: '%z' } }], answer: ['a', 'b'] },
      ]).questions,
    );
  });

  it('falls back to the other language, and guards text the importer would read as markup', () => {
    const r = exportGift(
      bank([
        { type: 'true_false', prompt: { vi: '//không phải chú thích', en: '' }, answer: true },
        { type: 'true_false', prompt: { vi: '[html]chữ', en: '' }, answer: true, explanation: { vi: '[plain]giải thích' } },
      ]),
      en,
    );
    expect(r.text).toBe(
      ['// civiq bank: an-toan', '// Digital safety', '', '// civiq: difficulty=2', '[moodle]//không phải chú thích{T}', '', '// civiq: difficulty=2', '[moodle][html]chữ{T####[moodle][plain]giải thích}', ''].join('\n'),
    );
    expect(parseGift(r.text, en).questions.map((p) => [p.question.prompt, p.question.explanation])).toEqual([
      [{ vi: '', en: '//không phải chú thích' }, undefined],
      [{ vi: '', en: '[html]chữ' }, { vi: '', en: '[plain]giải thích' }],
    ]);
  });

  it('writes default weights Moodle accepts for an all-or-nothing question with three right answers', () => {
    const r = exportGift(
      { meta: {}, questions: [q({ type: 'multiple_choice', prompt: { vi: 'H' }, options: ['a', 'b', 'c', 'd'].map((id) => ({ id, text: { vi: id } })), answer: ['a', 'b', 'c'] })] },
      vi,
    );
    expect(r.text).toBe('// civiq: difficulty=2 scoring=all_or_nothing weights=none\nH{\n\t~%33.33333%a\n\t~%33.33333%b\n\t~%33.33333%c\n\t~%-100%d\n}\n');
  });

  it('writes an empty file for an empty bank', () => {
    expect(exportGift({ meta: {}, questions: [] }, vi)).toEqual({ text: '', skipped: [] });
  });
});
