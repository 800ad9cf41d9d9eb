import { FORMATS } from './format-registry.ts';

/**
 * What the browser and the HTTP layer need to know about each file format, for
 * the import and export pages: derived from the one registry (format-registry.ts,
 * data only), so a new format appears on the pages with no second list. No zod,
 * no parsers: the import page's bundle imports this module.
 */

export interface FormatDescription {
  id: string;
  label: string;
  /** Lower-case, with the dot; the first is the one exports are named with. */
  extensions: string[];
  mediaType: string;
  binary: boolean;
  imports: boolean;
  exports: boolean;
  /** The format holds one language (the page asks which). */
  oneLanguage: boolean;
}

export function describeFormat(id: string, lang: 'vi' | 'en' = 'vi'): FormatDescription {
  const f = FORMATS.find((x) => x.name === id);
  if (!f) return { id, label: id.toUpperCase(), extensions: [`.${id}`], mediaType: 'application/octet-stream', binary: true, imports: false, exports: false, oneLanguage: false };
  return { id, label: f.label[lang], extensions: [...f.extensions], mediaType: f.contentTypes[0] ?? 'application/octet-stream', binary: f.binary, imports: f.import, exports: f.export, oneLanguage: f.languages === 'one' };
}

/** Every format civiq has, described in the page language: the import and export pages get exactly this list. */
export function formatCatalogue(lang: 'vi' | 'en' = 'vi'): FormatDescription[] {
  return FORMATS.map((f) => describeFormat(f.name, lang));
}

export interface Detection {
  format: string | null;
  /** How it was decided: by what the file holds, by its name, or not at all. */
  by: 'content' | 'name' | null;
}

const extensionOf = (name: string): string => {
  const i = name.lastIndexOf('.');
  return i < 0 ? '' : name.slice(i).toLowerCase();
};

/** The format the first bytes of a text file look like, among `candidates`; null when unsure. */
export function sniffText(text: string, candidates: ReadonlySet<string>): string | null {
  const head = text.replace(/^\uFEFF/, '').slice(0, 20_000);
  const start = head.trimStart();
  if (candidates.has('moodle-xml') && /^(<\?xml|<quiz[\s>])/i.test(start)) return 'moodle-xml';
  if (candidates.has('json') && (start.startsWith('{') || start.startsWith('['))) {
    if (/^\{\s*"|^\[\s*[{\]]/.test(start)) return 'json';
  }
  const lines = head.split(/\r\n?|\n/);
  // Aiken: "A. option" lines and an "ANSWER: B" line, and no GIFT braces.
  if (candidates.has('aiken') && lines.some((l) => /^ANSWER:\s*[A-Z]\s*$/i.test(l.trim())) && lines.some((l) => /^[A-Z][.)]\s+\S/.test(l.trim())) && !/\{[^}]*[=~][^}]*\}/.test(head)) return 'aiken';
  // GIFT: answers in braces ({=right ~wrong}, {T}, {F}, {#…}) or "::title::".
  if (candidates.has('gift') && (/\{\s*(?:[=~]|T\s*\}|F\s*\}|TRUE|FALSE|#)/i.test(head) || /^\s*::[^:]+::/m.test(head))) return 'gift';
  // CSV: a header line with separators and several more lines alike.
  if (candidates.has('csv')) {
    const first = lines.find((l) => l.trim() !== '' && !l.startsWith('#')) ?? '';
    const sep = [',', ';', '\t'].find((s) => first.split(s).length >= 3);
    if (sep) return 'csv';
  }
  return null;
}

/**
 * Decide a file's format from its name and content: binary files (ZIP-based
 * xlsx/docx) by name, text files by what they hold, then by name. `text` is the
 * start of the file decoded as UTF-8 (or '' for binary files).
 */
export function detectFormat(catalogue: readonly FormatDescription[], fileName: string, head: { text: string; zip: boolean }): Detection {
  const ids = new Set(catalogue.filter((f) => f.imports).map((f) => f.id));
  const ext = extensionOf(fileName);
  const byName = catalogue.filter((f) => f.imports && f.extensions.includes(ext));
  if (head.zip) {
    const binary = byName.find((f) => f.binary);
    return binary ? { format: binary.id, by: 'name' } : { format: null, by: null };
  }
  const sniffed = sniffText(head.text, ids);
  if (sniffed) return { format: sniffed, by: 'content' };
  const text = byName.find((f) => !f.binary);
  return text ? { format: text.id, by: 'name' } : { format: null, by: null };
}

/** ZIP files (xlsx, docx) begin with "PK\x03\x04". */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}
