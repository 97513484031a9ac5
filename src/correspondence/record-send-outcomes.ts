/**
 * Records what the SMTP server answered for a group of claimed emails, in one transaction with one
 * append to the audit chain. One transaction per group rather than per message: the chain is
 * appended under one lock, so per-message transactions would queue every dispatcher behind it.
 */
import { createHash, randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { type AuditChange, recordAuditEvents } from "../audit/record-audit-event.ts";
import { anyOfIds } from "../db/any-of.ts";
import { type Db, queryRows, type Tx } from "../db/database.ts";
import { insertColumnwise } from "../db/insert-columnwise.ts";
import { blobs, correspondence, edocs } from "../db/schema.ts";
import { EMAIL_MESSAGE_LIMIT } from "../edocs/check-edoc-upload.ts";
import type { SendOutcome as GenericSendOutcome, RecordedCounts } from "../mail/send-claimed-messages.ts";
import type { Actor } from "../users/actor.ts";
import type { ClaimedEmail } from "./claim-due-emails.ts";
import { decideSendRetry, type RetryPolicy } from "./decide-send-retry.ts";

export type SendOutcome = GenericSendOutcome<ClaimedEmail>;

export type { RetryPolicy } from "./decide-send-retry.ts";

/**
 * Writes every outcome of the group: sent messages archived as eDocs with their proof of sending,
 * refusals and exhausted retries as `undelivered` with the server's words, other temporary failures
 * back to `generate` with their next attempt. A row's current status is read under lock first, so
 * a copy that arrives after another was recorded never undoes it.
 */
export async function recordSendOutcomes(
  db: Db,
  actor: Actor,
  outcomes: readonly SendOutcome[],
  policy: RetryPolicy,
): Promise<RecordedCounts> {
  const counts: RecordedCounts = { sent: 0, retrying: 0, undelivered: 0 };
  if (outcomes.length === 0) return counts;
  await db.transaction(async (tx) => {
    // Locked in id order, so two dispatchers recording overlapping groups cannot deadlock.
    const current = await queryRows<{ id: string; status: string; age_ms: number }>(
      tx,
      sql`select id, status, (extract(epoch from now() - created_at) * 1000)::float8 as age_ms
          from correspondence where id = any(${sql.param(outcomes.map((o) => o.item.id))}::uuid[])
          order by id for update`,
    );
    const byId = new Map(current.map((row) => [row.id, row]));
    const changes: AuditChange[] = [];
    const sent = outcomes.filter((o) => o.kind === "sent");
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
 * Archives the sent bytes as eDocs on their outgoing records (seed 000: the sent email is kept as
 * an eDoc so it can be printed as evidence) and marks the records sent, with the proof of sending:
 * the SMTP envelope and the server's full reply (RFC 5321 §4.2: the 250 line, whose text usually
 * names the server's queue id).
 */
async function recordSent(
  tx: Tx,
  sent: Extract<SendOutcome, { kind: "sent" }>[],
  current: Map<string, { status: string }>,
): Promise<AuditChange[]> {
  if (sent.length === 0) return [];
  const archived = sent.map((outcome) => ({
    outcome,
    sha256: createHash("sha256").update(outcome.raw).digest("hex"),
    // Seed 000: a saved email over 4 MB cannot be an eDoc and must be printed. Here the bytes are
    // kept whole whatever their size; the record says the message is over the rule, so nobody prints it.
    exceedsUploadLimit: outcome.raw.byteLength > EMAIL_MESSAGE_LIMIT,
    // A copy sent after a lease ran out may arrive when another copy was already recorded; both
    // left the office, so both are kept, and the record stays `sent`.
    alreadySent: current.get(outcome.item.id)?.status === "sent",
  }));
  const unique = new Map(archived.map((a) => [a.sha256, a.outcome.raw]));
  await tx
    .insert(blobs)
    .values([...unique].map(([sha256, raw]) => ({ sha256, size: raw.byteLength, content: raw })))
    .onConflictDoNothing();
  const edocRows = archived.map(({ outcome: { item, raw }, sha256 }) => ({
    id: randomUUID(),
    sha256,
    mediaType: "message/rfc822",
    size: raw.byteLength,
    fileName: `${item.id}.eml`,
    kind: "sent-email",
    description: `Sent, via Email, to ${item.address}`,
    clientId: item.clientId,
    applicationId: item.applicationId,
    correspondenceId: item.id,
  }));
  await insertColumnwise(tx, edocs, edocRows);
  const edocOf = new Map(edocRows.map((row) => [row.correspondenceId, row.id]));

  const first = archived.filter((a) => !a.alreadySent);
  if (first.length > 0) {
    const column = <T>(pick: (a: (typeof archived)[number]) => T) => sql.param(first.map(pick));
    await tx.execute(sql`
      update correspondence c set
        status = 'sent',
        sent_at = now(),
        status_reason = v.response,
        next_attempt_at = null,
        smtp_envelope = v.envelope,
        smtp_response = v.response,
        exceeds_upload_limit = v.exceeds
      from unnest(
        ${column((a) => a.outcome.item.id)}::uuid[],
        ${column((a) => a.outcome.response)}::text[],
        ${column((a) => JSON.stringify(a.outcome.envelope))}::jsonb[],
        ${column((a) => a.exceedsUploadLimit)}::boolean[]
      ) as v(id, response, envelope, exceeds)
      where c.id = v.id`);
  }
  // Only a copy sent from a reclaimed row counts as a re-send: it is the one that may follow a
  // copy the dead dispatcher already handed over. A slow original finishing after it adds nothing.
  const resent = sent.filter((o) => o.item.reclaimed).map((o) => o.item.id);
  if (resent.length > 0) {
    await tx
      .update(correspondence)
      .set({ resentCount: sql`${correspondence.resentCount} + 1` })
      .where(anyOfIds(correspondence.id, resent));
  }
  return archived.map(
    ({ outcome: { item, raw, envelope, response }, sha256, exceedsUploadLimit, alreadySent }) => ({
      action: alreadySent ? "correspondence.sent-again" : "correspondence.sent",
      entityType: "application",
      entityId: item.applicationId,
      officeId: item.officeId,
      before: { status: current.get(item.id)?.status },
      after: {
        correspondenceId: item.id,
        status: "sent",
        address: item.address,
        messageId: item.messageId,
        attempt: item.attempts,
        edocId: edocOf.get(item.id),
        sha256,
        size: raw.byteLength,
        envelope,
        response,
        ...(exceedsUploadLimit ? { exceedsUploadLimit } : {}),
        // The client may hold two copies with one Message-ID; this flag says which send was the repeat.
        ...(item.reclaimed ? { resentAfterLeaseExpiry: true } : {}),
      },
    }),
  );
}

/** Ends a send as undelivered with the reason, unless another copy was accepted meanwhile. */
async function markUndelivered(
  tx: Tx,
  item: ClaimedEmail,
  status: string | undefined,
  reason: string,
): Promise<AuditChange | null> {
  // A refusal never overrides `sent`.
  if (status !== "sending" && status !== "generate") return null;
  await tx
    .update(correspondence)
    .set({ status: "undelivered", statusReason: reason, nextAttemptAt: null })
    .where(eq(correspondence.id, item.id));
  return {
    action: "correspondence.undelivered",
    entityType: "application",
    entityId: item.applicationId,
    officeId: item.officeId,
    before: { status },
    after: {
      correspondenceId: item.id,
      status: "undelivered",
      address: item.address,
      attempt: item.attempts,
      reason,
    },
  };
}

async function retryOrGiveUp(
  tx: Tx,
  item: ClaimedEmail,
  row: { status: string; age_ms: number } | undefined,
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
    .update(correspondence)
    .set({
      status: "generate",
      statusReason: retryReason,
      nextAttemptAt: sql`now() + ${waitMs} * interval '1 millisecond'`,
    })
    .where(eq(correspondence.id, item.id));
  return {
    ended: "retrying",
    change: {
      action: "correspondence.retry-scheduled",
      entityType: "application",
      entityId: item.applicationId,
      officeId: item.officeId,
      before: { status: "sending" },
      after: {
        correspondenceId: item.id,
        status: "generate",
        attempt: item.attempts,
        retryInMs: waitMs,
        reason: retryReason,
      },
    },
  };
}
