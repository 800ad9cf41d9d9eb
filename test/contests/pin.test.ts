import { describe, expect, it } from 'vitest';
import { generatePin, isPinFormat, normalizePin } from '../../src/contests/pin.ts';

/** A fake randomInt that replays values and records the bounds it was asked for. */
function replay(values: number[]) {
  const asked: number[] = [];
  let i = 0;
  const fn = (max: number) => {
    asked.push(max);
    return values[i++ % values.length] ?? 0;
  };
  return { fn, asked };
}

describe('generatePin', () => {
  it('draws a non-zero first digit, then plain digits', () => {
    const r = replay([0, 0, 1, 2, 3, 9]);
    expect(generatePin(r.fn)).toBe('101239');
    expect(r.asked).toEqual([9, 10, 10, 10, 10, 10]);
  });

  it('supports longer PINs and never starts with 0', () => {
    expect(generatePin(replay([8, 9, 9, 9, 9, 9, 9, 9]).fn, 8)).toBe('99999999');
    expect(generatePin(() => 0, 7)).toBe('1000000');
  });

  it('refuses lengths outside 6–12 and a misbehaving source', () => {
    expect(() => generatePin(() => 0, 5)).toThrow(RangeError);
    expect(() => generatePin(() => 0, 13)).toThrow(RangeError);
    expect(() => generatePin(() => 0, 6.5)).toThrow(RangeError);
    expect(() => generatePin(() => 10)).toThrow(RangeError);
    expect(() => generatePin(() => -1)).toThrow(RangeError);
    expect(() => generatePin(() => 0.5)).toThrow(RangeError);
  });

  it('works with crypto.randomInt', async () => {
    const { randomInt } = await import('node:crypto');
    for (let i = 0; i < 50; i++) expect(isPinFormat(generatePin(randomInt, 7), 7)).toBe(true);
  });
});

describe('isPinFormat / normalizePin', () => {
  it('accepts 6–12 digits without a leading zero', () => {
    expect(isPinFormat('123456')).toBe(true);
    expect(isPinFormat('123456789012')).toBe(true);
    expect(isPinFormat('12345')).toBe(false);
    expect(isPinFormat('1234567890123')).toBe(false);
    expect(isPinFormat('012345')).toBe(false);
    expect(isPinFormat('12345a')).toBe(false);
    expect(isPinFormat(' 123456')).toBe(false);
    expect(isPinFormat('１２３４５６')).toBe(false);
  });
  it('checks an exact length when given', () => {
    expect(isPinFormat('1234567', 7)).toBe(true);
    expect(isPinFormat('123456', 7)).toBe(false);
  });
  it('drops spaces and dashes players type', () => {
    expect(normalizePin(' 123 456 ')).toBe('123456');
    expect(normalizePin('123-4567')).toBe('1234567');
  });
});
