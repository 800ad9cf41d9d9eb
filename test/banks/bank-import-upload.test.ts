import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { BANK } from './fixtures.ts';

/** How a file reaches the import route: its own content type, or a multipart form, as curl and browsers send it. */
let t: TestApp;
let teacher: Awaited<ReturnType<TestApp['user']>>;
beforeAll(async () => {
  t = await createTestApp();
  teacher = await t.user('teacher');
  await t.call('POST', '/api/banks', { headers: teacher.headers, body: { ...BANK, slug: 'upload' } });
});
afterAll(() => t.close());

const post = (query: string, init: { body: BodyInit; contentType?: string; lang?: string }) =>
  t.app.request(`/api/banks/upload/import?${query}`, {
    method: 'POST',
    headers: { ...teacher.headers, ...(init.contentType ? { 'Content-Type': init.contentType } : {}), ...(init.lang ? { 'Accept-Language': init.lang } : {}) },
    body: init.body,
  });
const json = async <T = any>(r: Response | Promise<Response>) => (await r).json() as Promise<T>;

const GIFT = "::one::How do you write the word for the number 1? {One}\n\n::tomb::Who's buried in Grant's tomb?{=no one#excellent answer! =nobody#excellent answer!}\n";

describe('import body by content type', () => {
  it.each(['text/plain', 'application/octet-stream', 'text/plain; charset=utf-8'])('takes a GIFT body sent as %s', async (contentType) => {
    const r = await post('format=gift&onConflict=replace', { body: GIFT, contentType });
    expect(r.status).toBe(200);
    const body = await json<{ imported: number; replaced: number; skipped: Array<{ line: number; reason: string }> }>(r);
    expect(body.imported + body.replaced).toBe(2);
    expect(body.skipped.map((s) => s.line)).toEqual([3, 3]);
  });

  it('takes the file from multipart/form-data (curl -F file=@bank.gift)', async () => {
    const form = new FormData();
    form.append('file', new Blob([GIFT], { type: 'text/plain' }), 'bank.gift');
    const r = await post('format=gift&onConflict=replace', { body: form });
    expect(r.status).toBe(200);
    expect((await json<{ replaced: number }>(r)).replaced).toBe(2);
    const q = await json(t.call('GET', '/api/banks/upload/questions/one', { headers: teacher.headers }));
    expect(q).toMatchObject({ type: 'short_answer', answer: ['One'] });
  });

  it('refuses a form without a file field', async () => {
    const form = new FormData();
    form.append('text', GIFT);
    const r = await post('format=gift', { body: form });
    expect(r.status).toBe(422);
    expect((await json(r)).error.code).toBe('IMPORT_FILE_MISSING');
  });

  it('answers 415 with the accepted types for an unsupported content type', async () => {
    const r = await post('format=gift', { body: GIFT, contentType: 'application/pdf' });
    expect(r.status).toBe(415);
    const err = (await json<{ error: { code: string; details: { accepted: string[] } } }>(r)).error;
    expect(err.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(err.details.accepted).toEqual(expect.arrayContaining(['text/plain', 'text/csv', 'application/json', 'application/xml', 'application/octet-stream', 'multipart/form-data']));
  });

  it('gives skip reasons in the language of Accept-Language', async () => {
    const vi = await json<{ skipped: Array<{ reason: string }> }>(post('format=gift&onConflict=replace', { body: GIFT, contentType: 'text/plain', lang: 'vi' }));
    expect(vi.skipped[0]!.reason).toBe('đã nhập nhưng bỏ: phản hồi của đáp án "no one" (dòng 3): câu trả lời ngắn không có phản hồi riêng cho từng đáp án');
    const en = await json<{ skipped: Array<{ reason: string }> }>(post('format=gift&onConflict=replace', { body: GIFT, contentType: 'text/plain', lang: 'en' }));
    expect(en.skipped[0]!.reason).toBe('imported without the feedback on answer "no one" (line 3): short answers have no per-answer feedback');
    const strict = await post('format=gift&mode=strict&onConflict=replace', { body: GIFT, contentType: 'text/plain', lang: 'vi' });
    expect(strict.status).toBe(422);
    expect((await json(strict)).error.details[0].message).toContain('đã nhập nhưng bỏ');
  });

  it('names a Moodle XML file sent as GIFT', async () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<quiz><question type="category"><category><text>$course$/top</text></category></question></quiz>';
    const r = await json<{ imported: number; skipped: Array<{ reason: string }> }>(post('format=gift', { body: xml, contentType: 'application/xml', lang: 'en' }));
    expect(r.imported).toBe(0);
    expect(r.skipped[0]!.reason).toBe('this file is Moodle XML, not GIFT: import it with format=moodle-xml');
  });
});

