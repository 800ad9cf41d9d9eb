import { describe, expect, it } from 'vitest';
import { cosine, findNearDuplicates, pairKey, parseReviewedPairs, questionFingerprint, terms, tfidfVectors } from '../../src/banks/near-duplicates.ts';
import { QuestionSchema } from '../../src/banks/question-schema.ts';

const filler = [
  'Em nên làm gì khi quên mang sách giáo khoa đến lớp?',
  'Máy tính của lớp không vào được mạng, em kiểm tra gì trước?',
  'Vì sao nên tắt màn hình một giờ trước khi ngủ?',
  'Giấy phép CC BY cho phép làm gì với bức ảnh?',
  'Một bài báo không có tên tác giả và ngày đăng thì sao?',
  'Mật khẩu gồm ba từ ngẫu nhiên có dễ nhớ không?',
].map((text, i) => ({ key: `filler/${i}`, text }));

describe('near-duplicate terms and similarity', () => {
  it('folds diacritics, case and punctuation, and adds word pairs', () => {
    expect(terms('Mật KHẨU, mạnh!')).toEqual(['mat', 'khau', 'manh', 'mat_khau', 'khau_manh']);
    expect(terms('mat khau manh')).toEqual(terms('Mật khẩu mạnh'));
  });

  it('scores identical texts 1 and texts with no shared term 0', () => {
    const v = tfidfVectors([
      { key: 'a', text: 'chuyển tiền cho người lạ' },
      { key: 'b', text: 'Chuyển tiền cho người lạ!' },
      { key: 'c', text: 'sao lưu ảnh vào ổ cứng' },
    ]);
    expect(cosine(v[0]!, v[1]!)).toBeCloseTo(1, 6);
    expect(cosine(v[0]!, v[2]!)).toBe(0);
  });

  it('flags the same scenario retold with other names, and not unrelated items', () => {
    const found = findNearDuplicates([
      ...filler,
      { key: 'x/1', text: 'Lan chụp được ảnh Mai ngủ gật trong giờ ra chơi và muốn đăng lên nhóm lớp. Lan nên làm gì? Hỏi Mai trước, Mai đồng ý mới đăng' },
      { key: 'y/2', text: 'An chụp được ảnh Tuấn ngủ gật trong giờ ra chơi và muốn đăng lên nhóm lớp. An nên làm gì? Hỏi Tuấn trước, Tuấn đồng ý mới đăng' },
    ]);
    expect(found.map((d) => pairKey(d.a, d.b))).toEqual([pairKey('x/1', 'y/2')]);
    expect(found[0]!.score).toBeGreaterThan(0.3);
  });

  it('skips pairs recorded as reviewed, in either order', () => {
    const items = [...filler, { key: 'x/1', text: 'ảnh ngủ gật giờ ra chơi hỏi bạn trước khi đăng' }, { key: 'y/2', text: 'ảnh ngủ gật giờ ra chơi hỏi bạn trước khi đăng nhóm lớp' }];
    expect(findNearDuplicates(items)).toHaveLength(1);
    expect(findNearDuplicates(items, { reviewed: parseReviewedPairs('# comment\n\ny/2 x/1   # same photo, other fact\n') })).toEqual([]);
  });

  it('parses reviewed pairs, ignoring comments and blank lines', () => {
    expect([...parseReviewedPairs('a/1 b/2 # why\n  # only a comment\n\nc/3 a/1\n')].sort()).toEqual(['a/1 b/2', 'a/1 c/3']);
  });

  it('fingerprints a question by its prompt and what its key says', () => {
    const sc = QuestionSchema.parse({
      type: 'single_choice',
      prompt: { vi: 'Câu hỏi', en: 'Question' },
      options: [
        { id: 'a', text: { vi: 'Sai', en: 'Wrong' } },
        { id: 'b', text: { vi: 'Đúng', en: 'Right' } },
      ],
      answer: 'b',
    });
    expect(questionFingerprint(sc)).toBe('Câu hỏi Đúng');
    const sa = QuestionSchema.parse({ type: 'short_answer', prompt: { vi: 'Số?', en: 'Number?' }, answer: ['156', '5656'] });
    expect(questionFingerprint(sa)).toBe('Số? 156 5656');
  });
});
