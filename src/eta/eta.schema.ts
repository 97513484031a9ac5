import { z } from "zod";
import { PASSPORT_TYPES, SEXES } from "../clients/client.schema.ts";
import { AppError } from "../shared/errors.ts";
import { zEmail, zIsoDate, zLanguage, zLine, zOfficeCode, zText } from "../shared/schemas.ts";
import { isCountryCode } from "./countries.ts";
import { addYears } from "./eta-validity.ts";

export const ETA_STATUSES = ["approved", "referred", "withdrawn", "refused", "cancelled"] as const;
export type EtaStatus = (typeof ETA_STATUSES)[number];

/** Results of the United States nonimmigrant visa check (seed 004, eTA expansion). */
export const US_VISA_RESULTS = [
  "valid",
  "no-valid-document",
  "lost-stolen",
  "revoked",
  "not-reviewed",
] as const;
export type UsVisaResult = (typeof US_VISA_RESULTS)[number];

export const ADVERSE_INFORMATION_SOURCES = ["earlier-application", "port-of-entry", "intelligence"] as const;

/**
 * The grounds of R12.06 on which an officer may cancel an eTA: (a) the holder is inadmissible,
 * (b) the holder was not eligible for one (e.g. a visa-required national, seed 004), (c) the
 * holder obtained it by misrepresentation, (d) the passport it was issued on is reported lost,
 * stolen or destroyed.
 */
export const CANCELLATION_GROUNDS = [
  "r12.06-a-inadmissible",
  "r12.06-b-not-eligible",
  "r12.06-c-misrepresentation",
  "r12.06-d-passport-lost-stolen-destroyed",
] as const;

const zCountryCode = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .refine(isCountryCode, { message: "must be an ISO 3166-1 alpha-3 country code, e.g. MEX, GBR, BRA" });

/**
 * A name as written on the passport, in any script and with accents in either Unicode form
 * (precomposed or combining): letters and marks, with spaces, hyphens, apostrophes and periods
 * between them. Kept exactly as given; comparisons normalise it.
 */
function zPersonName(max: number) {
  return zLine(max).refine(
    (value) => /^[\p{L}\p{M}]+(?:[ '’.-]+[\p{L}\p{M}]+)*\.?$/u.test(value.normalize("NFC")),
    {
      message: "must be letters (any alphabet, accents allowed) with spaces, hyphens, apostrophes or periods",
    },
  );
}

const zAnswer = z.union([
  z.string().max(2000, "must be at most 2,000 characters"),
  z.boolean(),
  z.number(),
  z.null(),
]);

export const ZEtaApplication = z
  .object({
    /** The office whose officers review the referrals; the actor's own office when omitted. */
    officeCode: zOfficeCode.optional(),
    language: zLanguage.default("en"),
    /** The application date; today (UTC) when omitted. */
    submittedOn: zIsoDate.optional(),
    applicant: z.object({
      familyName: zPersonName(100),
      givenNames: z.union([zPersonName(100), z.literal("")]).default(""),
      dateOfBirth: zIsoDate,
      sex: z.enum(SEXES, { message: "must be F, M or X" }),
      countryOfBirth: zCountryCode,
      citizenship: zCountryCode,
    }),
    passport: z.object({
      number: z
        .string()
        .trim()
        .transform((value) => value.toUpperCase())
        .refine((value) => /^[A-Z0-9]{5,20}$/.test(value), { message: "must be 5 to 20 letters or digits" }),
      type: z.enum(PASSPORT_TYPES, { message: `must be one of ${PASSPORT_TYPES.join(", ")}` }),
      country: zCountryCode,
      expiryDate: zIsoDate,
    }),
    email: zEmail,
    address: z.object({
      line1: zLine(200),
      line2: zLine(200).optional(),
      city: zLine(100),
      region: zLine(100).optional(),
      postalCode: zLine(20).optional(),
      country: zCountryCode,
    }),
    answers: z
      .record(
        z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, "question ids must be letters, digits, _ . or -"),
        zAnswer,
      )
      .refine((answers) => Object.keys(answers).length <= 100, { message: "must hold at most 100 answers" }),
  })
  .strict();
export type EtaApplicationInput = z.input<typeof ZEtaApplication>;
export type EtaApplicationData = z.output<typeof ZEtaApplication> & { submittedOn: string };

/**
 * Checks between fields, against the day the application is made: a date of birth before it, and
 * a passport that has not expired by then (an eTA is tied to a valid passport, R12.05).
 */
export function checkEtaDates(data: z.output<typeof ZEtaApplication>, today: string): EtaApplicationData {
  const submittedOn = data.submittedOn ?? today;
  if (submittedOn > today) {
    throw dateError("submittedOn", `must not be after today (${today})`);
  }
  if (data.applicant.dateOfBirth > submittedOn) {
    throw dateError("applicant.dateOfBirth", `must not be after the application date (${submittedOn})`);
  }
  if (data.applicant.dateOfBirth < addYears(submittedOn, -130)) {
    throw dateError("applicant.dateOfBirth", "must be within the last 130 years");
  }
  if (data.passport.expiryDate < submittedOn) {
    throw dateError(
      "passport.expiryDate",
      `the passport expired before the application date (${submittedOn}); apply with a valid passport`,
    );
  }
  if (data.passport.expiryDate < today) {
    throw dateError(
      "passport.expiryDate",
      `the passport has expired (${data.passport.expiryDate}); an eTA cannot be issued on it`,
    );
  }
  return { ...data, submittedOn };
}

function dateError(field: string, rule: string): AppError {
  return new AppError("invalid_input", `${field}: ${rule}`, { field });
}

export const ZCancelEta = z
  .object({
    ground: z.enum(CANCELLATION_GROUNDS, { message: `must be one of ${CANCELLATION_GROUNDS.join(", ")}` }),
    reason: zText(4000),
  })
  .strict();
export type CancelEtaInput = z.input<typeof ZCancelEta>;
