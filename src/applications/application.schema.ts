import { z } from "zod";
import {
  zEmail,
  zFileNumber,
  zIsoDate,
  zLanguage,
  zLine,
  zLineOfBusiness,
  zOfficeCode,
  zText,
  zUci,
} from "../shared/schemas.ts";

export const APPLICATION_STATUSES = [
  "received",
  "in-progress",
  "referred",
  "approved",
  "refused",
  "withdrawn",
  "abandoned",
  "cancelled",
] as const;

export const ZCreateApplication = z.object({
  uci: zUci,
  officeCode: zOfficeCode,
  lineOfBusiness: zLineOfBusiness,
  /** Given when the file was opened elsewhere (a paper file); generated otherwise. */
  fileNumber: zFileNumber.optional(),
  receivedDate: zIsoDate.refine((value) => value <= new Date().toISOString().slice(0, 10), {
    message: "must not be in the future",
  }),
  language: zLanguage,
});
export type CreateApplicationInput = z.input<typeof ZCreateApplication>;

export const ZChangeApplicationStatus = z.object({
  status: z.enum(APPLICATION_STATUSES, { message: `must be one of ${APPLICATION_STATUSES.join(", ")}` }),
  reason: zLine(300).optional(),
});

/** A "Use of a Representative" form (IMM 5476). */
export const ZAddRepresentative = z
  .object({
    name: zLine(200),
    email: zEmail.optional(),
    postalAddress: zText(500).optional(),
    validFrom: zIsoDate,
    validTo: zIsoDate.optional(),
  })
  .refine((r) => !r.validTo || r.validTo >= r.validFrom, {
    message: "must not be before validFrom",
    path: ["validTo"],
  })
  .refine((r) => Boolean(r.email || r.postalAddress), {
    message: "give the representative's email or postal address",
    path: ["email"],
  });
export type AddRepresentativeInput = z.input<typeof ZAddRepresentative>;
