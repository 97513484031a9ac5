/**
 * Dates and times as a letter writes them: "12 March 2027" / "12 mars 2027", "9:30 a.m." / "9 h 30",
 * and the letter's own date. Pure; calendar dates come in as YYYY-MM-DD already taken in the
 * office's time zone.
 */
import { todayIn } from "../shared/dates.ts";
import type { LetterLanguage } from "./letter-templates.ts";

/**
 * @example formatLetterDate("2027-03-12", "en") // → "12 March 2027"
 * @example formatLetterDate("2027-03-01", "fr", { weekday: true }) // → "lundi 1er mars 2027"
 */
export function formatLetterDate(
  isoDate: string,
  language: LetterLanguage,
  options: { weekday?: boolean } = {},
): string {
  // A calendar date is midnight UTC here and formatted in UTC, so no time zone can move it a day.
  const date = new Date(`${isoDate}T00:00:00Z`);
  const parts = dateFormat(language, options.weekday === true).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  // French writes the first of the month as an ordinal: "le 1er mars".
  const day = language === "fr" && part("day") === "1" ? "1er" : part("day");
  const dayMonthYear = `${day} ${part("month")} ${part("year")}`;
  if (!options.weekday) return dayMonthYear;
  // English puts a comma after the weekday ("Friday, 12 March 2027"); French does not.
  return language === "fr" ? `${part("weekday")} ${dayMonthYear}` : `${part("weekday")}, ${dayMonthYear}`;
}

// Building an Intl.DateTimeFormat costs far more than using one, and a bulk job dates thousands of
// letters: one formatter per language and style, made on first use.
const DATE_FORMATS = new Map<string, Intl.DateTimeFormat>();

function dateFormat(language: LetterLanguage, weekday: boolean): Intl.DateTimeFormat {
  const key = `${language} ${weekday}`;
  let format = DATE_FORMATS.get(key);
  if (!format) {
    // en-GB, not en-CA: en-CA writes "March 12, 2027", which is ambiguous next to French letters and
    // not the day-month-year order the Government of Canada uses in both languages.
    format = new Intl.DateTimeFormat(language === "fr" ? "fr-CA" : "en-GB", {
      timeZone: "UTC",
      weekday: weekday ? "long" : undefined,
      day: "numeric",
      month: "long",
      year: "numeric",
    });
    DATE_FORMATS.set(key, format);
  }
  return format;
}

let lastIssue: { timeZone: string; at: number; date: string } | null = null;

/**
 * The letter's date: the calendar day of `today` in the signing office's zone (`todayIn`). The last
 * answer is kept, because every letter of a bulk job is issued at one moment by one office.
 *
 * @example letterIssueDate("America/Toronto", new Date("2027-03-12T03:00:00Z")) // → "2027-03-11"
 */
export function letterIssueDate(timeZone: string, today: Date): string {
  const at = today.getTime();
  if (lastIssue?.timeZone !== timeZone || lastIssue.at !== at) {
    lastIssue = { timeZone, at, date: todayIn(timeZone, today) };
  }
  return lastIssue.date;
}

/**
 * A 24-hour "HH:MM" in each language's Canadian style.
 * @example formatLetterTime("14:00", "en") // → "2:00 p.m."
 * @example formatLetterTime("09:30", "fr") // → "9 h 30"
 */
export function formatLetterTime(time: string, language: LetterLanguage): string {
  const [hours = 0, minutes = 0] = time.split(":").map(Number);
  const mm = String(minutes).padStart(2, "0");
  if (language === "fr") return minutes === 0 ? `${hours} h` : `${hours} h ${mm}`;
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  return `${hour12}:${mm} ${hours < 12 ? "a.m." : "p.m."}`;
}
