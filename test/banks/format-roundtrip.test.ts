import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportBank, parseBank, type BankFormat } from '../../src/banks/formats/index.ts';
import { readCsv, writeCsv } from '../../src/banks/formats/csv-records.ts';
import { QuestionSchema, type Question } from '../../src/banks/question-schema.ts';
import { pick, type Language, type LocalizedText } from '../../src/shared/localized.ts';
import { QuestionGenerator, seededRandom } from './question-generator.ts';

const meta = { slug: 'vong-lap', title: { vi: 'Vòng lặp', en: 'Round trip' } };
const FORMATS: BankFormat[] = ['gift', 'aiken', 'csv', 'json'];

/** What a one-language format can carry of a question: each text in `lang` (or the fallback). */
function inOneLanguage(q: Question, lang: Language): Question {
  const one = (t: LocalizedText) => ({ vi: '', en: '', [lang]: pick(t, lang) });
  const c: Question = structuredClone(q);
  c.prompt = one(c.prompt);
  if (c.explanation) c.explanation = one(c.explanation);
  if (c.feedback) {
    if (c.feedback.correct) c.feedback.correct = one(c.feedback.correct);
    if (c.feedback.incorrect) c.feedback.incorrect = one(c.feedback.incorrect);
  }
  if (c.image?.alt) c.image.alt = one(c.image.alt);
  if ('options' in c) for (const o of c.options) {
    o.text = one(o.text);
    if (o.feedback) o.feedback = one(o.feedback);
    if ('match' in o) o.match = one(o.match);
  }
  return c;
}

/** GIFT's documented normalisations: answers in option order, and every option given a weight (0 when unset). */
function asGiftReadsIt(q: Question, lang: Language): Question {
  const c = inOneLanguage(q, lang);
  if (c.type === 'multiple_choice') {
    const order = c.options.map((o) => o.id);
    c.answer = [...c.answer].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    if (c.weights) c.weights = Object.fromEntries(order.map((id) => [id, c.weights?.[id] ?? 0]));
  }
  // GIFT has no feedback on matching pairs (the export reports it).
  if (c.type === 'matching') for (const o of c.options) delete o.feedback;
  return c;
}

const giftCannot = (q: Question, lang: Language) =>
  q.type === 'ordering' ||
  (q.type === 'short_answer' && q.answer.some((a) => a.includes('->'))) ||
  (q.type === 'matching' && q.options.some((o) => pick(o.text, lang).includes('->') || pick(o.match, lang).includes('->')));
/** Exported with something left out, and reported. */
const giftDrops = (q: Question, lang: Language) => q.type === 'matching' && !giftCannot(q, lang) && q.options.some((o) => o.feedback);

