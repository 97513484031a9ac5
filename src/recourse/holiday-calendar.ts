/**
 * The holiday calendar recourse deadlines are counted with: data read from a JSON file (see
 * load-holiday-calendar.ts), checked here, then asked which days are holidays. A date outside the
 * years the file covers is an error, never a guess: a missing holiday would make a deadline a day
 * too early, an invented one a day too late.
 */
import { z } from "zod";
import { AppError } from "../shared/errors.ts";
import { zIsoDate } from "../shared/schemas.ts";

export interface Holiday {
  date: string;
  en: string;
  fr: string;
  /** The date of the holiday this day stands in for (Canada Day on July 2 when July 1 is a Sunday). */
  observedFor?: string;
}

export interface HolidayCalendar {
  name: string;
  firstYear: number;
  lastYear: number;
  holidays: ReadonlyMap<string, Holiday>;
}

const zYear = z
  .number()
  .int("must be a whole year")
  .min(1900, "must be 1900 or later")
  .max(2200, "must be 2200 or earlier");

const zHolidayName = z.string().trim().min(1, "is required").max(200, "must be at most 200 characters");

export const ZHolidayCalendarFile = z
  .object({
    name: z.string().trim().min(1, "is required").max(200, "must be at most 200 characters"),
    nameFr: z.string().trim().max(200, "must be at most 200 characters").optional(),
    firstYear: zYear,
    lastYear: zYear,
    holidays: z.array(
      z.object({
        date: zIsoDate,
        en: zHolidayName,
        fr: zHolidayName,
        observedFor: zIsoDate.optional(),
      }),
    ),
  })
  .superRefine((file, ctx) => {
    if (file.lastYear < file.firstYear) {
      ctx.addIssue({ code: "custom", path: ["lastYear"], message: "must not be before firstYear" });
      return;
    }
    const yearsWithHolidays = new Set<number>();
    file.holidays.forEach((holiday, i) => {
      const year = Number(holiday.date.slice(0, 4));
      if (year < file.firstYear || year > file.lastYear) {
        ctx.addIssue({
          code: "custom",
          path: ["holidays", i, "date"],
          message: `must fall within ${file.firstYear}–${file.lastYear}`,
        });
      }
      const previous = file.holidays[i - 1];
      if (previous && previous.date >= holiday.date) {
        ctx.addIssue({
          code: "custom",
          path: ["holidays", i, "date"],
          message: `must come after ${previous.date}: the holidays are listed once each, in date order`,
        });
      }
      yearsWithHolidays.add(year);
    });
    // A year left out by mistake would silently count every holiday of that year as a working day.
    for (let year = file.firstYear; year <= file.lastYear; year++) {
      if (!yearsWithHolidays.has(year)) {
        ctx.addIssue({ code: "custom", path: ["holidays"], message: `list no holiday in ${year}` });
        break;
      }
    }
  });

export type HolidayCalendarFile = z.output<typeof ZHolidayCalendarFile>;

/**
 * A checked calendar from the parsed JSON of a calendar file; `source` names the file in errors.
 *
 * @example calendarFromJson(JSON.parse(text), "canada-federal.json").holidays.get("2026-12-25")?.en // → "Christmas Day"
 */
export function calendarFromJson(json: unknown, source: string): HolidayCalendar {
  const result = ZHolidayCalendarFile.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.map(String).join(".") || "file";
    throw new AppError(
      "invalid_input",
      `holiday calendar ${source}: ${where}: ${issue?.message ?? "is invalid"}`,
      {
        field: "DOSSIER_HOLIDAYS_FILE",
        messageFr: `calendrier des jours fériés ${source} : ${where} : ${issue?.message ?? "n'est pas valide"}`,
      },
    );
  }
  const file = result.data;
  return {
    name: file.name,
    firstYear: file.firstYear,
    lastYear: file.lastYear,
    holidays: new Map(file.holidays.map((holiday) => [holiday.date, holiday])),
  };
}

/**
 * The holiday on `date`, or null. `field` is the input the date came from, named in the error
 * when the date lies outside the calendar's years.
 */
export function holidayOn(calendar: HolidayCalendar, date: string, field: string): Holiday | null {
  const year = Number(date.slice(0, 4));
  if (year < calendar.firstYear || year > calendar.lastYear) {
    throw new AppError(
      "invalid_input",
      `${field}: the date ${date} falls outside the holiday calendar "${calendar.name}", which covers ${calendar.firstYear}–${calendar.lastYear}; give a calendar that covers it in DOSSIER_HOLIDAYS_FILE`,
      {
        field,
        messageFr: `${field} : la date ${date} est hors du calendrier des jours fériés « ${calendar.name} », qui couvre ${calendar.firstYear} à ${calendar.lastYear}; indiquez un calendrier qui la couvre dans DOSSIER_HOLIDAYS_FILE`,
      },
    );
  }
  return calendar.holidays.get(date) ?? null;
}
