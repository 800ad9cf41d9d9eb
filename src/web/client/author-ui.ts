import { announce, h, type Child } from './dom.ts';
import { readPageData } from './page-data.ts';
import { ta, type AuthoringKey } from '../authoring-messages.ts';
import { api, setApiLanguage, errorLines, type ApiError } from './api.ts';
import type { Lang, MessageKey } from '../messages.ts';

/**
 * What every authoring page shares: its data, the translator, the live regions,
 * labelled fields and the status line each form announces into.
 */

export interface AuthorPageData {
  lang: Lang;
  me: { email: string; role: 'admin' | 'teacher' | 'official'; regionCode: string | null; id: string };
}

export function authorPage<D extends AuthorPageData>() {
  const data = readPageData<D>();
  setApiLanguage(data.lang);
  const t: T = (key, params) => ta(data.lang, key, params);
  const app = document.getElementById('app') as HTMLElement;
  document.getElementById('sign-out')?.addEventListener('click', async () => {
    await api('POST', '/api/auth/logout');
    location.assign('/');
  });
  return { data, t, app };
}

export type T = (key: AuthoringKey | MessageKey, params?: Record<string, string | number>) => string;

let uid = 0;
export const nextId = (prefix: string) => `${prefix}-${++uid}`;

/** A label and a control bound by id, with an optional hint and an error slot (aria-describedby). */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, opts: { hint?: string; id?: string } = {}): HTMLElement {
  const id = opts.id ?? control.id ?? nextId('f');
  control.id = id;
  const errId = `${id}-error`;
  const hintId = opts.hint ? `${id}-hint` : null;
  control.setAttribute('aria-describedby', [hintId, errId].filter(Boolean).join(' '));
  return h('div', { class: 'field' }, h('label', { for: id }, label), opts.hint ? h('p', { class: 'hint', id: hintId! }, opts.hint) : null, control, h('p', { class: 'field-error', id: errId }));
}

/** Show (or clear) a field's error next to it and mark it invalid. */
export function setFieldError(control: Element | null, message: string | null): void {
  if (!control) return;
  const err = document.getElementById(`${control.id}-error`);
  if (err) err.textContent = message ?? '';
  if (message) control.setAttribute('aria-invalid', 'true');
  else control.removeAttribute('aria-invalid');
}

/** A status line inside a form: messages go here and to the page's live region. */
export function statusLine(id: string): HTMLElement {
  return h('p', { id, class: 'status', role: 'status', 'aria-live': 'polite' });
}

export function say(el: HTMLElement | null, text: string, kind: 'ok' | 'error' = 'ok'): void {
  if (el) {
    el.textContent = text;
    el.classList.toggle('error', kind === 'error');
  }
  announce(kind === 'error' ? 'alert' : 'announce', text);
}

export function sayError(el: HTMLElement | null, e: ApiError): void {
  say(el, errorLines(e).join(' — '), 'error');
}

export function button(label: Child, attrs: Record<string, string | boolean | ((e: Event) => void)> = {}): HTMLButtonElement {
  return h('button', { type: 'button', class: 'button small', ...attrs }, label);
}

/** Heading for a new screen: focus goes there so screen readers follow. */
export const pageHeading = (text: string) => h('h1', { tabindex: '-1', 'data-autofocus': true }, text);

export function download(url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  document.body.appendChild(a);
  a.click();
  a.remove();
}
