/**
 * GIFT's character-level rules: backslash escapes, and the optional text-format
 * prefix (`[html]` …) Moodle allows at the start of any text. Scanning helpers skip
 * an escape pair as one unit, so `\{` is never taken for an answer brace.
 */

const SPECIAL = new Set(['\\', '~', '=', '#', '{', '}', ':']);

/** `[moodle]`, `[html]`, `[plain]` or `[markdown]` at the start of a text. */
const FORMAT_PREFIX = /^\[(?:moodle|html|plain|markdown)\]/i;

/** Index of the first unescaped `needle` (one or more characters) at or after `from`, or -1. */
export function findUnescaped(text: string, needle: string, from = 0): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text.startsWith(needle, i)) return i;
  }
  return -1;
}

/** Split on every unescaped `sep`. */
export function splitUnescaped(text: string, sep: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = findUnescaped(text, sep); i >= 0; i = findUnescaped(text, sep, start)) {
    parts.push(text.slice(start, i));
    start = i + sep.length;
  }
  parts.push(text.slice(start));
  return parts;
}

/** Resolve escapes: `\~ \= \# \{ \} \: \\` give the character, `\n` a newline; any other backslash stays. */
export function unescapeGift(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    const next = raw[i + 1];
    if (c === '\\' && next !== undefined && (SPECIAL.has(next) || next === 'n')) {
      out += next === 'n' ? '\n' : next;
      i++;
    } else out += c;
  }
  return out;
}

/** Escape every GIFT special character and write newlines as `\n`, so a text stays on one line. */
export function escapeGift(text: string): string {
  let out = '';
  for (const c of text.replace(/\r\n?/g, '\n')) out += c === '\n' ? '\\n' : SPECIAL.has(c) ? `\\${c}` : c;
  return out;
}

/** Remove one leading text-format prefix; the format itself is not kept (civiq stores plain text). */
export function stripFormatPrefix(raw: string): string {
  const trimmed = raw.trimStart();
  const m = FORMAT_PREFIX.exec(trimmed);
  return m ? trimmed.slice(m[0].length) : raw;
}

/** A GIFT text piece (prompt, option, feedback) as civiq stores it: no format prefix, unescaped, trimmed. */
export function cleanText(raw: string): string {
  return unescapeGift(stripFormatPrefix(raw)).trim();
}

/**
 * Escape a text for export. A text that itself starts with something the importer
 * would take as markup (a format prefix, a `%weight%`, or `//` at the start of a line)
 * is protected with `[moodle]`, the default format, which Moodle and civiq strip.
 */
export function escapeGiftText(text: string, opts: { guardPercent?: boolean; guardComment?: boolean } = {}): string {
  const needsGuard =
    FORMAT_PREFIX.test(text) || (opts.guardPercent === true && text.startsWith('%')) || (opts.guardComment === true && text.startsWith('//'));
  return (needsGuard ? '[moodle]' : '') + escapeGift(text);
}

/** How a GIFT text piece is written: Moodle's `[html]` prefix, or plain (`[moodle]`, `[plain]`, `[markdown]`, none). */
export type GiftTextFormat = 'html' | 'plain';

/** The format a text's own prefix sets, or undefined when it has none. */
export function formatPrefixOf(raw: string): GiftTextFormat | undefined {
  const m = FORMAT_PREFIX.exec(raw.trimStart());
  if (!m) return undefined;
  return m[0].toLowerCase() === '[html]' ? 'html' : 'plain';
}
