/**
 * The "skeleton" a nickname is filtered and compared on: what it looks like,
 * not which code points spell it. Filter bypasses swap letters for look-alikes
 * ("vсl" with a Cyrillic с, full-width "ｄｍ", "sh!t", "đ1t"), so:
 *
 * 1. NFKC folds compatibility forms: full-width letters, circled and
 *    mathematical letters, ligatures ("ｄｍ" → "dm", "𝐝𝐦" → "dm").
 * 2. Cyrillic and Greek letters that look Latin are mapped to that Latin letter
 *    (after Unicode's confusables list, restricted to letters people use).
 * 3. Symbols standing for letters inside a word are read as that letter
 *    ("sh!t", "d|t"); digits are mapped later, in the nickname key and filter.
 *
 * Vietnamese letters (ă â đ ê ô ơ ư and the tone marks) survive every step.
 * Stored nicknames keep what the player typed (NFC); only matching uses this.
 */
const LOOKALIKES: Record<string, string> = {
  // Cyrillic, lower case
  а: 'a', в: 'b', с: 'c', ԁ: 'd', е: 'e', ё: 'e', һ: 'h', і: 'i', ї: 'i', ј: 'j', к: 'k', ӏ: 'l', м: 'm', н: 'h', о: 'o', р: 'p',
  ԛ: 'q', ѕ: 's', т: 't', у: 'y', ԝ: 'w', х: 'x', ь: 'b', п: 'n', г: 'r', д: 'd',
  // Cyrillic, upper case
  А: 'A', В: 'B', С: 'C', Е: 'E', Ё: 'E', Н: 'H', І: 'I', Ї: 'I', Ј: 'J', К: 'K', М: 'M', О: 'O', Р: 'P', Ѕ: 'S', Т: 'T', Х: 'X', У: 'Y',
  // Greek, lower case
  α: 'a', β: 'b', γ: 'y', δ: 'd', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w', ς: 'c', μ: 'u',
  // Greek, upper case
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
  // Latin look-alikes outside ASCII
  ı: 'i', ȷ: 'j', ł: 'l', ø: 'o', ɑ: 'a', ɡ: 'g', ʀ: 'r', ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ɢ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ʟ: 'l',
  ᴍ: 'm', ɴ: 'n', ᴏ: 'o', ᴘ: 'p', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ʏ: 'y', ᴢ: 'z', '€': 'e',
};
const LOOKALIKE_RE = new RegExp(`[${Object.keys(LOOKALIKES).join('')}]`, 'gu');

/** Symbols read as a letter when they sit between letters ("sh!t", "d|t", "b!tch"). */
const INNER_SYMBOLS: Record<string, string> = { '!': 'i', '|': 'i', '¡': 'i' };

export function skeleton(text: string): string {
  return text
    .normalize('NFKC')
    .replace(LOOKALIKE_RE, (ch) => LOOKALIKES[ch] ?? ch)
    .replace(/(?<=\p{L})[!|¡](?=\p{L})/gu, (ch) => INNER_SYMBOLS[ch] ?? ch)
    .normalize('NFC');
}

/**
 * Vietnamese "teen code" spellings, applied to a folded token: "đjt" → "dit",
 * "zl" → "dl", "ck" → "ch", "f" → "ph", "k" → "c", "w" → "qu". Used only to
 * look tokens up in the word lists, never to rewrite a name.
 */
export function teenSpelling(folded: string): string {
  return folded
    .replace(/ck/g, 'ch')
    .replace(/j/g, 'i')
    .replace(/z/g, 'd')
    .replace(/f/g, 'ph')
    .replace(/k/g, 'c')
    .replace(/w/g, 'qu');
}
