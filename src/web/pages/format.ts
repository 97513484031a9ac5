import { formatUci } from "../../shared/identifiers.ts";
import type { Locale } from "../env.ts";

/**
 * A moment as people in the office read it: date, time and zone abbreviation in the office's time
 * zone (times are stored in UTC), e.g. "2026-01-15 10:04 EST" or "2026-01-15 10 h 04 HNE".
 */
export function formatDateTime(
  moment: Date | string | null | undefined,
  timeZone: string,
  locale: Locale,
): string {
  if (!moment) return "";
  const date = typeof moment === "string" ? new Date(moment) : moment;
  if (Number.isNaN(date.getTime())) return "";
  const parts = new Intl.DateTimeFormat(locale === "fr" ? "fr-CA" : "en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const day = `${part("year")}-${part("month")}-${part("day")}`;
  const time = locale === "fr" ? `${part("hour")} h ${part("minute")}` : `${part("hour")}:${part("minute")}`;
  return `${day} ${time} ${part("timeZoneName")}`;
}

/** Byte counts in the units the eDoc rules use (4 MB, 25 MB), with the page's decimal separator. */
export function formatSize(bytes: number, locale: Locale): string {
  const number = (value: number, digits: number) =>
    new Intl.NumberFormat(locale === "fr" ? "fr-CA" : "en-CA", { maximumFractionDigits: digits }).format(
      value,
    );
  if (bytes < 1024) return locale === "fr" ? `${bytes} o` : `${bytes} B`;
  if (bytes < 1024 * 1024) return `${number(bytes / 1024, 0)} ${locale === "fr" ? "Ko" : "KB"}`;
  return `${number(bytes / 1024 / 1024, 1)} ${locale === "fr" ? "Mo" : "MB"}`;
}

export function displayUci(uci: string | null | undefined): string {
  return uci ? formatUci(uci) : "";
}

/** "FAMILY, Given" as the seeds write a client's name in lists. */
export function clientName(person: { familyName: string; givenNames: string }): string {
  return person.givenNames ? `${person.familyName}, ${person.givenNames}` : person.familyName;
}

/** A redirect target taken from a form: only a path on this site, never another origin. */
export function localPath(value: unknown, fallback: string): string {
  if (typeof value !== "string") return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}

/** `path` with `done=<what>` added, so the page after a POST can say what succeeded. */
export function withDone(path: string, done: string): string {
  const url = new URL(path, "http://dossier.invalid");
  url.searchParams.set("done", done);
  return url.pathname + url.search + url.hash;
}
