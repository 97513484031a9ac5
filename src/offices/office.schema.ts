import { z } from "zod";
import { zEmail, zLine, zOfficeCode, zText, zTimeZone } from "../shared/schemas.ts";

export const ZCreateOffice = z.object({
  code: zOfficeCode,
  nameEn: zLine(200),
  nameFr: zLine(200),
  mailboxEmail: zEmail,
  managerEmail: zEmail.optional(),
  postalAddress: zText(500),
  timeZone: zTimeZone,
  responseStandardDays: z.coerce
    .number({ message: "must be a whole number of days" })
    .int("must be a whole number of days")
    .min(1, "must be at least 1 day")
    .max(365, "must be at most 365 days"),
  /** Days an applicant is given to answer a request, unless the letter sets another date. */
  defaultResponseDays: z.coerce
    .number({ message: "must be a whole number of days" })
    .int("must be a whole number of days")
    .min(1, "must be at least 1 day")
    .max(365, "must be at most 365 days")
    .optional(),
});
export type CreateOfficeInput = z.input<typeof ZCreateOffice>;

export const ZUpdateOffice = ZCreateOffice.omit({ code: true }).partial();
export type UpdateOfficeInput = z.input<typeof ZUpdateOffice>;
