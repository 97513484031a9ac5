/**
 * The applications a bulk job goes to: those of one office matching filters, or those an uploaded
 * list names. Never an application of another office, whatever the input says.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Application } from "../applications/create-application.ts";
import type { Client } from "../clients/create-client.ts";
import type { Executor } from "../db/database.ts";
import { applications, clients } from "../db/schema.ts";
import type { Actor } from "../users/actor.ts";
import { canWorkInOffice } from "../users/actor.ts";
import type { BulkRowError } from "./bulk.schema.ts";
import { BulkRowsError } from "./bulk-rows-error.ts";
import type { ListedFileNumber } from "./parse-file-number-csv.ts";

export interface SelectedApplication {
  application: Application;
  client: Client;
  /** The CSV line that named it, when the group came from a list. */
  line: number | null;
}

export type ApplicationSelection =
  | { kind: "filters"; officeId: string; lineOfBusiness?: string | undefined; status?: string | undefined }
  | { kind: "file-numbers"; officeId: string; fileNumbers: ListedFileNumber[] };

/**
 * @example await selectApplications(db, officer, { kind: "filters", officeId, status: "in-progress" })
 * Throws BulkRowsError when a listed file number is unknown, not in the actor's offices, or held
 * by another office than the job's (one line each, first 20).
 */
export async function selectApplications(
  db: Executor,
  actor: Actor,
  selection: ApplicationSelection,
): Promise<SelectedApplication[]> {
  if (selection.kind === "filters") {
    const rows = await db
      .select({ application: applications, client: clients })
      .from(applications)
      .innerJoin(clients, eq(clients.id, applications.clientId))
      .where(
        and(
          eq(applications.officeId, selection.officeId),
          selection.lineOfBusiness ? eq(applications.lineOfBusiness, selection.lineOfBusiness) : undefined,
          selection.status ? eq(applications.status, selection.status) : undefined,
        ),
      )
      .orderBy(asc(applications.fileNumber));
    return rows.map((row) => ({ ...row, line: null }));
  }

  const found = new Map<string, { application: Application; client: Client }>();
  const numbers = selection.fileNumbers.map((entry) => entry.fileNumber);
  // Chunks keep each statement's parameter count well under PostgreSQL's 65,535.
  for (let i = 0; i < numbers.length; i += 5_000) {
    const rows = await db
      .select({ application: applications, client: clients })
      .from(applications)
      .innerJoin(clients, eq(clients.id, applications.clientId))
      .where(inArray(applications.fileNumber, numbers.slice(i, i + 5_000)));
    for (const row of rows) found.set(row.application.fileNumber, row);
  }
  const errors: BulkRowError[] = [];
  const selected: SelectedApplication[] = [];
  for (const { fileNumber, line } of selection.fileNumbers) {
    const row = found.get(fileNumber);
    // Unknown and another office's file read the same: whether a file exists elsewhere is not shown.
    if (!row || !canWorkInOffice(actor, row.application.officeId)) {
      errors.push({
        line,
        fileNumber,
        field: "fileNumber",
        message: "is unknown or not in your offices",
        messageFr: "est inconnu ou n’est pas dans vos bureaux",
      });
    } else if (row.application.officeId !== selection.officeId) {
      errors.push({
        line,
        fileNumber,
        field: "fileNumber",
        message: "is held by another of your offices; a bulk job sends for one office",
        messageFr: "relève d’un autre de vos bureaux; un envoi en lot part d’un seul bureau",
      });
    } else {
      selected.push({ ...row, line });
    }
  }
  if (errors.length > 0) throw new BulkRowsError(errors);
  return selected;
}
