import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { BANK, EVERY_TYPE } from './fixtures.ts';

/** Import and export through the HTTP API, as a teacher's browser or script does. */
let t: TestApp;
let teacher: Awaited<ReturnType<TestApp['user']>>;
beforeAll(async () => {
  t = await createTestApp();
  teacher = await t.user('teacher');
  await t.call('POST', '/api/banks', { headers: teacher.headers, body: BANK });
  for (const q of EVERY_TYPE) await t.call('POST', `/api/banks/${BANK.slug}/questions`, { headers: teacher.headers, body: q });
  await t.call('POST', '/api/banks', { headers: teacher.headers, body: { ...BANK, slug: 'target' } });
});
afterAll(() => t.close());

const upload = (slug: string, query: string, body: string | Uint8Array<ArrayBuffer>, contentType = 'text/plain') =>
  t.app.request(`/api/banks/${slug}/import?${query}`, { method: 'POST', headers: { ...teacher.headers, 'Content-Type': contentType }, body });
const json = async <T = any>(r: Response | Promise<Response>) => (await r).json() as Promise<T>;

const GIFT = [
  '// Đề của tổ Tin học',
  '$CATEGORY: an-toan/mat-khau',
  '',
  '::otp-1:: Có nên đưa mã OTP cho người tự xưng là nhân viên ngân hàng?{FALSE#Sai rồi: không bao giờ.#Đúng!}',
  '',
  '::mk-1:: Cách tạo mật khẩu được khuyên dùng?{=Ghép ba từ ngẫu nhiên ~Dùng ngày sinh ~Thay chữ o bằng số 0}',
  '',
  '::hong:: Câu hỏi lỗi {=a ~b',
  '',
  'Viết một đoạn về mật khẩu mạnh. {}',
].join('\n');

describe('import over HTTP', () => {
  it('imports a GIFT file leniently, reporting each skipped question with its line', async () => {
    const r = await upload('target', 'format=gift&lang=vi', GIFT);
    expect(r.status).toBe(200);
    const body = await json<{ imported: number; skipped: Array<{ line: number; reason: string }> }>(r);
    expect(body.imported).toBe(2);
    expect(body.skipped.map((s) => s.line)).toEqual([8, 10]);
    const q = await json(t.call('GET', '/api/banks/target/questions/otp-1', { headers: teacher.headers }));
    expect(q).toMatchObject({ type: 'true_false', answer: false, prompt: { vi: expect.stringContaining('OTP') }, tags: ['an-toan/mat-khau'] });
  });

  it('imports nothing in strict mode when anything fails, listing every problem', async () => {
    const before = (await json<{ questions: unknown[] }>(t.call('GET', '/api/banks/target/questions', { headers: teacher.headers }))).questions.length;
    const r = await upload('target', 'format=gift&mode=strict&onConflict=replace', GIFT);
    expect(r.status).toBe(422);
    const err = (await json<{ error: { code: string; details: Array<{ line: number; message: string }> } }>(r)).error;
    expect(err.code).toBe('IMPORT_FAILED');
    expect(err.details.map((d) => d.line)).toEqual([8, 10]);
    const after = (await json<{ questions: unknown[] }>(t.call('GET', '/api/banks/target/questions', { headers: teacher.headers }))).questions.length;
    expect(after).toBe(before);
  });

  it('reports an id that already exists, or replaces it on request', async () => {
    const again = await json<{ imported: number; skipped: Array<{ reason: string }> }>(upload('target', 'format=gift', GIFT));
    expect(again.imported).toBe(0);
    expect(again.skipped.some((s) => s.reason.includes('otp-1'))).toBe(true);
    const replaced = await json<{ replaced: number }>(upload('target', 'format=gift&onConflict=replace', GIFT));
    expect(replaced.replaced).toBe(2);
  });

  it('imports a Vietnamese Excel CSV (BOM, semicolons, quoted newline)', async () => {
    const csv = '\uFEFFtype;prompt_vi;prompt_en;option_1_vi;option_1_en;option_2_vi;option_2_en;correct;explanation_vi;explanation_en;competences;difficulty;grade_bands;source\r\n' +
      'single_choice;"Khi nhận tin nhắn lạ,\r\nem nên làm gì?";What should you do with a strange message?;Báo người lớn;Tell an adult;Bấm vào link;Click the link;1;Hãy hỏi người lớn.;Ask an adult.;4.2;1;CB2;Be Internet Awesome\r\n';
    const r = await json<{ imported: number; skipped: unknown[] }>(upload('target', 'format=csv', csv, 'text/csv'));
    expect(r).toMatchObject({ imported: 1, skipped: [] });
    const found = await json<{ items: Array<{ question: { prompt: { vi: string } } }> }>(t.call('GET', '/api/questions?q=tin%20nhan%20la&bank=target', { headers: teacher.headers }));
    expect(found.items[0]?.question.prompt.vi).toContain('em nên làm gì?');
  });

  it('rejects an unsupported content type, a file that is not UTF-8 and a file over the size limit', async () => {
    expect((await upload('target', 'format=gift', 'x', 'application/pdf')).status).toBe(415);
    const latin1 = new Uint8Array([0x4d, 0xe1, 0x74, 0x20, 0x6b, 0x68, 0xe1, 0x75]);
    const notUtf8 = await upload('target', 'format=gift', latin1);
    expect(notUtf8.status).toBe(422);
    expect((await json(notUtf8)).error.code).toBe('NOT_UTF8');
    const big = await upload('target', 'format=gift', 'x'.repeat(6 * 1024 * 1024 + 10));
    expect(big.status).toBe(413);
    const tooMany = JSON.stringify({ questions: Array.from({ length: 2001 }, (_, i) => ({ ...EVERY_TYPE[2], id: `many-${i}` })) });
    const r = await upload('target', 'format=json', tooMany, 'application/json');
    expect(r.status).toBe(422);
    expect((await json(r)).error.code).toBe('TOO_MANY_QUESTIONS');
  });
});

