/**
 * The first calendar date written in a piece of text, in the ways people write dates of birth in
 * English and French emails. A date such as 04/05/1987 reads as 4 May in Canada and Europe and as
 * 5 April in the United States; it is reported as ambiguous rather than guessed, because a wrong
 * date of birth matches the wrong person or none.
 */
import { isIsoDate } from "../shared/dates.ts";

export type WrittenDate =
  | { kind: "date"; iso: string; evidence: string }
  | { kind: "ambiguous"; readings: [string, string]; evidence: string }
  | { kind: "invalid"; evidence: string };

// Each month's names in English and French, written without accents, full and abbreviated.
const MONTH_NAMES = [
  "january jan janvier janv",
  "february feb fevrier fevr fev",
  "march mar mars",
  "april apr avril avr",
  "may mai",
  "june jun juin",
  "july jul juillet juil",
  "august aug aout",
  "september sep sept septembre",
  "october oct octobre",
  "november nov novembre",
  "december dec decembre",
];
const MONTHS = new Map(
  MONTH_NAMES.flatMap((names, i) => names.split(" ").map((name) => [name, i + 1] as const)),
);

// Letters, so that "fév", "févr." and "août" are read; the month is checked against MONTHS after.
const MONTH = "([A-Za-zÀ-ÿ]{3,9})\\.?";
const PATTERNS: { regex: RegExp; read: (m: RegExpMatchArray) => WrittenDate | null }[] = [
  { regex: /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/g, read: (m) => ymd(m[0], m[1]!, m[2]!, m[3]!) },
  { regex: /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b/g, read: (m) => numeric(m[0], m[1]!, m[2]!, m[3]!) },
  {
    regex: new RegExp(
      `\\b(\\d{1,2})(?:st|nd|rd|th|er|re)?(?:\\s+of)?[\\s-]+${MONTH},?[\\s-]+(\\d{4})\\b`,
      "gi",
    ),
    read: (m) => named(m[0], m[1]!, m[2]!, m[3]!),
  },
  {
    regex: new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, "gi"),
    read: (m) => named(m[0], m[2]!, m[1]!, m[3]!),
  },
];

/**
 * @example readWrittenDate("born on 12 avril 1987") // { kind: "date", iso: "1987-04-12", … }
 * @example readWrittenDate("DOB 04/05/1987") // { kind: "ambiguous", readings: ["1987-05-04", "1987-04-05"], … }
 */
export function readWrittenDate(text: string): WrittenDate | null {
  let first: { index: number; date: WrittenDate } | null = null;
  for (const { regex, read } of PATTERNS) {
    for (const match of text.matchAll(regex)) {
      if (first && first.index <= match.index) break;
      const date = read(match);
      if (date) {
        first = { index: match.index, date };
        break;
      }
    }
  }
  return first?.date ?? null;
}

function iso(year: string, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function checked(evidence: string, value: string): WrittenDate {
  return isIsoDate(value) ? { kind: "date", iso: value, evidence } : { kind: "invalid", evidence };
}

function ymd(evidence: string, year: string, month: string, day: string): WrittenDate {
  return checked(evidence, iso(year, Number(month), Number(day)));
}

function numeric(evidence: string, first: string, second: string, year: string): WrittenDate {
  const a = Number(first);
  const b = Number(second);
  if (a > 12 && b <= 12) return checked(evidence, iso(year, b, a));
  if (b > 12 && a <= 12) return checked(evidence, iso(year, a, b));
  if (a > 12 || b > 12 || a === 0 || b === 0) return { kind: "invalid", evidence };
  if (a === b) return checked(evidence, iso(year, a, a));
  const dayFirst = iso(year, b, a);
  const monthFirst = iso(year, a, b);
  return { kind: "ambiguous", readings: [dayFirst, monthFirst], evidence };
}

function named(evidence: string, day: string, monthName: string, year: string): WrittenDate | null {
  const month = MONTHS.get(monthName.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase());
  return month === undefined ? null : checked(evidence, iso(year, month, Number(day)));
}
