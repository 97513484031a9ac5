/**
 * Creates a bulk correspondence job: one template letter for each application of a group (issue 3,
 * item 4). Every letter is rendered and its recipient resolved first, writing nothing; one bad row
 * refuses the whole job, so an office never has half a mailing out. Then one transaction writes the
 * job and one correspondence row per application in status `generate` — the dispatcher's work
 * items, sent at once, oldest first (seed 000 asks for bulk letters within 24 hours). The files are
 * read and the rows written set by set (a few queries, multi-row inserts), and each letter is
 * rendered once, in the check, and written as it was checked.
 */
import { randomUUID } from "node:crypto";
import type { AuditChange } from "../audit/record-audit-event.ts";
import { insertLetters } from "../correspondence/queue-letter.ts";
import type { Db } from "../db/database.ts";
import { bulkJobs } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import type { Actor } from "../users/actor.ts";
import type { BulkSelection, CreateBulkJobInput } from "./bulk.schema.ts";
import type { BulkJob } from "./bulk-job-access.ts";
import { type BulkJobOptions, planBulkJob } from "./preview-bulk-job.ts";

export interface CreatedBulkJob {
  job: BulkJob;
  /** Rows by channel: email rows go to the dispatcher, paper rows to "Mail paper letter" activities. */
  email: number;
  paper: number;
}

/**
 * @example await createBulkJob(db, officer, { officeCode: "OTT", status: "in-progress",
 *   templateId: "request-documents", values: { documents: ["Police certificate"] } })
 *   // → { job: { status: "active", total: 412, … }, email: 398, paper: 14 }
 *
 * Refused with BulkRowsError (first 20 rows, file number and field): a listed file number that is
 * unknown or not in the actor's offices, a value the template refuses, a file with no address.
 */
export async function createBulkJob(
  db: Db,
  actor: Actor,
  input: CreateBulkJobInput,
  options: BulkJobOptions = {},
): Promise<CreatedBulkJob> {
  const { data, office, selected, letters, email, paper } = await planBulkJob(db, actor, input, options);
  const selection: BulkSelection = data.fileNumbers
    ? {
        kind: "file-numbers",
        officeCode: office.code,
        fileName: data.fileName ?? null,
        count: selected.length,
      }
    : {
        kind: "filters",
        officeCode: office.code,
        lineOfBusiness: data.lineOfBusiness ?? null,
        status: data.status ?? null,
      };

  return db.transaction(async (tx) => {
    const id = randomUUID();
    const [job] = await tx
      .insert(bulkJobs)
      .values({
        id,
        officeId: office.id,
        templateId: data.templateId,
        values: data.values,
        selection,
        status: "active",
        total: selected.length,
        createdBy: actor.userId,
      })
      .returning();
    if (!job) throw new AppError("internal", "bulk job not created");
    await insertLetters(tx, actor, letters, {
      bulkJobId: id,
      alsoAudit: (rows): AuditChange[] => [
        {
          action: "bulk-job.created",
          entityType: "bulk-job",
          entityId: id,
          officeId: office.id,
          after: {
            templateId: data.templateId,
            values: data.values,
            selection,
            total: selected.length,
            email,
          },
        },
        ...rows.map((letter) => ({
          action: "correspondence.added-to-bulk-job",
          entityType: "application",
          entityId: letter.correspondence.applicationId,
          officeId: office.id,
          after: { correspondenceId: letter.correspondence.id, bulkJobId: id },
        })),
      ],
    });
    return { job, email, paper };
  });
}
