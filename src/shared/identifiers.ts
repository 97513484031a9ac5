import { AppError } from "./errors.ts";

/** Luhn check digit over a string of digits, so that a mistyped UCI is caught before any lookup. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** A UCI is 10 digits: 9 from the UCI sequence and a Luhn check digit. Shown as 12-3456-7890. */
export function uciFromNumber(n: number | bigint): string {
  const body = String(n).padStart(9, "0");
  if (body.length !== 9) throw new AppError("internal", "UCI sequence exhausted");
  return body + String(luhnCheckDigit(body));
}

/** Accepts `1234567890`, `12-3456-7890` or with spaces; returns the 10 digits or null. */
export function parseUci(input: string): string | null {
  const digits = input.replace(/[\s-]/g, "");
  if (!/^\d{10}$/.test(digits)) return null;
  if (luhnCheckDigit(digits.slice(0, 9)) !== Number(digits[9])) return null;
  return digits;
}

export function formatUci(uci: string): string {
  return `${uci.slice(0, 2)}-${uci.slice(2, 6)}-${uci.slice(6)}`;
}

export const LINES_OF_BUSINESS = [
  "temporary-residence",
  "eta",
  "permanent-residence",
  "family-sponsorship",
  "citizenship",
] as const;
export type LineOfBusiness = (typeof LINES_OF_BUSINESS)[number];

/** The letter that opens a file number, by line of business. */
export const FILE_PREFIX: Record<LineOfBusiness, string> = {
  "temporary-residence": "V",
  eta: "A",
  "permanent-residence": "E",
  "family-sponsorship": "F",
  citizenship: "C",
};

/** A file number is one capital letter and nine digits, e.g. `V000012345`. */
export const FILE_NUMBER_PATTERN = /^[A-Z]\d{9}$/;

export function fileNumberFromSequence(line: LineOfBusiness, n: number | bigint): string {
  return FILE_PREFIX[line] + String(n).padStart(9, "0");
}

export function normaliseFileNumber(input: string): string {
  return input.trim().toUpperCase();
}
