import { fold, nfc, squashSpaces } from '../shared/text.ts';
import type { Language } from '../shared/localized.ts';
import { EXACT_PHRASES, EXACT_TOKENS, FOLDED_PHRASES, FOLDED_SUBSTRINGS, FOLDED_TOKENS } from './profanity-words.ts';
import { skeleton, teenSpelling } from './confusables.ts';
import { EN_ADJECTIVES, EN_NOUNS, VI_ADJECTIVES, VI_NOUNS } from './nickname-words.ts';

export const NICKNAME_MIN_GRAPHEMES = 2;
export const NICKNAME_MAX_GRAPHEMES = 20;
const MAX_MARKS_PER_GRAPHEME = 2;

export type NicknameError = 'TOO_SHORT' | 'TOO_LONG' | 'FORBIDDEN_CHARS' | 'GLITCH_TEXT' | 'NO_LETTERS' | 'PROFANITY';
export type NicknameResult = { ok: true; nickname: string; key: string } | { ok: false; code: NicknameError };

/**
 * Characters that hide, reorder or fake text: controls, every format character
 * (bidi embeddings/overrides/isolates, LRM/RLM, zero-width space/joiners, word
 * joiner, BOM, soft hyphen, tags), private use, lone surrogates, line separators,
 * the blank-looking letters used for "invisible" names, and `<`/`>` (markup).
 */
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\u2028\u2029\u115F\u1160\u3164\uFFA0\u2800<>]/u;

/** Look-alike spellings used to dodge filters and impersonate: "N4m" is "Nam". */
const BYPASS: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };
const BYPASS_RE = /[013457@$]/g;

const segmenter = new Intl.Segmenter('vi', { granularity: 'grapheme' });

/**
 * Check and normalise a nickname: NFC, trimmed, inner spaces squashed, 2–20
 * graphemes, no hidden or markup characters, no "glitch text" (more than two
 * combining marks on one character), at least one letter, digit or symbol that
 * survives key folding, no profanity. `key` is the per-contest uniqueness key.
 */
export function validateNickname(raw: string): NicknameResult {
  const normalized = nfc(raw);
  if (FORBIDDEN.test(normalized)) return { ok: false, code: 'FORBIDDEN_CHARS' };
  const nickname = squashSpaces(normalized);
  let graphemes = 0;
  for (const { segment } of segmenter.segment(nickname)) {
    graphemes++;
    if ((segment.match(/\p{M}/gu)?.length ?? 0) > MAX_MARKS_PER_GRAPHEME) return { ok: false, code: 'GLITCH_TEXT' };
  }
  if (graphemes < NICKNAME_MIN_GRAPHEMES) return { ok: false, code: 'TOO_SHORT' };
  if (graphemes > NICKNAME_MAX_GRAPHEMES) return { ok: false, code: 'TOO_LONG' };
  const key = nicknameKey(nickname);
  if (key === '') return { ok: false, code: 'NO_LETTERS' };
  if (containsProfanity(nickname)) return { ok: false, code: 'PROFANITY' };
  return { ok: true, nickname, key };
}

/**
 * The uniqueness key: folded (case, diacritics), bypass digits and symbols read
 * as letters, spaces and punctuation removed, repeated letters collapsed, so
 * "Nam", "NAM", "Nâm", "N 4 m" and "Naam" are one player. Consequence: "Team 1"
 * and "Team 11" collide too; the second player picks another name.
 */
export function nicknameKey(nickname: string): string {
  return collapseRuns(fold(skeleton(nickname)).replace(BYPASS_RE, (c) => BYPASS[c] ?? c).replace(/[\p{P}\p{Z}]/gu, ''), 1);
}

/**
 * Whether the nickname contains a listed obscenity or insult (see
 * `profanity-words.ts` for how each list matches). Matching runs on the
 * skeleton (NFKC, look-alike letters mapped, see `confusables.ts`), folded, with
 * digits and symbols read as letters, and each token also read in Vietnamese
 * teen spelling ("đjt", "vkl").
 */
