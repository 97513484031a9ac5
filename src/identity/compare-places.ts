import { MISSING } from "./compare-names.ts";
import { jaroWinkler } from "./jaro-winkler.ts";

/** Sex, country of birth, region: equal or not (CODE_LEVELS). */
export function compareCodes(a: string | null, b: string | null): number {
  if (a === null || b === null) return MISSING;
  return a === b ? 0 : 1;
}

/** Street and city: equal, nearly equal (Jaro-Winkler ≥ 0.9), different (TEXT_LEVELS). */
export function compareText(a: string | null, b: string | null): number {
  if (a === null || b === null) return MISSING;
  if (a === b) return 0;
  return jaroWinkler(a, b) >= 0.9 ? 1 : 2;
}

/**
 * Postal codes: equal; the same area (the first three characters: a Canadian forward sortation
 * area, a US three-digit zone); different (POSTAL_LEVELS).
 */
export function comparePostalCodes(a: string | null, b: string | null): number {
  if (a === null || b === null) return MISSING;
  if (a === b) return 0;
  return a.length >= 3 && a.slice(0, 3) === b.slice(0, 3) ? 1 : 2;
}
