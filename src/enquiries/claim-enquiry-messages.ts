/**
 * The dispatcher's claim on queued enquiry messages: due outgoing rows move to `sending` with a
 * lease, in one transaction with their audit events, as correspondence rows do. The database is
 * the queue: `FOR UPDATE SKIP LOCKED` lets any number of dispatchers share it without two taking
 * the same row.
 */
import { and, asc, eq, isNull, lte, or, sql } from "drizzle-orm";
import { type AuditChange, recordAuditEvents } from "../audit/record-audit-event.ts";
import { anyOfIds } from "../db/any-of.ts";
import type { Db, Tx } from "../db/database.ts";
import { enquiries, enquiryMessages, offices } from "../db/schema.ts";
import type { Actor } from "../users/actor.ts";

export interface ClaimedEnquiryMessage {
  id: string;
  enquiryId: string;
  officeId: string;
  /** The enquiry's reference (`ENQ-2026-000123`), kept in the subject so an answer threads. */
  reference: string;
  kind: string;
  /** Written by no person (RFC 3834 `Auto-Submitted: auto-replied`); never a substantive response. */
  automatic: boolean;
  subject: string;
  bodyText: string;
  /** The enquirer: the one address the message was queued for. */
  address: string;
  language: "en" | "fr";
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  attempts: number;
  /**
   * Claimed from `sending` after its lease ran out: the dispatcher that held it may have handed the
   * message to the server before it died, so this copy may be the second to leave.
   */
  reclaimed: boolean;
  officeMailbox: string;
  officeNameEn: string;
  officeNameFr: string;
}

/**
 * Claims up to `limit` due rows. A row is due when it waits in `generate` and its retry time has
 * come, or when it sits in `sending` past its lease (the dispatcher that claimed it died); it is
 * then sent again with the same Message-ID. A row queued with no address to send to ends
 * `undelivered` with the reason.
 *
 * @example const claimed = await claimEnquiryMessages(db, actor, 16, 5 * 60_000);
 */
export async function claimEnquiryMessages(
  db: Db,
  actor: Actor,
  limit: number,
  leaseMs: number,
): Promise<ClaimedEnquiryMessage[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: enquiryMessages.id })
      .from(enquiryMessages)
      .where(
        and(
          eq(enquiryMessages.direction, "out"),
          or(
            and(
              eq(enquiryMessages.status, "generate"),
              or(isNull(enquiryMessages.nextAttemptAt), lte(enquiryMessages.nextAttemptAt, sql`now()`)),
            ),
            and(eq(enquiryMessages.status, "sending"), lte(enquiryMessages.nextAttemptAt, sql`now()`)),
          ),
        ),
      )
      .orderBy(asc(enquiryMessages.createdAt))
      .limit(limit)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    const rows = await loadDueRows(
      tx,
      due.map((row) => row.id),
    );
    const sendable = rows.filter((row) => row.address);
    const noAddress = rows.filter((row) => !row.address);
    if (sendable.length > 0) {
      // The lease lives in next_attempt_at: a row still `sending` after it is due again.
      await tx
        .update(enquiryMessages)
        .set({
          status: "sending",
          attempts: sql`${enquiryMessages.attempts} + 1`,
          nextAttemptAt: sql`now() + ${leaseMs} * interval '1 millisecond'`,
        })
        .where(
          anyOfIds(
            enquiryMessages.id,
            sendable.map((row) => row.id),
          ),
        );
    }
    const claimed: ClaimedEnquiryMessage[] = [];
    const changes: AuditChange[] = [];
    for (const row of sendable) {
      // Fixed when queued; a row queued without one gets it now, before the first byte leaves.
      const messageId = row.messageId ?? enquiryMessageIdFor(row.id, row.officeMailbox);
      if (!row.messageId) {
        await tx.update(enquiryMessages).set({ messageId }).where(eq(enquiryMessages.id, row.id));
      }
      const item: ClaimedEnquiryMessage = {
        id: row.id,
        enquiryId: row.enquiryId,
        officeId: row.officeId,
        reference: row.reference,
        kind: row.kind,
        automatic: row.automatic,
        subject: row.subject,
        bodyText: row.bodyText,
        address: row.address!,
        language: (row.language ?? row.enquiryLanguage) === "fr" ? "fr" : "en",
        messageId,
        inReplyTo: row.inReplyTo,
        references: row.references,
        attempts: row.attempts + 1,
        reclaimed: row.status === "sending",
        officeMailbox: row.officeMailbox,
        officeNameEn: row.officeNameEn,
        officeNameFr: row.officeNameFr,
      };
      claimed.push(item);
      changes.push({
        action: item.reclaimed ? "enquiry.message-reclaimed" : "enquiry.message-sending",
        entityType: "enquiry",
        entityId: item.enquiryId,
        officeId: item.officeId,
        before: { status: row.status },
        after: {
          enquiryMessageId: item.id,
          status: "sending",
          attempt: item.attempts,
          messageId,
          address: item.address,
        },
      });
    }
    for (const row of noAddress) {
      const reason = "The message names no address to send it to, so it was not sent.";
      await tx
        .update(enquiryMessages)
        .set({ status: "undelivered", statusReason: reason, nextAttemptAt: null })
        .where(eq(enquiryMessages.id, row.id));
      changes.push({
        action: "enquiry.message-undelivered",
        entityType: "enquiry",
        entityId: row.enquiryId,
        officeId: row.officeId,
        before: { status: row.status },
        after: { enquiryMessageId: row.id, status: "undelivered", reason },
      });
    }
    await recordAuditEvents(tx, actor, changes);
    return claimed;
  });
}

/** The Message-ID of an outgoing enquiry message, as intake fixes it when it queues one. */
export function enquiryMessageIdFor(enquiryMessageId: string, officeMailbox: string): string {
  const mailbox = officeMailbox.trim().toLowerCase();
  return `<enquiry.${enquiryMessageId}@${mailbox.slice(mailbox.lastIndexOf("@") + 1)}>`;
}

async function loadDueRows(tx: Tx, ids: string[]) {
  return tx
    .select({
      id: enquiryMessages.id,
      status: enquiryMessages.status,
      enquiryId: enquiryMessages.enquiryId,
      officeId: offices.id,
      reference: enquiries.reference,
      kind: enquiryMessages.kind,
      automatic: enquiryMessages.automatic,
      subject: enquiryMessages.subject,
      bodyText: enquiryMessages.bodyText,
      address: sql<string | null>`${enquiryMessages.toAddresses}[1]`,
      language: enquiryMessages.language,
      enquiryLanguage: enquiries.language,
      messageId: enquiryMessages.messageId,
      inReplyTo: enquiryMessages.inReplyTo,
      references: enquiryMessages.references,
      attempts: enquiryMessages.attempts,
      // Every reply goes from the office's generic mailbox (seed 001), whatever the row says.
      officeMailbox: offices.mailboxEmail,
      officeNameEn: offices.nameEn,
      officeNameFr: offices.nameFr,
    })
    .from(enquiryMessages)
    .innerJoin(enquiries, eq(enquiries.id, enquiryMessages.enquiryId))
    .innerJoin(offices, eq(offices.id, enquiryMessages.officeId))
    .where(anyOfIds(enquiryMessages.id, ids))
    .orderBy(asc(enquiryMessages.createdAt));
}
