import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import type { Language } from '../../shared/localized.ts';
import { fold } from '../../shared/text.ts';
import type { EmbeddedImage, ParseOptions, ParseResult, ParsedQuestion, SkippedItem } from './format-types.ts';
import { MAX_EMBEDDED_IMAGE_BYTES, sniffImage } from './image-sniff.ts';
import { optionId, validateQuestion } from './question-result.ts';

/**
 * Word `.docx` tests in the usual Vietnamese layout:
 *
 *     Câu 1. Mật khẩu nào mạnh nhất?
 *     A. 123456        B. ba-con-meo-xanh
 *     C. ngày sinh     D. tên em
 *     Đáp án: B
 *     Giải thích: …
 *
 * The key is an "Đáp án:" line (one letter: single choice; several: multiple
 * choice; text and no options: short answer), or the right option marked in bold,
 * underlined or with an asterisk (`*B.`). mammoth (BSD-2, the common .docx → HTML
 * converter) reads the document; the layout rules below are pure and work on its
 * paragraphs. Lines in reports are paragraph numbers. One language (`lang`).
 */

/** One paragraph: its text, which characters are marked (bold or underlined), and its images. */
export interface DocParagraph {
  text: string;
  marked: boolean[];
  images: Array<{ contentType: string; bytes: Uint8Array }>;
}

const QUESTION = /^\s*(?:câu|cau|question)\s*(\d+)\s*[.:)]\s*/i;
const KEY = /^\s*(?:đáp án|dap an|đáp số|answer)\s*(?:đúng)?\s*[:.]\s*(.*)$/i;
const EXPLANATION = /^\s*(?:giải thích|giai thich|lời giải|loi giai|hướng dẫn|huong dan|explanation)\s*[:.]\s*(.*)$/i;
const LETTERS = 'ABCDEFGH';
const TABLE_HEADING = /^(?:bảng\s+|bang\s+)?(?:đáp án|dap an)(?:\s+(?:đề|de)\s+\S+)?\s*:?$/i;
const TABLE_ENTRY = /(?:câu|cau)?\s*(\d+)\s*[.:)\-–]?\s*([A-H](?:\s*,\s*[A-H])*)(?![\p{L}\d])/giu;

/** The paragraphs of mammoth's HTML, with bold/underline marks per character and data-URI images. */
export function docParagraphs(html: string): DocParagraph[] {
  const doc = parseDocument(html, { decodeEntities: true });
  const out: DocParagraph[] = [];
  const walkBlock = (nodes: ChildNode[]) => {
    for (const n of nodes) {
      if (n.type !== 'tag') continue;
      const el = n as Element;
      if (['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li'].includes(el.name)) {
        const p: DocParagraph = { text: '', marked: [], images: [] };
        const walkInline = (children: ChildNode[], marked: boolean) => {
          for (const c of children) {
            if (c.type === 'text') {
              p.text += c.data;
              for (let i = 0; i < c.data.length; i++) p.marked.push(marked);
            } else if (c.type === 'tag') {
              const e = c as Element;
              if (e.name === 'img') {
                const m = /^data:([^;]+);base64,(.*)$/s.exec(e.attribs.src ?? '');
                if (m) p.images.push({ contentType: m[1]!, bytes: new Uint8Array(Buffer.from(m[2]!, 'base64')) });
              } else if (e.name === 'br') {
                p.text += '\n';
                p.marked.push(false);
              } else if (['ul', 'ol', 'p', 'table'].includes(e.name)) {
                continue;
              } else walkInline(e.children, marked || e.name === 'strong' || e.name === 'b' || e.name === 'u');
            }
          }
        };
        walkInline(el.children, false);
        out.push(p);
        // Nested lists inside a list item are their own paragraphs.
        walkBlock(el.children.filter((c) => c.type === 'tag' && ['ul', 'ol'].includes((c as Element).name)));
      } else walkBlock(el.children);
    }
  };
  walkBlock(doc.children);
  return out;
}

interface Option {
  letter: string;
  text: string;
  marked: boolean;
  star: boolean;
}

/**
 * Split a paragraph into options "A. … B. …" when it starts with the next expected
 * letter; later letters are only taken in order, so "B. text with C. inside" splits
 * at most where "C." is the next letter expected.
 */
