import { MISSING } from "./compare-names.ts";

/** Level indexes of DATE_LEVELS. */
export const DATE_EXACT = 0;
export const DATE_TRANSPOSED = 1;
export const DATE_ADJACENT_DAY = 2;
export const DATE_ONE_DIGIT = 3;
export const DATE_SAME_YEAR = 4;
export const DATE_DIFFERENT = 5;

/**
 * How two dates of birth (YYYYMMDD) agree: equal; day and month swapped (03/07 read as 07/03, the
 * commonest error between day-first and month-first forms); the day next to it (19 for 20: a birth
 * near midnight, a date carried across time zones); one digit mistyped elsewhere; the same year
 * only; different. The neighbouring day is its own level because two strangers are born a day
 * apart about as rarely as on the same day, while a digit off anywhere in the date (a year, a
 * month) happens by chance some twenty times as often: merged, the rarer agreement was weighed
 * as the commoner one.
 *
 * @example compareDates("19840307", "19840703") // DATE_TRANSPOSED
 */
export function compareDates(a: string | null, b: string | null): number {
  if (a === null || b === null) return MISSING;
  if (a === b) return DATE_EXACT;
  if (a.slice(0, 4) === b.slice(0, 4) && a.slice(4, 6) === b.slice(6, 8) && a.slice(6, 8) === b.slice(4, 6)) {
    return DATE_TRANSPOSED;
  }
  if (adjacentDays(a, b)) return DATE_ADJACENT_DAY;
  let differing = 0;
  for (let i = 0; i < 8; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) differing++;
  if (differing === 1) return DATE_ONE_DIGIT;
  return a.slice(0, 4) === b.slice(0, 4) ? DATE_SAME_YEAR : DATE_DIFFERENT;
}

/** The date with day and month swapped, when that is a date too (day ≤ 12 and day ≠ month). */
export function transposedDate(date: string): string | null {
  const month = date.slice(4, 6);
  const day = date.slice(6, 8);
  if (month === day || Number(day) > 12) return null;
  return `${date.slice(0, 4)}${day}${month}`;
}

function adjacentDays(a: string, b: string): boolean {
  return a.slice(0, 6) === b.slice(0, 6) && Math.abs(Number(a.slice(6)) - Number(b.slice(6))) === 1;
}
