import { addDays } from "../shared/dates.ts";

/**
 * The response date a request for documents gets when the officer does not set one: the office's
 * default period after the letter's date. Seed 000 asks for "a reasonable period of time",
 * set by each office for its local communication arrangements.
 *
 * A date falling on a Saturday or Sunday moves to the Monday: the client could not deliver
 * anything to a closed office that day (the same idea as Interpretation Act s. 26). Public
 * holidays are not known to Dossier yet, so they do not move the date.
 *
 * @example defaultResponseDate("2026-11-20", 30) // → "2026-12-21" (30 days after is 2026-12-20, a Sunday)
 */
export function defaultResponseDate(issueDate: string, days: number): string {
  const date = addDays(issueDate, days);
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (weekday === 6) return addDays(date, 2);
  if (weekday === 0) return addDays(date, 1);
  return date;
}