describe('round trips over generated questions', () => {
  const questions = new QuestionGenerator(20_250_2).questions(500);

  it('covers every type, both one-language cases and the tricky characters', () => {
    expect(new Set(questions.map((q) => q.type))).toEqual(new Set(['single_choice', 'multiple_choice', 'true_false', 'short_answer', 'ordering', 'numerical', 'matching']));
    expect(questions.some((q) => q.prompt.vi === '' && q.prompt.en !== '')).toBe(true);
    expect(questions.some((q) => q.prompt.en === '' && q.prompt.vi !== '')).toBe(true);
    const all = JSON.stringify(questions);
    for (const needle of ['{', '}', '=', '~', '#', ':', '\\\\', '%', '|', '\\n', '_____', 'ắ', 'Đ']) expect(all).toContain(needle);
    expect(questions.some((q) => q.type === 'multiple_choice' && q.options.length > 6)).toBe(true);
    expect(questions.some((q) => q.type === 'multiple_choice' && q.weights !== undefined)).toBe(true);
    expect(questions.some((q) => 'options' in q && q.options.some((o) => o.id.startsWith('o')))).toBe(true);
  });

  it('JSON keeps every question exactly, and export → import → export is the same text', () => {
    const first = exportBank('json', { meta, questions }, { lang: 'vi' });
    expect(first.skipped).toEqual([]);
    const back = parseBank('json', first.text, { lang: 'vi' });
    expect(back.skipped).toEqual([]);
    expect(back.questions.map((p) => p.question)).toStrictEqual(questions);
    expect(exportBank('json', { meta: back.meta!, questions: back.questions.map((p) => p.question) }, { lang: 'vi' }).text).toBe(first.text);
  });

  it('CSV keeps everything but per-option feedback, with comma or semicolon separators', () => {
    const expected = questions.map((q) => {
      const c = structuredClone(q);
      if ('options' in c) for (const o of c.options) delete o.feedback;
      return c;
    });
    const text = exportBank('csv', { meta, questions }, { lang: 'vi' }).text;
    const back = parseBank('csv', text, { lang: 'vi' });
    expect(back.skipped).toEqual([]);
    expect(back.questions.map((p) => p.question)).toStrictEqual(expected);
    // The same sheet saved by a Vietnamese-locale Excel: semicolons.
    const semicolons = writeCsv(readCsv(text).records.map((r) => r.fields), ';');
    const viaSemicolons = parseBank('csv', semicolons, { lang: 'vi' });
    expect(viaSemicolons.skipped).toEqual([]);
    expect(viaSemicolons.questions.map((p) => p.question)).toStrictEqual(expected);
    // Lines are where each record starts, which quoted line breaks push down.
    const lines = back.questions.map((p) => p.line);
    expect(lines[0]).toBe(2);
    expect(lines.every((l, i) => i === 0 || l > lines[i - 1]!)).toBe(true);
  });

  it.each(['vi', 'en'] as const)('GIFT keeps the %s text and every field it carries, through the civiq comment', (lang) => {
    const out = exportBank('gift', { meta, questions }, { lang });
    const cannot = questions.map((q, i) => ({ q, i })).filter(({ q }) => giftCannot(q, lang));
    expect(cannot.length).toBeGreaterThan(50);
    expect(out.skipped.filter((s) => !s.reason.endsWith('left out')).map((s) => s.id)).toEqual(cannot.map(({ q, i }) => q.id ?? `#${i + 1}`));
    expect(out.skipped.filter((s) => s.reason.endsWith('left out')).map((s) => s.id)).toEqual(
      questions.map((q, i) => ({ q, i })).filter(({ q }) => giftDrops(q, lang)).map(({ q, i }) => q.id ?? `#${i + 1}`),
    );
    const back = parseBank('gift', out.text, { lang });
    expect(back.skipped).toEqual([]);
    expect(back.questions.map((p) => p.question)).toStrictEqual(questions.filter((q) => !giftCannot(q, lang)).map((q) => asGiftReadsIt(q, lang)));
  });

  it.each(['vi', 'en'] as const)('Moodle XML keeps the %s text of every type, with what Moodle has no field for in the civiq comment', (lang) => {
    const out = exportBank('moodle-xml', { meta, questions }, { lang });
    // Reported, still written: category tags beyond the first (Moodle has one category), an uploaded image (linked from the civiq comment only), feedback on matching pairs.
    const reported = questions.flatMap((q, i) => [
      ...(q.tags.filter((t) => t.startsWith('top/')).length > 1 ? [q.id ?? `#${i + 1}`] : []),
      ...(q.image && !q.image.url.startsWith('https://') ? [q.id ?? `#${i + 1}`] : []),
      ...(q.type === 'matching' && q.options.some((o) => o.feedback) ? [q.id ?? `#${i + 1}`] : []),
    ]);
    expect(out.skipped.map((s) => s.id)).toEqual(reported);
    const back = parseBank('moodle-xml', out.text, { lang });
    expect(back.skipped).toEqual([]);
    const expected = questions.map((q) => {
      const c = asGiftReadsIt(q, lang);
      // Moodle's ordering lists the items in the right order.
      if (c.type === 'ordering') c.options = c.answer.map((id) => c.options.find((o) => o.id === id)!);
      return c;
    });
    // Questions without an id get one from their name, which Moodle requires.
    expect(back.questions.map((p) => ({ ...p.question, id: undefined }))).toStrictEqual(expected.map((q) => ({ ...q, id: undefined })));
    expect(back.questions.filter((p, i) => questions[i]!.id !== undefined).map((p) => p.question.id)).toEqual(questions.filter((q) => q.id !== undefined).map((q) => q.id));
  });

  it('Aiken keeps the prompt, options and answer of the single-choice questions it can write', () => {
    const out = exportBank('aiken', { meta, questions }, { lang: 'vi' });
    const singles = questions.filter((q): q is Extract<Question, { type: 'single_choice' }> => q.type === 'single_choice');
    const written = singles.length - out.skipped.filter((s) => s.reason !== 'Aiken holds single-choice questions only').length;
    expect(written).toBeGreaterThan(10);
    const back = parseBank('aiken', out.text, { lang: 'vi' });
    expect(back.skipped).toEqual([]);
    expect(back.questions).toHaveLength(written);
    const skippedIds = new Set(out.skipped.map((s) => s.id));
    const expected = singles
      .filter((q) => !skippedIds.has(q.id ?? `#${questions.indexOf(q) + 1}`))
      .map((q) =>
        // Aiken renames options a, b, c … and carries nothing but the texts and the answer.
        QuestionSchema.parse({
          type: 'single_choice',
          prompt: { vi: pick(q.prompt, 'vi') },
          options: q.options.map((o, k) => ({ id: String.fromCharCode(97 + k), text: { vi: pick(o.text, 'vi') } })),
          answer: String.fromCharCode(97 + q.options.findIndex((o) => o.id === q.answer)),
        }),
      );
    expect(back.questions.map((p) => p.question)).toStrictEqual(expected);
  });
});

