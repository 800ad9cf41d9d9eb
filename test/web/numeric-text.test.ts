import { describe, expect, it } from 'vitest';
import { describeNumber, formatDecimal, parseDecimal } from '../../src/web/client/numeric-text.ts';

describe('numbers as players type them', () => {
  it.each([
    ['3,14', 3.14],
    ['3.14', 3.14],
    [' -2 ', -2],
    ['−5', -5],
    ['1.000.000', 1000000],
    ['1,000,000', 1000000],
    ['1.234,5', 1234.5],
    ['1,234.5', 1234.5],
    ['1 234,5', 1234.5],
    ['.5', 0.5],
    ['1e3', 1000],
    ['1822', 1822],
    ['0', 0],
  ])('reads %s as %s', (text, value) => expect(parseDecimal(text)).toBe(value));

  it.each(['', 'ba', '3,14,15', '1.2.3', '--1', '1e', ',', '1e13', 'Infinity', '0x10'])('refuses %j', (text) => expect(parseDecimal(text)).toBeNull());

  it('writes numbers the reader\u2019s way', () => {
    expect(formatDecimal(3.14, 'vi')).toBe('3,14');
    expect(formatDecimal(3.14, 'en')).toBe('3.14');
    expect(describeNumber({ value: 3.14, tolerance: 0.005 }, 'vi', (a, b) => `${a}–${b}`)).toBe('3,14 ± 0,005');
    expect(describeNumber({ min: 1, max: 5 }, 'en', (a, b) => `${a} to ${b}`)).toBe('1 to 5');
    expect(describeNumber({ value: 7, tolerance: 0 }, 'en', () => '')).toBe('7');
  });
});
