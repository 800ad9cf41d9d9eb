import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';

/**
 * Moodle stores question text as HTML (`[html]` in GIFT, `format="html"` in Moodle
 * XML). civiq shows the safe Markdown subset of `markdown.ts`, so the HTML is
 * converted: paragraphs, line breaks, bold/italic, lists, code and http(s) links
 * become Markdown; entities are decoded (`&amp;nbsp;` is a space, `&lt;` a `<`);
 * images are handed back with their alt text for the caller to place (a question
 * has one image); every other tag is dropped, its text kept, and each kind of drop
 * is reported once so the import can say what was lost.
 *
 * htmlparser2 (the parser behind cheerio) reads broken HTML the way browsers do,
 * which hand-written patterns would not; the output is plain text again, so the
 * Markdown renderer's escaping is what keeps it safe.
 */

export interface HtmlImage {
  src: string;
  alt: string;
}

export interface HtmlConversion {
  text: string;
  images: HtmlImage[];
  /** What was left out, in words ("underline formatting (<u>)"), each kind once. */
  dropped: string[];
}

const BLOCK = new Set(['p', 'div', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'header', 'footer', 'pre', 'center', 'figure', 'figcaption', 'address']);
const STRONG = new Set(['strong', 'b']);
const EMPHASIS = new Set(['em', 'i']);
/** Tags whose content is not text a student should see. */
const DROP_WITH_CONTENT = new Set(['script', 'style', 'head', 'title', 'object', 'embed', 'iframe', 'video', 'audio', 'svg', 'math', 'noscript', 'template', 'form', 'input', 'select', 'textarea', 'button']);
/** Tags that carry no meaning civiq would lose: no note when they go. */
const SILENT = new Set(['span', 'font', 'html', 'body', 'tbody', 'thead', 'tfoot', 'small', 'big', 'abbr', 'bdi', 'bdo', 'wbr', 'nobr', 'main', 'nav', 'aside', 'label', 'time', 'mark', 'cite', 'q', 'dfn', 'var', 'samp', 'kbd']);
const MARKUP_CHARS = /[\\*_`[\]]/g;

/** Whether a text is HTML worth converting (has a tag or an entity). */
export function looksLikeHtml(text: string): boolean {
  return /<\/?[a-z][a-z0-9]*[\s>/]|&(?:[a-z]+|#\d+|#x[0-9a-f]+);/i.test(text);
}

/** Convert Moodle HTML to civiq's Markdown subset. Pure; never throws on malformed HTML. */
export function htmlToMarkdown(html: string): HtmlConversion {
  const doc = parseDocument(html, { decodeEntities: true, lowerCaseTags: true });
  const images: HtmlImage[] = [];
  const dropped = new Set<string>();
  const blocks: string[] = [];
  let line = '';

  const flush = () => {
    const t = line.replace(/[ \t]+\n/g, '\n').replace(/\n[ \t]+/g, '\n').trim();
    if (t) blocks.push(t);
    line = '';
  };

  const inline = (nodes: ChildNode[]): string => nodes.map(inlineNode).join('');

  function inlineNode(n: ChildNode): string {
    if (n.type === 'text') return collapse(n.data).replace(MARKUP_CHARS, (c) => `\\${c}`);
    if (n.type !== 'tag' && n.type !== 'script' && n.type !== 'style') return '';
    const el = n as Element;
    const name = el.name;
    if (DROP_WITH_CONTENT.has(name)) {
      dropped.add(`<${name}> content`);
      return '';
    }
    if (name === 'br') return '\n';
    if (name === 'img') {
      const src = el.attribs.src ?? '';
      if (src) images.push({ src, alt: collapse(el.attribs.alt ?? '').trim() });
      return '';
    }
    const inner = inline(el.children);
    if (STRONG.has(name)) return wrap('**', inner);
    if (EMPHASIS.has(name)) return wrap('*', inner);
    if (name === 'code' || name === 'tt') return inner.trim() ? `\`${inner.replace(/\\([\\*_`[\]])/g, '$1').replace(/`/g, "'")}\`` : '';
    if (name === 'a') {
      const href = (el.attribs.href ?? '').trim();
      if (/^https?:\/\/[^\s"'<>()]+$/i.test(href) && inner.trim()) return `[${inner.trim()}](${href})`;
      if (href) dropped.add(`a link that is not http(s) (${href.slice(0, 60)})`);
      return inner;
    }
    if (name === 'u' || name === 'ins') dropped.add(`underline formatting (<${name}>)`);
    else if (name === 'sub' || name === 'sup') dropped.add(`subscript/superscript (<${name}>)`);
    else if (name === 's' || name === 'strike' || name === 'del') dropped.add(`strike-through (<${name}>)`);
    else if (!SILENT.has(name) && !BLOCK.has(name) && !['ul', 'ol', 'li', 'table', 'tr', 'td', 'th'].includes(name)) dropped.add(`<${name}> formatting`);
    return inner;
  }

  function block(nodes: ChildNode[]): void {
    for (const n of nodes) {
      if (n.type === 'tag' || n.type === 'script' || n.type === 'style') {
        const el = n as Element;
        if (BLOCK.has(el.name) || el.name === 'table' || el.name === 'tr') {
          flush();
          if (el.name === 'table') dropped.add('table layout (<table>): cells kept as lines');
          if (el.name.startsWith('h') && el.name.length === 2) dropped.add(`heading (<${el.name}>)`);
          block(el.children);
          flush();
          continue;
        }
        if (el.name === 'td' || el.name === 'th') {
          line += `${line.trim() ? ' | ' : ''}${inline(el.children).trim()}`;
          continue;
        }
        if (el.name === 'ul' || el.name === 'ol') {
          flush();
          const items = el.children.filter((c): c is Element => c.type === 'tag' && (c as Element).name === 'li');
          const lines = items.map((li, k) => `${el.name === 'ol' ? `${k + 1}.` : '-'} ${inline(li.children).replace(/\s*\n\s*/g, ' ').trim()}`);
          if (lines.length > 0) blocks.push(lines.join('\n'));
          continue;
        }
        if (el.name === 'hr') {
          flush();
          continue;
        }
      }
      line += inlineNode(n);
    }
  }

  block(doc.children);
  flush();
  const text = blocks.join('\n\n').replace(/\u00a0/g, ' ').normalize('NFC');
  return { text, images, dropped: [...dropped] };
}

/** HTML whitespace: runs of spaces, tabs and newlines show as one space. */
function collapse(s: string): string {
  return s.replace(/[ \t\r\n\f]+/g, ' ');
}

/** Emphasis markers hug the text: `**bold** ` not `** bold **`, which Markdown would not read as bold. */
function wrap(marker: string, inner: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner)!;
  return m[2] ? `${m[1]}${marker}${m[2]}${marker}${m[3]}` : inner;
}
