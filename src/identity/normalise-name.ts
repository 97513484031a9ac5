import { NAME_VARIANTS } from "./name-variants.ts";
import { nysiis } from "./phonetic-code.ts";
import { foldText, isComparableText } from "./transliterate.ts";

/**
 * Words that mark a family or a place in a name rather than being the name itself (Spanish and
 * Portuguese de/del/dos, Dutch van/der, German von, Italian di/della, Arabic al-/el-, bin/ibn): forms
 * keep them or drop them, so they are left out of the comparison.
 */
export const NAME_PARTICLES: ReadonlySet<string> = new Set([
  "de",
  "del",
  "della",
  "der",
  "den",
  "des",
  "di",
  "da",
  "das",
  "do",
  "dos",
  "du",
  "la",
  "le",
  "van",
  "von",
  "vander",
  "ter",
  "ten",
  "al",
  "el",
  "ul",
  "bin",
  "ben",
  "ibn",
  "bint",
  "abu",
  "y",
  "e",
  "st",
]);

/** A name as the engine compares it, computed once when the record is added. */
export interface NormalisedName {
  /** Folded words, particles dropped, each spelling variant replaced by its row's first form. */
  tokens: string[];
  /** `tokens` joined with spaces: two names with the same key are the same name. */
  key: string;
  /** The folded name before variants were applied, particles dropped: what the string comparators read. */
  text: string;
  /** NYSIIS code of each token. */
  codes: string[];
}

/**
 * German umlauts written without the dots (Müller → Mueller) fold to the same letters as the dotted
 * form folds to (muller). Applied to both sides, so it never separates two names.
 */
function foldUmlautSpelling(token: string): string {
  return token.length > 3
    ? token.replace(/([bcdfghjklmnpqrstvwxz])([aou])e(?=[bcdfghjklmnpqrstvwxz])/g, "$1$2")
    : token;
}

/**
 * The NYSIIS code of a word after the spellings one sound takes across transliteration systems are
 * made one: sh, ch and sch (Shah, Chah; Shevchenko, Chevtchenko), kh and h (Khaled, Haled), dj and j,
 * ou and u, ph and f. NYSIIS alone treats them as different sounds.
 */
function soundOf(token: string): string {
  return nysiis(
    token
      .replace(/sch|sh|ch|tch/g, "s")
      .replace(/kh/g, "h")
      .replace(/dj/g, "j")
      .replace(/ou/g, "u")
      .replace(/ph/g, "f"),
  );
}

/**
 * The comparable form of a given or family name, or null when there is nothing to compare (empty,
 * or written in a script the engine cannot transliterate: such a name counts as missing, not as a
 * disagreement).
 *
 * @example normaliseName("García-López").key // "garcia lopez"
 * @example normaliseName("Mohammed al-Rashid").key // "muhammad rashid"
 */
export function normaliseName(name: string | null | undefined): NormalisedName | null {
  if (name === null || name === undefined) return null;
  const folded = foldText(name);
  if (folded === "" || !isComparableText(folded)) return null;
  const words = folded.split(" ").filter((w) => !/^[0-9]+$/.test(w));
  const kept = words.filter((w) => !NAME_PARTICLES.has(w));
  const plain = (kept.length > 0 ? kept : words).map(foldUmlautSpelling);
  if (plain.length === 0) return null;
  const tokens = plain.map((w) => NAME_VARIANTS.get(w) ?? w);
  return { tokens, key: tokens.join(" "), text: plain.join(" "), codes: tokens.map(soundOf) };
}
