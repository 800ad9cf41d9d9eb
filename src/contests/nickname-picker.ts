import type { Language } from '../shared/localized.ts';
import { generateNickname, validateNickname } from './nickname.ts';

/**
 * A generated nickname nobody in the contest has yet. The two-word space holds
 * 900 names per language, so in a large contest the picker adds a number
 * ("Voi Dũng Cảm 4821") once plain pairs keep colliding: 900 × 99,998 names is far
 * beyond any contest, and `isTaken` is asked before the name is offered, so a
 * server-picked name never fails with NICKNAME_TAKEN. Returns null only if every
 * attempt collided (never seen; the caller answers NICKNAME_TAKEN then).
 */
export function pickFreeNickname(rng: () => number, lang: Language, isTaken: (key: string) => boolean, attempts = 64): string | null {
  for (let i = 0; i < attempts; i++) {
    const base = generateNickname(rng, lang);
    const name = i < 3 ? base : `${base} ${2 + Math.floor(rng() * 99_998)}`;
    const checked = validateNickname(name);
    if (!checked.ok) continue; // a pair too long for a number
    if (!isTaken(checked.key)) return checked.nickname;
  }
  return null;
}
