/**
 * The dispatcher's claim: due outgoing email rows move to `sending` with a lease, in one
 * transaction, and each row's recipient is decided again from the file as it stands at the moment
 * of sending (seed 000: the email must go to the most recent address the client or representative
 * gave; the evidence package proves exactly that).
 */
import { and, asc, eq, isNull, lte, or, sql } from "drizzle-orm";
import { insertActivity } from "../activities/create-activity.ts";
import { type AuditChange, recordAuditEvents } from "../audit/record-audit-event.ts";
import { anyOfIds } from "../db/any-of.ts";
import type { Db, Tx } from "../db/database.ts";
import { applications, contactDetails, correspondence, offices, representatives } from "../db/schema.ts";
import { todayIn } from "../shared/dates.ts";
import { AppError } from "../shared/errors.ts";
import type { Actor } from "../users/actor.ts";
import { UNDELIVERED_SUB_ACTIVITY } from "./produce-paper-letter.ts";
import { messageIdFor } from "./queue-email.ts";
import { type ContactFact, type RepresentativeFact, resolveRecipient } from "./resolve-recipient.ts";

/** The activity for an email that could not leave because the file no longer has an address for it. */
export const NOT_SENT_ACTIVITY = "Correspondence not sent";

export interface ClaimedEmail {
  id: string;
  applicationId: string;
  clientId: string;
  officeId: string;
  subject: string;
  bodyText: string | null;
  /** The address decided at claim time: the one the message goes to. */
  address: string;
  language: string;
  messageId: string;
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

interface DueRow {
  id: string;
  status: string;
  applicationId: string;
  clientId: string;
  officeId: string;
  officeTimeZone: string;
  subject: string;
  bodyText: string | null;
  address: string | null;
  language: string;
  messageId: string | null;
  attempts: number | null;
  officeMailbox: string;
  officeNameEn: string;
  officeNameFr: string;
}

/** How a claimed row's address compares with the file at the moment of sending. */
export type AddressCheck =
  | { kind: "same"; address: string }
  | { kind: "changed"; address: string; was: string | null }
  | { kind: "none"; reason: string };

/**
 * Claims up to `limit` due rows. A row is due when it waits in `generate` and its retry time has
 * come, or when it sits in `sending` past its lease (the dispatcher that claimed it died); it is
 * then sent again with the same Message-ID. A row whose file no longer names an email address the
 * office may write to is not sent: it ends `undelivered` with the reason, and an activity asks an
 * officer to send the letter again (it will go by paper).
 */
export async function claimDueEmails(
  db: Db,
  actor: Actor,
  limit: number,
  leaseMs: number,
): Promise<ClaimedEmail[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: correspondence.id })
      .from(correspondence)
      .where(
        and(
          eq(correspondence.direction, "out"),
          eq(correspondence.channel, "email"),
          or(
            and(
              eq(correspondence.status, "generate"),
              or(isNull(correspondence.nextAttemptAt), lte(correspondence.nextAttemptAt, sql`now()`)),
            ),
            and(eq(correspondence.status, "sending"), lte(correspondence.nextAttemptAt, sql`now()`)),
          ),
        ),
      )
      .orderBy(asc(correspondence.createdAt))
      .limit(limit)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    const rows = await loadDueRows(
      tx,
      due.map((row) => row.id),
    );
    const checks = await checkAddresses(tx, rows);

    const sendable = rows.filter((row) => checks.get(row.id)?.kind !== "none");
    const notSent = rows.filter((row) => checks.get(row.id)?.kind === "none");
    if (sendable.length > 0) {
      // The lease lives in next_attempt_at: a row still `sending` after it is due again.
      await tx
        .update(correspondence)
        .set({
          status: "sending",
          attempts: sql`coalesce(${correspondence.attempts}, 0) + 1`,
          nextAttemptAt: sql`now() + ${leaseMs} * interval '1 millisecond'`,
        })
        .where(
          anyOfIds(
            correspondence.id,
            sendable.map((row) => row.id),
          ),
        );
    }
    const claimed: ClaimedEmail[] = [];
    const changes: AuditChange[] = [];
    for (const row of sendable) {
      const check = checks.get(row.id) as Exclude<AddressCheck, { kind: "none" }>;
      // Rows queued by other means get their Message-ID now, before the first byte leaves.
      const messageId = row.messageId ?? messageIdFor(row.id, row.officeMailbox);
      if (!row.messageId || check.kind === "changed") {
        await tx
          .update(correspondence)
          .set({ messageId, address: check.address })
          .where(eq(correspondence.id, row.id));
      }
      const item: ClaimedEmail = {
        id: row.id,
        applicationId: row.applicationId,
        clientId: row.clientId,
        officeId: row.officeId,
        subject: row.subject,
        bodyText: row.bodyText,
        address: check.address,
        language: row.language,
        messageId,
        attempts: (row.attempts ?? 0) + 1,
        reclaimed: row.status === "sending",
        officeMailbox: row.officeMailbox,
        officeNameEn: row.officeNameEn,
        officeNameFr: row.officeNameFr,
      };
      claimed.push(item);
      changes.push({
        action: item.reclaimed ? "correspondence.reclaimed" : "correspondence.sending",
        entityType: "application",
        entityId: item.applicationId,
        officeId: item.officeId,
        before: { status: row.status, ...(check.kind === "changed" ? { address: check.was } : {}) },
        after: {
          correspondenceId: item.id,
          status: "sending",
          attempt: item.attempts,
          messageId: item.messageId,
          address: item.address,
          ...(check.kind === "changed" ? { addressChangedSinceQueued: true } : {}),
        },
      });
    }
    for (const row of notSent) {
      const check = checks.get(row.id) as Extract<AddressCheck, { kind: "none" }>;
      changes.push(await endNotSent(tx, actor, row, check.reason));
    }
    await recordAuditEvents(tx, actor, changes);
    return claimed;
  });
}

