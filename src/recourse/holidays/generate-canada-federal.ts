/**
 * Writes canada-federal.json, the holiday calendar Dossier counts recourse deadlines with. Run it by
 * hand when the calendar needs more years, read the diff, and commit the JSON: Dossier reads the
 * data file, never this script, so an office can replace the file (DOSSIER_HOLIDAYS_FILE) without
 * touching code.
 *
 *   node --import tsx src/recourse/holidays/generate-canada-federal.ts 2020 2035
 *
 * The days are those of the list: the holidays of Interpretation Act s. 35(1) that fall on
 * a fixed or computed date, plus Boxing Day, on which federal offices are closed, and the one day
 * of mourning proclaimed in these years. Only Canada Day
 * moves when it falls on a Sunday (Holidays Act s. 2(2): July 2 is then the holiday). Days off that
 * collective agreements give public servants in lieu of a holiday on a weekend are not holidays in
 * law and are not listed: listing one would push a deadline a day later than the statute allows.
 */
import { writeFileSync } from "node:fs";
import { addDays } from "../../shared/dates.ts";

interface Entry {
  date: string;
  en: string;
  fr: string;
  observedFor?: string;
}

function iso(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Easter Sunday in the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" computus). */
function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

/** The n-th Monday of a month (n = 1 for the first). */
function nthMonday(year: number, month: number, n: number): string {
  const first = iso(year, month, 1);
  const offset = (8 - weekday(first)) % 7;
  return addDays(first, offset + 7 * (n - 1));
}

function holidaysOf(year: number): Entry[] {
  const easter = easterSunday(year);
  // Victoria Day is kept on the Monday immediately before May 25 (Holidays Act s. 3).
  const may24 = iso(year, 5, 24);
  const victoria = addDays(may24, -((weekday(may24) + 6) % 7));
  const canadaDay = iso(year, 7, 1);
  const entries: Entry[] = [
    { date: iso(year, 1, 1), en: "New Year's Day", fr: "Jour de l'An" },
    { date: addDays(easter, -2), en: "Good Friday", fr: "Vendredi saint" },
    { date: addDays(easter, 1), en: "Easter Monday", fr: "Lundi de Pâques" },
    { date: victoria, en: "Victoria Day", fr: "Fête de Victoria" },
    weekday(canadaDay) === 0
      ? {
          date: iso(year, 7, 2),
          en: "Canada Day (July 1 is a Sunday)",
          fr: "Fête du Canada (le 1er juillet est un dimanche)",
          observedFor: canadaDay,
        }
      : { date: canadaDay, en: "Canada Day", fr: "Fête du Canada" },
    { date: nthMonday(year, 9, 1), en: "Labour Day", fr: "Fête du Travail" },
  ];
  // S.C. 2021, c. 11 added the National Day for Truth and Reconciliation to s. 35(1), first kept in 2021.
  if (year >= 2021) {
    entries.push({
      date: iso(year, 9, 30),
      en: "National Day for Truth and Reconciliation",
      fr: "Journée nationale de la vérité et de la réconciliation",
    });
  }
  // s. 35(1) also counts "any day appointed by proclamation to be observed as a day of general
  // prayer or mourning": the day of the funeral of Queen Elizabeth II was proclaimed one.
  if (year === 2022) {
    entries.push({
      date: "2022-09-19",
      en: "National Day of Mourning (Queen Elizabeth II)",
      fr: "Jour de deuil national (reine Elizabeth II)",
    });
  }
  entries.push(
    { date: nthMonday(year, 10, 2), en: "Thanksgiving Day", fr: "Action de grâces" },
    { date: iso(year, 11, 11), en: "Remembrance Day", fr: "Jour du Souvenir" },
    { date: iso(year, 12, 25), en: "Christmas Day", fr: "Jour de Noël" },
    { date: iso(year, 12, 26), en: "Boxing Day", fr: "Lendemain de Noël" },
  );
  return entries.sort((x, y) => x.date.localeCompare(y.date));
}

const firstYear = Number(process.argv[2] ?? 2020);
const lastYear = Number(process.argv[3] ?? 2035);
const holidays: Entry[] = [];
for (let year = firstYear; year <= lastYear; year++) holidays.push(...holidaysOf(year));

const calendar = {
  name: "Canada — federal holidays",
  nameFr: "Canada — jours fériés fédéraux",
  firstYear,
  lastYear,
  holidays,
};
const target = new URL("./canada-federal.json", import.meta.url);
writeFileSync(target, `${JSON.stringify(calendar, null, 2)}\n`);
console.log(`${holidays.length} holidays, ${firstYear}–${lastYear}, written to ${target.pathname}`);
