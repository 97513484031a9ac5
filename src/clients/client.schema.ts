import { z } from "zod";
import { zCountry, zEmail, zIsoDate, zLine, zOfficeCode, zText } from "../shared/schemas.ts";

export const SEXES = ["F", "M", "X"] as const;
export const STATUSES_IN_CANADA = [
  "foreign-national",
  "permanent-resident",
  "citizen-by-naturalization",
  "citizen-by-birth",
] as const;
export const PASSPORT_TYPES = [
  "regular",
  "diplomatic",
  "official",
  "service",
  "emergency",
  "refugee-travel",
] as const;
/** Where consent to email came from (seed 000): the form, an IMM 5476, or the client writing first. */
export const CONSENT_SOURCES = ["application-form", "imm5476", "client-wrote-first"] as const;

const zPastDate = zIsoDate.refine((value) => value <= new Date().toISOString().slice(0, 10), {
  message: "must not be in the future",
});

export const ZName = z.object({
  familyName: zLine(100),
  givenNames: z.union([zLine(100), z.literal("")]).default(""),
});

export const ZPassport = z.object({
  number: z
    .string()
    .trim()
    .transform((value) => value.toUpperCase())
    .refine((value) => /^[A-Z0-9]{5,20}$/.test(value), { message: "must be 5 to 20 letters or digits" }),
  type: z.enum(PASSPORT_TYPES, { message: `must be one of ${PASSPORT_TYPES.join(", ")}` }),
  country: zCountry,
  expiryDate: zIsoDate,
});

export const ZCreateClient = ZName.extend({
  officeCode: zOfficeCode,
  dateOfBirth: zPastDate,
  sex: z.enum(SEXES, { message: "must be F, M or X" }),
  countryOfBirth: zCountry,
  citizenships: z.array(zCountry).min(1, "must list at least one citizenship"),
  statusInCanada: z
    .enum(STATUSES_IN_CANADA, { message: `must be one of ${STATUSES_IN_CANADA.join(", ")}` })
    .default("foreign-national"),
  aliases: z.array(ZName).max(20).default([]),
  passports: z.array(ZPassport).max(20).default([]),
  email: zEmail.optional(),
  emailConsentSource: z
    .enum(CONSENT_SOURCES, { message: `must be one of ${CONSENT_SOURCES.join(", ")}` })
    .optional(),
  postalAddress: zText(500).optional(),
});
export type CreateClientInput = z.input<typeof ZCreateClient>;

export const ZAddContactDetail = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("email"),
    value: zEmail,
    consentSource: z.enum(CONSENT_SOURCES, { message: `must be one of ${CONSENT_SOURCES.join(", ")}` }),
  }),
  z.object({ kind: z.literal("postal"), value: zText(500) }),
]);
export type AddContactDetailInput = z.input<typeof ZAddContactDetail>;

export const ZSearchClients = z
  .object({
    uci: z.string().trim().optional(),
    fileNumber: z.string().trim().optional(),
    name: z.string().trim().max(200, "must be at most 200 characters").optional(),
    dateOfBirth: zIsoDate.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .refine((q) => Boolean(q.uci || q.fileNumber || q.name || q.dateOfBirth), {
    message: "give a UCI, a file number, a name or a date of birth",
    path: ["query"],
  });
export type SearchClientsInput = z.input<typeof ZSearchClients>;
