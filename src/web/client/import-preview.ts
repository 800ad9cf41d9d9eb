import { detectFormat, isZip, type Detection, type FormatDescription } from '../../banks/formats/format-files.ts';

/**
 * The import page's state, as pure functions: which format a chosen file is,
 * what the request looks like, and what the server's dry run says would happen.
 * Nothing here touches the DOM or the network.
 */

export interface ChosenFile {
  name: string;
  bytes: Uint8Array;
}

export interface ImportSettings {
  format: string | null;
  mode: 'lenient' | 'strict';
  lang: 'vi' | 'en';
  onConflict: 'skip' | 'replace';
}

/** The first part of a file as text (for detection), or zip when it is a ZIP container (xlsx, docx). */
export function headOf(bytes: Uint8Array): { text: string; zip: boolean } {
  if (isZip(bytes)) return { text: '', zip: true };
  return { text: new TextDecoder('utf-8').decode(bytes.subarray(0, 64 * 1024)), zip: false };
}

export function detect(catalogue: readonly FormatDescription[], file: ChosenFile): Detection {
  return detectFormat(catalogue, file.name, headOf(file.bytes));
}

/** The formats a teacher may pick on the import page: every importable one of the registry. */
export const importable = (catalogue: readonly FormatDescription[]) => catalogue.filter((f) => f.imports);
export const exportable = (catalogue: readonly FormatDescription[]) => catalogue.filter((f) => f.exports);

export function importUrl(slug: string, s: ImportSettings, dryRun: boolean): string {
  const q = new URLSearchParams({ format: s.format ?? '', mode: s.mode, lang: s.lang, onConflict: s.onConflict });
  if (dryRun) q.set('dryRun', 'true');
  return `/api/banks/${encodeURIComponent(slug)}/import?${q.toString()}`;
}

/**
 * The content type a file is sent with: binary formats as octet-stream, CSV as
 * text/csv, every other text format (JSON and XML included) as text/plain, so the
 * format's own parser reads it and reports a broken file with its line rather
 * than the HTTP layer refusing it as malformed JSON.
 */
export function contentTypeFor(catalogue: readonly FormatDescription[], format: string): string {
  const f = catalogue.find((x) => x.id === format);
  if (!f || f.binary) return 'application/octet-stream';
  return f.mediaType === 'text/csv' ? 'text/csv' : 'text/plain';
}

export interface DryRunResult {
  imported: number;
  replaced: number;
  skipped: Array<{ line: number; reason: string }>;
  wouldFail?: boolean;
  questions?: Array<{ line: number; id: string; type: string; prompt: { vi: string; en: string }; action: 'insert' | 'replace' }>;
}

export interface Preview {
  /** The import button is offered: something would be stored and strict mode would not refuse. */
  canImport: boolean;
  total: number;
  inserts: number;
  replaces: number;
  skipped: Array<{ line: number; reason: string }>;
  rows: Array<{ line: number; id: string; type: string; prompt: string; action: 'insert' | 'replace' }>;
  /** Why nothing can be imported, as a message key. */
  blockedBy: 'strict' | 'nothing' | null;
}

export function previewOf(r: DryRunResult, lang: 'vi' | 'en'): Preview {
  const rows = (r.questions ?? []).map((q) => ({ line: q.line, id: q.id, type: q.type, prompt: (lang === 'en' ? q.prompt.en || q.prompt.vi : q.prompt.vi || q.prompt.en) ?? '', action: q.action }));
  const skipped = [...r.skipped].sort((a, b) => a.line - b.line);
  const blockedBy = r.wouldFail ? 'strict' : r.imported + r.replaced === 0 ? 'nothing' : null;
  return { canImport: blockedBy === null, total: r.imported + r.replaced, inserts: r.imported, replaces: r.replaced, skipped, rows, blockedBy };
}

/** The `accept` attribute of the file picker: every importable format's extensions. */
export function acceptList(catalogue: readonly FormatDescription[]): string {
  return [...new Set(importable(catalogue).flatMap((f) => f.extensions))].join(',');
}
