import { and, eq, gt, notInArray } from "drizzle-orm";
import { completeLinkedActivities } from "../activities/complete-linked-activities.ts";
import { recordAuditEvents } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { applications, correspondence } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import { isUuid } from "../shared/uuid.ts";
import { type Actor, canWorkInOffice } from "../users/actor.ts";
import { sameAddress } from "./decide-bounce-follow-up.ts";
import { RESEND_ACTIVITY } from "./process-inbound-message.ts";
import { type Correspondence, queueCorrespondence } from "./queue-email.ts";

/**
 * Sends an undelivered email again, with the same subject and text, to the address the file holds
 * now. Seed 000: after a bounce, officers "must resend the email to the updated email address,
 * supplied by the client". The officer confirms the activity "Resend to updated address"; the
 * recipient is chosen again by `resolveRecipient`, never typed.
 *
 * Refused when the correspondence is not an undelivered email, when it was already resent, and
 * when the file still holds only the address that bounced (or no email at all): then the
 * correspondence goes by paper mail instead.
 *
 * @example const resent = await resendCorrespondence(db, officer, "0f6c…-…");
 *   // → a new email correspondence in status `generate`, to the client's updated address
 */
export async function resendCorrespondence(
  db: Db,
  actor: Actor,
  correspondenceId: string,
): Promise<Correspondence> {
  if (!isUuid(correspondenceId)) {
    throw new AppError("invalid_input", "correspondenceId: must be a correspondence id", {
      field: "correspondenceId",
    });
  }
  return db.transaction(async (tx) => {
    const [original] = await tx
      .select()
      .from(correspondence)
      .where(eq(correspondence.id, correspondenceId))
      .for("update");
    const [application] = original
      ? await tx.select().from(applications).where(eq(applications.id, original.applicationId))
      : [];
    // Someone outside the office learns nothing, not even that the record exists.
    if (!original || !application || !canWorkInOffice(actor, application.officeId)) {
      throw new AppError("not_found", "correspondenceId: no such correspondence in your offices", {
        field: "correspondenceId",
      });
    }
    if (original.direction !== "out" || original.channel !== "email" || original.status !== "undelivered") {
      throw new AppError(
        "invalid_state",
        `Only an undelivered email can be resent; this correspondence is ${original.channel}, ${original.status}.`,
        {
          messageFr: `Seul un courriel non livré peut être renvoyé ; cette correspondance est ${original.channel}, ${original.status}.`,
        },
      );
    }
    const [already] = await tx
      .select({ id: correspondence.id, address: correspondence.address })
      .from(correspondence)
      .where(
        and(
          eq(correspondence.applicationId, original.applicationId),
          eq(correspondence.direction, "out"),
          eq(correspondence.subject, original.subject),
          eq(correspondence.bodyText, original.bodyText ?? ""),
          gt(correspondence.createdAt, original.createdAt),
          notInArray(correspondence.status, ["cancelled", "undelivered"]),
        ),
      )
      .limit(1);
    if (already) {
      throw new AppError(
        "conflict",
        `This correspondence was already sent again (correspondence ${already.id}, to ${already.address}).`,
        {
          messageFr: `Cette correspondance a déjà été renvoyée (correspondance ${already.id}, à ${already.address}).`,
        },
      );
    }
    // The same operation an officer uses to write: same recipient rule, same audit, same queue.
    const queued = await queueCorrespondence(tx, actor, application.fileNumber, {
      subject: original.subject,
      body: original.bodyText ?? "",
    });
    if (
      queued.channel !== "email" ||
      !queued.address ||
      sameAddress(queued.address, original.address ?? "")
    ) {
      // Thrown inside the transaction: the row just queued is rolled back with it.
      throw new AppError(
        "invalid_state",
        `The file holds no newer email address than ${original.address}; send this correspondence by paper mail instead.`,
        {
          messageFr: `Le dossier ne contient aucune adresse courriel plus récente que ${original.address} ; envoyez plutôt cette correspondance par la poste.`,
        },
      );
    }
    const [resent] = await tx
      .update(correspondence)
      .set({
        templateId: original.templateId,
        // The resent email states the same dates; the no-response rule follows them.
        responseDueDate: original.responseDueDate,
        interviewAt: original.interviewAt,
      })
      .where(eq(correspondence.id, queued.id))
      .returning();
    // The "Resend to updated address" proposal is done once the resend is queued.
    const now = new Date();
    const done = await completeLinkedActivities(tx, actor, {
      applicationId: application.id,
      activity: RESEND_ACTIVITY,
      correspondenceId: original.id,
      now,
    });
    await recordAuditEvents(tx, actor, [
      {
        action: "correspondence.resent",
        entityType: "application",
        entityId: application.id,
        officeId: application.officeId,
        before: { correspondenceId: original.id, address: original.address, status: original.status },
        after: { correspondenceId: queued.id, address: queued.address, resentFrom: original.id },
      },
      ...done.map((activity) => ({
        action: "activity.completed",
        entityType: "activity",
        entityId: activity.id,
        officeId: activity.officeId,
        after: {
          status: activity.status,
          outcome: `Resent as correspondence ${queued.id} to ${queued.address}`,
        },
      })),
    ]);
    return resent ?? queued;
  });
}
