/**
 * A small, safe Markdown subset for prompts and explanations. Recognised:
 * paragraphs (blank line), line breaks (newline), `**bold**`, `*italic*` and
 * `_italic_`, `` `code` ``, `[text](https://…)` / `[text](http://…)` links, `- ` / `* `
 * bullet lists and `1. ` numbered lists, and backslash escapes of the markup
 * characters. Nothing else: raw HTML, images, headings and other link schemes
 * come out as the text that was typed.
 *
 * Safety does not rest on pattern matching over HTML: the text is parsed into a
 * tree whose text leaves are always HTML-escaped on output, the only tags written
 * are the fixed ones above, and a link's URL must be http(s) made of URL
 * characters only (no quotes, spaces or angle brackets), so it cannot leave its
 * attribute. Entities are never decoded, so `&#106;avascript:` stays text.
 *
 * Parsing is linear per delimiter and at worst quadratic in the text length; the
 * question schema caps prompts at 2,000 and explanations at 4,000 characters.
 */

type Inline =
  | { t: 'text'; v: string }
  | { t: 'br' }
  | { t: 'code'; v: string }
  | { t: 'strong'; c: Inline[] }
  | { t: 'em'; c: Inline[] }
  | { t: 'link'; href: string; c: Inline[] };

type Block = { t: 'p'; c: Inline[] } | { t: 'ul'; items: Inline[][] } | { t: 'ol'; start: number; items: Inline[][] };

/** Render the subset to HTML that is safe to insert with `innerHTML`. */
export function renderMarkdown(text: string): string {
  return parseBlocks(text).map(blockHtml).join('\n');
}

/**
 * The text without markup, for previews, search and plain-text exports: paragraphs
 * separated by a blank line, list items as "- item" / "1. item", a link as
 * "text (url)". Not HTML: escape it before inserting into a page.
 */
export function toPlainText(text: string): string {
  return parseBlocks(text).map(blockPlain).join('\n\n');
}

// ---------------------------------------------------------------- blocks

const BULLET = /^ {0,3}[-*][ \t]+(\S.*)$/;
const NUMBERED = /^ {0,3}(\d{1,9})\.[ \t]+(\S.*)$/;

function parseBlocks(input: string): Block[] {
  const lines = input.normalize('NFC').replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  let list: { kind: 'ul' | 'ol'; start: number; items: string[][] } | null = null;

  const flushPara = () => {
    if (para.length > 0) blocks.push({ t: 'p', c: parseInline(para.join('\n'), true) });
    para = [];
  };
  const flushList = () => {
    if (!list) return;
    const items = list.items.map((lines) => parseInline(lines.join('\n'), true));
    blocks.push(list.kind === 'ul' ? { t: 'ul', items } : { t: 'ol', start: list.start, items });
    list = null;
  };

  for (const raw of lines) {
    const line = raw.replace(/[ \t]+$/, '');
    if (line.trim() === '') {
      flushPara();
      flushList();
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      flushPara();
      const kind = bullet ? 'ul' : 'ol';
      if (list && list.kind !== kind) flushList();
      const content = (bullet ? bullet[1] : numbered![2]) as string;
      if (!list) list = { kind, start: bullet ? 1 : Number(numbered![1]), items: [] };
      list.items.push([content]);
      continue;
    }
    // An indented line right after a list item continues that item.
    const lastItem = list?.items[list.items.length - 1];
    if (lastItem && /^[ \t]/.test(line)) {
      lastItem.push(line.trim());
      continue;
    }
    flushList();
    para.push(line.trim());
  }
  flushPara();
  flushList();
  return blocks;
}

function blockHtml(b: Block): string {
  if (b.t === 'p') return `<p>${inlineHtml(b.c)}</p>`;
  const items = b.items.map((i) => `<li>${inlineHtml(i)}</li>`).join('');
  if (b.t === 'ul') return `<ul>${items}</ul>`;
  return b.start === 1 ? `<ol>${items}</ol>` : `<ol start="${b.start}">${items}</ol>`;
}

function blockPlain(b: Block): string {
  if (b.t === 'p') return inlinePlain(b.c);
  // Continuation lines are indented so they read as part of their item.
  return b.items.map((i, n) => `${b.t === 'ul' ? '-' : `${b.start + n}.`} ${inlinePlain(i).replace(/\n/g, '\n   ')}`).join('\n');
}

// ---------------------------------------------------------------- inline

const ESCAPABLE = new Set(['\\', '`', '*', '_', '[', ']', '(', ')']);
/** Unicode letters and digits: `_` inside a word (snake_case, từ_khóa) is not emphasis. */
const WORD = /[\p{L}\p{N}]/u;
/** http(s), something after the slashes, and only URL characters (non-ASCII letters allowed, browsers encode them). */
const SAFE_URL = /^https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%\p{L}\p{M}\p{N}]+$/iu;

