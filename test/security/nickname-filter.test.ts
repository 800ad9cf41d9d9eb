import { describe, expect, it } from 'vitest';
import { containsProfanity, nicknameKey, validateNickname } from '../../src/contests/nickname.ts';
import { skeleton, teenSpelling } from '../../src/contests/confusables.ts';
import { EXACT_PHRASES, EXACT_TOKENS, FOLDED_PHRASES, FOLDED_SUBSTRINGS, FOLDED_TOKENS } from '../../src/contests/profanity-words.ts';
import { EN_ADJECTIVES, EN_NOUNS, VI_ADJECTIVES, VI_NOUNS } from '../../src/contests/nickname-words.ts';

/** Finding 4: the bypasses the probe used, and more of the same kinds. */
describe('nickname filter bypasses', () => {
  it('refuses the probe’s names: insults, full-width, Cyrillic look-alikes, symbols, teen spelling', () => {
    for (const name of ['đồ ngu', 'thằng ngu', 'ｄｍ', 'v\u0441l', 'd!t', 'đjt', 'sh!t']) {
      expect(validateNickname(name), name).toEqual({ ok: false, code: 'PROFANITY' });
    }
  });

  it('refuses look-alikes from Cyrillic, Greek, full-width, mathematical letters, digits and symbols', () => {
    const cases = [
      '\u0441\u0441', // Cyrillic "сс"
      'fu\u0441k', // Cyrillic с
      'Ｆｕｃｋ', // full-width
      '𝐝𝐦𝐦', // mathematical bold
      'ⓓⓜ', // circled
      '\u03bfc ch\u03bf', // Greek omicron: "oc cho"
      'sh1t',
      'b!tch',
      'd|t me',
      'ph\u03c5ck', // Greek upsilon
      'vkl',
      'dkm',
      'đ.m',
      'Thang Ngu',
      'con ngu',
      'mày ngu',
      'óc lợn',
      'khốn nạn',
      'đồ điên',
      'ngu vl',
      'idiot',
      'Stupid Cat',
      'đồngu',
    ];
    for (const name of cases) expect(containsProfanity(name), name).toBe(true);
  });

  it('accepts real names and innocent words, including ones that fold close to a listed word', () => {
    const fine = [
      'Đỗ Ngữ', 'Đỗ Điền', 'Cún Tít', 'Phở Bò', 'Các Bạn', 'Lớn Lên', 'Buổi Sáng', 'Đi Học', 'Cút Con', 'Thắng', 'Nga', 'Kiệt', 'Khoa',
      'Wendy', 'Zoe', 'Jack', 'Jenny', 'Kim Anh', 'Frank', 'Class 8A', 'Peacock', 'Nigeria', 'Con Mèo', 'Mây Trắng', 'Ngư Dân', 'Ngũ Long',
      'Dũng', 'Đạt', 'Vy', 'Quân', 'Hà My', 'Huy', 'Duy', 'Đức', 'Tú', 'Phúc', 'Oanh', 'Xuân', 'Yến', 'Trâm',
    ];
    for (const name of fine) expect(containsProfanity(name), name).toBe(false);
  });

  it('never blocks a generated nickname', () => {
    for (const n of VI_NOUNS) for (const a of VI_ADJECTIVES) expect(containsProfanity(`${n} ${a}`), `${n} ${a}`).toBe(false);
    for (const a of EN_ADJECTIVES) for (const n of EN_NOUNS) expect(containsProfanity(`${a} ${n}`), `${a} ${n}`).toBe(false);
  });

  it('reads every listed word back as profane (the shipped lists are consistent)', () => {
    for (const w of [...FOLDED_TOKENS, ...FOLDED_PHRASES, ...FOLDED_SUBSTRINGS, ...EXACT_TOKENS, ...EXACT_PHRASES]) {
      expect(containsProfanity(w), w).toBe(true);
    }
  });

  it('look-alike spellings of a name share its uniqueness key (no impersonation on the projector)', () => {
    expect(nicknameKey('N\u0430m')).toBe(nicknameKey('Nam')); // Cyrillic а
    expect(nicknameKey('Ｎａｍ')).toBe(nicknameKey('Nam'));
    expect(skeleton('Nguyễn Văn Ánh')).toBe('Nguyễn Văn Ánh'); // Vietnamese letters survive
    expect(teenSpelling('dj')).toBe('di');
  });
});
