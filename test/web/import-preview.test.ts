import { describe, expect, it } from 'vitest';
import { acceptList, contentTypeFor, detect, exportable, headOf, importable, importUrl, previewOf } from '../../src/web/client/import-preview.ts';
import { describeFormat, formatCatalogue, sniffText } from '../../src/banks/formats/format-files.ts';
import { BANK_FORMATS } from '../../src/banks/formats/index.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const catalogue = formatCatalogue();
const file = (name: string, text: string) => ({ name, bytes: enc(text) });

const GIFT = '// đề\n::q1:: Mật khẩu mạnh?{=Dài ~Ngắn}\n\n::q2:: OTP có thể cho người khác?{F}';
const AIKEN = 'Mật khẩu nào mạnh nhất?\nA. 123456\nB. Ca-phe-7!\nANSWER: B\n';
const CSV = '\uFEFFid;type;prompt_vi;prompt_en\nq1;true_false;Đúng không?;Right?\n';
const JSON_BANK = '{\n  "slug": "x", "questions": []\n}';

describe('the format list comes from the registry', () => {
  it('describes every format of BANK_FORMATS, and nothing else', () => {
    expect(catalogue.map((f) => f.id).sort()).toEqual([...BANK_FORMATS].sort());
    expect(importable(catalogue).length).toBeGreaterThan(0);
    expect(exportable(catalogue).map((f) => f.id)).toEqual(expect.arrayContaining(['gift', 'aiken', 'csv', 'json']));
  });

  it('describes each format with the registry capabilities, export-only ones as such, in the page language', () => {
    expect(catalogue.find((f) => f.id === 'xlsx')).toMatchObject({ binary: true, imports: true, exports: true, extensions: ['.xlsx'] });
    expect(catalogue.find((f) => f.id === 'docx')).toMatchObject({ imports: true, exports: false });
    expect(catalogue.find((f) => f.id === 'qti')).toMatchObject({ imports: false, exports: true });
    expect(describeFormat('brand-new')).toMatchObject({ id: 'brand-new', extensions: ['.brand-new'], imports: false, exports: false });
    expect(importable(catalogue).map((f) => f.id)).not.toContain('qti');
    expect(acceptList(catalogue)).toContain('.docx');
    expect(formatCatalogue('en').find((f) => f.id === 'csv')?.label).toBe('CSV spreadsheet');
    expect(formatCatalogue('vi').find((f) => f.id === 'csv')?.label).toBe('Bảng tính CSV');
  });
});

describe('detecting a file’s format', () => {
  it('reads the content before the name (a .txt may be GIFT or Aiken)', () => {
    expect(detect(catalogue, file('de-thi.txt', GIFT))).toEqual({ format: 'gift', by: 'content' });
    expect(detect(catalogue, file('de-thi.txt', AIKEN))).toEqual({ format: 'aiken', by: 'content' });
    expect(detect(catalogue, file('cau-hoi.csv', CSV))).toEqual({ format: 'csv', by: 'content' });
    expect(detect(catalogue, file('bank', JSON_BANK))).toEqual({ format: 'json', by: 'content' });
    // A GIFT file saved as .csv by mistake is still GIFT.
    expect(detect(catalogue, file('nham.csv', GIFT))).toEqual({ format: 'gift', by: 'content' });
  });

  it('falls back to the name, and says when it cannot tell', () => {
    expect(detect(catalogue, file('x.gift', 'một dòng chữ'))).toEqual({ format: 'gift', by: 'name' });
    expect(detect(catalogue, file('ghi-chu.md', 'một dòng chữ'))).toEqual({ format: null, by: null });
  });

  it('tells ZIP containers (xlsx, docx) by name, only among the formats the server has', () => {
    const zip = { name: 'de.xlsx', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]) };
    expect(headOf(zip.bytes)).toEqual({ text: '', zip: true });
    expect(detect(catalogue, zip)).toEqual({ format: 'xlsx', by: 'name' });
    expect(detect(catalogue.filter((f) => !['xlsx', 'docx'].includes(f.id)), zip)).toEqual({ format: null, by: null });
  });

  it('recognises Moodle XML when the registry has it', () => {
    const xml = '<?xml version="1.0"?>\n<quiz><question type="truefalse"/></quiz>';
    expect(sniffText(xml, new Set(['gift', 'moodle-xml']))).toBe('moodle-xml');
    expect(sniffText(xml, new Set(['gift', 'csv']))).toBeNull();
  });
});

describe('the request', () => {
  it('carries every setting and the dry-run flag', () => {
    const url = importUrl('an-toan', { format: 'gift', mode: 'strict', lang: 'en', onConflict: 'replace' }, true);
    const q = new URL(url, 'http://x').searchParams;
    expect(url.startsWith('/api/banks/an-toan/import?')).toBe(true);
    expect(Object.fromEntries(q)).toEqual({ format: 'gift', mode: 'strict', lang: 'en', onConflict: 'replace', dryRun: 'true' });
    expect(importUrl('a', { format: 'csv', mode: 'lenient', lang: 'vi', onConflict: 'skip' }, false)).not.toContain('dryRun');
  });

  it('sends each format with a content type the import route accepts', () => {
    expect(contentTypeFor(catalogue, 'csv')).toBe('text/csv');
    expect(contentTypeFor(catalogue, 'json')).toBe('text/plain'); // the JSON parser reports a broken file by line
    expect(contentTypeFor(catalogue, 'moodle-xml')).toBe('text/plain');
    expect(contentTypeFor(catalogue, 'nope')).toBe('application/octet-stream');
    expect(contentTypeFor(catalogue, 'gift')).toBe('text/plain');
    expect(contentTypeFor(catalogue, 'xlsx')).toBe('application/octet-stream');
  });
});

describe('the preview of a dry run', () => {
  const result = {
    imported: 2,
    replaced: 1,
    skipped: [{ line: 9, reason: 'b' }, { line: 4, reason: 'a' }],
    questions: [
      { line: 1, id: 'q1', type: 'single_choice', prompt: { vi: 'Một', en: 'One' }, action: 'insert' as const },
      { line: 6, id: 'q2', type: 'true_false', prompt: { vi: '', en: 'Two' }, action: 'replace' as const },
    ],
  };

  it('counts, sorts skipped lines and shows prompts in the page language with a fallback', () => {
    const p = previewOf(result, 'vi');
    expect(p).toMatchObject({ canImport: true, total: 3, inserts: 2, replaces: 1, blockedBy: null });
    expect(p.skipped.map((s) => s.line)).toEqual([4, 9]);
    expect(p.rows.map((r) => r.prompt)).toEqual(['Một', 'Two']);
    expect(previewOf(result, 'en').rows[0]!.prompt).toBe('One');
  });

  it('offers no import when strict mode would refuse the file or nothing would be stored', () => {
    expect(previewOf({ ...result, wouldFail: true }, 'vi')).toMatchObject({ canImport: false, blockedBy: 'strict' });
    expect(previewOf({ imported: 0, replaced: 0, skipped: [{ line: 1, reason: 'x' }] }, 'vi')).toMatchObject({ canImport: false, blockedBy: 'nothing', rows: [] });
  });
});
