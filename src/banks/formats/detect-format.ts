/**
 * What a file really is, judged from its first bytes, so a Moodle XML export
 * pasted into the GIFT importer is named for what it is instead of failing on
 * its first "=" ("unescaped '=' outside the braces").
 */

export type DetectedKind = 'moodle-xml' | 'xml' | 'json' | 'zip' | 'html';

const NAMES: Record<DetectedKind, string> = {
  'moodle-xml': 'Moodle XML',
  xml: 'XML',
  json: 'JSON',
  zip: 'a zip archive (an .xlsx or .docx file)',
  html: 'an HTML page',
};

/** The kind of a file from its content, when it is one a text format would misread. */
export function detectKind(text: string): DetectedKind | undefined {
  const head = text.replace(/^\uFEFF/, '').trimStart().slice(0, 2000);
  if (head.startsWith('PK\u0003\u0004')) return 'zip';
  if (/^<\?xml[^>]*\?>\s*(?:<!--[\s\S]*?-->\s*)*<quiz[\s>]/i.test(head) || /^<quiz[\s>]/i.test(head)) return 'moodle-xml';
  if (/^<\?xml/i.test(head)) return 'xml';
  if (/^<(?:!doctype html|html)[\s>]/i.test(head)) return 'html';
  if (/^[[{]/.test(head)) {
    try {
      JSON.parse(text.replace(/^\uFEFF/, ''));
      return 'json';
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The format name to import a detected kind with, if civiq has one. */
const FORMAT_FOR: Partial<Record<DetectedKind, string>> = { 'moodle-xml': 'moodle-xml', json: 'json' };

/**
 * Why a text format refuses the file, or undefined when it is plausibly that
 * format. `format` is the one the caller asked for.
 */
export function wrongFormatReason(format: string, text: string): string | undefined {
  const kind = detectKind(text);
  if (!kind || FORMAT_FOR[kind] === format) return undefined;
  const use = FORMAT_FOR[kind] ? `: import it with format=${FORMAT_FOR[kind]}` : kind === 'zip' ? ': import it with format=xlsx or format=docx' : '';
  return `this file is ${NAMES[kind]}, not ${format.toUpperCase()}${use}`;
}
