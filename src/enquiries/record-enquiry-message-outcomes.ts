/**
 * Records what the SMTP server answered for a group of claimed enquiry messages, in one
 * transaction with one append to the audit chain, as the correspondence dispatcher records its
 * groups: sent messages archived as eDocs of their enquiry (the exact bytes that went over SMTP),
 * refusals and exhausted retries `undelivered` with the server's words, other temporary failures
 * back to `generate` with their next attempt.
 */
import { createHash, randomUUID } from "node:crypto";
import { and, eq, ne, sql } from "drizzle-orm";
import { type AuditChange, recordAuditEvents } from "../audit/record-audit-event.ts";
import { decideSendRetry, type RetryPolicy } from "../correspondence/decide-send-retry.ts";
import { anyOfIds } from "../db/any-of.ts";
import { type Db, queryRows, type Tx } from "../db/database.ts";
import { insertColumnwise } from "../db/insert-columnwise.ts";
import { blobs, edocs, enquiries, enquiryMessages } from "../db/schema.ts";
import type { RecordedCounts, SendOutcome } from "../mail/send-claimed-messages.ts";
import type { Actor } from "../users/actor.ts";
import type { ClaimedEnquiryMessage } from "./claim-enquiry-messages.ts";
import { storedPauses } from "./enquiry-sla.ts";
import { responseDueAt } from "./open-enquiry.ts";

/** The eDoc kind of a message the office sent on an enquiry, kept as its exact bytes. */
export const ENQUIRY_REPLY_EDOC_KIND = "enquiry-reply";

export type EnquirySendOutcome = SendOutcome<ClaimedEnquiryMessage>;

type Sent = Extract<EnquirySendOutcome, { kind: "sent" }>;
type CurrentRow = { id: string; status: string; age_ms: number };

/**
 * Writes every outcome of the group. A row's current status is read under lock first, so a copy
 * that arrives after another was recorded never undoes it.
 */
export async function recordEnquiryMessageOutcomes(
  db: Db,
  actor: Actor,
  outcomes: readonly EnquirySendOutcome[],
  policy: RetryPolicy,
): Promise<RecordedCounts> {
  const counts: RecordedCounts = { sent: 0, retrying: 0, undelivered: 0 };
  if (outcomes.length === 0) return counts;
  await db.transaction(async (tx) => {
    // Locked in id order, so two dispatchers recording overlapping groups cannot deadlock.
    const current = await queryRows<CurrentRow>(
      tx,
      sql`select id, status, (extract(epoch from now() - created_at) * 1000)::float8 as age_ms
          from enquiry_messages where id = any(${sql.param(outcomes.map((o) => o.item.id))}::uuid[])
          order by id for update`,
    );
    const byId = new Map(current.map((row) => [row.id, row]));
    const changes: AuditChange[] = [];
    const sent = outcomes.filter((o): o is Sent => o.kind === "sent");
    changes.push(...(await recordSent(tx, sent, byId)));
    counts.sent = sent.length;
    for (const outcome of outcomes) {
      if (outcome.kind === "sent") continue;
      const row = byId.get(outcome.item.id);
      const result =
        outcome.kind === "refused"
          ? {
              ended: "undelivered" as const,
              change: await markUndelivered(tx, outcome.item, row?.status, outcome.reason),
            }
          : await retryOrGiveUp(tx, outcome.item, row, outcome.reason, policy);
      counts[result.ended] += 1;
      if (result.change) changes.push(result.change);
    }
    await recordAuditEvents(tx, actor, changes);
  });
  return counts;
}

/**
 * Archives the sent bytes as eDocs of their enquiries and marks the messages sent. The SMTP
 * envelope and the server's reply (RFC 5321 §4.2: the 250 line, which usually names the server's
 * queue id) have no columns on an enquiry message: they are kept in the audit event, and the reply
 * in `status_reason`.
 */
