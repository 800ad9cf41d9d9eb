import { MESSAGES, t as translate, type Lang, type MessageKey } from '../messages.ts';

/** Read the JSON block the server rendered into the page. */
export function readPageData<T extends { lang: Lang }>(): T {
  const el = document.getElementById('page-data');
  return JSON.parse(el?.textContent ?? '{}') as T;
}

export function translator(lang: Lang) {
  return (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params);
}

export { MESSAGES };