function splitOptions(p: DocParagraph, from: number): Option[] | null {
  const starts: Array<{ letter: string; at: number; body: number; star: boolean }> = [];
  let expected = from;
  // Options after the first on the same line are set apart by a tab or several spaces, as teachers lay them out,
  // so "A. Đúng vì B. nói thật" stays one option.
  const re = /(^\s*|\t\s*|\s{2,})(\*?)([A-H])\s*[.)]\s*(\*?)/g;
  for (let m = re.exec(p.text); m; m = re.exec(p.text)) {
    if (m[3] !== LETTERS[expected]) continue;
    if (starts.length === 0 && m.index !== 0) return null;
    starts.push({ letter: m[3]!, at: m.index + m[1]!.length, body: m.index + m[0].length, star: m[2] === '*' || m[4] === '*' });
    expected++;
  }
  if (starts.length === 0) return null;
  return starts.map((s, k) => {
    const end = starts[k + 1]?.at ?? p.text.length;
    const text = p.text.slice(s.body, end).trim();
    // Marked: every visible character of the option (letter included or not) is bold or underlined.
    const visible = [...p.text.slice(s.at, end)].map((c, i) => ({ c, m: p.marked[s.at + i] ?? false })).filter((x) => x.c.trim() !== '' && x.c !== '*' && x.c !== '.' && x.c !== ')');
    const bodyVisible = [...p.text.slice(s.body, end)].map((c, i) => ({ c, m: p.marked[s.body + i] ?? false })).filter((x) => x.c.trim() !== '');
    const marked = (visible.length > 0 && visible.every((x) => x.m)) || (bodyVisible.length > 0 && bodyVisible.every((x) => x.m)) || (p.marked[s.at] ?? false);
    return { letter: s.letter, text, marked, star: s.star };
  });
}

interface Draft {
  line: number;
  number: string;
  prompt: string[];
  options: Option[];
  key?: { text: string; line: number };
  explanation: string[];
  images: DocParagraph['images'];
}

