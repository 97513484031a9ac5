import { eq } from "drizzle-orm";
import { findVisibleApplication } from "../applications/find-visible-application.ts";
import type { Executor } from "../db/database.ts";
import { clients, etaApplications } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import type { Actor } from "../users/actor.ts";
import { type EtaResult, etaResult } from "./eta-result.ts";
import { utcDay } from "./submit-eta-applications.ts";

export type EtaApplication = typeof etaApplications.$inferSelect;

/** The eTA application with this file number, in one of the actor's offices. */
export async function findVisibleEtaApplication(db: Executor, actor: Actor, fileNumber: string) {
  const application = await findVisibleApplication(db, actor, fileNumber);
  const [row] = await db
    .select({ eta: etaApplications, uci: clients.uci })
    .from(etaApplications)
    .innerJoin(clients, eq(clients.id, etaApplications.clientId))
    .where(eq(etaApplications.applicationId, application.id));
  if (!row) {
    throw new AppError("not_found", `fileNumber: ${application.fileNumber} is not an eTA application`, {
      field: "fileNumber",
    });
  }
  return { application, eta: row.eta, uci: row.uci };
}

/** Status, referral reasons and validity (as on `now`'s UTC day) of one eTA application. */
export async function getEtaApplication(
  db: Executor,
  actor: Actor,
  fileNumber: string,
  options: { now?: Date } = {},
): Promise<EtaResult> {
  const { application, eta, uci } = await findVisibleEtaApplication(db, actor, fileNumber);
  return etaResult(eta, { fileNumber: application.fileNumber, uci }, utcDay(options.now ?? new Date()));
}
