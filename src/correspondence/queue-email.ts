import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { findVisibleApplication } from "../applications/find-visible-application.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { contactDetails, correspondence, offices, representatives } from "../db/schema.ts";
import { todayIn } from "../shared/dates.ts";
import { AppError } from "../shared/errors.ts";
import { zLine, zText } from "../shared/schemas.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import { resolveRecipient } from "./resolve-recipient.ts";

/** Free-text correspondence written by an officer. The recipient is never part of the input. */
export const ZQueueCorrespondence = z.object({
  // One line only: the subject becomes a header, so a line break could inject another header.
  subject: zLine(200),
  body: zText(50_000),
});
export type QueueCorrespondenceInput = z.input<typeof ZQueueCorrespondence>;
export type Correspondence = typeof correspondence.$inferSelect;

/**
 * Queues outgoing correspondence on an application. The recipient and channel come from the file
 * (see `resolveRecipient`). An email row in status `generate` is the dispatcher's work item, so it
 * is written in the same transaction as the audit event; a paper row waits for a person to print it.
 *
 * @example await queueCorrespondence(db, officer, "V000012345", { subject: "Request for documents", body: "…" })
 */
export async function queueCorrespondence(
  db: Db,
  actor: Actor,
  fileNumber: string,
  input: QueueCorrespondenceInput,
): Promise<Correspondence> {
  const data = validate(ZQueueCorrespondence, input);
  return db.transaction(async (tx) => {
    const application = await findVisibleApplication(tx, actor, fileNumber);
    const [office] = await tx.select().from(offices).where(eq(offices.id, application.officeId));
    if (!office) throw new AppError("internal", "the application's office is missing");
    const reps = await tx
      .select()
      .from(representatives)
      .where(eq(representatives.applicationId, application.id));
    const contacts = await tx
      .select()
      .from(contactDetails)
      .where(eq(contactDetails.clientId, application.clientId));
    const recipient = resolveRecipient({
      // An IMM 5476 is in force by calendar day where the office works.
      onDate: todayIn(office.timeZone),
      representatives: reps.map((r) => ({ ...r, recordedAt: r.createdAt })),
      contacts,
    });
    const id = randomUUID();
    const [row] = await tx
      .insert(correspondence)
      .values({
        id,
        applicationId: application.id,
        direction: "out",
        channel: recipient.channel,
        status: "generate",
        subject: data.subject,
        address: recipient.address,
        language: application.language,
        bodyText: data.body,
        // Fixed now, so every attempt (and a resend after a crash) carries the same Message-ID
        // (RFC 5322 §3.6.4: one message, one identifier).
        messageId: recipient.channel === "email" ? messageIdFor(id, office.mailboxEmail) : null,
        attempts: recipient.channel === "email" ? 0 : null,
        officeId: office.id,
        createdBy: actor.userId,
      })
      .returning();
    if (!row) throw new AppError("internal", "correspondence not queued");
    await recordAuditEvent(tx, actor, {
      action: "correspondence.queued",
      entityType: "application",
      entityId: application.id,
      officeId: application.officeId,
      after: {
        correspondenceId: row.id,
        channel: row.channel,
        address: row.address,
        addressee: recipient.addressee,
        subject: row.subject,
        messageId: row.messageId,
      },
    });
    return row;
  });
}

/** `<correspondence-id@office-mail-domain>`: unique worldwide, and says which record it is. */
export function messageIdFor(correspondenceId: string, officeMailbox: string): string {
  const domain = officeMailbox.slice(officeMailbox.lastIndexOf("@") + 1).toLowerCase();
  return `<${correspondenceId}@${domain}>`;
}
