/**
 * The checking half of a bulk job, shared by its preview and its creation: the input parsed, the
 * group selected, and every letter rendered with its recipient resolved, writing nothing.
 */

import {
  type InsertLetterInput,
  type LetterToInsert,
  type PreparedLetter,
  prepareLetters,
  refuseDecisionLetter,
} from "../correspondence/queue-letter.ts";
import type { Db } from "../db/database.ts";
import type { Office } from "../offices/create-office.ts";
import { findOfficeByCode } from "../offices/find-office.ts";
import { AppError } from "../shared/errors.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import {
  type BulkRowError,
  type CreateBulkJobInput,
  MAX_BULK_APPLICATIONS,
  MAX_BULK_ERRORS_SHOWN,
  ZCreateBulkJob,
} from "./bulk.schema.ts";
import { assertCanRunBulkJobs } from "./bulk-job-access.ts";
import { BulkRowsError } from "./bulk-rows-error.ts";
import { type SelectedApplication, selectApplications } from "./select-applications.ts";

export interface BulkJobOptions {
  /** The moment the letters are issued (their date, and the day response dates must follow). */
  today?: Date;
  /** The CSV line of each of `fileNumbers`, so errors point into the uploaded file. */
  lines?: number[];
}

export interface BulkJobPlan {
  data: ReturnType<typeof ZCreateBulkJob.parse>;
  office: Office;
  selected: SelectedApplication[];
  /** The letter of each of `selected`, rendered once, as the job writes it. */
  letters: LetterToInsert[];
  today: Date;
  /** Letters by channel, as the recipients on file give them today. */
  email: number;
  paper: number;
}

/**
 * What a bulk job would send, checked row by row; nothing written. Throws what `createBulkJob`
 * would throw.
 *
 * @example await previewBulkJob(db, officer, { officeCode: "OTT", status: "in-progress",
 *   templateId: "free-text", values: { subject: "Office closure", body: "…" } })
 *   // → { total: 412, email: 398, paper: 14 }
 */
export async function previewBulkJob(
  db: Db,
  actor: Actor,
  input: CreateBulkJobInput,
  options: BulkJobOptions = {},
) {
  const plan = await planBulkJob(db, actor, input, options);
  return { officeCode: plan.office.code, total: plan.selected.length, email: plan.email, paper: plan.paper };
}

/**
 * The checks `createBulkJob` runs before its transaction; it writes with the plan's rows and its
 * `today`. A decision letter is refused before anything is read: only recording a decision on one
 * application produces it, with the recourse annex (`refuseDecisionLetter`).
 */
export async function planBulkJob(
  db: Db,
  actor: Actor,
  input: CreateBulkJobInput,
  options: BulkJobOptions = {},
): Promise<BulkJobPlan> {
  const today = options.today ?? new Date();
  refuseDecisionLetter(input, null);
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

  const inputs: InsertLetterInput[] = selected.map((row) => ({
    application: row.application,
    office,
    client: row.client,
    templateId: data.templateId,
    values: data.values,
    today,
  }));
  const letters = checkEveryRow(selected, inputs, await prepareLetters(db, inputs));
  const email = letters.filter((letter) => letter.prepared.recipient.channel === "email").length;
  return { data, office, selected, letters, today, email, paper: letters.length - email };
}

/** The prepared letters, or the first rows at fault (with their total) if any row was refused. */
function checkEveryRow(
  selected: readonly SelectedApplication[],
  inputs: readonly InsertLetterInput[],
  prepared: ReadonlyArray<PreparedLetter | AppError>,
): LetterToInsert[] {
  const letters: LetterToInsert[] = [];
  const errors: BulkRowError[] = [];
  let total = 0;
  prepared.forEach((result, index) => {
    const input = inputs[index];
    if (!(result instanceof AppError)) {
      if (input) letters.push({ input, prepared: result });
      return;
    }
    total += 1;
    const row = selected[index];
    if (row && errors.length < MAX_BULK_ERRORS_SHOWN) {
      errors.push({
        line: row.line,
        fileNumber: row.application.fileNumber,
        field: result.field ?? "file",
        message: result.message.replace(/^[\w.]+: /, ""),
        messageFr: (result.messageFr ?? result.message).replace(/^[\w.]+ ?: /, ""),
      });
    }
  });
  if (total > 0) throw new BulkRowsError(errors, total);
  return letters;
}
