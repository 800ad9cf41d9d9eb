/**
 * Game PINs. The shell passes `crypto.randomInt` (a cryptographic source, so
 * PINs cannot be predicted from earlier ones) and retries on a collision with an
 * open contest.
 */

export const PIN_MIN_DIGITS = 6;
export const PIN_MAX_DIGITS = 12;

/**
 * A PIN of `digits` decimal digits as a string. The first digit is never 0, so a
 * PIN survives being typed into a numeric field or a spreadsheet unchanged
 * (9 × 10⁵ six-digit PINs). `randomInt(max)` must return an integer in [0, max).
 */
export function generatePin(randomInt: (max: number) => number, digits = PIN_MIN_DIGITS): string {
  if (!Number.isInteger(digits) || digits < PIN_MIN_DIGITS || digits > PIN_MAX_DIGITS) {
    throw new RangeError(`PIN length must be ${PIN_MIN_DIGITS}–${PIN_MAX_DIGITS} digits`);
  }
  let pin = String(1 + checked(randomInt(9), 9));
  for (let i = 1; i < digits; i++) pin += String(checked(randomInt(10), 10));
  return pin;
}

function checked(n: number, max: number): number {
  if (!Number.isInteger(n) || n < 0 || n >= max) throw new RangeError(`randomInt(${max}) returned ${n}`);
  return n;
}

/** Whether `input` looks like a PIN we could have issued (of exactly `digits` digits when given). */
export function isPinFormat(input: string, digits?: number): boolean {
  if (!/^[1-9][0-9]*$/.test(input)) return false;
  return digits === undefined ? input.length >= PIN_MIN_DIGITS && input.length <= PIN_MAX_DIGITS : input.length === digits;
}

/** What a player typed, tidied: spaces and dashes dropped ("123 456", "123-456"). Check the result with `isPinFormat`. */
export function normalizePin(input: string): string {
  return input.replace(/[\s-]/g, '');
}
