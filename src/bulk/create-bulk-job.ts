/**
 * Creates a bulk correspondence job: one template letter for each application of a group (issue 3,
 * item 4). Every letter is rendered and its recipient resolved first, writing nothing; one bad row
 * refuses the whole job, so an office never has half a mailing out. Then one transaction writes the
 * job and one correspondence row per application in status `generate` — the dispatcher's work
 * items, sent at once, oldest first (seed 000 asks for bulk letters within 24 hours).
 */
import { randomUUID } from "node:crypto";
import { inArray } from "drizzle-orm";
import { type AuditChange, recordAuditEvents } from "../audit/record-audit-event.ts";
import { insertLetter, prepareLetter } from "../correspondence/queue-letter.ts";
import type { Db } from "../db/database.ts";
import { bulkJobs, correspondence } from "../db/schema.ts";
import { findOfficeByCode } from "../offices/find-office.ts";
import { AppError } from "../shared/errors.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import {
  type BulkRowError,
  type BulkSelection,
  type CreateBulkJobInput,
  MAX_BULK_APPLICATIONS,
  MAX_BULK_ERRORS_SHOWN,
  ZCreateBulkJob,
} from "./bulk.schema.ts";
import { assertCanRunBulkJobs, type BulkJob } from "./bulk-job-access.ts";
import { BulkRowsError } from "./bulk-rows-error.ts";
import { type SelectedApplication, selectApplications } from "./select-applications.ts";

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
  options: {
    /** The moment the letters are issued (their date, and the day response dates must follow). */
    today?: Date;
    /** The CSV line of each of `fileNumbers`, so errors point into the uploaded file. */
    lines?: number[];
  } = {},
): Promise<CreatedBulkJob> {
  const today = options.today ?? new Date();
  const data = validate(ZCreateBulkJob, input);
  if (data.templateId === "file-transfer") {
    throw new AppError("invalid_input", "templateId: a file transfer notice is sent by the transfer itself", {
      field: "templateId",
      messageFr: "templateId : l’avis de transfert est envoyé par le transfert lui-même",
    });
  }
  const office = await findOfficeByCode(db, data.officeCode);
  assertCanRunBulkJobs(actor, office.id);

  const selected = await selectApplications(
    db,
    actor,
    data.fileNumbers
      ? {
          kind: "file-numbers",
          officeId: office.id,
          fileNumbers: data.fileNumbers.map((fileNumber, index) => ({
            fileNumber,
            line: options.lines?.[index] ?? index + 1,
          })),
        }
      : { kind: "filters", officeId: office.id, lineOfBusiness: data.lineOfBusiness, status: data.status },
  );
  if (selected.length === 0) {
    throw new AppError("invalid_input", "No application matches this selection; nothing was created.", {
      field: "selection",
      messageFr: "Aucune demande ne correspond à cette sélection ; rien n’a été créé.",
    });
  }
  if (selected.length > MAX_BULK_APPLICATIONS) {
    throw new AppError(
      "invalid_input",
      `${selected.length} applications match; a bulk job sends at most ${MAX_BULK_APPLICATIONS}. Narrow the selection.`,
      { field: "selection" },
    );
  }

  const letterInput = (row: SelectedApplication) => ({
    application: row.application,
    office,
    client: row.client,
    templateId: data.templateId,
    values: data.values,
    today,
  });
  await checkEveryRow(db, selected, letterInput);

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
    const queued = [];
    for (const row of selected) queued.push(await insertLetter(tx, actor, letterInput(row)));
    const ids = queued.map((letter) => letter.correspondence.id);
    // insertLetter keeps its signature for single letters; the job is tied to its rows here, in the
    // same transaction, before the dispatcher can see them.
    for (let i = 0; i < ids.length; i += 5_000) {
      await tx
        .update(correspondence)
        .set({ bulkJobId: id })
        .where(inArray(correspondence.id, ids.slice(i, i + 5_000)));
    }
    const email = queued.filter((letter) => letter.correspondence.channel === "email").length;
    const changes: AuditChange[] = [
      {
        action: "bulk-job.created",
        entityType: "bulk-job",
        entityId: id,
        officeId: office.id,
        after: { templateId: data.templateId, values: data.values, selection, total: selected.length, email },
      },
      ...queued.map((letter) => ({
        action: "correspondence.added-to-bulk-job",
        entityType: "application",
        entityId: letter.correspondence.applicationId,
        officeId: office.id,
        after: { correspondenceId: letter.correspondence.id, bulkJobId: id },
      })),
    ];
    await recordAuditEvents(tx, actor, changes);
    return { job, email, paper: queued.length - email };
  });
}

/** Renders every letter without writing; throws the first errors (with the total) if any row fails. */
async function checkEveryRow<T>(
  db: Db,
  selected: SelectedApplication[],
  letterInput: (row: SelectedApplication) => T & Parameters<typeof prepareLetter>[1],
): Promise<void> {
  const errors: BulkRowError[] = [];
  let total = 0;
  for (const row of selected) {
    try {
      await prepareLetter(db, letterInput(row));
    } catch (error) {
      if (!(error instanceof AppError) || (error.code !== "invalid_input" && error.code !== "invalid_state"))
        throw error;
      total += 1;
      if (errors.length < MAX_BULK_ERRORS_SHOWN) {
        errors.push({
          line: row.line,
          fileNumber: row.application.fileNumber,
          field: error.field ?? "file",
          message: error.message.replace(/^[\w.]+: /, ""),
        });
      }
    }
  }
  if (total > 0) throw new BulkRowsError(errors, total);
}
