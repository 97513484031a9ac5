import { eq } from "drizzle-orm";
import type { Application } from "../applications/create-application.ts";
import type { Executor } from "../db/database.ts";
import { applications, correspondence } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import { isUuid } from "../shared/uuid.ts";
import { type Actor, canWorkInOffice } from "../users/actor.ts";
import type { Correspondence } from "./queue-email.ts";

/**
 * The correspondence with this id and its application, if the application is held by one of the
 * actor's offices. Another office's correspondence is "not found", as its files are: its existence
 * is not disclosed. `lock` takes the row for update, so that changes to one record are serialised.
 */
export async function findVisibleCorrespondence(
  db: Executor,
  actor: Actor,
  correspondenceId: string,
  options: { lock?: boolean } = {},
): Promise<{ row: Correspondence; application: Application }> {
  if (!isUuid(correspondenceId)) {
    throw new AppError("invalid_input", "correspondenceId: must be a correspondence id", {
      field: "correspondenceId",
      messageFr: "correspondenceId : doit être l’identifiant d’une correspondance",
    });
  }
  const query = db.select().from(correspondence).where(eq(correspondence.id, correspondenceId));
  const [row] = options.lock ? await query.for("update") : await query;
  const [application] = row
    ? await db.select().from(applications).where(eq(applications.id, row.applicationId))
    : [];
  if (!row || !application || !canWorkInOffice(actor, application.officeId)) {
    throw new AppError("not_found", "correspondenceId: no such correspondence in your offices", {
      field: "correspondenceId",
      messageFr: "correspondenceId : aucune correspondance de ce numéro dans vos bureaux",
    });
  }
  return { row, application };
}
