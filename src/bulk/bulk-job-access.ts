import { eq } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { bulkJobs } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import { isUuid } from "../shared/uuid.ts";
import { type Actor, hasRole } from "../users/actor.ts";

export type BulkJob = typeof bulkJobs.$inferSelect;

/**
 * Bulk letters are sent by the office that holds the files, by the people who write its
 * correspondence: officers (decision makers included) and program managers. The system itself
 * (CLI, jobs) may too.
 */
export function canRunBulkJobs(actor: Actor, officeId: string): boolean {
  return (
    actor.userId === null ||
    hasRole(actor, "officer", officeId) ||
    hasRole(actor, "decision-maker-1", officeId) ||
    hasRole(actor, "program-manager", officeId)
  );
}

export function assertCanRunBulkJobs(actor: Actor, officeId: string): void {
  if (!canRunBulkJobs(actor, officeId)) {
    throw new AppError(
      "forbidden",
      "Only officers and program managers of this office can send bulk correspondence for it.",
      {
        messageFr:
          "Seuls les agents et gestionnaires de programme de ce bureau peuvent y envoyer du courrier en lot.",
      },
    );
  }
}

/** The job, if the actor may run jobs of its office; otherwise "not found" (its existence is not shown). */
export async function findVisibleBulkJob(db: Executor, actor: Actor, id: string): Promise<BulkJob> {
  const [job] = isUuid(id) ? await db.select().from(bulkJobs).where(eq(bulkJobs.id, id)) : [];
  if (!job || !canRunBulkJobs(actor, job.officeId)) {
    throw new AppError("not_found", `no bulk job ${id} in your offices`, {
      messageFr: `aucun envoi en lot ${id} dans vos bureaux`,
    });
  }
  return job;
}
