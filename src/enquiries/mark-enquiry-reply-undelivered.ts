/**
 * An undelivered notice about a reply the office sent to an enquirer: the reply is marked
 * undelivered on its enquiry, with the remote server's status, so the officer sees on the thread
 * that the enquirer never got the answer. Runs inside the transaction that processes the notice.
 */
import { and, eq, sql } from "drizzle-orm";
import type { DeferAudit } from "../correspondence/deferred-audit.ts";
import type { Tx } from "../db/database.ts";
import { enquiries, enquiryMessages, type inboundMessages } from "../db/schema.ts";
import type { Classification } from "../mail/classify-message.ts";
import { type Actor, SYSTEM_ACTOR } from "../users/actor.ts";
import { resumeClockIfNeverAsked } from "./record-enquiry-message-outcomes.ts";

const INTAKE: Actor = { ...SYSTEM_ACTOR, label: "enquiries-intake" };

/**
 * @returns the processing note, or null when the notice is not about a reply to an enquiry
 * @example await markEnquiryReplyUndelivered(tx, notice, classification, audit.defer)
 *   // → { note: "Undelivered notice for the reply <enquiry.…@ott.example> of enquiry ENQ-2026-000012: …" }
 */
export async function markEnquiryReplyUndelivered(
  tx: Tx,
  notice: typeof inboundMessages.$inferSelect,
  classification: Classification,
  deferAudit: DeferAudit,
): Promise<{ note: string } | null> {
  const returned = classification.originalMessageId?.trim();
  if (!returned) return null;
  const bracketed = returned.startsWith("<") ? returned : `<${returned}>`;
  const [found] = await tx
    .select({ reply: enquiryMessages, reference: enquiries.reference })
    .from(enquiryMessages)
    .innerJoin(enquiries, eq(enquiries.id, enquiryMessages.enquiryId))
    .where(
      and(
        eq(enquiryMessages.direction, "out"),
        // Ours are written in lower case; only a relay rewriting them could change that.
        sql`lower(${enquiryMessages.messageId}) = ${bracketed.toLowerCase()}`,
      ),
    )
    .limit(1)
    .for("update");
  if (!found) return null;
  const { reply, reference } = found;
  const statuses = describe(classification);
  const named = `the reply ${reply.messageId} of enquiry ${reference}`;
  // RFC 3463 §2: only class 5 is permanent; a 4.x.x the remote server gave up on may yet arrive.
  if (!classification.recipients.some((r) => r.permanent)) {
    return { note: `Undelivered notice for ${named} (${statuses}), not a permanent failure: left as it is.` };
  }
  if (reply.status === "undelivered") {
    return { note: `Undelivered notice for ${named} (${statuses}): already marked undelivered.` };
  }
  const statusReason = `Returned by the recipient's mail server: ${statuses}`.slice(0, 500);
  await tx
    .update(enquiryMessages)
    .set({ status: "undelivered", statusReason, nextAttemptAt: null })
    .where(eq(enquiryMessages.id, reply.id));
  // A request for missing information that never arrived asked for nothing: its clock runs again.
  const clock = await resumeClockIfNeverAsked(tx, reply);
  deferAudit(INTAKE, [
    {
      action: "enquiry.message-undelivered",
      entityType: "enquiry",
      entityId: reply.enquiryId,
      officeId: reply.officeId,
      before: { status: reply.status },
      after: {
        enquiryMessageId: reply.id,
        status: "undelivered",
        address: reply.toAddresses.join(", "),
        reason: statusReason,
        inboundMessageId: notice.id,
        ...clock,
      },
    },
  ]);
  const resumed = "enquiryState" in clock ? " The enquiry's response clock runs again." : "";
  return {
    note: `Undelivered notice for ${named} (${statuses}): marked undelivered on the enquiry.${resumed}`,
  };
}

function describe(classification: Classification): string {
  if (classification.recipients.length === 0) return "no recipient named";
  return classification.recipients
    .slice(0, 5)
    .map((r) => `${r.status ?? "no status"} ${r.address}`)
    .join(", ");
}
