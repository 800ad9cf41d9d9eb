import type { PlayerResponse } from '../src/banks/responses.ts';
import type { QuestionView, Timing } from '../src/contests/protocol.ts';
import { nicknameKey, validateNickname } from '../src/contests/nickname.ts';
import type { Rng } from '../src/shared/random.ts';

/**
 * How benchmark bots play: their names, their answers and when they give them.
 * Pure; randomness is injected.
 */

const CONSONANTS = ['b', 'd', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'x'];
const VOWELS = ['a', 'e', 'i', 'o', 'u'];

/** The i-th syllable string: consonant–vowel pairs, so no letter repeats next to itself (the nickname key collapses runs). */
function syllables(i: number): string {
  let s = '';
  let n = i;
  do {
    const c = CONSONANTS[n % CONSONANTS.length] as string;
    n = Math.floor(n / CONSONANTS.length);
    const v = VOWELS[n % VOWELS.length] as string;
    n = Math.floor(n / VOWELS.length);
    s += c + v;
  } while (n > 0);
  return s;
}

/**
 * `n` distinct nicknames the server accepts. Digits cannot tell bots apart
 * ("Bot 1" and "Bot 11" share a key: digits read as letters, runs collapse), so
 * names are letter syllables; a candidate the profanity filter or a key
 * collision refuses is skipped.
 */
export function botNicknames(n: number): string[] {
  const names: string[] = [];
  const keys = new Set<string>();
  for (let i = 0; names.length < n; i++) {
    const s = syllables(i);
    const candidate = `Bot ${s.charAt(0).toUpperCase()}${s.slice(1)}`;
    const checked = validateNickname(candidate);
    if (!checked.ok || keys.has(nicknameKey(checked.nickname))) continue;
    keys.add(nicknameKey(checked.nickname));
    names.push(checked.nickname);
  }
  return names;
}

const SHORT_ANSWERS = ['mật khẩu', 'phishing', 'không', 'có', 'xác thực hai bước', 'sao lưu'];

/** `k` distinct indices of 0..n-1, in random order. */
function pick(n: number, k: number, rng: Rng): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(rng() * (i + 1)));
    [all[i], all[j]] = [all[j] as number, all[i] as number];
  }
  return all.slice(0, k);
}

/** A valid response to `q` chosen at random (right or wrong alike), in the player's display indices. */
export function randomResponse(q: QuestionView, rng: Rng): PlayerResponse {
  const n = q.options?.length ?? 0;
  switch (q.type) {
    case 'single_choice':
      return { type: 'single_choice', choice: Math.min(n - 1, Math.floor(rng() * n)) };
    case 'multiple_choice': {
      const k = q.count ?? 1 + Math.min(n - 1, Math.floor(rng() * n));
      return { type: 'multiple_choice', choices: pick(n, Math.max(1, Math.min(k, n)), rng) };
    }
    case 'true_false':
      return { type: 'true_false', value: rng() < 0.5 };
    case 'short_answer':
      return { type: 'short_answer', text: SHORT_ANSWERS[Math.floor(rng() * SHORT_ANSWERS.length)] ?? 'có' };
    case 'ordering':
      return { type: 'ordering', order: pick(n, n, rng) };
    case 'numerical': {
      const s = q.numeric?.slider;
      return { type: 'numerical', value: s ? s.min + Math.floor(rng() * ((s.max - s.min) / s.step + 1)) * s.step : Math.round(rng() * 100) };
    }
    case 'matching':
      return { type: 'matching', pairs: pick(n, n, rng) };
  }
}

/**
 * When to answer, on the server's clock: uniformly between the opening and
 * `marginMs` before the close, so answers spread over the window the way a
 * class's do, and clock error cannot push one past the deadline.
 */
export function answerMoment(timing: Pick<Timing, 'opensAt' | 'closesAt'>, rng: Rng, marginMs = 500): number {
  const last = Math.max(timing.opensAt, timing.closesAt - marginMs);
  return timing.opensAt + rng() * (last - timing.opensAt);
}