async function recordSent(tx: Tx, sent: Sent[], current: Map<string, CurrentRow>): Promise<AuditChange[]> {
  if (sent.length === 0) return [];
  const archived = sent.map((outcome) => ({
    outcome,
    edocId: randomUUID(),
    sha256: createHash("sha256").update(outcome.raw).digest("hex"),
    // A copy sent after a lease ran out may arrive when another copy was already recorded; both
    // left the office, so both are kept, and the message keeps the first copy's record.
    alreadySent: current.get(outcome.item.id)?.status === "sent",
  }));
  const unique = new Map(archived.map((a) => [a.sha256, a.outcome.raw]));
  await tx
    .insert(blobs)
    .values([...unique].map(([sha256, raw]) => ({ sha256, size: raw.byteLength, content: raw })))
    .onConflictDoNothing();
  await insertColumnwise(
    tx,
    edocs,
    archived.map(({ outcome: { item, raw }, edocId, sha256 }) => ({
      id: edocId,
      sha256,
      mediaType: "message/rfc822",
      size: raw.byteLength,
      fileName: `${item.reference}-${item.id}.eml`,
      kind: ENQUIRY_REPLY_EDOC_KIND,
      description: `Sent, via Email, to ${item.address}`,
      enquiryId: item.enquiryId,
    })),
  );

  const first = archived.filter((a) => !a.alreadySent);
  if (first.length > 0) {
    const column = <T>(pick: (a: (typeof archived)[number]) => T) => sql.param(first.map(pick));
    await tx.execute(sql`
      update enquiry_messages m set
        status = 'sent',
        sent_at = now(),
        status_reason = v.response,
        next_attempt_at = null,
        sha256 = v.sha256,
        edoc_id = v.edoc_id
      from unnest(
        ${column((a) => a.outcome.item.id)}::uuid[],
        ${column((a) => a.outcome.response)}::text[],
        ${column((a) => a.sha256)}::text[],
        ${column((a) => a.edocId)}::uuid[]
      ) as v(id, response, sha256, edoc_id)
      where m.id = v.id`);
    // The first reply a person wrote answers the enquiry; an automatic one (an acknowledgement, a
    // request for missing information) does not stop its clock (seed 001, `sla-state.ts`).
    const answered = [
      ...new Set(first.filter((a) => !a.outcome.item.automatic).map((a) => a.outcome.item.enquiryId)),
    ];
    if (answered.length > 0) {
      await tx
        .update(enquiries)
        .set({ firstResponseAt: sql`coalesce(${enquiries.firstResponseAt}, now())`, updatedAt: sql`now()` })
        .where(anyOfIds(enquiries.id, answered));
    }
  }
  return archived.map(({ outcome: { item, raw, envelope, response }, edocId, sha256, alreadySent }) => ({
    action: alreadySent ? "enquiry.message-sent-again" : "enquiry.message-sent",
    entityType: "enquiry",
    entityId: item.enquiryId,
    officeId: item.officeId,
    before: { status: current.get(item.id)?.status },
    after: {
      enquiryMessageId: item.id,
      status: "sent",
      address: item.address,
      messageId: item.messageId,
      automatic: item.automatic,
      attempt: item.attempts,
      edocId,
      sha256,
      size: raw.byteLength,
      envelope,
      response,
      // The enquirer may hold two copies with one Message-ID; this flag says which send was the repeat.
      ...(item.reclaimed ? { resentAfterLeaseExpiry: true } : {}),
    },
  }));
}

