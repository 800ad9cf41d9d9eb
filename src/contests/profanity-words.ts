/**
 * Compact word lists for the nickname filter (`nickname.ts`). Each list says how
 * a word is matched, because Vietnamese has many innocent short syllables that
 * fold to the same letters as an obscenity ("các" / "cặc", "lớn" / "lồn",
 * "buổi" / "buồi", "đi" / "đĩ", "cút" (quail) / "cứt", "phở" / "phò").
 */

/**
 * Whole tokens, matched on the folded form (lower case, no diacritics, bypass
 * digits mapped, repeated letters collapsed): only words with no innocent reading
 * once folded. Spaced or dotted letters ("đ.m", "v c l") are joined before matching.
 */
export const FOLDED_TOKENS: readonly string[] = [
  // Vietnamese abbreviations and slang: nobody's name folds to these.
  'dm', 'dmm', 'dcm', 'dkm', 'dcmm', 'dmcs', 'vcl', 'vkl', 'vl', 'cc', 'clm', 'cmm',
  'dit', 'ditme', 'ditmemay', 'duma', 'dume', 'dmay', 'loz', 'occho',
  // English, whole tokens only: "ass" is inside "class", "cock" inside "peacock", "anal" inside "canal".
  'ass', 'arse', 'dick', 'cock', 'cunt', 'shit', 'shitty', 'pussy', 'porn', 'sex', 'sexy', 'anal', 'rape', 'rapist',
  'tits', 'boobs', 'penis', 'vagina', 'wank', 'wanker', 'twat', 'slut', 'retard', 'nazi', 'hitler', 'fag', 'fuk', 'fck',
  'phuck', 'milf', 'stfu',
  // Insults (not only obscenities): a name on the projector must not mock a classmate.
  'idiot', 'stupid', 'moron', 'dumbass', 'loser', 'bitchy', 'vcc', 'vlon', 'dmvl', 'cmnr', 'vleu', 'dcmm',
];

/** Several folded tokens in a row ("đụ má", "chó chết"); also matched written as one token ("duma"). */
export const FOLDED_PHRASES: readonly string[] = [
  'du ma', 'dit me', 'dit con me', 'cho chet', 'oc cho',
  // Insults whose folded form is no name: "thằng ngu", "con ngu", "mày ngu", "óc lợn", "khốn nạn", "vô học"…
  'thang ngu', 'con ngu', 'may ngu', 'ngu nhu bo', 'ngu nhu cho', 'ngu vl', 'ngu vcl', 'oc lon', 'oc heo', 'khon nan', 'mat day', 'vo hoc',
  'do an hai', 'bede',
];

/**
 * Several tokens in a row matched with their diacritics: their folded forms are
 * names ("Đỗ Ngữ", "Đỗ Điền" fold to "do ngu", "do dien").
 */
export const EXACT_PHRASES: readonly string[] = ['đồ ngu', 'đồ điên', 'đồ chó', 'đồ khốn', 'đồ dở hơi', 'đồ rác rưởi', 'đồ mặt dày', 'ngu ngốc', 'thằng ngốc', 'con ngốc', 'đồ ngốc', 'thằng hâm', 'thằng điên', 'con điên', 'thằng khùng', 'thằng đần', 'đồ đần'];

/**
 * Substrings of a folded token: long English words that no Vietnamese syllable
 * run produces (Vietnamese has no f, w, z and no "tch"), so "fuckboy" and
 * "b1tchy" are caught inside one token. Never matched across tokens: "Cún Tít"
 * written as one word must not read as an English obscenity.
 */
export const FOLDED_SUBSTRINGS: readonly string[] = [
  'fuck', 'bitch', 'nigger', 'nigga', 'faggot', 'asshole', 'whore', 'motherf', 'dickhead', 'bastard', 'cocksuck',
  'shithead', 'bullshit', 'dildo',
];

/**
 * Whole tokens matched only with their diacritics (lower-cased NFC): their
 * folded forms are everyday words or names ("lon", "cac", "buoi", "du", "deo",
 * "di", "nung", "chich", "pho", "cut").
 */
export const EXACT_TOKENS: readonly string[] = ['lồn', 'cặc', 'buồi', 'đụ', 'đéo', 'đĩ', 'nứng', 'chịch', 'phò', 'cứt'];