export function containsProfanity(raw: string): boolean {
  const nickname = skeleton(raw);
  const folded = tokens(fold(nickname).replace(BYPASS_RE, (c) => BYPASS[c] ?? c));
  for (const token of folded) {
    for (const form of [...forms(token), ...forms(teenSpelling(token))]) {
      if (FOLDED_SET.has(form) || FOLDED_COMPACT_PHRASES.has(form)) return true;
      if (FOLDED_SUBSTRINGS.some((w) => form.includes(w))) return true;
    }
    const single = collapseRuns(token, 1);
    if (COLLAPSED_SET.has(single) || SINGLE_LETTER_SUBSTRINGS.some((w) => single.includes(w))) return true;
  }
  for (const phrase of FOLDED_PHRASES) {
    const words = phrase.split(' ');
    for (let i = 0; i + words.length <= folded.length; i++) {
      if (words.every((w, j) => forms(folded[i + j] ?? '').includes(w))) return true;
    }
  }
  for (const phrase of FOLDED_PHRASES) {
    const words = phrase.split(' ');
    for (let i = 0; i + words.length <= folded.length; i++) {
      if (words.every((w, j) => teenSpelling(folded[i + j] ?? '') === w)) return true;
    }
  }
  const exact = tokens(nfc(nickname).toLocaleLowerCase('vi'));
  // Listed diacritic words have no doubled letters, so any stretching collapses back to them.
  if (exact.some((token) => EXACT_SET.has(token) || EXACT_SET.has(collapseRuns(token, 1)))) return true;
  const compact = exact.join('');
  return EXACT_PHRASES.some((phrase) => {
    const words = phrase.split(' ');
    for (let i = 0; i + words.length <= exact.length; i++) {
      if (words.every((w, j) => collapseRuns(exact[i + j] ?? '', 1) === w)) return true;
    }
    return compact.includes(phrase.replace(/ /g, '')) && exact.length <= words.length;
  });
}

const FOLDED_SET = new Set(FOLDED_TOKENS);
const FOLDED_COMPACT_PHRASES = new Set(FOLDED_PHRASES.map((p) => p.replace(/ /g, '')));
const EXACT_SET = new Set(EXACT_TOKENS);
/** "fuuuck" → "fuck"; only for words whose collapsed form is long enough not to hit initials ("cc" → "c"). */
const COLLAPSED_SET = new Set(
  [...FOLDED_TOKENS, ...FOLDED_COMPACT_PHRASES].map((w) => collapseRuns(w, 1)).filter((w) => w.length >= 3),
);

/** Substrings whose letters never double, so "fuuuck" shortened to single letters still contains them ("nigger" would hit "Nigeria"). */
const SINGLE_LETTER_SUBSTRINGS = FOLDED_SUBSTRINGS.filter((w) => collapseRuns(w, 1) === w);

/**
 * Space-separated tokens with punctuation and symbols inside them removed
 * ("đ.m" → "đm"), and runs of one-letter tokens joined ("v c l" → "vcl").
 */
function tokens(text: string): string[] {
  const out: string[] = [];
  let letters = '';
  for (const part of text.split(/\s+/u)) {
    const t = part.replace(/[^\p{L}\p{N}\p{M}]/gu, '');
    if (t === '') continue;
    if ([...t].length === 1) {
      letters += t;
      continue;
    }
    if (letters) out.push(letters);
    letters = '';
    out.push(t);
  }
  if (letters) out.push(letters);
  return out;
}

/** A token as written and with stretched letters shortened to two ("dmmmm" → "dmm"). */
function forms(token: string): string[] {
  const two = collapseRuns(token, 2);
  return two === token ? [token] : [token, two];
}

/** Shorten every run of one repeated character to at most `max`. */
function collapseRuns(text: string, max: number): string {
  let out = '';
  let prev = '';
  let run = 0;
  for (const ch of text) {
    run = ch === prev ? run + 1 : 1;
    prev = ch;
    if (run <= max) out += ch;
  }
  return out;
}

/**
 * A friendly two-word nickname: noun + adjective in Vietnamese ("Voi Dũng Cảm"),
 * adjective + noun in English ("Brave Elephant"). `rng` returns numbers in [0, 1).
 */
export function generateNickname(rng: () => number, lang: Language): string {
  const pickFrom = (list: readonly string[]) => list[Math.min(list.length - 1, Math.floor(rng() * list.length))] ?? list[0] ?? '';
  if (lang === 'vi') {
    const noun = pickFrom(VI_NOUNS);
    return `${noun} ${pickFrom(VI_ADJECTIVES)}`;
  }
  const adjective = pickFrom(EN_ADJECTIVES);
  return `${adjective} ${pickFrom(EN_NOUNS)}`;
}
