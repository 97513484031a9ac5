/** Building blocks of the zod schemas that every operation, page, API route and CLI command shares. */
import { z } from "zod";
import { isIsoDate, isValidTimeZone } from "./dates.ts";
import { FILE_NUMBER_PATTERN, LINES_OF_BUSINESS, parseUci } from "./identifiers.ts";

export const zIsoDate = z
  .string()
  .trim()
  .refine(isIsoDate, { message: "must be a real date written YYYY-MM-DD" });

export const zUci = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const uci = parseUci(value);
    if (!uci) {
      ctx.addIssue({
        code: "custom",
        message: "must be a UCI: 10 digits with a valid check digit, e.g. 10-0000-0003",
      });
      return z.NEVER;
    }
    return uci;
  });

export const zFileNumber = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .refine((value) => FILE_NUMBER_PATTERN.test(value), {
    message: "must be one capital letter and nine digits, e.g. V000012345",
  });

export const zOfficeCode = z
  .string()
  .trim()
  .regex(/^[A-Z0-9-]{2,16}$/, "must be 2 to 16 capital letters, digits or hyphens");

export const zCountry = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .refine((value) => /^[A-Z]{3}$/.test(value), {
    message: "must be an ISO 3166 three-letter country code, e.g. CAN",
  });

export const zEmail = z
  .string()
  .trim()
  .max(254)
  .refine((value) => z.email().safeParse(value).success && !/[\r\n]/.test(value), {
    message: "must be an email address",
  });

export const zLanguage = z.enum(["en", "fr"], { message: "must be en or fr" });
export const zLineOfBusiness = z.enum(LINES_OF_BUSINESS, {
  message: `must be one of ${LINES_OF_BUSINESS.join(", ")}`,
});
export const zTimeZone = z.string().trim().refine(isValidTimeZone, { message: "must be an IANA time zone" });

/** Free text on one line (a name, a subject): control characters refused, so no header can be injected. */
export function zLine(max: number) {
  return z
    .string()
    .trim()
    .min(1, "is required")
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), { message: "must be on one line" });
}

/** Free text over several lines (a note). */
export function zText(max: number) {
  return z
    .string()
    .trim()
    .min(1, "is required")
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value), {
      message: "must not contain control characters",
    });
}