function parseInline(s: string, allowLinks: boolean): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const pushText = (v: string) => {
    text += v;
  };
  const flush = () => {
    if (text) out.push({ t: 'text', v: text });
    text = '';
  };
  const push = (node: Inline) => {
    flush();
    out.push(node);
  };

  let i = 0;
  while (i < s.length) {
    const ch = s[i] as string;
    const next = s[i + 1];
    if (ch === '\\' && next !== undefined && ESCAPABLE.has(next)) {
      pushText(next);
      i += 2;
      continue;
    }
    if (ch === '\n') {
      push({ t: 'br' });
      i++;
      continue;
    }
    if (ch === '`') {
      const end = s.indexOf('`', i + 1);
      const nl = s.indexOf('\n', i + 1);
      if (end > i + 1 && (nl === -1 || end < nl)) {
        push({ t: 'code', v: s.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if (ch === '[' && allowLinks) {
      const link = parseLink(s, i);
      if (link) {
        push({ t: 'link', href: link.href, c: parseInline(link.text, false) });
        i = link.end;
        continue;
      }
    }
    if (ch === '*' && next === '*') {
      const end = findStrongClose(s, i + 2);
      if (end !== -1) {
        push({ t: 'strong', c: parseInline(s.slice(i + 2, end), allowLinks) });
        i = end + 2;
        continue;
      }
    }
    if (ch === '*' || (ch === '_' && !WORD.test(s[i - 1] ?? ''))) {
      const end = findEmClose(s, i + 1, ch);
      if (end !== -1) {
        push({ t: 'em', c: parseInline(s.slice(i + 1, end), allowLinks) });
        i = end + 1;
        continue;
      }
    }
    pushText(ch);
    i++;
  }
  flush();
  return out;
}

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);

/** The `**` closing a bold opened just before `from`: content starts and ends with non-space. */
function findStrongClose(s: string, from: number): number {
  if (isSpace(s[from])) return -1;
  for (let j = from + 1; j < s.length - 1; j++) {
    if (s[j] === '\\') {
      j++;
      continue;
    }
    if (s[j] === '*' && s[j + 1] === '*' && !isSpace(s[j - 1])) {
      // "***x***": close on the last two stars so the inner "*x*" stays italic.
      return s[j + 2] === '*' ? j + 1 : j;
    }
  }
  return -1;
}

/** The single `*` or `_` closing an italic; `**` pairs inside are skipped as bold markers. */
function findEmClose(s: string, from: number, mark: '*' | '_'): number {
  if (isSpace(s[from]) || s[from] === mark) return -1;
  for (let j = from + 1; j < s.length; j++) {
    const c = s[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (c !== mark) continue;
    if (mark === '*' && s[j + 1] === '*') {
      j++;
      continue;
    }
    if (isSpace(s[j - 1])) continue;
    if (mark === '_' && WORD.test(s[j + 1] ?? '')) continue;
    return j;
  }
  return -1;
}

/**
 * `[text](url)` starting at `start`. The text holds no brackets (nested brackets
 * are not links: the outer ones stay text) and no newline; the URL holds no
 * whitespace and may contain balanced parentheses (Wikipedia-style URLs).
 * Returns null, leaving everything as text, when the URL is not safe http(s).
 */
function parseLink(s: string, start: number): { text: string; href: string; end: number } | null {
  let j = start + 1;
  while (j < s.length && !'[]\n'.includes(s[j] as string)) j++;
  if (s[j] !== ']' || j === start + 1 || s[j + 1] !== '(') return null;
  const text = s.slice(start + 1, j);
  let k = j + 2;
  let depth = 0;
  for (; k < s.length; k++) {
    const c = s[k] as string;
    if (/\s/.test(c)) return null;
    if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) break;
      depth--;
    }
  }
  if (s[k] !== ')') return null;
  const href = s.slice(j + 2, k);
  if (!SAFE_URL.test(href)) return null;
  return { text, href, end: k + 1 };
}

function inlineHtml(nodes: readonly Inline[]): string {
  return nodes
    .map((n) => {
      switch (n.t) {
        case 'text':
          return escapeHtml(n.v);
        case 'br':
          return '<br>';
        case 'code':
          return `<code>${escapeHtml(n.v)}</code>`;
        case 'strong':
          return `<strong>${inlineHtml(n.c)}</strong>`;
        case 'em':
          return `<em>${inlineHtml(n.c)}</em>`;
        case 'link':
          return `<a href="${escapeHtml(n.href)}" rel="noopener noreferrer" target="_blank">${inlineHtml(n.c)}</a>`;
      }
    })
    .join('');
}

function inlinePlain(nodes: readonly Inline[]): string {
  return nodes
    .map((n) => {
      switch (n.t) {
        case 'text':
        case 'code':
          return n.v;
        case 'br':
          return '\n';
        case 'strong':
        case 'em':
          return inlinePlain(n.c);
        case 'link': {
          const label = inlinePlain(n.c);
          return label === n.href ? label : `${label} (${n.href})`;
        }
      }
    })
    .join('');
}

/** Escape the five HTML-significant characters; safe in text and in double-quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
