import { describe, expect, it } from 'vitest';
import { containsProfanity, generateNickname, nicknameKey, validateNickname } from '../../src/contests/nickname.ts';
import { EN_ADJECTIVES, EN_NOUNS, VI_ADJECTIVES, VI_NOUNS } from '../../src/contests/nickname-words.ts';

const code = (raw: string) => {
  const r = validateNickname(raw);
  return r.ok ? 'ok' : r.code;
};

describe('validateNickname', () => {
  it('normalises: NFC, trimmed, inner spaces squashed', () => {
    expect(validateNickname('  Mai \u00A0  Anh ')).toEqual({ ok: true, nickname: 'Mai Anh', key: 'maianh' });
    const nfd = validateNickname('Đức Phúc'.normalize('NFD'));
    expect(nfd).toEqual({ ok: true, nickname: 'Đức Phúc'.normalize('NFC'), key: 'ducphuc' });
  });

  it('counts graphemes for the 2–20 limit', () => {
    expect(code('A')).toBe('TOO_SHORT');
    expect(code('   A   ')).toBe('TOO_SHORT');
    expect(code('')).toBe('TOO_SHORT');
    expect(code('An')).toBe('ok');
    expect(code('Nguyễn Thị Hồng Nhung')).toBe('TOO_LONG'); // 21
    expect(code('Nguyễn Thị Hồng Nhu')).toBe('ok'); // 20
    expect(code('ệệệệệệệệệệệệệệệệệệệệ'.normalize('NFD'))).toBe('ok'); // 20 graphemes, 60 code points in NFD
    expect(code('🐯🐘')).toBe('ok');
  });

  it('rejects control, bidi, zero-width and markup characters', () => {
    for (const raw of ['Nam\u0007', 'Na\tm', 'Nam\n', '\u202EmaN', 'Na\u2066m', 'Na\u200Em', 'Na\u200Fm', 'Na\u200Bm', 'Na\u200Cm', 'Na\u200Dm', 'Na\u2060m', '\uFEFFNam', 'Na\u00ADm', '<b>Nam', 'Nam>', '\u3164\u3164']) {
      expect(code(raw), JSON.stringify(raw)).toBe('FORBIDDEN_CHARS');
    }
  });

  it('rejects glitch text but not Vietnamese stacked marks', () => {
    expect(code('Z\u0337\u0322\u031Balgo')).toBe('GLITCH_TEXT');
    expect(code('e\u0323\u0302m')).toBe('ok'); // ệ in NFD: two marks, NFC makes it one letter
    expect(code('x\u0323\u0302m')).toBe('ok'); // two marks on a letter without a precomposed form
    expect(code('x\u0323\u0302\u0301m')).toBe('GLITCH_TEXT');
  });

  it('requires something that survives key folding', () => {
    expect(code('!!')).toBe('NO_LETTERS');
    expect(code('. . .')).toBe('NO_LETTERS');
    expect(code(':)')).toBe('NO_LETTERS');
  });
});

describe('nicknameKey', () => {
  it('is case-, diacritic-, spacing- and punctuation-insensitive', () => {
    const keys = ['Nam Anh', 'NAM ANH', 'Nâm Ánh', 'namanh', 'Nam_Anh', 'nam.anh', 'Nam-Anh', 'N a m A n h'].map(nicknameKey);
    expect(new Set(keys)).toEqual(new Set(['namanh']));
  });
  it('reads bypass digits and symbols as letters and collapses repeats', () => {
    expect(nicknameKey('N4m')).toBe('nam');
    expect(nicknameKey('L0ng')).toBe('long');
    expect(nicknameKey('H13u')).toBe('hieu');
    expect(nicknameKey('$7@r')).toBe('star');
    expect(nicknameKey('Naaaam')).toBe('nam');
    expect(nicknameKey('Minh 2k9')).toBe('minh2k9');
  });
  it('keeps emoji', () => {
    expect(nicknameKey('🐯 Hổ')).toBe('🐯ho');
  });
});

describe('profanity', () => {
  it('lets Vietnamese names and everyday words through', () => {
    for (const name of [
      'Các bạn', 'Lớn', 'Long', 'Lon Bia', 'Đức', 'Phúc', 'Cúc', 'Dương', 'Buổi Sáng', 'Bưởi', 'Đi học', 'Dì Ba', 'Phở Bò', 'Cút lộn', 'Chích Chòe',
      'Nùng', 'Đeo Kính', 'Đèo Cả', 'Du lịch', 'Lồng Đèn', 'Cún Tít', 'CúnTít', 'Tít', 'Hồ Dịu', 'Cao Bằng', 'Đặng Lâm', 'Bé Cặp Tóc',
      'Nguyễn Văn C', 'Peacock', 'Classic', 'Scunthorpe', 'Nigeria', 'Rick Nguyen',
    ]) {
      expect(containsProfanity(name), name).toBe(false);
      expect(code(name), name).toBe('ok');
    }
  });

  it('catches Vietnamese obscenities with and without diacritics and bypass spellings', () => {
    for (const bad of [
      'Lồn', 'LỒN', 'Lồnnn', 'l.ồ.n', 'Cặc', 'Buồi', 'Đụ', 'Đéo', 'Đĩ', 'Nứng', 'Chịch', 'Phò', 'Cứt',
      'Địt', 'dit', 'd1t', 'đ.m', 'Đ M', 'dm', 'DMM', 'dmmmm', 'vcl', 'v c l', 'VL', 'cc', 'dcm', 'đkm', 'clm', 'loz',
      'Đụ má', 'du ma', 'duma', 'Địt mẹ', 'Chó Chết', 'cho_chet', 'Óc Chó', 'Thằng Đĩ', 'Nam dm',
    ]) {
      expect(containsProfanity(bad), bad).toBe(true);
      expect(code(bad), bad).toBe('PROFANITY');
    }
  });

  it('catches English obscenities and their bypass spellings', () => {
    for (const bad of ['fuck', 'FUCK YOU', 'fuuuck', 'f.u.c.k', 'f u c k', 'Fuckboy', 'sh1t', 'b1tch', 'a$$', 'Ass', 'motherfucker', 'bullshit', 'Sexy Boy', 'nigga', 'wh0re']) {
      expect(containsProfanity(bad), bad).toBe(true);
    }
  });
});

describe('generateNickname', () => {
  const sequence = (...values: number[]) => {
    let i = 0;
    return () => values[i++ % values.length] ?? 0;
  };

  it('puts the noun first in Vietnamese and the adjective first in English', () => {
    expect(generateNickname(sequence(0, 0), 'vi')).toBe('Voi Dũng Cảm');
    expect(generateNickname(sequence(0, 0), 'en')).toBe('Brave Elephant');
    expect(generateNickname(sequence(0.9999, 0.9999), 'vi')).toBe(`${VI_NOUNS.at(-1)} ${VI_ADJECTIVES.at(-1)}`);
  });

  it('stays in range even if the generator returns 1', () => {
    expect(generateNickname(() => 1, 'en')).toBe(`${EN_ADJECTIVES.at(-1)} ${EN_NOUNS.at(-1)}`);
  });

  it('every combination passes validation', () => {
    for (const noun of VI_NOUNS) for (const adjective of VI_ADJECTIVES) expect(code(`${noun} ${adjective}`), `${noun} ${adjective}`).toBe('ok');
    for (const adjective of EN_ADJECTIVES) for (const noun of EN_NOUNS) expect(code(`${adjective} ${noun}`), `${adjective} ${noun}`).toBe('ok');
  });
});