describe('parsers never throw', () => {
  const rnd = seededRandom(99);
  const alphabet = '{}=~#:\\%[]()"\';,|\n\r\t ABCTFaeđ→->/$0123456789.ANSWER:sep';
  const noise = (len: number) => {
    let s = '';
    for (let j = 0; j < len; j++) s += rnd() < 0.85 ? alphabet[Math.floor(rnd() * alphabet.length)] : String.fromCharCode(Math.floor(rnd() * 0xffff));
    return s;
  };
  const check = (text: string) => {
    for (const format of FORMATS) {
      const r = parseBank(format, text, { lang: 'vi' });
      // Whatever comes out must be a valid question, and no parser may fall back to the internal-error path.
      for (const p of r.questions) expect(QuestionSchema.parse(p.question)).toStrictEqual(p.question);
      for (const s of r.skipped) {
        expect(s.reason).not.toMatch(/parser failed/);
        expect(Number.isInteger(s.line) && s.line >= 1).toBe(true);
      }
    }
  };

  it('on random bytes', () => {
    for (let i = 0; i < 1500; i++) check(noise(Math.floor(rnd() * 400)));
  });

  it('on damaged exports of every format', () => {
    const questions = new QuestionGenerator(5).questions(30);
    const texts = FORMATS.map((f) => exportBank(f, { meta, questions }, { lang: 'vi' }).text);
    for (let i = 0; i < 300; i++) {
      let t = texts[i % texts.length]!;
      for (let k = 0; k < 1 + Math.floor(rnd() * 5); k++) {
        const at = Math.floor(rnd() * t.length);
        const op = rnd();
        t = op < 0.4 ? t.slice(0, at) + t.slice(at + 1 + Math.floor(rnd() * 20)) : op < 0.8 ? t.slice(0, at) + noise(1 + Math.floor(rnd() * 4)) + t.slice(at) : t.slice(0, at);
      }
      check(t);
    }
  });

  it('on huge and deeply nested input', () => {
    check('x'.repeat(2_000_000));
    check('{'.repeat(500_000));
    check(`${'['.repeat(300_000)}${']'.repeat(300_000)}`);
    check('Q?\n'.repeat(100_000));
    check(`Q{\n${'~x\n'.repeat(100_000)}}`);
  });
});

describe('parseBank and exportBank', () => {
  it('dispatch on the format and refuse an unknown one without throwing', () => {
    expect(parseBank('aiken', 'H?\nA. x\nB. y\nANSWER: A', { lang: 'en' }).questions[0]?.question.prompt).toEqual({ vi: '', en: 'H?' });
    expect(parseBank('gift', 'H?{T}', { lang: 'en' }).questions[0]?.question.type).toBe('true_false');
    expect((parseBank('csv', 'prompt_en,type,correct\nH?,true_false,0', { lang: 'vi' }).questions[0]?.question as { answer?: unknown }).answer).toBe(false);
    expect(parseBank('json', '[]', { lang: 'vi' })).toEqual({ questions: [], skipped: [] });
    expect(parseBank('xml' as BankFormat, '<q/>', { lang: 'vi' })).toEqual({ questions: [], skipped: [{ line: 1, reason: 'unknown format "xml"' }] });
    const q = QuestionSchema.parse({ type: 'true_false', prompt: { vi: 'Đúng?', en: 'True?' }, answer: true });
    expect(exportBank('gift', { meta: {}, questions: [q] }, { lang: 'en' }).text).toBe('// civiq: difficulty=2\nTrue?{T}\n');
    expect(exportBank('aiken', { meta: {}, questions: [q] }, { lang: 'en' }).skipped).toEqual([{ id: '#1', reason: 'Aiken holds single-choice questions only' }]);
  });
});

describe('docs/formats.md', () => {
  it('has examples that import cleanly', () => {
    const md = readFileSync(new URL('../../docs/formats.md', import.meta.url), 'utf8');
    const examples = [...md.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ fence: m[1], body: m[2]! }));
    const formatOf = (e: { fence?: string; body: string }): BankFormat | undefined =>
      e.fence === 'json' ? 'json' : e.fence === 'csv' ? 'csv' : e.fence === 'xml' ? 'moodle-xml' : e.body.includes('ANSWER:') ? 'aiken' : e.body.includes('{') ? 'gift' : undefined;
    const results = examples.flatMap((e) => {
      const format = formatOf(e);
      return format ? [{ format, ...parseBank(format, e.body, { lang: 'vi' }) }] : [];
    });
    expect(results.map((r) => [r.format, r.questions.length, r.skipped])).toEqual([
      ['json', 1, []],
      ['csv', 5, []],
      ['gift', 1, []],
      ['aiken', 1, []],
      ['moodle-xml', 1, []],
    ]);
  });
});
