/**
 * Seed 004: a permanent resident who does not answer the request to relinquish the status by its
 * date has the eTA application withdrawn. Run daily by the scheduler; each application in its own
 * transaction, so one failure does not hold back the others.
 */
import { and, eq, isNull, lt } from "drizzle-orm";
import { recordAuditEvents } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { etaApplications, etaRelinquishments } from "../db/schema.ts";
import { SYSTEM_ACTOR } from "../users/actor.ts";
import { utcDay } from "./submit-eta-applications.ts";
import { withdrawPermanentResidentApplication } from "./withdraw-eta-application.ts";

/** The applications withdrawn, by file id; a request due today is still open until tomorrow. */
export async function withdrawUnansweredRelinquishments(
  db: Db,
  options: { now?: Date } = {},
): Promise<string[]> {
  const now = options.now ?? new Date();
  const today = utcDay(now);
  const overdue = await db
    .select({ id: etaRelinquishments.id, applicationId: etaRelinquishments.applicationId })
    .from(etaRelinquishments)
    .where(and(isNull(etaRelinquishments.answer), lt(etaRelinquishments.replyDueDate, today)));
  const withdrawn: string[] = [];
  for (const request of overdue) {
    await db.transaction(async (tx) => {
      const [open] = await tx
        .select()
        .from(etaRelinquishments)
        .where(and(eq(etaRelinquishments.id, request.id), isNull(etaRelinquishments.answer)))
        .for("update");
      if (!open) return;
      const [eta] = await tx
        .select({ status: etaApplications.status })
        .from(etaApplications)
        .where(eq(etaApplications.applicationId, open.applicationId));
      await tx
        .update(etaRelinquishments)
        .set({ answer: "no-reply", answeredOn: today })
        .where(eq(etaRelinquishments.id, open.id));
      if (eta?.status !== "referred") return;
      const result = await withdrawPermanentResidentApplication(
        tx,
        SYSTEM_ACTOR,
        open.applicationId,
        `no answer to the request to relinquish permanent resident status by ${open.replyDueDate}.`,
        now,
      );
      await recordAuditEvents(tx, SYSTEM_ACTOR, [
        {
          action: "eta.relinquishment-unanswered",
          entityType: "application",
          entityId: open.applicationId,
          after: { relinquishmentId: open.id, replyDueDate: open.replyDueDate },
        },
        ...result.changes,
      ]);
      withdrawn.push(open.applicationId);
    });
  }
  return withdrawn;
}
