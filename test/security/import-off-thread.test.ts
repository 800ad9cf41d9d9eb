import { describe, expect, it } from 'vitest';
import { parseBankOffThread } from '../../src/banks/formats/parse-off-thread.ts';
import type { ParseResult } from '../../src/banks/formats/format-types.ts';

/** The text formats always decode here (the test sends UTF-8): the result is a parse, not `notUtf8`. */
const parsed = (r: ParseResult | { notUtf8: true }): ParseResult => {
  if ('notUtf8' in r) throw new Error('not UTF-8');
  return r;
};
import { parseBank } from '../../src/banks/formats/index.ts';

/** "A 4 MB single-line import blocks the event loop for about a second": imports parse on a worker thread. */
const bigSingleLine = () => {
  const q = (i: number) => ({ id: `q${i}`, type: 'true_false', prompt: { vi: `Câu ${i} ${'x'.repeat(300)}`, en: `Question ${i}` }, answer: true, competences: ['4.2'], gradeBands: ['TC1'], difficulty: 1 });
  return JSON.stringify({ slug: 'lon', title: { vi: 'Lớn', en: 'Big' }, questions: Array.from({ length: 5000 }, (_, i) => q(i)) });
};

describe('imports parse off the main thread', () => {
  it('the event loop keeps turning while a 4 MB single-line file is parsed', async () => {
    const text = bigSingleLine();
    expect(text.length).toBeGreaterThan(1_500_000);
    expect(text.includes('\n')).toBe(false);
    let ticks = 0;
    let done = false;
    const spin = () => {
      if (done) return;
      ticks++;
      setImmediate(spin);
    };
    setImmediate(spin);
    const result = parsed(await parseBankOffThread('json', text, { lang: 'vi' }));
    done = true;
    // Parsing on this thread would finish before any setImmediate callback could run.
    expect(ticks).toBeGreaterThan(0);
    expect(result.questions.length + result.skipped.length).toBeGreaterThan(0);
    expect(result).toEqual(parseBank('json', text, { lang: 'vi' }));
  });

  it('a parse that overruns its time comes back as a refused file, and the next parse works', async () => {
    const text = bigSingleLine();
    const slow = parsed(await parseBankOffThread('json', text, { lang: 'vi' }, 1));
    expect(slow.questions).toEqual([]);
    expect(slow.skipped[0]!.reason).toMatch(/longer than/);
    const ok = parsed(await parseBankOffThread('gift', '::q1:: Trời xanh? {T}\n', { lang: 'vi' }));
    expect(ok.questions).toHaveLength(1);
  });
});
