import { jaroWinkler } from "./jaro-winkler.ts";
import type { NormalisedName } from "./normalise-name.ts";

/** Level indexes of NAME_LEVELS; MISSING when either side has no comparable name. */
export const NAME_EXACT = 0;
export const NAME_VARIANT = 1;
export const NAME_COMPOUND = 2;
export const NAME_JW_HIGH = 3;
export const NAME_PHONETIC = 4;
export const NAME_JW_LOW = 5;
export const NAME_DIFFERENT = 6;
export const MISSING = -1;

/**
 * How two names agree, best level first: the same spelling; the same name in another transliteration
 * (Mohammed, Muhammad); one a part of the other (García-López, García; Maria José, José); nearly the
 * same letters (Jaro-Winkler ≥ 0.94); the same sound (NYSIIS); still close (≥ 0.88); different.
 */
export function compareNames(a: NormalisedName | null, b: NormalisedName | null): number {
  if (a === null || b === null) return MISSING;
  if (a.text === b.text) return NAME_EXACT;
  if (a.key === b.key) return NAME_VARIANT;
  if (sharesAllTokensOfShorter(a.tokens, b.tokens)) return NAME_COMPOUND;
  // The spelling as written too: a typo in a name of the variant table ("Huxsein") has no canonical
  // form, and is closer to the written "Hussein" than to the table's "Husayn".
  const similarity = Math.max(jaroWinkler(a.key, b.key), jaroWinkler(a.text, b.text));
  if (similarity >= 0.94) return NAME_JW_HIGH;
  if (sameCodes(a.codes, b.codes)) return NAME_PHONETIC;
  return similarity >= 0.88 ? NAME_JW_LOW : NAME_DIFFERENT;
}

function sharesAllTokensOfShorter(a: string[], b: string[]): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  for (const token of short) if (token.length < 2 || !long.includes(token)) return false;
  return true;
}

function sameCodes(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] || a[i] === "") return false;
  return true;
}
