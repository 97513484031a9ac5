/**
 * How long an eTA is valid, and which earlier eTAs a new one ends. Pure: dates are YYYY-MM-DD.
 *
 * R12.05: an eTA is valid for five years after the day it is issued or until the passport it was
 * issued on expires, whichever comes first, unless it is cancelled; and it stops being valid the
 * day a new eTA is issued to the same person. Seed 004: a person holding passports of two
 * different types (e.g. regular and diplomatic) may hold an eTA on each.
 */

export type ValidityLimit = "five-years" | "passport-expiry";
export type EtaEndReason = "superseded" | "cancelled" | "passport-expired" | "five-years-elapsed";

export interface EtaValidity {
  validFrom: string;
  validUntil: string;
  limitedBy: ValidityLimit;
}

/** The same day `years` later (or earlier); 29 February becomes 28 February in a common year. */
export function addYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const year = y + years;
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${String(year).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(Math.min(d, lastDay)).padStart(2, "0")}`;
}

/**
 * @example etaValidity("2026-03-01", "2040-01-01") // { validFrom: "2026-03-01", validUntil: "2031-03-01", limitedBy: "five-years" }
 * @example etaValidity("2026-03-01", "2028-03-01") // { …, validUntil: "2028-03-01", limitedBy: "passport-expiry" }
 */
export function etaValidity(issuedOn: string, passportExpiryDate: string): EtaValidity {
  const fiveYears = addYears(issuedOn, 5);
  return passportExpiryDate < fiveYears
    ? { validFrom: issuedOn, validUntil: passportExpiryDate, limitedBy: "passport-expiry" }
    : { validFrom: issuedOn, validUntil: fiveYears, limitedBy: "five-years" };
}

/** What an issued eTA holds, enough to tell whether it is in force on a day. */
export interface IssuedEta {
  validUntil: string;
  validityLimit: ValidityLimit | string | null;
  endedOn: string | null;
  endReason: string | null;
  passportType: string;
}

/** Whether an issued eTA is in force on `day`, and if not, why it stopped. */
export function etaStateOn(
  eta: IssuedEta,
  day: string,
): { active: true; endReason: null } | { active: false; endReason: EtaEndReason } {
  if (eta.endedOn !== null && eta.endedOn <= day) {
    return { active: false, endReason: eta.endReason === "cancelled" ? "cancelled" : "superseded" };
  }
  if (day > eta.validUntil) {
    return {
      active: false,
      endReason: eta.validityLimit === "passport-expiry" ? "passport-expired" : "five-years-elapsed",
    };
  }
  return { active: true, endReason: null };
}

/**
 * The person's eTAs that a new one issued on `issuedOn` on a passport of `passportType` ends that
 * day: those still in force on a passport of the same type. An eTA on another type stays valid.
 */
export function etasEndedByNewIssue<T extends IssuedEta>(
  earlier: readonly T[],
  passportType: string,
  issuedOn: string,
): T[] {
  return earlier.filter((eta) => eta.passportType === passportType && etaStateOn(eta, issuedOn).active);
}
