import { fold, nfc, squashSpaces, unifyApostrophes } from '../shared/text.ts';

/**
 * Find the unit a person meant from what they typed or what a spreadsheet says.
 *
 * Place names in Đắk Lắk are written many ways: "Krông Pắc" / "Krông Pắk",
 * "Ea H'leo" / "Ea H' Leo", straight or typographic apostrophes, with or
 * without diacritics, with or without "huyện"/"TP." in front. Matching goes
 * from strict to loose and stops at the first stage that finds anything, so a
 * spelling that names one unit exactly is never made ambiguous by a looser rule.
 */

/** What matching needs of a region: the database row, the file entry and the API view all fit. */
export interface MatchableRegion {
  code: string;
  name: string;
  fullName?: string | undefined;
  nameEn?: string | undefined;
  aliases?: readonly string[] | undefined;
}

/**
 * - `exact`: NFC, one apostrophe, lower case, single spaces (diacritics count);
 * - `compact`: no diacritics, no spaces or punctuation ("krongpac" = "Krông Pắc");
 * - `unprefixed`: `compact` after dropping a unit-type word ("H. Krông Pắc", "TP BMT", "Krong Pac district").
 */
export type MatchStage = 'exact' | 'compact' | 'unprefixed';

export interface RegionMatch<R> {
  /** The one region meant, or null when none or several fit. */
  region: R | null;
  /** Several when ambiguous (the caller should ask), one when matched, none when nothing fits. */
  candidates: R[];
  stage: MatchStage | null;
}

/** Longer inputs are not place names; refusing them keeps matching cheap on hostile input. */
const MAX_INPUT = 200;

/** Stage 1 key: differs from `fold` only in keeping diacritics. */
export function exactKey(input: string): string {
  return squashSpaces(unifyApostrophes(nfc(input)).toLocaleLowerCase('vi'));
}

/** Stage 2 key: letters and digits only, no diacritics. */
export function compactKey(input: string): string {
  return fold(input).replace(/[^\p{L}\p{N}]/gu, '');
}

// Unit-type words people put around a name. Only tried when the plain forms found nothing.
const PREFIX = /^(?:thanh pho|thi xa|thi tran|huyen|tinh|quan|phuong|xa|tp|tx|tt|h)(?:\s*\.\s*|\s+)/;
const SUFFIX = /\s+(?:city|town|district|province|commune|ward)$/;

function unprefixedKey(input: string): string {
  const folded = fold(input);
  const stripped = folded.replace(PREFIX, '').replace(SUFFIX, '');
  return stripped === folded ? '' : compactKey(stripped);
}

/** Every spelling a region is known by: code, names and aliases. */
export function spellingsOf(r: MatchableRegion): string[] {
  return [r.code, r.name, r.fullName ?? '', r.nameEn ?? '', ...(r.aliases ?? [])].filter((s) => s.trim().length > 0);
}

/**
 * The lookup keys stored in `regions.match_keys`: the folded spellings
 * (no diacritics, one apostrophe) plus their compact forms, without repeats.
 */
export function matchKeysOf(r: MatchableRegion): string[] {
  const keys = new Set<string>();
  for (const s of spellingsOf(r)) {
    keys.add(fold(s));
    keys.add(compactKey(s));
  }
  keys.delete('');
  return [...keys];
}

function indexBy<R extends MatchableRegion>(regions: readonly R[], key: (s: string) => string): Map<string, R[]> {
  const index = new Map<string, R[]>();
  for (const r of regions) {
    for (const s of spellingsOf(r)) {
      const k = key(s);
      if (!k) continue;
      const list = index.get(k) ?? [];
      if (!list.includes(r)) list.push(r);
      index.set(k, list);
    }
  }
  return index;
}

/** Build a matcher once for many look-ups (a whole enrolment file). */
export function regionMatcher<R extends MatchableRegion>(regions: readonly R[]): (input: string) => RegionMatch<R> {
  const exact = indexBy(regions, exactKey);
  const compact = indexBy(regions, compactKey);
  const stages: Array<[MatchStage, Map<string, R[]>, (s: string) => string]> = [
    ['exact', exact, exactKey],
    ['compact', compact, compactKey],
    ['unprefixed', compact, unprefixedKey],
  ];
  return (input) => {
    if (input.length > MAX_INPUT) return { region: null, candidates: [], stage: null };
    for (const [stage, index, key] of stages) {
      const k = key(input);
      if (!k) continue;
      const found = index.get(k);
      if (!found) continue;
      return { region: found.length === 1 ? found[0]! : null, candidates: [...found], stage };
    }
    return { region: null, candidates: [], stage: null };
  };
}

/** The region `input` names (by code, name, full name, English name or alias), or null with the candidates when ambiguous. */
export function matchRegion<R extends MatchableRegion>(input: string, regions: readonly R[]): RegionMatch<R> {
  return regionMatcher(regions)(input);
}
