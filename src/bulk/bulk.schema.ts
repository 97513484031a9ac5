/**
 * Inputs of bulk correspondence (issue 3, item 4), one zod schema each, shared by the API, the
 * pages and any job that creates bulk letters. A bulk job writes only the letters an officer may
 * write from a template (`COMPOSABLE_LETTER_IDS`): never a transfer notice, never a decision letter.
 */
import { z } from "zod";
import { APPLICATION_STATUSES } from "../applications/application.schema.ts";
import { COMPOSABLE_LETTER_IDS } from "../correspondence/queue-letter.ts";
import { LETTER_TEMPLATE_IDS } from "../letters/letter-templates.ts";
import { zLine, zLineOfBusiness, zOfficeCode } from "../shared/schemas.ts";

/** More than a day's sending at the benchmark's rate would break the seed's 24-hour rule for this job. */
export const MAX_BULK_APPLICATIONS = 50_000;
/** The first errors shown; more would hide the pattern the officer must fix. */
export const MAX_BULK_ERRORS_SHOWN = 20;

export const ZCreateBulkJob = z
  .object({
    officeCode: zOfficeCode,
    // The other templates pass the enum to be refused with their own reason (`planBulkJob`).
    templateId: z.enum(LETTER_TEMPLATE_IDS, {
      message: `must be one of ${COMPOSABLE_LETTER_IDS.join(", ")}`,
    }),
    values: z
      .record(z.string(), z.unknown(), { message: "must be an object of the template's values" })
      .default({}),
    lineOfBusiness: zLineOfBusiness.optional(),
    status: z
      .enum(APPLICATION_STATUSES, { message: `must be one of ${APPLICATION_STATUSES.join(", ")}` })
      .optional(),
    /** An uploaded list, already parsed (`parseFileNumberCsv`); each entry keeps its line for errors. */
    fileNumbers: z
      .array(z.string().trim().toUpperCase())
      .min(1, "must name at least one file number")
      .max(MAX_BULK_APPLICATIONS, `must name at most ${MAX_BULK_APPLICATIONS} file numbers`)
      .optional(),
    /** The uploaded file's name, kept on the job as how the group was chosen. */
    fileName: zLine(200).optional(),
  })
  .refine((input) => !(input.fileNumbers && (input.lineOfBusiness || input.status)), {
    // A list and filters together would silently drop listed files that fail a filter.
    message: "give either fileNumbers or filters (lineOfBusiness, status), not both",
    path: ["fileNumbers"],
  });
export type CreateBulkJobInput = z.input<typeof ZCreateBulkJob>;

/** How the applications of a job were chosen, as kept on the job. */
export type BulkSelection =
  | { kind: "filters"; officeCode: string; lineOfBusiness: string | null; status: string | null }
  | { kind: "file-numbers"; officeCode: string; fileName: string | null; count: number };

/** A job's own state; how far sending got is read from its rows. */
export const BULK_JOB_STATUSES = ["active", "paused", "cancelled"] as const;
export type BulkJobStatus = (typeof BULK_JOB_STATUSES)[number];

/** Held: taken out of the dispatcher's queue by a pause (it only claims `generate`). */
export const HELD = "held";

/** One row that would fail, as the officer is shown it. */
export interface BulkRowError {
  /** The CSV line, when the group came from a file. */
  line: number | null;
  fileNumber: string;
  field: string;
  message: string;
  /** The same in French, for the pages. */
  messageFr: string;
}
