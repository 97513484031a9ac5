/** Inputs of the access request operations, shared by the CLI, the pages and the API. */
import { z } from "zod";
import type { accessRequests } from "../db/schema.ts";
import { ZExportFile } from "../file-export/file-export.schema.ts";
import { zEmail, zIsoDate, zLine, zOfficeCode, zText } from "../shared/schemas.ts";
import { EXTENSION_GROUNDS, REQUESTER_KINDS } from "./access-request-deadlines.ts";

export type AccessRequest = typeof accessRequests.$inferSelect;

export const ZRecordAccessRequest = z
  .object({
    /** The file asked for: a file number, or a UCI for the client's whole file. */
    target: ZExportFile.shape.target,
    receivedDate: zIsoDate,
    requesterName: zLine(200),
    requesterEmail: zEmail.optional(),
    requesterKind: z.enum(REQUESTER_KINDS, { message: `must be one of ${REQUESTER_KINDS.join(", ")}` }),
    /** The applicant's signed consent (IMM 5744) stored as an eDoc on the client's file… */
    consentEdocId: z.uuid({ message: "must be the id of an eDoc on the client's file" }).optional(),
    /** …or where it is kept when it is not an eDoc (e.g. "IMM 5744 received by mail, ATIP box 12"). */
    consentReference: zLine(300).optional(),
  })
  // Seed 003: someone asking on the applicant's behalf needs the applicant's consent (IMM 5744).
  .refine((r) => r.requesterKind === "applicant" || r.consentEdocId || r.consentReference, {
    message:
      "a representative or another person needs the applicant's consent (IMM 5744): give its eDoc id or a reference",
    path: ["consentReference"],
  });
export type RecordAccessRequestInput = z.input<typeof ZRecordAccessRequest>;

export const ZExtendAccessRequest = z.object({
  newDueDate: zIsoDate,
  ground: z.enum(EXTENSION_GROUNDS, { message: `must be one of ${EXTENSION_GROUNDS.join(", ")}` }),
  reason: zText(2_000),
});
export type ExtendAccessRequestInput = z.input<typeof ZExtendAccessRequest>;

export const ZCompleteAccessRequest = z.object({
  /** The day the answer was sent; today in the office's zone when absent. */
  completedDate: zIsoDate.optional(),
  lang: z.enum(["en", "fr"], { message: "must be en or fr" }).optional(),
});
export type CompleteAccessRequestInput = z.input<typeof ZCompleteAccessRequest>;

export const ZListAccessRequests = z.object({
  officeCode: zOfficeCode.optional(),
});
export type ListAccessRequestsInput = z.input<typeof ZListAccessRequests>;

export const ZAccessRequestId = z.uuid({ message: "must be the id of an access request" });
