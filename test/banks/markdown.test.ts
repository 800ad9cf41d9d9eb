import { describe, expect, it } from 'vitest';
import { escapeHtml, renderMarkdown, toPlainText } from '../../src/banks/markdown.ts';
import { seededRandom } from '../../src/shared/random.ts';

const A = (href: string, text: string) => `<a href="${href}" rel="noopener noreferrer" target="_blank">${text}</a>`;

/**
 * Every tag in the output must be one of the fixed tags, links must have exactly
 * the fixed attributes and an http(s) href, and tags must nest properly.
 */
function assertSafeHtml(html: string): void {
  const stack: string[] = [];
  const tag = /<[^>]*>/g;
  for (const m of html.matchAll(tag)) {
    const t = m[0];
    const a = /^<a href="(https?:\/\/[^"<>\s]+)" rel="noopener noreferrer" target="_blank">$/i.exec(t);
    if (a) {
      stack.push('a');
      continue;
    }
    const open = /^<(p|strong|em|code|ul|li)>$|^<ol(?: start="\d+")?>$/.exec(t);
    if (open) {
      stack.push(open[1] ?? 'ol');
      continue;
    }
    if (t === '<br>') continue;
    const close = /^<\/(p|strong|em|code|ul|ol|li|a)>$/.exec(t);
    expect(close, `unexpected tag ${t} in ${html}`).not.toBeNull();
    expect(stack.pop(), `misnested ${t} in ${html}`).toBe(close![1]);
  }
  expect(stack, html).toEqual([]);
  // Outside tags, "<" and ">" never appear raw and "&" only starts an escape we wrote.
  const text = html.replace(tag, '');
  expect(text).not.toMatch(/[<>"]/);
  expect(text.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
}

describe('renderMarkdown: the subset', () => {
  it('renders paragraphs and line breaks', () => {
    expect(renderMarkdown('Dòng một\ndòng hai\n\nĐoạn hai')).toBe('<p>Dòng một<br>dòng hai</p>\n<p>Đoạn hai</p>');
    expect(renderMarkdown('a\r\nb\r\n\r\n\r\n  \nc')).toBe('<p>a<br>b</p>\n<p>c</p>');
    expect(renderMarkdown('')).toBe('');
    expect(renderMarkdown('\n \n')).toBe('');
  });

  it('renders bold, italic and code', () => {
    expect(renderMarkdown('**Mật khẩu** mạnh *phải* có _ít nhất_ `12` ký tự')).toBe(
      '<p><strong>Mật khẩu</strong> mạnh <em>phải</em> có <em>ít nhất</em> <code>12</code> ký tự</p>',
    );
    expect(renderMarkdown('*a **b** c*')).toBe('<p><em>a <strong>b</strong> c</em></p>');
    expect(renderMarkdown('**a *b* c**')).toBe('<p><strong>a <em>b</em> c</strong></p>');
    expect(renderMarkdown('***x***')).toBe('<p><strong><em>x</em></strong></p>');
  });

  it('keeps markup inside code literal', () => {
    expect(renderMarkdown('`**x** <b>`')).toBe('<p><code>**x** &lt;b&gt;</code></p>');
  });

  it('leaves unmatched or space-padded markers as text', () => {
    expect(renderMarkdown('2 * 3 * 4')).toBe('<p>2 * 3 * 4</p>');
    expect(renderMarkdown('** a **')).toBe('<p>** a **</p>');
    expect(renderMarkdown('**chưa đóng')).toBe('<p>**chưa đóng</p>');
    expect(renderMarkdown('`chưa đóng')).toBe('<p>`chưa đóng</p>');
    expect(renderMarkdown('``')).toBe('<p>``</p>');
  });

  it('does not italicise underscores inside words', () => {
    expect(renderMarkdown('snake_case_name và từ_khóa_dài')).toBe('<p>snake_case_name và từ_khóa_dài</p>');
    expect(renderMarkdown('_nghiêng_, rồi')).toBe('<p><em>nghiêng</em>, rồi</p>');
  });

  it('honours backslash escapes of markup characters only', () => {
    expect(renderMarkdown('\\*không nghiêng\\* và \\`x\\`')).toBe('<p>*không nghiêng* và `x`</p>');
    expect(renderMarkdown('C:\\Windows\\n')).toBe('<p>C:\\Windows\\n</p>');
  });

  it('renders http(s) links', () => {
    expect(renderMarkdown('Xem [hướng dẫn](https://example.vn/a?b=1&c=2#d).')).toBe(`<p>Xem ${A('https://example.vn/a?b=1&amp;c=2#d', 'hướng dẫn')}.</p>`);
    expect(renderMarkdown('[**đậm**](http://example.org)')).toBe(`<p>${A('http://example.org', '<strong>đậm</strong>')}</p>`);
    expect(renderMarkdown('[Wiki](https://vi.wikipedia.org/wiki/Hà_Nội_(thủ_đô))')).toBe(`<p>${A('https://vi.wikipedia.org/wiki/Hà_Nội_(thủ_đô)', 'Wiki')}</p>`);
    expect(renderMarkdown('[x](HTTPS://EXAMPLE.ORG)')).toBe(`<p>${A('HTTPS://EXAMPLE.ORG', 'x')}</p>`);
  });

  it('renders bullet and numbered lists', () => {
    expect(renderMarkdown('Các bước:\n- Một\n* Hai\n  tiếp\n\n1. Ba\n2. Bốn')).toBe(
      '<p>Các bước:</p>\n<ul><li>Một</li><li>Hai<br>tiếp</li></ul>\n<ol><li>Ba</li><li>Bốn</li></ol>',
    );
    expect(renderMarkdown('3. Ba\n4. **Bốn**')).toBe('<ol start="3"><li>Ba</li><li><strong>Bốn</strong></li></ol>');
    expect(renderMarkdown('- a\n1. b\nsau')).toBe('<ul><li>a</li></ul>\n<ol><li>b</li></ol>\n<p>sau</p>');
    expect(renderMarkdown('-5 °C\n*nghiêng*')).toBe('<p>-5 °C<br><em>nghiêng</em></p>');
  });

  it('shows everything else as typed', () => {
    expect(renderMarkdown('# Tiêu đề\n> trích dẫn\n![ảnh](https://x.org/a.png)')).toBe(
      `<p># Tiêu đề<br>&gt; trích dẫn<br>!${A('https://x.org/a.png', 'ảnh')}</p>`,
    );
  });

  it('normalises Vietnamese input to NFC', () => {
    expect(renderMarkdown('**Đắk Lắk**'.normalize('NFD'))).toBe('<p><strong>Đắk Lắk</strong></p>');
  });
});

describe('renderMarkdown: hostile input', () => {
  const vectors: Array<[string, string]> = [
    ['<script>alert(1)</script>', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'],
    ['<img src=x onerror="alert(1)">', '<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>'],
    ['**<img src=x onerror=alert(1)>**', '<p><strong>&lt;img src=x onerror=alert(1)&gt;</strong></p>'],
    ['[x](javascript:alert(1))', '<p>[x](javascript:alert(1))</p>'],
    ['[x](JAVASCRIPT:alert(1))', '<p>[x](JAVASCRIPT:alert(1))</p>'],
    ['[x](&#106;avascript:alert(1))', '<p>[x](&amp;#106;avascript:alert(1))</p>'],
    ['[x](javascript&colon;alert(1))', '<p>[x](javascript&amp;colon;alert(1))</p>'],
    ['[x](data:text/html;base64,PHNjcmlwdD4=)', '<p>[x](data:text/html;base64,PHNjcmlwdD4=)</p>'],
    ['[x](//evil.example)', '<p>[x](//evil.example)</p>'],
    ['[x](https:evil.example)', '<p>[x](https:evil.example)</p>'],
    ['[x](https://)', '<p>[x](https://)</p>'],
    [' [x]( https://a.org)', '<p>[x]( https://a.org)</p>'],
    ['[x](https://a.org/"onmouseover="alert(1))', '<p>[x](https://a.org/&quot;onmouseover=&quot;alert(1))</p>'],
    ['[x](https://a.org/" onmouseover="alert(1))', '<p>[x](https://a.org/&quot; onmouseover=&quot;alert(1))</p>'],
    ['[x](https://a.org/<script>)', '<p>[x](https://a.org/&lt;script&gt;)</p>'],
    ['[x](https://a.org/\u202Egnp.exe)', '<p>[x](https://a.org/\u202Egnp.exe)</p>'],
    ["[x](https://a.org/'x')", `<p>${A('https://a.org/&#39;x&#39;', 'x')}</p>`],
    ['[a [b] c](javascript:alert(1))', '<p>[a [b] c](javascript:alert(1))</p>'],
    ['[[x](javascript:alert(1))](https://ok.org)', '<p>[[x](javascript:alert(1))](https://ok.org)</p>'],
    ['[a [b](https://ok.org) c]', `<p>[a ${A('https://ok.org', 'b')} c]</p>`],
    ['[[x](https://ok.org)](https://ok2.org)', `<p>[${A('https://ok.org', 'x')}](https://ok2.org)</p>`],
    ['[`</a><script>`](https://ok.org)', `<p>${A('https://ok.org', '<code>&lt;/a&gt;&lt;script&gt;</code>')}</p>`],
    ['`<script>`', '<p><code>&lt;script&gt;</code></p>'],
    ['&lt;script&gt; &amp;', '<p>&amp;lt;script&amp;gt; &amp;amp;</p>'],
    ['<a href="javascript:alert(1)">x</a>', '<p>&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;</p>'],
    ['- <svg onload=alert(1)>', '<ul><li>&lt;svg onload=alert(1)&gt;</li></ul>'],
  ];

  it.each(vectors)('%j', (input, expected) => {
    const html = renderMarkdown(input);
    expect(html).toBe(expected);
    assertSafeHtml(html);
  });

  it('stays well-formed and tag-safe on 3,000 random inputs built from markup and HTML fragments', () => {
    const pieces = ['*', '**', '_', '`', '[', ']', '(', ')', '\\', '\n', '\n\n', '- ', '1. ', ' ', 'a', 'Đắk', '<', '>', '"', "'", '&', '&#106;', 'https://x.org', 'javascript:', '<script>', 'onerror=', '](', ')(', 'ư'];
    const rng = seededRandom('markdown-fuzz');
    for (let i = 0; i < 3000; i++) {
      let input = '';
      const n = 1 + Math.floor(rng() * 40);
      for (let k = 0; k < n; k++) input += pieces[Math.floor(rng() * pieces.length)];
      assertSafeHtml(renderMarkdown(input));
    }
  });

  it('stays fast on pathological input at the explanation length cap', () => {
    for (const input of ['*a '.repeat(1333), '['.repeat(4000), '**'.repeat(2000), '_a'.repeat(2000), '[x]('.repeat(1000)]) {
      const started = performance.now();
      assertSafeHtml(renderMarkdown(input));
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });
});

describe('toPlainText', () => {
  it('strips the markup and keeps the structure', () => {
    expect(toPlainText('**Mật khẩu** _mạnh_ có `12` ký tự\ndòng hai\n\n- một\n- hai\n  tiếp\n\n3. ba\n4. bốn')).toBe(
      'Mật khẩu mạnh có 12 ký tự\ndòng hai\n\n- một\n- hai\n   tiếp\n\n3. ba\n4. bốn',
    );
  });

  it('writes links as text and URL, and leaves unsafe links as typed', () => {
    expect(toPlainText('Xem [hướng dẫn](https://example.vn).')).toBe('Xem hướng dẫn (https://example.vn).');
    expect(toPlainText('[https://example.vn](https://example.vn)')).toBe('https://example.vn');
    expect(toPlainText('[x](javascript:alert(1))')).toBe('[x](javascript:alert(1))');
  });

  it('does not escape HTML (it is not HTML) but resolves backslash escapes', () => {
    expect(toPlainText('<b> & \\*')).toBe('<b> & *');
  });
});

describe('escapeHtml', () => {
  it('escapes the five significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
