/**
 * Latin spellings of Cyrillic, Greek and Arabic letters, close to the passport conventions (ICAO
 * Doc 9303 part 3, Annex to section 6), so that a name written only in its own script can still be
 * compared with the Latin spelling printed in a passport's machine-readable zone. Arabic short
 * vowels are rarely written, so an Arabic name compares mostly on its consonants and phonetic code.
 */
const LETTERS: Record<string, string> = {
  // Cyrillic (Russian, Ukrainian, Belarusian, Bulgarian, Serbian)
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  ґ: "g",
  д: "d",
  ђ: "dj",
  е: "e",
  ё: "e",
  є: "ie",
  ж: "zh",
  з: "z",
  ѕ: "dz",
  и: "i",
  і: "i",
  ї: "i",
  й: "i",
  ј: "j",
  к: "k",
  л: "l",
  љ: "lj",
  м: "m",
  н: "n",
  њ: "nj",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  ћ: "c",
  у: "u",
  ў: "u",
  ф: "f",
  х: "kh",
  ц: "ts",
  ч: "ch",
  џ: "dz",
  ш: "sh",
  щ: "shch",
  ъ: "ie",
  ы: "y",
  ь: "",
  э: "e",
  ю: "iu",
  я: "ia",
  // Greek
  α: "a",
  β: "v",
  γ: "g",
  δ: "d",
  ε: "e",
  ζ: "z",
  η: "i",
  θ: "th",
  ι: "i",
  κ: "k",
  λ: "l",
  μ: "m",
  ν: "n",
  ξ: "x",
  ο: "o",
  π: "p",
  ρ: "r",
  σ: "s",
  ς: "s",
  τ: "t",
  υ: "y",
  φ: "f",
  χ: "ch",
  ψ: "ps",
  ω: "o",
  // Arabic (and the Persian and Urdu letters most often met in names)
  ا: "a",
  أ: "a",
  إ: "i",
  آ: "a",
  ء: "",
  ؤ: "u",
  ئ: "i",
  ب: "b",
  پ: "p",
  ت: "t",
  ث: "th",
  ج: "j",
  چ: "ch",
  ح: "h",
  خ: "kh",
  د: "d",
  ذ: "dh",
  ر: "r",
  ز: "z",
  ژ: "zh",
  س: "s",
  ش: "sh",
  ص: "s",
  ض: "d",
  ط: "t",
  ظ: "z",
  ع: "",
  غ: "gh",
  ف: "f",
  ق: "q",
  ک: "k",
  ك: "k",
  گ: "g",
  ل: "l",
  م: "m",
  ن: "n",
  ه: "h",
  ة: "a",
  و: "w",
  ي: "y",
  ی: "y",
  ى: "a",
  // Latin letters that Unicode decomposition does not reduce to a base letter
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ø: "o",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
};

/**
 * Lower case, accents and other combining marks removed (NFKD), other scripts transliterated, and
 * anything that is not a letter or a digit turned into one space.
 *
 * @example foldText("  Ngọc-Ánh O'Brien") // "ngoc anh o brien"
 * @example foldText("Дмитрий") // "dmitrii"
 */
export function foldText(text: string): string {
  const decomposed = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
  return decomposed
    .replace(/[^a-z0-9 ]/g, (char) => LETTERS[char] ?? (/[\p{L}\p{N}]/u.test(char) ? char : " "))
    .replace(/ {2,}/g, " ")
    .trim();
}

/** True when every letter of a folded text is a Latin letter or a digit: only then are names comparable. */
export function isComparableText(folded: string): boolean {
  return /^[a-z0-9 ]*$/.test(folded);
}
