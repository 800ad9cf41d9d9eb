import { describe, expect, it } from 'vitest';
import { checkBankFile, checkBankSet, summariseBanks, undatedSourceParts } from '../../src/banks/content-rules.ts';
import { BankFileSchema, type QuestionInput } from '../../src/banks/question-schema.ts';

const t = (s: string) => ({ vi: `${s} (vi)`, en: `${s} (en)` });
const common = (i: number, bands: string[]) => ({
  id: `q-${String(i).padStart(3, '0')}`,
  prompt: t(`Câu hỏi số ${i} về chủ đề thứ ${i}`),
  explanation: t(`Giải thích ${i}`),
  competences: ['4.2'],
  gradeBands: bands,
  difficulty: ((i % 3) + 1) as 1 | 2 | 3,
  source: 'Luật An ninh mạng 2018, Điều 29',
});
const tf = (i: number, bands: string[]): QuestionInput => ({ ...common(i, bands), type: 'true_false', answer: i % 2 === 0 });
const sc = (i: number, bands: string[]): QuestionInput => ({
  ...common(i, bands),
  type: 'single_choice',
  options: [
    { id: 'a', text: t(`Đúng ${i}`) },
    { id: 'b', text: t(`Sai ${i}`) },
  ],
  answer: 'a',
});
const others = (i: number, bands: string[]): QuestionInput[] => [
  { ...common(i, bands), type: 'multiple_choice', options: [{ id: 'a', text: t(`A${i}`) }, { id: 'b', text: t(`B${i}`) }], answer: ['a'] },
  { ...common(i + 1, bands), type: 'short_answer', answer: ['156'] },
  { ...common(i + 2, bands), type: 'ordering', options: [{ id: 'a', text: t(`X${i}`) }, { id: 'b', text: t(`Y${i}`) }], answer: ['b', 'a'] },
];

function bank(questions: QuestionInput[]) {
  return { slug: 'test-bank', title: t('Ngân hàng'), description: t('Mô tả'), framework: 'vn-tt02-2025', visibility: 'public', licence: 'CC BY 4.0', author: 'test', questions };
}
/** 27 questions, every band at least 3, CB1 only true/false and single choice. */
function goodQuestions(): QuestionInput[] {
  const qs: QuestionInput[] = [];
  let i = 1;
  for (let k = 0; k < 3; k++) qs.push(tf(i++, ['CB1', 'CB2']), sc(i++, ['CB1']));
  for (let k = 0; k < 3; k++) {
    qs.push(...others(i, ['TC1', 'TC2', 'NC1']));
    i += 3;
  }
  while (qs.length < 27) qs.push(sc(i++, ['TC2', 'NC1']));
  return qs;
}
const run = (questions: QuestionInput[]) => checkBankFile('x.json', JSON.stringify(bank(questions))).problems.map((p) => p.message);

describe('content rules for shipped banks', () => {
  it('accept a bank that covers every band and type', () => {
    expect(run(goodQuestions())).toEqual([]);
  });

  it('require every grade band from CB1 to NC1', () => {
    const qs = goodQuestions().map((q) => ({ ...q, gradeBands: (q.gradeBands ?? []).filter((g) => g !== 'CB2') }));
    qs.forEach((q) => q.gradeBands!.length === 0 && q.gradeBands!.push('TC1'));
    expect(run(qs)).toContain('grade band CB2: 0 questions, needs at least 3');
  });

  it('allow only true/false and single choice in CB1 (grades 1–3)', () => {
    const qs = goodQuestions();
    qs.push({ ...common(90, ['CB1']), type: 'short_answer', answer: ['111'] });
    expect(checkBankFile('x.json', JSON.stringify(bank(qs))).problems).toContainEqual({ file: 'x.json', question: 'q-090', message: 'short_answer is not used for grade band CB1 (true/false or single choice only)' });
  });

  it('require all five question types in each bank', () => {
    expect(run(goodQuestions().filter((q) => q.type !== 'ordering'))).toContain('no ordering question');
  });

  it('require a year on sources that name a law, authority, hotline or portal', () => {
    expect(undatedSourceParts('Luật Trẻ em 2016, Điều 54; Tổng đài 111')).toEqual(['Tổng đài 111']);
    expect(undatedSourceParts('tinnhiemmang.vn')).toEqual(['tinnhiemmang.vn']);
    expect(undatedSourceParts('WHO – ICD-11, 6C51 Gaming disorder (2019)')).toEqual([]);
    expect(undatedSourceParts('WHO guidance on physical activity')).toEqual(['WHO guidance on physical activity']);
    expect(undatedSourceParts('Google Be Internet Awesome – Share with Care')).toEqual([]);
    const qs = goodQuestions();
    qs[0] = { ...qs[0]!, source: 'Nghị định 147/2024/NĐ-CP; Bộ Công an' };
    expect(run(qs).filter((m) => m.startsWith('source'))).toHaveLength(1);
    expect(run(qs)).toContain('source "Bộ Công an" names a law, authority, hotline or portal but gives no year');
  });

  it('flag files that are not NFC', () => {
    const raw = JSON.stringify(bank(goodQuestions())).replace('Ngân hàng', 'Ngân hàng'.normalize('NFD'));
    expect(checkBankFile('x.json', raw).problems.map((p) => p.message)).toContain('file is not in Unicode NFC');
  });

  it('count questions per band, type and difficulty', () => {
    const b = BankFileSchema.parse(bank(goodQuestions()));
    const [s] = summariseBanks([{ file: 'x.json', bank: b }]);
    expect(s!.questions).toBe(27);
    expect(s!.byGradeBand).toMatchObject({ CB1: 6, CB2: 3 });
    expect(s!.byType).toMatchObject({ true_false: 3, multiple_choice: 3, short_answer: 3, ordering: 3, single_choice: 15 });
    expect(Object.values(s!.byDifficulty).reduce((a, n) => a + n, 0)).toBe(27);
  });

  it('flag near-duplicates across banks unless reviewed, and the set minimums', () => {
    const a = BankFileSchema.parse({ ...bank(goodQuestions()), slug: 'a' });
    const dup: QuestionInput = { ...sc(200, ['TC1']), prompt: t('Lan chụp ảnh Mai ngủ gật giờ ra chơi muốn đăng nhóm lớp') };
    const twin: QuestionInput = { ...sc(200, ['TC1']), id: 'q-201', prompt: t('An chụp ảnh Tuấn ngủ gật giờ ra chơi muốn đăng nhóm lớp') };
    const b1 = BankFileSchema.parse({ ...bank([...goodQuestions().slice(1), dup]), slug: 'b' });
    const b2 = BankFileSchema.parse({ ...bank([...goodQuestions().slice(2).map((q) => ({ ...q, id: `z${q.id}` })), twin]), slug: 'c' });
    const set = [{ file: 'a.json', bank: a }, { file: 'b.json', bank: b1 }, { file: 'c.json', bank: b2 }];
    const problems = checkBankSet(set, { banks: 3, questions: 10 });
    expect(problems.filter((p) => p.message.includes('c/q-201')).map((p) => p.message.slice(0, 38))).toEqual(['near-duplicate of c/q-201 (similarity ']);
    expect(checkBankSet(set, { banks: 3, questions: 10 }, new Set(['b/q-200 c/q-201'])).some((p) => p.message.includes('c/q-201'))).toBe(false);
    expect(checkBankSet(set).map((p) => p.message)).toContain('3 banks, need at least 15');
  });
});
