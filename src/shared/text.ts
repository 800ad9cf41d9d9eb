/**
 * Unicode helpers used everywhere text is stored, compared or searched.
 *
 * Vietnamese text arrives in NFC and NFD forms (macOS, some keyboards) and
 * with typographic apostrophes; users type without diacritics on phones.
 * Everything stored goes through `nfc`; everything matched goes through `fold`.
 */

/** Normalise to NFC: the one form text is stored in. */
export function nfc(input: string): string {
  return input.normalize('NFC');
}

/**
 * Unify the apostrophes Vietnamese place names are written with (’ ʼ ‘ ´ `) to '.
 * For matching only: stored text keeps what the author wrote (a backtick may be Markdown code).
 */
export function unifyApostrophes(input: string): string {
  return input.replace(/[\u2018\u2019\u02BC\u02B9\u0060\u00B4]/g, "'");
}

/** Collapse runs of whitespace to one space and trim. */
export function squashSpaces(input: string): string {
  return input.replace(/\s+/gu, ' ').trim();
}

/**
 * Remove Vietnamese (and other Latin) diacritics: "Mật khẩu Đắk Lắk" -> "Mat khau Dak Lak".
 * đ/Đ are separate letters, not a base letter plus a mark, so they are mapped explicitly.
 */
export function stripDiacritics(input: string): string {
  return input
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

/** The matching key: NFC, one apostrophe, lower case, no diacritics, single spaces. */
export function fold(input: string): string {
  return squashSpaces(stripDiacritics(unifyApostrophes(nfc(input))).toLocaleLowerCase('vi'));
}

/** Count user-perceived characters (grapheme clusters), not UTF-16 units. */
export function graphemeLength(input: string): number {
  let n = 0;
  for (const _ of new Intl.Segmenter('vi', { granularity: 'grapheme' }).segment(input)) n++;
  return n;
}

/** ASCII, URL-safe slug: "Krông Pắc" -> "krong-pac". */
export function slugify(input: string): string {
  return fold(input)
    .replace(/'/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