async function loadDueRows(tx: Tx, ids: string[]): Promise<DueRow[]> {
  return (
    tx
      .select({
        id: correspondence.id,
        status: correspondence.status,
        applicationId: correspondence.applicationId,
        clientId: applications.clientId,
        officeId: offices.id,
        officeTimeZone: offices.timeZone,
        subject: correspondence.subject,
        bodyText: correspondence.bodyText,
        address: correspondence.address,
        language: correspondence.language,
        messageId: correspondence.messageId,
        attempts: correspondence.attempts,
        officeMailbox: offices.mailboxEmail,
        officeNameEn: offices.nameEn,
        officeNameFr: offices.nameFr,
      })
      .from(correspondence)
      .innerJoin(applications, eq(applications.id, correspondence.applicationId))
      // The office that wrote the letter sends it, even if the file moved since (rows from before the
      // column existed fall back to the application's office).
      .innerJoin(offices, eq(offices.id, sql`coalesce(${correspondence.officeId}, ${applications.officeId})`))
      .where(anyOfIds(correspondence.id, ids))
      .orderBy(asc(correspondence.createdAt))
  );
}

/** The recipient rule applied to every claimed row's file, with two queries for the whole batch. */
async function checkAddresses(tx: Tx, rows: DueRow[]): Promise<Map<string, AddressCheck>> {
  const applicationIds = [...new Set(rows.map((row) => row.applicationId))];
  const clientIds = [...new Set(rows.map((row) => row.clientId))];
  const [reps, contacts] = await Promise.all([
    tx.select().from(representatives).where(anyOfIds(representatives.applicationId, applicationIds)),
    tx.select().from(contactDetails).where(anyOfIds(contactDetails.clientId, clientIds)),
  ]);
  const repsByApplication = group(
    reps.map((r): RepresentativeFact & { applicationId: string } => ({ ...r, recordedAt: r.createdAt })),
    (r) => r.applicationId,
  );
  const contactsByClient = group(
    contacts.map((c): ContactFact & { clientId: string } => c),
    (c) => c.clientId,
  );
  const checks = new Map<string, AddressCheck>();
  for (const row of rows) {
    checks.set(
      row.id,
      compareWithFile(row.address, () =>
        resolveRecipient({
          // An IMM 5476 is in force by calendar day where the office works.
          onDate: todayIn(row.officeTimeZone),
          representatives: repsByApplication.get(row.applicationId) ?? [],
          contacts: contactsByClient.get(row.clientId) ?? [],
        }),
      ),
    );
  }
  return checks;
}

/**
 * Pure: the address a queued email goes to, given the address it was queued with and the
 * recipient the file names now.
 *
 * @example compareWithFile("old@example.com", () => ({ channel: "email", address: "new@example.com", … }))
 *   // → { kind: "changed", address: "new@example.com", was: "old@example.com" }
 */
export function compareWithFile(
  queuedAddress: string | null,
  resolve: () => ReturnType<typeof resolveRecipient>,
): AddressCheck {
  let recipient: ReturnType<typeof resolveRecipient>;
  try {
    recipient = resolve();
  } catch (error) {
    if (error instanceof AppError) return { kind: "none", reason: error.message };
    throw error;
  }
  if (recipient.channel !== "email") {
    return {
      kind: "none",
      reason:
        "The file no longer names an email address the office may write to (no representative's email on an IMM 5476 in force, no client email given with consent), so the email was not sent. Send the letter again: it will go by paper.",
    };
  }
  if (recipient.address === queuedAddress) return { kind: "same", address: recipient.address };
  return { kind: "changed", address: recipient.address, was: queuedAddress };
}

async function endNotSent(tx: Tx, actor: Actor, row: DueRow, reason: string): Promise<AuditChange> {
  await tx
    .update(correspondence)
    .set({ status: "undelivered", statusReason: reason, nextAttemptAt: null })
    .where(eq(correspondence.id, row.id));
  await insertActivity(tx, actor, {
    activity: NOT_SENT_ACTIVITY,
    subActivity: UNDELIVERED_SUB_ACTIVITY,
    officeId: row.officeId,
    assigneeUserId: null,
    dueDate: null,
    clientId: row.clientId,
    applicationId: row.applicationId,
    correspondenceId: row.id,
    details: `“${row.subject}” was not sent. ${reason}`,
  });
  return {
    action: "correspondence.undelivered",
    entityType: "application",
    entityId: row.applicationId,
    officeId: row.officeId,
    before: { status: row.status },
    after: { correspondenceId: row.id, status: "undelivered", address: row.address, reason },
  };
}

function group<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list) list.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
