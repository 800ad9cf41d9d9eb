import { pick, type LocalizedText } from '../../shared/language.ts';
import { MESSAGES, type Lang, type MessageKey } from '../messages.ts';
import type { translator } from './page-data.ts';

/** Helpers every live page shares: language, translated error codes, localized text. */

export type T = ReturnType<typeof translator>;

/** Remember the page language for later visits (the server reads the `lang` cookie). */
export function rememberLang(lang: Lang): void {
  document.cookie = `lang=${lang}; path=/; max-age=31536000; samesite=lax`;
}

/** The message for an error code under `prefix` (`play.error.NICKNAME_TAKEN`), or the prefix's generic one. */
export function errorText(t: T, prefix: 'play.error' | 'host.error', code: string): string {
  const key = `${prefix}.${code}`;
  return key in MESSAGES.vi ? t(key as MessageKey) : t(`${prefix}.generic` as MessageKey, { code });
}

/** Pick a language of optional `{vi, en}` text, falling back to the other (the shared `pick` rule). */
export function pickText(text: LocalizedText | undefined, lang: Lang): string {
  return text ? pick(text, lang) : '';
}

/** Show the connection state in the top bar. */
export function showNet(t: T, online: boolean): void {
  const el = document.getElementById('net');
  if (!el) return;
  el.textContent = online ? '' : t('live.offline');
  el.classList.toggle('offline', !online);
}

/** A short number for people: "1 234" in Vietnamese, "1,234" in English. */
export function formatNumber(n: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 0 }).format(n);
}

export function formatPercent(rate: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { style: 'percent', maximumFractionDigits: 0 }).format(rate);
}