describe('Moodle XML over HTTP', () => {
  it('imports a Moodle export, storing its base64 image in the image store, and exports Moodle XML again', async () => {
    const xml = readFileSync(new URL('./fixtures/moodle-export.xml', import.meta.url));
    await t.call('POST', '/api/banks', { headers: teacher.headers, body: { ...BANK, slug: 'moodle' } });
    const r = await t.app.request('/api/banks/moodle/import?format=moodle-xml&lang=vi', { method: 'POST', headers: { ...teacher.headers, 'Content-Type': 'application/xml' }, body: xml });
    expect(r.status).toBe(200);
    const body = await json<{ imported: number; skipped: Array<{ line: number }> }>(r);
    expect(body.imported).toBe(6);
    const q = await json<{ image: { url: string } }>(t.call('GET', '/api/banks/moodle/questions/mk-01', { headers: teacher.headers }));
    expect(q.image.url).toMatch(/^\/uploads\/[0-9a-f-]{36}$/);
    const img = await t.app.request(q.image.url);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await img.arrayBuffer()).slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);

    const out = await t.call('GET', '/api/banks/moodle/export?format=moodle-xml&lang=vi', { headers: teacher.headers });
    expect(out.status).toBe(200);
    expect(out.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(out.headers.get('content-disposition')).toContain('moodle.xml');
    const text = await out.text();
    expect(text).toContain('<question type="matching">');
    // The uploaded image stays a link in the civiq comment and is reported, per question, in a report too.
    expect(out.headers.get('x-civiq-skipped')).toBe('1');
    const report = await json(t.call('GET', '/api/banks/moodle/export/report?format=moodle-xml', { headers: { ...teacher.headers, 'Accept-Language': 'vi' } }));
    expect(report).toEqual({ format: 'moodle-xml', skipped: [{ id: 'mk-01', reason: 'ảnh đã tải lên không được nhúng; chú thích civiq giữ đường dẫn của ảnh' }] });
    const aiken = await json<{ skipped: Array<{ id: string; reason: string }> }>(t.call('GET', '/api/banks/moodle/export/report?format=aiken', { headers: { ...teacher.headers, 'Accept-Language': 'en' } }));
    expect(aiken.skipped.map((s) => s.id)).toEqual(['xac-thuc', 'otp', 'so-mot', 'grant', 'thu-do']);
    expect(aiken.skipped[0]!.reason).toBe('Aiken holds single-choice questions only');

    const qti = await t.call('GET', '/api/banks/moodle/export?format=qti&lang=vi', { headers: teacher.headers });
    expect(qti.status).toBe(200);
    expect(qti.headers.get('content-type')).toBe('application/zip');
    expect(qti.headers.get('content-disposition')).toContain('moodle.qti.zip');
    expect([...new Uint8Array(await qti.arrayBuffer()).slice(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    // QTI is export-only: the import route refuses the name.
    expect((await t.app.request('/api/banks/moodle/import?format=qti', { method: 'POST', headers: { ...teacher.headers, 'Content-Type': 'application/octet-stream' }, body: 'x' })).status).toBe(422);
  });
});

describe('the format registry and the Excel template over HTTP', () => {
  it('lists every format with its capabilities, for pages and scripts; students and anonymous callers get nothing', async () => {
    const r = await json<{ formats: Array<{ name: string; import: boolean; export: boolean; types: string[] }>; acceptedImportTypes: string[] }>(t.call('GET', '/api/formats', { headers: teacher.headers }));
    expect(r.formats.map((f) => f.name)).toEqual(['json', 'csv', 'gift', 'aiken', 'moodle-xml', 'xlsx', 'docx', 'qti']);
    expect(r.formats.find((f) => f.name === 'qti')).toMatchObject({ import: false, export: true });
    expect(r.formats.find((f) => f.name === 'aiken')!.types).toEqual(['single_choice']);
    expect(r.acceptedImportTypes).toContain('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect((await t.app.request('/api/formats')).status).toBe(401);
    const schema = JSON.stringify(await json(t.app.request('/schemas/bank.json')));
    for (const needle of ['"numerical"', '"matching"', '"tolerance"', '"match"', '"slider"']) expect(schema).toContain(needle);
    const openapi = await json<{ paths: Record<string, unknown> }>(t.app.request('/openapi.json'));
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/api/formats', '/api/formats/xlsx/template']));
  });

  it('serves the template, which imports as seven example questions', async () => {
    const tpl = await t.call('GET', '/api/formats/xlsx/template', { headers: teacher.headers });
    expect(tpl.status).toBe(200);
    expect(tpl.headers.get('content-disposition')).toContain('.xlsx');
    const bytes = new Uint8Array(await tpl.arrayBuffer());
    await t.call('POST', '/api/banks', { headers: teacher.headers, body: { ...BANK, slug: 'excel' } });
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), 'mau.xlsx');
    const r = await json<{ imported: number; skipped: unknown[] }>(t.app.request('/api/banks/excel/import?format=xlsx', { method: 'POST', headers: teacher.headers, body: form }));
    expect(r).toMatchObject({ imported: 7, skipped: [] });
    const out = await t.call('GET', '/api/banks/excel/export?format=xlsx', { headers: teacher.headers });
    expect(out.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect([...new Uint8Array(await out.arrayBuffer()).slice(0, 2)]).toEqual([0x50, 0x4b]);
  });
});

describe('Word over HTTP', () => {
  it('imports a Vietnamese test made in LibreOffice, storing its picture, and reports the question without a key in Vietnamese', async () => {
    await t.call('POST', '/api/banks', { headers: teacher.headers, body: { ...BANK, slug: 'word' } });
    const form = new FormData();
    form.append('file', new Blob([readFileSync(new URL('./fixtures/docx/de-kiem-tra.docx', import.meta.url))], { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }), 'de-kiem-tra.docx');
    const r = await json<{ imported: number; skipped: Array<{ line: number; reason: string }> }>(
      t.app.request('/api/banks/word/import?format=docx&lang=vi', { method: 'POST', headers: { ...teacher.headers, 'Accept-Language': 'vi' }, body: form }),
    );
    expect(r.imported).toBe(7);
    expect(r.skipped).toEqual([{ line: 28, reason: 'Câu 8: không có đáp án: thêm "Đáp án: B", hoặc in đậm, gạch chân hay đánh dấu * phương án đúng' }]);
    const questions = await json<{ questions: Array<{ image?: { url: string } }> }>(t.call('GET', '/api/banks/word/questions', { headers: teacher.headers }));
    const url = questions.questions[0]!.image!.url;
    expect(url).toMatch(/^\/uploads\/[0-9a-f-]{36}$/);
    expect((await t.app.request(url)).headers.get('content-type')).toBe('image/png');
  });
});
