import { foldEmail } from "./compare-emails.ts";
import type { IdentityRecord } from "./identity-record.ts";
import { type NormalisedName, normaliseName } from "./normalise-name.ts";
import { foldText, isComparableText } from "./transliterate.ts";

/** A record with every form the comparisons and blocking keys read, computed once. */
export interface PreparedIdentityRecord {
  id: string;
  given: NormalisedName | null;
  family: NormalisedName | null;
  /** YYYYMMDD, or null when missing or not a date. */
  dob: string | null;
  sex: string | null;
  country: string | null;
  /** Upper case, letters and digits only, look-alike letters read as digits (see foldDocumentNumber). */
  document: string | null;
  street: string | null;
  city: string | null;
  postalCode: string | null;
  region: string | null;
  /** Lower case, without a `+tag` (see foldEmail). */
  email: string | null;
}

/**
 * `YYYY-MM-DD` or `YYYYMMDD` as `YYYYMMDD`; null when empty or not a calendar date.
 *
 * @example compactDate("1984-03-07") // "19840307"
 */
export function compactDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const digits = value.trim().replace(/-/g, "");
  if (!/^\d{8}$/.test(digits)) return null;
  const year = Number(digits.slice(0, 4));
  const month = Number(digits.slice(4, 6));
  const day = Number(digits.slice(6, 8));
  if (month < 1 || month > 12 || day < 1) return null;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= last ? digits : null;
}

/**
 * Passport numbers are read by OCR from the machine-readable zone and typed from photocopies: O and
 * 0, I and 1, S and 5, B and 8, Z and 2 are confused so often that they are treated as one character.
 *
 * @example foldDocumentNumber("ab-1O23 456") // "A81023456"
 */
export function foldDocumentNumber(value: string | null | undefined): string | null {
  if (!value) return null;
  const folded = value
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "")
    .replace(/[OQ]/g, "0")
    .replace(/I/g, "1")
    .replace(/S/g, "5")
    .replace(/B/g, "8")
    .replace(/Z/g, "2");
  return folded === "" ? null : folded;
}

function foldedOrNull(value: string | null | undefined): string | null {
  if (!value) return null;
  const folded = foldText(value);
  return folded === "" || !isComparableText(folded) ? null : folded;
}

function codeOrNull(value: string | null | undefined): string | null {
  if (!value) return null;
  const code = value.trim().toUpperCase();
  return code === "" ? null : code;
}

export function prepareIdentityRecord(record: IdentityRecord): PreparedIdentityRecord {
  const postal = record.postalCode ? record.postalCode.toUpperCase().replace(/[^A-Z0-9]/g, "") : "";
  return {
    id: record.id,
    given: normaliseName(record.givenName),
    family: normaliseName(record.familyName),
    dob: compactDate(record.dateOfBirth),
    sex: codeOrNull(record.sex),
    country: codeOrNull(record.countryOfBirth),
    document: foldDocumentNumber(record.documentNumber),
    street: foldedOrNull(record.street),
    city: foldedOrNull(record.city),
    postalCode: postal === "" ? null : postal,
    region: foldedOrNull(record.region),
    email: foldEmail(record.email),
  };
}
