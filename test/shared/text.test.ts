import { describe, expect, it } from 'vitest';
import { fold, graphemeLength, nfc, slugify, stripDiacritics } from '../../src/shared/text.ts';

describe('text helpers', () => {
  it('folds Vietnamese to a diacritic-free, case-free key', () => {
    expect(fold('  Mật   KHẨU ')).toBe('mat khau');
    expect(fold('Đắk Lắk')).toBe(fold('dak lak'));
  });
  it('normalises NFD input and typographic apostrophes', () => {
    const nfd = 'Cư M\u2019gar'.normalize('NFD');
    expect(nfc(nfd)).toBe("Cư M'gar");
    expect(nfc(nfd)).toBe(nfc(nfd).normalize('NFC'));
  });
  it('strips đ as well as combining marks', () => {
    expect(stripDiacritics('Đường đi')).toBe('Duong di');
  });
  it('counts graphemes, not code units', () => {
    expect(graphemeLength('Lắk')).toBe(3);
    expect(graphemeLength('L\u0061\u0306\u0301k')).toBe(3);
    expect(graphemeLength('👩‍👩‍👧')).toBe(1);
  });
  it('makes ASCII slugs', () => {
    expect(slugify("Cư M'gar")).toBe('cu-mgar');
    expect(slugify('Krông Pắc')).toBe('krong-pac');
  });
});