/** Parse the paragraphs of a Word test. Pure; never throws. */
export function parseDocParagraphs(paragraphs: DocParagraph[], lang: Language): ParseResult {
  const questions: ParsedQuestion[] = [];
  const skipped: SkippedItem[] = [];
  const images: EmbeddedImage[] = [];
  let draft: Draft | undefined;
  let inExplanation = false;

  // Questions are built at the end: an answer table ("ĐÁP ÁN: 1.B 2.C …") after the last question may hold their keys.
  const drafts: Draft[] = [];
  const table = new Map<string, { text: string; line: number }>();
  let inTable = false;
  const finish = () => {
    if (draft) drafts.push(draft);
    draft = undefined;
    inExplanation = false;
  };
  const build = (d: Draft) => {
    if (!d.key && table.has(d.number) && !d.options.some((o) => o.star || o.marked)) d.key = table.get(d.number)!;
    const L = (s: string) => ({ [lang]: s });
    const prompt = d.prompt.join('\n').trim();
    const explanation = d.explanation.join('\n').trim();
    const common: Record<string, unknown> = { prompt: L(prompt), ...(explanation ? { explanation: L(explanation) } : {}) };
    const notes: string[] = [];
    const image = d.images.find((i) => i.bytes.byteLength <= MAX_EMBEDDED_IMAGE_BYTES && sniffImage(i.bytes));
    if (d.images.length > (image ? 1 : 0)) notes.push(`${d.images.length - (image ? 1 : 0)} image(s) (a question has one image; PNG, JPEG, GIF or WebP up to 2 MB)`);
    let input: Record<string, unknown>;
    const options = d.options.map((o, k) => ({ id: optionId(k), text: L(o.text) }));
    if (d.options.length > 0) {
      let right: number[];
      if (d.key) {
        const letters = d.key.text.toUpperCase().match(/\b[A-H]\b/g) ?? [];
        right = [...new Set(letters)].map((l) => LETTERS.indexOf(l)).filter((i) => i >= 0);
        if (right.length === 0) return void skipped.push({ line: d.line, reason: `Câu ${d.number}: "Đáp án: ${d.key.text}" names no option letter (line ${d.key.line})` });
        if (right.some((i) => i >= d.options.length)) return void skipped.push({ line: d.line, reason: `Câu ${d.number}: the key names an option the question does not have (line ${d.key.line})` });
      } else {
        const starred = d.options.map((o, i) => (o.star ? i : -1)).filter((i) => i >= 0);
        const marked = d.options.map((o, i) => (o.marked ? i : -1)).filter((i) => i >= 0);
        right = starred.length > 0 ? starred : marked.length > 0 && marked.length < d.options.length ? marked : [];
        if (right.length === 0) return void skipped.push({ line: d.line, reason: `Câu ${d.number}: no key: add "Đáp án: B", or mark the right option in bold, underlined or with *` });
      }
      input = right.length === 1 ? { ...common, type: 'single_choice', options, answer: optionId(right[0]!) } : { ...common, type: 'multiple_choice', options, answer: right.map(optionId) };
    } else if (d.key) {
      const answers = d.key.text.split(/\s*[;|]\s*|\s+(?:hoặc|hoac|or)\s+/i).map((a) => a.trim()).filter(Boolean);
      const tf = answers.length === 1 ? fold(answers[0]!) : '';
      if (['dung', 'true'].includes(tf) || ['sai', 'false'].includes(tf)) input = { ...common, type: 'true_false', answer: ['dung', 'true'].includes(tf) };
      else input = { ...common, type: 'short_answer', answer: answers };
    } else {
      return void skipped.push({ line: d.line, reason: `Câu ${d.number}: no options and no "Đáp án:" line` });
    }
    let ref: string | undefined;
    if (image) {
      ref = `/uploads/pending-${images.length}`;
      input.image = { url: ref };
    }
    const r = validateQuestion(input, d.line);
    if (!r.ok) return void skipped.push({ ...r.skipped, reason: `Câu ${d.number}: ${r.skipped.reason}` });
    questions.push(r.parsed);
    if (image && ref) images.push({ ref, contentType: sniffImage(image.bytes)!, bytes: image.bytes });
    for (const n of notes) skipped.push({ line: d.line, reason: `imported without ${n}` });
  };

  paragraphs.forEach((p, i) => {
    const line = i + 1;
    const text = p.text.trim();
    // "ĐÁP ÁN" / "Bảng đáp án" alone on a line starts the answer table: "1.B  2-C  Câu 3: A, D" …
    if (TABLE_HEADING.test(text)) {
      finish();
      inTable = true;
      return;
    }
    if (inTable) {
      for (const m of text.matchAll(TABLE_ENTRY)) table.set(m[1]!, { text: m[2]!, line });
      return;
    }
    const q = QUESTION.exec(p.text);
    if (q) {
      finish();
      const shift = q[0].length;
      draft = { line, number: q[1]!, prompt: [p.text.slice(shift).trim()], options: [], explanation: [], images: [...p.images] };
      return;
    }
    if (!draft) return; // a title, the school's name, instructions: not part of a question
    if (p.images.length > 0) draft.images.push(...p.images);
    if (text === '') return;
    const key = KEY.exec(text);
    if (key) {
      draft.key = { text: key[1]!.trim(), line };
      inExplanation = false;
      return;
    }
    const expl = EXPLANATION.exec(text);
    if (expl) {
      inExplanation = true;
      if (expl[1]!.trim()) draft.explanation.push(expl[1]!.trim());
      return;
    }
    if (inExplanation) {
      draft.explanation.push(text);
      return;
    }
    const options = splitOptions(p, draft.options.length);
    if (options) {
      draft.options.push(...options);
      return;
    }
    if (draft.options.length === 0 && !draft.key) draft.prompt.push(text);
    else skipped.push({ line, reason: `Câu ${draft.number}: paragraph not read: "${text.slice(0, 60)}"` });
  });
  finish();
  for (const d of drafts) build(d);
  return { questions, skipped: skipped.sort((a, b) => a.line - b.line), ...(images.length > 0 ? { images } : {}) };
}

/** Parse a .docx file. Never throws. */
export async function parseDocx(bytes: Uint8Array, opts: ParseOptions): Promise<ParseResult> {
  let html: string;
  try {
    // Loaded on first use: most processes (the CLI, workers) never read a Word file.
    const { default: mammoth } = await import('mammoth');
    const result = await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }, { styleMap: ['u => u'] });
    html = result.value;
  } catch (e) {
    return { questions: [], skipped: [{ line: 1, reason: `not a readable .docx document: ${(e as Error).message.split('\n')[0]}` }] };
  }
  const r = parseDocParagraphs(docParagraphs(html), opts.lang);
  if (r.questions.length === 0 && r.skipped.length === 0) r.skipped.push({ line: 1, reason: 'no question found: each question starts with "Câu 1.", "Câu 2." …' });
  return r;
}
