/**
 * A tiny element builder for the client pages: enough to render a screen from
 * state without a framework (the play page must stay small on slow networks).
 */

export type Child = Node | string | number | null | undefined | false | Child[];
type AttrValue = string | number | boolean | null | undefined | ((e: Event) => void);

/**
 * Create an element. `on…` attributes become listeners, `true` a bare attribute,
 * `false`/null/undefined nothing; text children are always text, never HTML.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, AttrValue> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** An element whose content is HTML from `renderMarkdown` (escaped by construction, see src/banks/markdown.ts). */
export function markdownBlock(tag: 'div' | 'span', className: string, safeHtml: string): HTMLElement {
  const el = document.createElement(tag);
  el.className = className;
  el.innerHTML = safeHtml;
  return el;
}

/**
 * Replace `root`'s content. Keyboard users keep their place: a new screen moves
 * focus to its heading (`data-autofocus`), a re-render of the same screen puts
 * focus back on the element with the same `data-key`.
 */
export function render(root: HTMLElement, content: Child, screenChanged: boolean): void {
  const active = document.activeElement as HTMLElement | null;
  const inside = active !== null && root.contains(active);
  const key = inside ? active.dataset.key : undefined;
  // Focus on the screen's heading stays there across a re-render (answers opening, a pause), instead of falling to <body>.
  const onHeading = inside && active.hasAttribute('data-autofocus');
  root.replaceChildren();
  append(root, [content]);
  const target = screenChanged || onHeading ? root.querySelector<HTMLElement>('[data-autofocus]') : key ? root.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`) : null;
  target?.focus({ preventScroll: !screenChanged });
}

/** Say something through a live region (cleared first so a repeat is announced again). */
export function announce(id: 'announce' | 'alert', text: string): void {
  const el = document.getElementById(id);
  if (!el) return;
  el.textContent = '';
  setTimeout(() => (el.textContent = text), 50);
}
