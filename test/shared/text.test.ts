import { describe, expect, it } from 'vitest';
import { fold, graphemeLength, nfc, slugify, stripDiacritics, unifyApostrophes } from '../../src/shared/text.ts';

describe('text helpers', () => {
  it('folds Vietnamese to a diacritic-free, case-free key', () => {
    expect(fold('  Mật   KHẨU ')).toBe('mat khau');
    expect(fold('Đắk Lắk')).toBe(fold('dak lak'));
  });
  it('normalises NFD input to NFC and keeps what the author wrote', () => {
    const nfd = 'Cư M\u2019gar'.normalize('NFD');
    expect(nfc(nfd)).toBe('Cư M\u2019gar');
    expect(nfc('dùng `code` ở đây')).toBe('dùng `code` ở đây');
  });
  it('matches typographic and straight apostrophes alike', () => {
    expect(fold('Cư M\u2019gar'.normalize('NFD'))).toBe(fold("Cu M'gar"));
    expect(unifyApostrophes('M\u2019Đrắk')).toBe("M'Đrắk");
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
