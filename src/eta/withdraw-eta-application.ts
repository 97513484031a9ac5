/**
 * Withdraws a referred eTA application of a permanent resident who did not relinquish the status
 * (seed 004: they declined, or did not answer by the date), inside the caller's transaction: the
 * status, a note saying why, the notice letter in the file's language, the review activities
 * completed. The caller audits with the changes returned.
 */
import { and, eq, inArray } from "drizzle-orm";
import { OPEN_STATUSES } from "../activities/activity.schema.ts";
import type { AuditChange } from "../audit/record-audit-event.ts";
import { insertLetter } from "../correspondence/queue-letter.ts";
import type { Tx } from "../db/database.ts";
import { activities, applications, clients, etaApplications, offices } from "../db/schema.ts";
import { insertNote } from "../notes/insert-note.ts";
import { AppError } from "../shared/errors.ts";
import type { Actor } from "../users/actor.ts";
import { ensureEtaEmailContact } from "./ensure-eta-email-contact.ts";
import { etaNoticeLetter } from "./eta-notice-letter.ts";

export async function withdrawPermanentResidentApplication(
  tx: Tx,
  actor: Actor,
  applicationId: string,
  why: string,
  now: Date,
): Promise<{ changes: AuditChange[]; letterCorrespondenceId: string }> {
  const [application] = await tx.select().from(applications).where(eq(applications.id, applicationId));
  if (!application) throw new AppError("internal", "application missing");
  const [office] = await tx.select().from(offices).where(eq(offices.id, application.officeId));
  const [client] = await tx.select().from(clients).where(eq(clients.id, application.clientId));
  if (!office || !client) throw new AppError("internal", "the application's office or client is missing");
  const statusReason = "Withdrawn: permanent resident status not relinquished";
  await tx
    .update(etaApplications)
    .set({ status: "withdrawn" })
    .where(eq(etaApplications.applicationId, applicationId));
  await tx
    .update(applications)
    .set({ status: "withdrawn", statusReason })
    .where(eq(applications.id, applicationId));
  const note = await insertNote(
    tx,
    actor,
    { clientId: application.clientId, applicationId, officeId: application.officeId },
    `eTA application withdrawn: ${why} A permanent resident cannot hold an eTA (seed procedure on permanent residents); the applicant is told to obtain a travel document showing the status, or to relinquish it.`,
  );
  const [eta] = await tx
    .select({ email: etaApplications.email })
    .from(etaApplications)
    .where(eq(etaApplications.applicationId, applicationId));
  if (eta) await ensureEtaEmailContact(tx, actor, application.clientId, eta.email);
  const language = application.language === "fr" ? "fr" : "en";
  const queued = await insertLetter(tx, actor, {
    application: { ...application, status: "withdrawn", statusReason },
    office,
    client,
    templateId: "free-text",
    values: etaNoticeLetter({ kind: "withdrawn-permanent-resident", language }),
    today: now,
  });
  const done = await tx
    .update(activities)
    .set({ status: "completed", completedAt: now, updatedAt: now })
    .where(and(eq(activities.applicationId, applicationId), inArray(activities.status, OPEN_STATUSES)))
    .returning({ id: activities.id, officeId: activities.officeId });
  const changes: AuditChange[] = [
    {
      action: "application.status-changed",
      entityType: "application",
      entityId: applicationId,
      officeId: application.officeId,
      before: { status: application.status, statusReason: application.statusReason },
      after: { status: "withdrawn", statusReason },
    },
    {
      action: "note.added",
      entityType: "application",
      entityId: applicationId,
      officeId: application.officeId,
      after: { id: note!.id, restricted: false, correctsNoteId: null, length: note!.body.length },
    },
    ...done.map((activity) => ({
      action: "activity.completed",
      entityType: "activity",
      entityId: activity.id,
      officeId: activity.officeId,
      after: { status: "completed", outcome: "eTA application withdrawn" },
    })),
  ];
  return { changes, letterCorrespondenceId: queued.correspondence.id };
}
