import { MISSING } from "./compare-names.ts";
import { boundedEditDistance } from "./edit-distance.ts";

/**
 * How two folded document numbers agree: equal, one or two characters off (a typo, a dropped
 * character), or different — a renewed passport has a new number, so "different" is weak evidence
 * against a match, not proof.
 */
export function compareDocumentNumbers(a: string | null, b: string | null): number {
  if (a === null || b === null) return MISSING;
  return Math.min(boundedEditDistance(a, b, 2), 3);
}