describe('export over HTTP', () => {
  it('exports JSON that imports elsewhere as identical questions', async () => {
    const exported = await t.call('GET', `/api/banks/${BANK.slug}/export?format=json`, { headers: teacher.headers });
    expect(exported.headers.get('content-disposition')).toContain(`${BANK.slug}.json`);
    const text = await exported.text();
    await t.call('POST', '/api/banks', { headers: teacher.headers, body: { ...BANK, slug: 'copy' } });
    const r = await json<{ imported: number; skipped: unknown[] }>(upload('copy', 'format=json', text, 'application/json'));
    expect(r).toEqual({ imported: EVERY_TYPE.length, replaced: 0, skipped: [] });
    const original = await json<{ questions: unknown[] }>(t.call('GET', `/api/banks/${BANK.slug}/questions`, { headers: teacher.headers }));
    const copy = await json<{ questions: unknown[] }>(t.call('GET', '/api/banks/copy/questions', { headers: teacher.headers }));
    expect(copy.questions).toEqual(original.questions);
  });

  it('exports CSV with a BOM, and GIFT/Aiken listing what they cannot hold', async () => {
    const csv = await t.call('GET', `/api/banks/${BANK.slug}/export?format=csv`, { headers: teacher.headers });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(new Uint8Array(await csv.arrayBuffer()).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    const gift = await t.call('GET', `/api/banks/${BANK.slug}/export?format=gift&lang=en`, { headers: teacher.headers });
    expect(await gift.text()).toContain('Nobody should ask for your OTP');
    expect(gift.headers.get('x-civiq-skipped')).toBe('1'); // the ordering question
    const aiken = await t.call('GET', `/api/banks/${BANK.slug}/export?format=aiken`, { headers: teacher.headers });
    expect(aiken.headers.get('x-civiq-skipped')).toBe('4'); // only single choice fits Aiken
    expect(await aiken.text()).toMatch(/ANSWER: [A-C]/);
  });

  it('exports a published version, not the draft, when asked', async () => {
    await t.call('POST', `/api/banks/${BANK.slug}/publish`, { headers: teacher.headers });
    await t.call('PATCH', `/api/banks/${BANK.slug}/questions/tf-change`, { headers: teacher.headers, body: { prompt: { vi: 'Đã sửa sau khi xuất bản', en: 'Edited after publishing' } } });
    const v1 = await (await t.call('GET', `/api/banks/${BANK.slug}/export?format=json&version=1`, { headers: teacher.headers })).text();
    const draft = await (await t.call('GET', `/api/banks/${BANK.slug}/export?format=json`, { headers: teacher.headers })).text();
    expect(v1).not.toContain('Đã sửa sau khi xuất bản');
    expect(draft).toContain('Đã sửa sau khi xuất bản');
  });
});
