import { addDays } from "../shared/dates.ts";
import { type Holiday, type HolidayCalendar, holidayOn } from "./holiday-calendar.ts";

/** Why a day is not a working day: the weekend, or a holiday of the calendar. */
export type ClosedDay = { date: string; weekend: "saturday" | "sunday" } | { date: string; holiday: Holiday };

export interface Deadline {
  /** The last day to act, YYYY-MM-DD. */
  date: string;
  /** The day the count of days reached, before any move to a working day. */
  counted: string;
  /** The days the deadline moved over, in order (empty when `counted` is a working day). */
  movedOver: ClosedDay[];
}

/** The reason `date` is closed, or null on a working day. `field` names the input the date came from. */
export function closedDay(date: string, calendar: HolidayCalendar, field: string): ClosedDay | null {
  const holiday = holidayOn(calendar, date, field);
  if (holiday) return { date, holiday };
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (weekday === 6) return { date, weekend: "saturday" };
  if (weekday === 0) return { date, weekend: "sunday" };
  return null;
}

/**
 * The last day to act `days` days after `from` (the day of notification).
 *
 * Interpretation Act s. 27: a time "within N days after" a day does not include that day, so the
 * count starts the next morning. Interpretation Act s. 26: when the time ends on a holiday, the
 * thing may be done on the next day that is not one; the issue adds Saturdays, as do the Federal
 * Courts Rules (r. 2, "holiday"), where most of these time limits are enforced.
 *
 * @example computeDeadline("2026-12-10", 15, calendar) // → { date: "2026-12-28", counted: "2026-12-25", movedOver: [Christmas, Boxing Day, Sunday] }
 */
export function computeDeadline(
  from: string,
  days: number,
  calendar: HolidayCalendar,
  field = "notified",
): Deadline {
  const counted = addDays(from, days);
  const movedOver: ClosedDay[] = [];
  let date = counted;
  for (let closed = closedDay(date, calendar, field); closed; closed = closedDay(date, calendar, field)) {
    movedOver.push(closed);
    date = addDays(date, 1);
  }
  return { date, counted, movedOver };
}

/**
 * The same date `years` years later, or the last day of the month when that month is shorter (a
 * period from February 29 ends on February 28), the rule Interpretation Act s. 28 gives for months.
 */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const lastDayOfMonth = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  const day = Math.min(d, lastDayOfMonth);
  return `${y + years}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
