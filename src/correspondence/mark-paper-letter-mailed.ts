/**
 * Records that a paper letter was printed and mailed. A paper correspondence row waits in status
 * `generate` (no dispatcher sends paper) until a person mails it; from then on it reads "Sent, via
 * paper mail, to ADDRESS", and the "Mail paper letter" activity that asked for it is completed.
 */

import { eq } from "drizzle-orm";
import { completeLinkedActivities } from "../activities/complete-linked-activities.ts";
import { recordAuditEvents } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { correspondence } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import type { Actor } from "../users/actor.ts";
import { findVisibleCorrespondence } from "./find-visible-correspondence.ts";
import type { Correspondence } from "./queue-email.ts";
import { MAIL_PAPER_LETTER_ACTIVITY } from "./queue-letter.ts";

export interface MailedPaperLetter {
  correspondence: Correspondence;
  /** The "Mail paper letter" activities completed by this. */
  completedActivityIds: string[];
}

/**
 * @example await markPaperLetterMailed(db, officer, "0b9e…") // → { correspondence: { status: "sent", sentAt, … }, completedActivityIds: ["…"] }
 *
 * Refused with `invalid_state` when the correspondence is not a paper letter waiting to be mailed
 * (an email is sent by the dispatcher; a letter already mailed is not mailed twice).
 */
export async function markPaperLetterMailed(
  db: Db,
  actor: Actor,
  correspondenceId: string,
): Promise<MailedPaperLetter> {
  return db.transaction(async (tx) => {
    const { row: before, application } = await findVisibleCorrespondence(tx, actor, correspondenceId, {
      lock: true,
    });
    if (before.direction !== "out" || before.channel !== "paper") {
      throw new AppError(
        "invalid_state",
        "This correspondence is not a paper letter; only a paper letter is recorded as mailed by hand.",
        {
          messageFr:
            "Cette correspondance n’est pas une lettre papier ; seule une lettre papier est inscrite comme postée à la main.",
        },
      );
    }
    if (before.status !== "generate") {
      throw new AppError(
        "invalid_state",
        `This paper letter is ${before.status === "sent" ? "already recorded as mailed" : before.status}; it cannot be recorded as mailed again.`,
        {
          messageFr: `Cette lettre papier est ${before.status === "sent" ? "déjà inscrite comme postée" : before.status} ; elle ne peut pas l’être de nouveau.`,
        },
      );
    }
    const now = new Date();
    const [row] = await tx
      .update(correspondence)
      .set({ status: "sent", sentAt: now })
      .where(eq(correspondence.id, before.id))
      .returning();
    if (!row) throw new AppError("internal", "correspondence not updated");
    const done = await completeLinkedActivities(tx, actor, {
      applicationId: before.applicationId,
      activity: MAIL_PAPER_LETTER_ACTIVITY,
      correspondenceId: before.id,
      now,
    });
    await recordAuditEvents(tx, actor, [
      {
        action: "correspondence.mailed",
        entityType: "application",
        entityId: before.applicationId,
        officeId: application.officeId,
        before: { correspondenceId: before.id, status: before.status },
        after: {
          correspondenceId: row.id,
          status: row.status,
          channel: row.channel,
          address: row.address,
          sentAt: now.toISOString(),
        },
      },
      ...done.map((activity) => ({
        action: "activity.completed",
        entityType: "activity",
        entityId: activity.id,
        officeId: activity.officeId,
        after: { status: activity.status, outcome: `Paper letter ${row.id} mailed` },
      })),
    ]);
    return { correspondence: row, completedActivityIds: done.map((a) => a.id) };
  });
}
