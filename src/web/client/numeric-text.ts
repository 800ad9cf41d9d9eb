/**
 * Numbers as people type and read them. A Vietnamese keyboard writes 3,14 and
 * groups thousands with "." or spaces; an English one writes 3.14 and groups with
 * ",". The rule that reads both: spaces go; with both marks present the last one
 * is the decimal mark; a lone mark is decimal unless it is followed by exactly
 * three digits more than once (1.000.000).
 */

/** The number in a typed text, or null when it is not one. */
export function parseDecimal(input: string): number | null {
  let s = input.trim().replace(/[\s\u00a0\u202f]/g, '').replace(/^\u2212/, '-');
  if (!/^[+-]?[\d.,]+(?:e[+-]?\d+)?$/i.test(s) || !/\d/.test(s)) return null;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const group = decimal === '.' ? ',' : '.';
    s = s.split(group).join('').replace(decimal, '.');
  } else {
    const mark = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : '';
    if (mark) {
      const parts = s.split(mark);
      const grouped = parts.length > 2 && parts.slice(1).every((p) => /^\d{3}$/.test(p.replace(/e.*$/i, '')));
      s = grouped ? parts.join('') : parts.length === 2 ? parts.join('.') : '';
    }
  }
  if (s === '' || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) && Math.abs(n) <= 1e12 ? n : null;
}

/** A number for display in `lang` (3,14 in Vietnamese), with up to 6 decimals. */
export function formatDecimal(n: number, lang: 'vi' | 'en'): string {
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 6 }).format(n);
}

/** An accepted numerical answer in words: "3,14 ± 0,01" or "1 to 5". */
export function describeNumber(a: { value: number; tolerance: number } | { min: number; max: number }, lang: 'vi' | 'en', rangeText: (min: string, max: string) => string): string {
  if ('min' in a) return rangeText(formatDecimal(a.min, lang), formatDecimal(a.max, lang));
  return a.tolerance ? `${formatDecimal(a.value, lang)} ± ${formatDecimal(a.tolerance, lang)}` : formatDecimal(a.value, lang);
}