/** Ends a send as undelivered with the reason, unless another copy was accepted meanwhile. */
async function markUndelivered(
  tx: Tx,
  item: ClaimedEnquiryMessage,
  status: string | undefined,
  reason: string,
): Promise<AuditChange | null> {
  // A refusal never overrides `sent`.
  if (status !== "sending" && status !== "generate") return null;
  await tx
    .update(enquiryMessages)
    .set({ status: "undelivered", statusReason: reason, nextAttemptAt: null })
    .where(eq(enquiryMessages.id, item.id));
  return {
    action: "enquiry.message-undelivered",
    entityType: "enquiry",
    entityId: item.enquiryId,
    officeId: item.officeId,
    before: { status },
    after: {
      enquiryMessageId: item.id,
      status: "undelivered",
      address: item.address,
      attempt: item.attempts,
      reason,
      ...(await resumeClockIfNeverAsked(tx, item)),
    },
  };
}

/**
 * An automatic request for missing information that never reached the enquirer asked them for
 * nothing: the clock, stopped when it was queued, runs again from now, as it does when intake may
 * not send the request at all. Only the enquiry's latest request stopped the clock.
 */
export async function resumeClockIfNeverAsked(
  tx: Tx,
  item: Pick<ClaimedEnquiryMessage, "id" | "enquiryId" | "automatic" | "kind">,
): Promise<{ enquiryState: "open"; responseDueAt: string | null } | Record<string, never>> {
  if (!item.automatic || item.kind !== "missing-information") return {};
  const [enquiry] = await tx.select().from(enquiries).where(eq(enquiries.id, item.enquiryId)).for("update");
  if (enquiry?.state !== "awaiting-information") return {};
  const [latest] = await tx
    .select({ id: enquiryMessages.id })
    .from(enquiryMessages)
    .where(
      and(
        eq(enquiryMessages.enquiryId, item.enquiryId),
        eq(enquiryMessages.direction, "out"),
        eq(enquiryMessages.kind, "missing-information"),
        ne(enquiryMessages.status, "suppressed"),
      ),
    )
    .orderBy(sql`${enquiryMessages.createdAt} desc`)
    .limit(1);
  if (latest?.id !== item.id) return {};
  const now = new Date();
  const pauses = storedPauses(enquiry).map((p) => (p.to === null ? { ...p, to: now } : p));
  const dueAt = responseDueAt(enquiry.receivedAt, enquiry.responseDays, pauses, now);
  await tx
    .update(enquiries)
    .set({
      state: "open",
      slaPauses: pauses.map((p) => ({ from: p.from.toISOString(), to: p.to?.toISOString() ?? null })),
      responseDueAt: dueAt,
      updatedAt: now,
    })
    .where(eq(enquiries.id, enquiry.id));
  return { enquiryState: "open", responseDueAt: dueAt?.toISOString() ?? null };
}

async function retryOrGiveUp(
  tx: Tx,
  item: ClaimedEnquiryMessage,
  row: CurrentRow | undefined,
  reason: string,
  policy: RetryPolicy,
): Promise<{ ended: "retrying" | "undelivered"; change: AuditChange | null }> {
  const decision = decideSendRetry(
    { status: row?.status, ageMs: Number(row?.age_ms), attempts: item.attempts, reason },
    policy,
  );
  // Another copy was recorded meanwhile (a reclaimed row): nothing left to retry.
  if (decision.kind === "already-recorded") return { ended: "retrying", change: null };
  if (decision.kind === "give-up") {
    return { ended: "undelivered", change: await markUndelivered(tx, item, "sending", decision.reason) };
  }
  const { waitMs, reason: retryReason } = decision;
  await tx
    .update(enquiryMessages)
    .set({
      status: "generate",
      statusReason: retryReason,
      nextAttemptAt: sql`now() + ${waitMs} * interval '1 millisecond'`,
    })
    .where(eq(enquiryMessages.id, item.id));
  return {
    ended: "retrying",
    change: {
      action: "enquiry.message-retry-scheduled",
      entityType: "enquiry",
      entityId: item.enquiryId,
      officeId: item.officeId,
      before: { status: "sending" },
      after: {
        enquiryMessageId: item.id,
        status: "generate",
        attempt: item.attempts,
        retryInMs: waitMs,
        reason: retryReason,
      },
    },
  };
}
