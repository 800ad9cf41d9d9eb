import { describe, expect, it } from 'vitest';
import { keyTarget, move } from '../../src/web/client/reorder.ts';
import { isFiltered, matches, NO_FILTER } from '../../src/web/client/question-filters.ts';
import { describeField, diffMeta, diffVersions } from '../../src/web/client/version-diff.ts';

describe('reordering', () => {
  it('moves one item and keeps the rest in order', () => {
    expect(move(['a', 'b', 'c', 'd'], 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(move(['a', 'b', 'c', 'd'], 3, 0)).toEqual(['d', 'a', 'b', 'c']);
    expect(move(['a', 'b', 'c'], 0, 9)).toEqual(['b', 'c', 'a']); // clamped to the end
    expect(move(['a', 'b'], 5, 0)).toEqual(['a', 'b']);
  });

  it('maps Alt+arrows and Home/End to a target, nothing at the edges', () => {
    expect(keyTarget('ArrowUp', 2, 5)).toBe(1);
    expect(keyTarget('ArrowDown', 2, 5)).toBe(3);
    expect(keyTarget('ArrowUp', 0, 5)).toBeNull();
    expect(keyTarget('ArrowDown', 4, 5)).toBeNull();
    expect(keyTarget('Home', 3, 5)).toBe(0);
    expect(keyTarget('End', 3, 5)).toBe(4);
    expect(keyTarget('x', 3, 5)).toBeNull();
  });
});

describe('filtering draft questions', () => {
  const q = { id: 'pw-1', type: 'single_choice', prompt: { vi: 'Mật khẩu nào mạnh?', en: 'Which password is strong?' }, competences: ['4.2'], gradeBands: ['TC1'], difficulty: 2, tags: ['ôn tập'], options: [{ text: { vi: 'Ngày sinh', en: 'Birthday' } }] };

  it('finds text without diacritics, in either language, options included', () => {
    expect(matches(q, { ...NO_FILTER, q: 'mat khau' })).toBe(true);
    expect(matches(q, { ...NO_FILTER, q: 'PASSWORD strong' })).toBe(true);
    expect(matches(q, { ...NO_FILTER, q: 'ngay sinh' })).toBe(true);
    expect(matches(q, { ...NO_FILTER, q: 'otp' })).toBe(false);
  });

  it('filters by type, competence (a domain includes its components), difficulty, grade band and tag', () => {
    expect(matches(q, { ...NO_FILTER, competence: '4' })).toBe(true);
    expect(matches(q, { ...NO_FILTER, competence: '4.2' })).toBe(true);
    expect(matches(q, { ...NO_FILTER, competence: '4.1' })).toBe(false);
    expect(matches(q, { ...NO_FILTER, type: 'true_false' })).toBe(false);
    expect(matches(q, { ...NO_FILTER, difficulty: '2', gradeBand: 'TC1', tag: 'ôn tập' })).toBe(true);
    expect(matches(q, { ...NO_FILTER, gradeBand: 'NC1' })).toBe(false);
    expect(isFiltered(NO_FILTER)).toBe(false);
    expect(isFiltered({ ...NO_FILTER, tag: 'x' })).toBe(true);
  });
});

describe('the readable version diff', () => {
  const opt = (id: string, vi: string) => ({ id, text: { vi, en: '' } });
  const v1 = [
    { id: 'a', type: 'single_choice', prompt: { vi: 'Câu A', en: 'Q A' }, options: [opt('a', 'Một'), opt('b', 'Hai')], answer: 'a', difficulty: 1 },
    { id: 'b', type: 'true_false', prompt: { vi: 'Câu B', en: '' }, answer: true },
    { id: 'c', type: 'short_answer', prompt: { vi: 'Câu C', en: '' }, answer: ['x'] },
  ];
  const v2 = [
    { id: 'b', type: 'true_false', prompt: { vi: 'Câu B', en: '' }, answer: false },
    { id: 'a', type: 'single_choice', prompt: { vi: 'Câu A sửa', en: 'Q A' }, options: [opt('a', 'Một'), opt('b', 'Hai')], answer: 'b', difficulty: 1 },
    { id: 'd', type: 'true_false', prompt: { vi: 'Câu D', en: '' }, answer: true },
  ];

  it('lists added, removed and changed questions with before and after in words', () => {
    const d = diffVersions(v1, v2, 'vi');
    expect(d.added).toEqual([{ id: 'd', prompt: 'Câu D' }]);
    expect(d.removed).toEqual([{ id: 'c', prompt: 'Câu C' }]);
    expect(d.changed.map((c) => c.id)).toEqual(['b', 'a']);
    const a = d.changed.find((c) => c.id === 'a')!;
    expect(a.fields).toEqual([
      { field: 'answer', before: '1. Một', after: '2. Hai' },
      { field: 'prompt', before: 'Câu A / Q A', after: 'Câu A sửa / Q A' },
    ]);
    expect(d.changed.find((c) => c.id === 'b')!.fields).toEqual([{ field: 'answer', before: 'Đúng', after: 'Sai' }]);
    expect(d.moved).toBe(2);
  });

  it('is empty between identical versions', () => {
    expect(diffVersions(v1, v1, 'en')).toEqual({ added: [], removed: [], changed: [], moved: 0 });
  });

  it('lists bank-level changes (title, visibility…) but not the slug', () => {
    const a = { slug: 'x', title: { vi: 'Cũ', en: 'Old' }, visibility: 'private', tags: [] };
    const b = { slug: 'y', title: { vi: 'Mới', en: 'Old' }, visibility: 'public', tags: [] };
    expect(diffMeta(a, b, 'vi')).toEqual([
      { field: 'title', before: 'Cũ / Old', after: 'Mới / Old' },
      { field: 'visibility', before: 'private', after: 'public' },
    ]);
    expect(diffMeta(a, a, 'vi')).toEqual([]);
  });

  it('spells fields out for a teacher', () => {
    expect(describeField({ type: 'true_false', answer: true }, 'answer', 'en')).toBe('True');
    expect(describeField({ type: 'short_answer', answer: ['a', 'b'] }, 'answer', 'vi')).toBe('a | b');
    expect(describeField({ competences: [] }, 'competences', 'vi')).toBe('—');
    expect(describeField({}, 'explanation', 'vi')).toBe('—');
    expect(describeField({ options: [opt('a', 'Một')] }, 'options', 'vi')).toBe('1. Một');
  });
});
