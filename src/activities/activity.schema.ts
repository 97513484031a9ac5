import { z } from "zod";
import { zEmail, zFileNumber, zIsoDate, zLine, zOfficeCode, zText, zUci } from "../shared/schemas.ts";

export const ACTIVITY_STATUSES = ["review-required", "in-progress", "completed", "cancelled"] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];
export const OPEN_STATUSES: ActivityStatus[] = ["review-required", "in-progress"];

export const ZCreateActivity = z
  .object({
    activity: zLine(120),
    subActivity: zLine(120).optional(),
    officeCode: zOfficeCode,
    assigneeEmail: zEmail.optional(),
    dueDate: zIsoDate.optional(),
    uci: zUci.optional(),
    fileNumber: zFileNumber.optional(),
    details: zText(5000).optional(),
  })
  .refine((a) => Boolean(a.uci || a.fileNumber), {
    message: "give the UCI or the file number it is about",
    path: ["fileNumber"],
  });
export type CreateActivityInput = z.input<typeof ZCreateActivity>;

/** To a named user, or back to the office queue when `assigneeEmail` is absent. */
export const ZReassignActivity = z.object({
  assigneeEmail: z
    .union([zEmail, z.literal("")])
    .optional()
    .transform((value) => value || undefined),
});

export const ZCompleteActivity = z.object({
  outcome: zText(2000).optional(),
});
