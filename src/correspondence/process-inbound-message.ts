/**
 * What the office does with mail that arrives in its mailbox, once it is stored: tell delivery
 * notices apart from other mail, tie them to the outgoing correspondence they are about, and act.
 * Mail a person wrote to an office's generic mailbox goes on to enquiry intake
 * (`receiveEnquiryMail`), in the same transaction.
 * Seed 000: an email that "bounces back" is saved and either resent to the client's updated
 * address or sent by paper mail; a read notification is never evidence of receipt.
 *
 * Durable by construction: a row of `inbound_messages` with `processed_at` null is the work item.
 * Messages are claimed with `FOR UPDATE SKIP LOCKED`, usually many at a time, and everything each
 * causes (classification, undelivered status, the bounce eDoc, activities, the paper letter, audit)
 * is written in the one transaction that sets its `processed_at`. Processing started when mail
 * arrives and processing by the scheduled job after a crash can therefore never both act on the
 * same message.
 */
import { and, asc, eq, inArray, isNull, notInArray, or, sql } from "drizzle-orm";
import { insertActivity } from "../activities/create-activity.ts";
import { insertCorrespondenceActivity } from "../activities/insert-correspondence-activity.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Db, Tx } from "../db/database.ts";
import {
  applications,
  blobs,
  contactDetails,
  correspondence,
  edocs,
  inboundMessages,
  offices,
  representatives,
} from "../db/schema.ts";
import { enquiryReplyKey, findEnquiryReplies } from "../enquiries/find-enquiry-replies.ts";
import { type IntakeBatch, intakeBatch } from "../enquiries/intake-batch.ts";
import { markEnquiryReplyUndelivered } from "../enquiries/mark-enquiry-reply-undelivered.ts";
import { type IntakeMail, readIntakeMail } from "../enquiries/read-intake-mail.ts";
import { receiveEnquiryMail } from "../enquiries/receive-enquiry-mail.ts";
import { receiveManagerMail } from "../enquiries/receive-manager-mail.ts";
import {
  type Classification,
  type ClassifiedRecipient,
  classifyMessage,
  MAX_CLASSIFIED_BYTES,
} from "../mail/classify-message.ts";
import { onInboundStored } from "../mail/store-inbound-message.ts";
import { todayIn } from "../shared/dates.ts";
import { type Actor, SYSTEM_ACTOR } from "../users/actor.ts";
import { type BounceFollowUp, decideBounceFollowUp, sameAddress } from "./decide-bounce-follow-up.ts";
import { type DeferAudit, type DeferredAudit, deferredAudit } from "./deferred-audit.ts";
import {
  type PreparedPaperLetter,
  preparePaperLetter,
  producePaperLetter,
  UNDELIVERED_SUB_ACTIVITY,
} from "./produce-paper-letter.ts";
import type { Correspondence } from "./queue-email.ts";
import { MAIL_PAPER_LETTER_ACTIVITY } from "./queue-letter.ts";

/** What the audit trail names as the author of changes made because of inbound mail. */
const PROCESSOR: Actor = { ...SYSTEM_ACTOR, label: "inbound-mail" };

/**
 * A message whose processing keeps failing (a bug, or data no rule foresaw) is tried this many
 * times, then handed to a person, so it neither blocks the mailbox nor is silently dropped.
 */
export const MAX_PROCESSING_ATTEMPTS = 5;

/** Activities that undelivered correspondence puts in the office queue. */
export const RESEND_ACTIVITY = "Resend to updated address";
export const NO_POSTAL_ADDRESS_ACTIVITY = "Record a postal address";
export const CHECK_INBOUND_ACTIVITY = "Check inbound message";

/** The line of an activity about an undelivered email that names it, for the officer who reads it. */
export function undeliveredCorrespondenceLine(correspondenceId: string): string {
  return `Correspondence: ${correspondenceId}`;
}

type InboundMessage = typeof inboundMessages.$inferSelect;

export interface InboundResult {
  inboundMessageId: string;
  /** processed: done, `processed_at` set. retry: failed this time, left for the job. given-up: failed too often, handed to a person. */
  status: "processed" | "retry" | "given-up";
  classification: Classification["kind"] | null;
  correspondenceId: string | null;
  /** What was done and why, as recorded in `processing_note`. */
  note: string;
  /** What the message changed: an email marked undelivered and its follow-up, or nothing. */
  effect: "none" | "undelivered";
  followUp: BounceFollowUp["action"] | null;
}

export interface ProcessPassResult {
  processed: number;
  retry: number;
  givenUp: number;
  undelivered: number;
}

/** Messages processed in one transaction, with one append to the audit chain. */
export const PROCESSING_BATCH = 100;

/**
 * Batches of inbound mail processed side by side by `registerInboundProcessing`. More lanes make
 * smaller batches, hence more transactions queueing for the audit chain's lock, which slows the
 * SMTP receiver's commits; fewer leave processing further behind it (bench/RESULTS.md, enquiries).
 * Since a batch costs about twenty statements whatever its size, one lane: in 2,000-message trials
 * it ran 79 batches where three ran 400, for 69–85 messages/s against 45–59 at the same load, at
 * the price of a p95 of 1.1–1.6 s against 0.6 s.
 */
export const PROCESSING_LANES = 1;

/**
 * How long an idle lane waits for company before it takes what arrived. A batch costs about twenty
 * statements whatever its size, and a message a fraction of one: taken as each group commit lands
 * (two or three messages), batches would cost more than the messages in them.
 */
export const PROCESSING_GATHER_MS = 10;

/**
 * Processes unprocessed inbound mail, oldest first, until none is left or `limit` messages were
 * taken. New mail goes in batches (`processInboundBatch`); a message that already failed goes
 * alone, so it cannot take others down with it again. Several processes may run this at once;
 * each takes the messages no other holds.
 *
 * @example const { processed, undelivered } = await processInboundMail(db, { limit: 100 });
 */
export async function processInboundMail(
  db: Db,
  options: { limit?: number; batchSize?: number } = {},
): Promise<ProcessPassResult> {
  const limit = Math.max(1, options.limit ?? 500);
  const batchSize = Math.max(1, options.batchSize ?? PROCESSING_BATCH);
  const result: ProcessPassResult = { processed: 0, retry: 0, givenUp: 0, undelivered: 0 };
  // Messages that failed in this pass are not taken again in it, so a pass always ends.
  const tried: string[] = [];
  let taken = 0;
  while (taken < limit) {
    const want = Math.min(batchSize, limit - taken);
    let outcomes = await processInboundBatch(db, (tx) => claimFresh(tx, tried, want));
    if (outcomes.length === 0) {
      const retried = await processClaimed(db, (tx) => claimNext(tx, tried));
      if (!retried) break;
      outcomes = [retried];
    }
    for (const outcome of outcomes) {
      taken += 1;
      if (outcome.status === "processed") result.processed += 1;
      else if (outcome.status === "retry") result.retry += 1;
      else result.givenUp += 1;
      if (outcome.status === "retry") tried.push(outcome.inboundMessageId);
      if (outcome.effect === "undelivered") result.undelivered += 1;
    }
  }
  return result;
}

/**
 * Processes one stored message now. Resolves with null when it is already processed or another
 * process holds it (that process will finish it).
 */
export async function processInboundMessage(db: Db, inboundMessageId: string): Promise<InboundResult | null> {
  return processClaimed(db, async (tx) => {
    const [row] = await tx
      .select()
      .from(inboundMessages)
      .where(and(eq(inboundMessages.id, inboundMessageId), isNull(inboundMessages.processedAt)))
      .for("update", { skipLocked: true });
    return row;
  });
}

/**
 * Processes the stored messages named, those not yet processed nor held by another process, in
 * the order they arrived, in one transaction (see `processInboundBatch`).
 *
 * @example const results = await processInboundMessages(db, rows.map((row) => row.id));
 */
export async function processInboundMessages(
  db: Db,
  inboundMessageIds: readonly string[],
): Promise<InboundResult[]> {
  if (inboundMessageIds.length === 0) return [];
  return processInboundBatch(db, (tx) =>
    tx
      .select()
      .from(inboundMessages)
      .where(and(inArray(inboundMessages.id, [...inboundMessageIds]), isNull(inboundMessages.processedAt)))
      .orderBy(asc(inboundMessages.receivedAt))
      .for("update", { skipLocked: true }),
  );
}

/**
 * Processes the messages `claim` locks, in one transaction with one append to the audit chain, in
 * the order claimed (the order of arrival): a reply in the same batch as the message it answers
 * finds the enquiry that message opened, since both are written by the same transaction.
 * When that transaction fails, every message is processed again in a transaction of its own, so
 * one bad message costs the others only the retry, and only its own failure is counted against it
 * (`MAX_PROCESSING_ATTEMPTS`).
 */
export async function processInboundBatch(
  db: Db,
  claim: (tx: Tx) => Promise<InboundMessage[]>,
): Promise<InboundResult[]> {
  let claimed: InboundMessage[] = [];
  try {
    return await db.transaction(async (tx) => {
      claimed = await claim(tx);
      return processMessages(tx, claimed);
    });
  } catch (error) {
    if (claimed.length === 0) throw error;
    if (claimed.length === 1) return [await recordFailure(db, claimed[0]!, error)];
  }
  const results: InboundResult[] = [];
  for (const message of claimed) {
    const result = await processInboundMessage(db, message.id);
    if (result) results.push(result);
  }
  return results;
}

/**
 * Processes mail as soon as the SMTP receiver or an IMAP poll has committed it, in this process:
 * what was committed while a batch was being processed makes up the next batch. Each office's mail
 * is processed by one batch at a time, in the order it arrived, so a reply is taken after the
 * message it answers (threading looks only at the office's own enquiries); offices' batches run
 * side by side. A lane that was idle waits `PROCESSING_GATHER_MS` for more mail before it starts.
 * The scheduled job (`process-inbound-mail`) remains the safety net for mail stored before a crash.
 *
 * @example const stop = registerInboundProcessing(); … stop();
 * @returns a function that stops it
 */
export function registerInboundProcessing(
  options: { batchSize?: number; lanes?: number; gatherMs?: number } = {},
): () => void {
  const batchSize = Math.max(1, options.batchSize ?? PROCESSING_BATCH);
  const laneCount = Math.max(1, options.lanes ?? PROCESSING_LANES);
  const gatherMs = Math.max(0, options.gatherMs ?? PROCESSING_GATHER_MS);
  // Per database, per lane: the ids waiting, and whether a batch runs. An office's mail always
  // goes by the same lane.
  const lanes = new Map<Db, { ids: string[]; running: boolean }[]>();
  let stopped = false;
  const drain = async (db: Db, lane: { ids: string[]; running: boolean }) => {
    lane.running = true;
    try {
      if (gatherMs > 0 && lane.ids.length < batchSize) {
        await new Promise((resolve) => setTimeout(resolve, gatherMs));
      }
      while (!stopped && lane.ids.length > 0) {
        try {
          await processInboundMessages(db, lane.ids.splice(0, batchSize));
        } catch (error) {
          // Only claiming can fail here (the database unreachable): the rows stay for the job.
          console.error("inbound mail processing failed:", error);
        }
      }
    } finally {
      lane.running = false;
    }
  };
  const stop = onInboundStored(async ({ db, messages }) => {
    if (stopped) return;
    let mine = lanes.get(db);
    if (!mine) {
      mine = Array.from({ length: laneCount }, () => ({ ids: [], running: false }));
      lanes.set(db, mine);
    }
    const started: Promise<void>[] = [];
    for (const message of messages) {
      const lane = mine[laneOf(message.officeId ?? message.mailbox, laneCount)]!;
      lane.ids.push(message.id);
      if (!lane.running) started.push(drain(db, lane));
    }
    await Promise.all(started);
  });
  return () => {
    stopped = true;
    stop();
  };
}

function laneOf(key: string, lanes: number): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) >>> 0;
  return hash % lanes;
}

/** The next unprocessed message, fresh ones before those that already failed, locked for this transaction. */
async function claimNext(tx: Tx, tried: readonly string[]): Promise<InboundMessage | undefined> {
  const [row] = await tx
    .select()
    .from(inboundMessages)
    .where(
      and(
        isNull(inboundMessages.processedAt),
        tried.length > 0 ? notInArray(inboundMessages.id, [...tried]) : undefined,
      ),
    )
    // Only a failed attempt leaves a note on an unprocessed row: those wait behind new mail.
    .orderBy(sql`${inboundMessages.processingNote} is not null`, asc(inboundMessages.receivedAt))
    .limit(1)
    .for("update", { skipLocked: true });
  return row;
}

/** The oldest unprocessed messages no attempt has failed on yet, locked for this transaction. */
function claimFresh(tx: Tx, tried: readonly string[], limit: number): Promise<InboundMessage[]> {
  return tx
    .select()
    .from(inboundMessages)
    .where(
      and(
        isNull(inboundMessages.processedAt),
        isNull(inboundMessages.processingNote),
        tried.length > 0 ? notInArray(inboundMessages.id, [...tried]) : undefined,
      ),
    )
    .orderBy(asc(inboundMessages.receivedAt))
    .limit(limit)
    .for("update", { skipLocked: true });
}

async function processClaimed(
  db: Db,
  claim: (tx: Tx) => Promise<InboundMessage | undefined>,
): Promise<InboundResult | null> {
  let claimed: InboundMessage | undefined;
  try {
    return await db.transaction(async (tx) => {
      claimed = await claim(tx);
      if (!claimed) return null;
      const [result] = await processMessages(tx, [claimed]);
      return result ?? null;
    });
  } catch (error) {
    // The transaction is rolled back whole: nothing of the failed attempt remains but this note.
    if (!claimed) throw error;
    return recordFailure(db, claimed, error);
  }
}

interface Decision {
  note: string;
  correspondenceId: string | null;
  effect: InboundResult["effect"];
  followUp: BounceFollowUp["action"] | null;
}

/**
 * What the messages of one transaction share and leave to its end: the audit events, the processed
 * marks, the enquiry rows (`IntakeBatch`), and what was read ahead for all of them.
 */
interface TransactionWork {
  audit: DeferredAudit;
  batch: IntakeBatch;
  known: KnownCorrespondence;
  processed: { id: string; classification: string; correspondenceId: string | null; note: string }[];
}

/** A claimed message, classified and, when it is mail for enquiry intake, read. */
interface ReadMessage {
  message: InboundMessage;
  classification: Classification;
  intake: IntakeMail | null;
}

/**
 * Processes the claimed messages in order, in the caller's transaction. Every message is read and
 * classified first, so that what they will all ask of the database is read in one query per kind;
 * then each is acted on in order of arrival, and the rows they leave are written together at the
 * end (`IntakeBatch.flush`), before the processed marks and the audit events.
 */
async function processMessages(tx: Tx, messages: readonly InboundMessage[]): Promise<InboundResult[]> {
  if (messages.length === 0) return [];
  const batch = intakeBatch(tx);
  const heads = await readHeads(tx, messages);
  await batch.readOffices(messages.flatMap((m) => (m.officeId ? [m.officeId] : [])));
  const read: ReadMessage[] = [];
  for (const message of messages) {
    const head = heads.get(message.sha256) ?? (await readHead(tx, message.sha256));
    const classification = await classifyMessage(head, {
      envelopeTo: message.envelopeTo,
      envelopeFrom: message.envelopeFrom,
    });
    // Most mail is far shorter than the part classification reads: intake then need not read it again.
    const whole = head.byteLength === message.size ? head : undefined;
    const intake = classification.kind === "other" ? await readIntakeMail(batch, message, whole) : null;
    read.push({ message, classification, intake });
  }
  const work: TransactionWork = {
    audit: deferredAudit(),
    batch,
    known: await readKnownCorrespondence(
      tx,
      read.map((r) => r.classification),
    ),
    processed: [],
  };
  await batch.prefetch(intakeKeys(read));
  const results: InboundResult[] = [];
  for (const [i, item] of read.entries()) {
    results.push(await processMessage(tx, item, work, read.slice(i + 1)));
  }
  await batch.flush();
  await finishWork(tx, work);
  return results;
}

function intakeKeys(read: readonly ReadMessage[]) {
  return read.flatMap((r) => (r.intake ? [r.intake.keys] : []));
}

/**
 * Runs a step that writes enquiry rows itself: the batch writes what it holds first, then forgets
 * what it read, and reads again for the messages still to come.
 */
async function writingDirectly<T>(
  work: TransactionWork,
  rest: readonly ReadMessage[],
  step: () => Promise<T>,
): Promise<T> {
  await work.batch.flush();
  const result = await step();
  work.batch.forget();
  await work.batch.prefetch(intakeKeys(rest));
  return result;
}

/**
 * The outgoing correspondence and enquiry replies the batch's notices name, read in two queries.
 * A key asked for and absent is known not to exist; a key not asked for is looked up when needed.
 */
interface KnownCorrespondence {
  byId: Map<string, Correspondence | null>;
  byMessageId: Map<string, Correspondence | null>;
  /** Keys (`enquiryReplyKey`) of notices' returned Message-IDs: whether an enquiry reply has it. */
  enquiryReplies: Map<string, boolean>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function readKnownCorrespondence(
  tx: Tx,
  classifications: readonly Classification[],
): Promise<KnownCorrespondence> {
  const ids = new Set<string>();
  const messageIds = new Set<string>();
  for (const c of classifications) {
    if (c.correspondenceId) {
      if (UUID.test(c.correspondenceId)) ids.add(c.correspondenceId);
    } else if (c.originalMessageId) messageIds.add(c.originalMessageId);
  }
  const known: KnownCorrespondence = { byId: new Map(), byMessageId: new Map(), enquiryReplies: new Map() };
  if (ids.size > 0 || messageIds.size > 0) {
    const rows = await tx
      .select()
      .from(correspondence)
      .where(
        or(
          ids.size > 0 ? inArray(correspondence.id, [...ids]) : undefined,
          messageIds.size > 0
            ? and(inArray(correspondence.messageId, [...messageIds]), eq(correspondence.direction, "out"))
            : undefined,
        ),
      );
    for (const id of ids) known.byId.set(id, null);
    for (const messageId of messageIds) known.byMessageId.set(messageId, null);
    for (const row of rows) {
      if (known.byId.has(row.id)) known.byId.set(row.id, row);
      if (row.messageId && row.direction === "out" && known.byMessageId.get(row.messageId) === null) {
        known.byMessageId.set(row.messageId, row);
      }
    }
  }
  const returned = classifications.flatMap((c) =>
    c.kind === "bounce" && c.originalMessageId ? [enquiryReplyKey(c.originalMessageId)] : [],
  );
  const replies = await findEnquiryReplies(tx, returned);
  for (const key of returned) known.enquiryReplies.set(key, replies.has(key));
  return known;
}

/** The processed marks, then the audit events: the chain's lock is taken by the last statements. */
async function finishWork(tx: Tx, work: TransactionWork): Promise<void> {
  if (work.processed.length > 0) {
    const column = <K extends keyof TransactionWork["processed"][number]>(key: K) =>
      sql.param(work.processed.map((row) => row[key]));
    await tx.execute(sql`update ${inboundMessages} as m
         set processed_at = now(), classification = v.classification,
             correspondence_id = v.correspondence_id, processing_note = v.note
        from unnest(${column("id")}::uuid[], ${column("classification")}::text[],
                    ${column("correspondenceId")}::uuid[], ${column("note")}::text[])
             as v(id, classification, correspondence_id, note)
       where m.id = v.id`);
  }
  await work.audit.flush(tx);
}

async function processMessage(
  tx: Tx,
  item: ReadMessage,
  work: TransactionWork,
  rest: readonly ReadMessage[],
): Promise<InboundResult> {
  const { message, classification } = item;
  const decision = await act(tx, item, work, rest);
  work.processed.push({
    id: message.id,
    classification: classification.kind,
    correspondenceId: decision.correspondenceId,
    note: decision.note,
  });
  work.audit.defer(PROCESSOR, [
    {
      action: "inbound-message.processed",
      entityType: "inbound_message",
      entityId: message.id,
      officeId: message.officeId,
      after: {
        classification: classification.kind,
        correspondenceId: decision.correspondenceId,
        note: decision.note,
      },
    },
  ]);
  return {
    inboundMessageId: message.id,
    status: "processed",
    classification: classification.kind,
    ...decision,
  };
}

/** Largest message whose bytes a batch reads ahead with the others'. */
const READ_AHEAD_BYTES = 256 * 1024;

/** The bytes of a batch's small messages, in one query. */
async function readHeads(tx: Tx, messages: readonly InboundMessage[]): Promise<Map<string, Uint8Array>> {
  const wanted = [...new Set(messages.filter((m) => m.size <= READ_AHEAD_BYTES).map((m) => m.sha256))];
  const heads = new Map<string, Uint8Array>();
  if (wanted.length === 0) return heads;
  const rows = await tx
    .select({ sha256: blobs.sha256, content: blobs.content })
    .from(blobs)
    .where(inArray(blobs.sha256, wanted));
  for (const row of rows) heads.set(row.sha256, new Uint8Array(row.content as Uint8Array));
  return heads;
}

/**
 * The part of the message classification reads (it never reads past `MAX_CLASSIFIED_BYTES`), so a
 * 30 MB message is not loaded whole; one byte more tells it the message was longer.
 */
async function readHead(tx: Tx, sha256: string): Promise<Uint8Array> {
  const [row] = await tx
    .select({
      head: sql<Uint8Array>`substring(${blobs.content} from 1 for ${MAX_CLASSIFIED_BYTES + 1})`,
    })
    .from(blobs)
    .where(eq(blobs.sha256, sha256));
  return row ? new Uint8Array(row.head) : new Uint8Array();
}

async function act(
  tx: Tx,
  { message, classification: c, intake }: ReadMessage,
  work: TransactionWork,
  rest: readonly ReadMessage[],
): Promise<Decision> {
  const deferAudit = work.audit.defer;
  const none = (note: string, correspondenceId: string | null = null): Decision => ({
    note,
    correspondenceId,
    effect: "none",
    followUp: null,
  });
  switch (c.kind) {
    case "bounce": {
      // A reply to an enquiry is not correspondence on a file: its notice is recorded on the enquiry.
      if (mayBeEnquiryReply(work, c)) {
        const reply = await writingDirectly(work, rest, () =>
          markEnquiryReplyUndelivered(tx, message, c, deferAudit),
        );
        if (reply) return none(reply.note);
      }
      return actOnBounce(tx, message, c, work.known);
    }
    case "delay": {
      const match = await findCorrespondence(tx, c, false, work.known);
      // RFC 3464 §2.3.3: "delayed" means the server is still trying; the message may yet arrive.
      return none(
        `Delivery delayed (${statuses(c.recipients)}); the remote server is still trying, so nothing is marked undelivered. ${match.note}`.trim(),
        match.row?.id ?? null,
      );
    }
    case "auto-reply": {
      const match = await findCorrespondence(tx, c, false, work.known);
      // The classifier names read receipts (RFC 8098) in its reason; they are auto-replies too.
      if (/^read receipt/i.test(c.reason)) {
        const stored = match.row ? await storeReadReceipt(tx, message, match.row, deferAudit) : null;
        return none(
          `Read receipt (RFC 8098): it is not proof that the client received the email (a read notification does not work once the email leaves the office's system).${stored ? ` Kept as eDoc ${stored} on correspondence ${match.row!.id}, whose status it does not change.` : ""} ${match.note}`.trim(),
          match.row?.id ?? null,
        );
      }
      return none(
        `Automatic reply (RFC 3834), such as an out-of-office notice: not an undelivered notice, so nothing is marked undelivered. ${match.note}`.trim(),
        match.row?.id ?? null,
      );
    }
    case "complaint": {
      const match = await findCorrespondence(tx, c, false, work.known);
      return none(
        `Complaint (RFC 5965 feedback report): ${c.recipients.map((r) => r.address).join(", ") || "a recipient"} reported the email as unwanted. ${match.note}`.trim(),
        match.row?.id ?? null,
      );
    }
    case "other": {
      const match = await findCorrespondence(tx, c, false, work.known);
      // Mail a person wrote to an office's enquiries mailbox is an enquiry, or part of one.
      if (intake) {
        const enquiry = await receiveEnquiryMail(work.batch, message, intake, { deferAudit });
        if (enquiry) return none(enquiry.note, match.row?.id ?? null);
        const managerMail = await writingDirectly(work, rest, () =>
          receiveManagerMail(work.batch, message, intake, { deferAudit }),
        );
        if (managerMail) return none(managerMail.note, match.row?.id ?? null);
      }
      return none(
        `Not a delivery notice (${c.reason}).${match.row ? ` It refers to correspondence ${match.row.id}.` : ""}`,
        match.row?.id ?? null,
      );
    }
  }
}

/** Whether the notice may be about a reply the office sent on an enquiry (read ahead, or written by this batch). */
function mayBeEnquiryReply(work: TransactionWork, c: Classification): boolean {
  if (!c.originalMessageId?.trim()) return false;
  const key = enquiryReplyKey(c.originalMessageId);
  return work.known.enquiryReplies.get(key) !== false || work.batch.sentInBatch(key);
}

interface Match {
  row: Correspondence | null;
  /** Why no correspondence was tied, or an empty string. */
  note: string;
}

/**
 * The outgoing email a notice is about: named by the classifier (from the returned Message-ID or a
 * VERP address), or found by the returned Message-ID. When the notice carries the original
 * Message-ID, it must be the one the correspondence went out with; otherwise the id came from
 * somewhere else and the notice is not tied.
 */
async function findCorrespondence(
  tx: Tx,
  c: Classification,
  lock: boolean,
  known: KnownCorrespondence,
): Promise<Match> {
  const where = c.correspondenceId
    ? eq(correspondence.id, c.correspondenceId)
    : c.originalMessageId
      ? and(eq(correspondence.messageId, c.originalMessageId), eq(correspondence.direction, "out"))
      : undefined;
  if (!where) return { row: null, note: "It names no message the office sent." };
  const readAhead = c.correspondenceId
    ? known.byId.get(c.correspondenceId)
    : known.byMessageId.get(c.originalMessageId ?? "");
  let row: Correspondence | undefined;
  // What was read ahead serves, unless the row is to be locked: then it is read again, locked.
  if (readAhead === null || (readAhead && !lock)) row = readAhead ?? undefined;
  else {
    const query = tx.select().from(correspondence).where(where).limit(1);
    [row] = lock ? await query.for("update") : await query;
  }
  const named = c.originalMessageId ?? `correspondence ${c.correspondenceId}`;
  if (!row) return { row: null, note: `No outgoing correspondence matches ${named}.` };
  if (row.direction !== "out" || row.channel !== "email") {
    return { row: null, note: `Correspondence ${row.id} is not an outgoing email.` };
  }
  // Message-IDs are compared without case: ours are lower-case, and only a relay rewriting them could change that.
  if (c.originalMessageId && row.messageId?.toLowerCase() !== c.originalMessageId.toLowerCase()) {
    return {
      row: null,
      note: `The returned message's Message-ID ${c.originalMessageId} is not that of correspondence ${row.id} (${row.messageId ?? "none"}).`,
    };
  }
  return { row, note: "" };
}

/** The eDoc kind of a read receipt kept on its correspondence. */
export const READ_RECEIPT_EDOC_KIND = "read-receipt";

/**
 * Keeps a read receipt's exact bytes as an eDoc of the email it is about, saying in its description
 * that it proves nothing. Seed 000: read notifications are no evidence that the client received
 * the email (a client's mail program may send one, or not, as it likes; RFC 8098 §2.1 lets it).
 * The correspondence itself is left as it is: its status is never decided by a receipt.
 *
 * @returns the eDoc's id
 */
async function storeReadReceipt(
  tx: Tx,
  message: InboundMessage,
  original: Correspondence,
  deferAudit: DeferAudit,
): Promise<string> {
  const [application] = await tx
    .select({ clientId: applications.clientId, officeId: applications.officeId })
    .from(applications)
    .where(eq(applications.id, original.applicationId));
  if (!application) throw new Error(`application ${original.applicationId} is missing`);
  const fileName = `read-receipt-${original.id}.eml`;
  const [edoc] = await tx
    .insert(edocs)
    .values({
      // The receipt's bytes, already stored under this hash when it was received.
      sha256: message.sha256,
      mediaType: "message/rfc822",
      size: message.size,
      fileName,
      kind: READ_RECEIPT_EDOC_KIND,
      description: oneLine(
        `Read receipt for the email to ${original.address ?? "the client"}: not proof of receipt, since a mail program sends such a notice or not as it pleases.`,
        500,
      ),
      clientId: application.clientId,
      applicationId: original.applicationId,
      correspondenceId: original.id,
      uploadedBy: null,
    })
    .returning({ id: edocs.id });
  if (!edoc) throw new Error("read receipt eDoc not stored");
  deferAudit(PROCESSOR, [
    {
      action: "edoc.uploaded",
      entityType: "application",
      entityId: original.applicationId,
      officeId: application.officeId,
      after: {
        id: edoc.id,
        sha256: message.sha256,
        fileName,
        size: message.size,
        mediaType: "message/rfc822",
        kind: READ_RECEIPT_EDOC_KIND,
        correspondenceId: original.id,
        inboundMessageId: message.id,
      },
    },
  ]);
  return edoc.id;
}

/** Raised when a notice arrives before its correspondence is recorded as sent: the job retries it. */
class NotYetSent extends Error {}

async function actOnBounce(
  tx: Tx,
  message: InboundMessage,
  c: Classification,
  known: KnownCorrespondence,
): Promise<Decision> {
  const match = await findCorrespondence(tx, c, true, known);
  const permanent = c.recipients.filter((r) => r.permanent);
  if (!match.row) {
    return {
      note: `Undelivered notice (${statuses(c.recipients)}) not tied to any correspondence: ${match.note} Kept in the mailbox for review.`,
      correspondenceId: null,
      effect: "none",
      followUp: null,
    };
  }
  const original = match.row;
  const tied = (note: string): Decision => ({
    note,
    correspondenceId: original.id,
    effect: "none",
    followUp: null,
  });
  if (permanent.length === 0) {
    // RFC 3463 §2: only class 5 is a permanent failure; a 4.x.x the server gave up on (a full
    // mailbox) or a notice without any status may yet be delivered on another attempt.
    return tied(
      `Undelivered notice without a permanent failure (${statuses(c.recipients)}): correspondence ${original.id} is not marked undelivered.`,
    );
  }
  if (original.status === "undelivered" || original.undeliveredAt) {
    return tied(
      `Correspondence ${original.id} is already recorded as undelivered; this further notice changes nothing.`,
    );
  }
  if (original.status === "generate" || original.status === "sending") {
    throw new NotYetSent(`correspondence ${original.id} is not yet recorded as sent (${original.status})`);
  }
  if (original.status !== "sent") {
    return tied(
      `Correspondence ${original.id} is ${original.status}; an undelivered notice changes nothing.`,
    );
  }

  const failure = permanent.find((r) => original.address && sameAddress(r.address, original.address));
  const recipient = failure ?? permanent[0]!;
  const addressNote = failure
    ? ""
    : ` The notice names ${permanent.map((r) => r.address).join(", ")}, not ${original.address ?? "the record's address"}: a mailbox that forwards mail may have refused it.`;
  const facts = await loadFile(tx, original);
  const followUp = decideBounceFollowUp({
    sentTo: original.address ?? recipient.address,
    sentAt: original.sentAt ?? original.createdAt,
    today: todayIn(facts.office.timeZone),
    contactHistory: facts.contacts,
    representatives: facts.representatives.map((r) => ({ ...r, recordedAt: r.createdAt })),
  });
  const failureText = oneLine(
    `${recipient.status ?? "no status given"}${recipient.diagnostic ? `: ${recipient.diagnostic}` : ""}`,
    500,
  );
  const reminder = responseDateReminder(original);
  // The letter is rendered before this transaction writes anything: the audit chain's lock is
  // held from the first audit event to the commit, and no one else should wait on a PDF.
  let paper: PreparedPaperLetter | null = null;
  let paperProblem: string | null = null;
  if (followUp.action === "paper") {
    try {
      paper = await preparePaperLetter(tx, {
        original,
        recipient: {
          addressee: followUp.addressee,
          representativeName: followUp.representativeName,
          postalAddress: followUp.postalAddress,
        },
        why: [followUp.why, `The undelivered notice said: ${failureText}.`, reminder]
          .filter(Boolean)
          .join(" "),
      });
    } catch (error) {
      // A letter that cannot be rendered must not keep the email from being marked undelivered:
      // the officer is asked to write it instead.
      paperProblem = oneLine(error instanceof Error ? error.message : String(error), 300);
    }
  }

  const [edoc] = await tx
    .insert(edocs)
    .values({
      // The notice's exact bytes, already stored under this hash when it was received.
      sha256: message.sha256,
      mediaType: "message/rfc822",
      size: message.size,
      fileName: `undelivered-${original.id}.eml`,
      kind: "undelivered-notice",
      description: oneLine(`Undelivered notice for the email to ${original.address}: ${failureText}`, 500),
      clientId: facts.application.clientId,
      applicationId: original.applicationId,
      correspondenceId: original.id,
      uploadedBy: null,
    })
    .returning({ id: edocs.id });
  const statusReason = oneLine(`Undelivered to ${recipient.address}, ${failureText}`, 1000);
  await tx
    .update(correspondence)
    .set({
      status: "undelivered",
      undeliveredAt: sql`now()`,
      statusReason,
      bounceEdocId: edoc!.id,
      nextAttemptAt: null,
    })
    .where(eq(correspondence.id, original.id));
  // Appended now, not deferred: the activity or paper letter below appends its own events at once,
  // and the trail must show the email undelivered before what that caused.
  await recordAuditEvent(tx, PROCESSOR, {
    action: "correspondence.undelivered",
    entityType: "application",
    entityId: original.applicationId,
    officeId: facts.application.officeId,
    before: { status: original.status },
    after: {
      correspondenceId: original.id,
      status: "undelivered",
      address: original.address,
      reason: statusReason,
      bounceEdocId: edoc!.id,
      inboundMessageId: message.id,
      followUp: followUp.action,
    },
  });

  const askOffice = (activity: string, lines: string[]) =>
    insertCorrespondenceActivity(tx, PROCESSOR, {
      activity,
      subActivity: UNDELIVERED_SUB_ACTIVITY,
      officeId: facts.application.officeId,
      assigneeUserId: null,
      dueDate: null,
      clientId: facts.application.clientId,
      applicationId: original.applicationId,
      details: [
        `The email "${original.subject}" ${describeSend(original, facts.office.timeZone)} came back undelivered (${failureText}).`,
        followUp.why,
        ...lines,
        reminder,
        undeliveredCorrespondenceLine(original.id),
      ]
        .filter(Boolean)
        .join("\n"),
      // The undelivered email: resending it completes the activity by this column.
      correspondenceId: original.id,
    });
  let followUpNote: string;
  if (paper) {
    const letter = await producePaperLetter(tx, PROCESSOR, paper);
    followUpNote = `Paper letter produced as correspondence ${letter.correspondence.id}, to be mailed to ${oneLine(letter.correspondence.address ?? "", 200)}.`;
  } else if (followUp.action === "paper") {
    await askOffice(MAIL_PAPER_LETTER_ACTIVITY, [
      `The paper letter could not be produced automatically (${paperProblem}).`,
      `Write it, and mail it to:\n${followUp.postalAddress}`,
    ]);
    followUpNote = `The paper letter could not be produced (${paperProblem}); the office was asked to write it.`;
  } else if (followUp.action === "resend") {
    const whose = followUp.representativeName ? ` (${followUp.representativeName}, representative)` : "";
    await askOffice(RESEND_ACTIVITY, [
      `Updated address: ${followUp.address}${whose}.`,
      `Confirm to resend the same correspondence to ${followUp.address}.`,
    ]);
    followUpNote = `Resend to the updated address ${followUp.address} proposed to the office.`;
  } else {
    await askOffice(NO_POSTAL_ADDRESS_ACTIVITY, [
      "Record the client's (or the representative's) postal address, then send the correspondence by paper mail.",
    ]);
    followUpNote = "No postal address on file: the office was asked to record one.";
  }
  return {
    note: `Undelivered (${failureText}): correspondence ${original.id} marked undelivered and the notice kept as eDoc ${edoc!.id}.${addressNote} ${followUpNote}`,
    correspondenceId: original.id,
    effect: "undelivered",
    followUp: followUp.action,
  };
}

async function loadFile(tx: Tx, original: Correspondence) {
  const [application] = await tx
    .select()
    .from(applications)
    .where(eq(applications.id, original.applicationId));
  if (!application) throw new Error(`application ${original.applicationId} is missing`);
  const [office] = await tx.select().from(offices).where(eq(offices.id, application.officeId));
  if (!office) throw new Error(`office ${application.officeId} is missing`);
  const contacts = await tx
    .select()
    .from(contactDetails)
    .where(eq(contactDetails.clientId, application.clientId));
  const reps = await tx
    .select()
    .from(representatives)
    .where(eq(representatives.applicationId, application.id));
  return { application, office, contacts, representatives: reps };
}

/** "sent on 2026-03-02 at 10:15 (America/Toronto) to anh.nguyen@example.com" */
function describeSend(original: Correspondence, timeZone: string): string {
  const at = original.sentAt ?? original.createdAt;
  const local = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);
  return `sent on ${local.replace(",", " at")} (${timeZone}) to ${original.address}`;
}

/** A request or convocation the client never received: the date it gave may need moving. */
function responseDateReminder(original: Correspondence): string {
  if (original.responseDueDate) {
    return `The email asked for a response by ${original.responseDueDate}; the client did not receive it, so consider extending that date.`;
  }
  if (original.interviewAt) {
    return `The email convoked the client to an interview on ${original.interviewAt.toISOString()}; check that the client can still attend.`;
  }
  return "";
}

/** "5.1.1 a@example.com, 4.2.2 b@example.org", or "no recipient named". */
function statuses(recipients: readonly ClassifiedRecipient[]): string {
  if (recipients.length === 0) return "no recipient named";
  return recipients
    .slice(0, 5)
    .map((r) => `${r.status ?? "no status"} ${r.address}`)
    .join(", ");
}

/** Remote servers' words go into one-line fields: line breaks and control characters become spaces. */
function oneLine(text: string, max: number): string {
  return text
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/ {2,}/g, " ")
    .trim()
    .slice(0, max);
}

/**
 * Records a failed attempt in its own transaction (the attempt's own was rolled back). After
 * `MAX_PROCESSING_ATTEMPTS` the message is set aside as processed and a person is asked to look.
 */
async function recordFailure(db: Db, message: InboundMessage, error: unknown): Promise<InboundResult> {
  const reason = oneLine(describeError(error), 500);
  const previous = /^Processing failed (\d+) time/.exec(message.processingNote ?? "");
  const attempts = (previous ? Number(previous[1]) : 0) + 1;
  // A notice that only waits for its correspondence to be recorded as sent is never set aside:
  // the dispatcher records every send it made, after a crash at the latest when its lease runs out.
  const givingUp = !(error instanceof NotYetSent) && attempts >= MAX_PROCESSING_ATTEMPTS;
  const note = givingUp
    ? `Processing failed ${attempts} times; set aside for a person to check. Last error: ${reason}`
    : `Processing failed ${attempts} time(s), will be retried. Last error: ${reason}`;
  if (!(error instanceof NotYetSent)) console.error(`inbound mail ${message.id}: ${reason}`);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ processedAt: inboundMessages.processedAt })
      .from(inboundMessages)
      .where(eq(inboundMessages.id, message.id))
      .for("update");
    if (!row || row.processedAt) return;
    await tx
      .update(inboundMessages)
      .set({ processingNote: note, processedAt: givingUp ? sql`now()` : null })
      .where(eq(inboundMessages.id, message.id));
    if (givingUp && message.officeId) {
      await insertActivity(tx, PROCESSOR, {
        activity: CHECK_INBOUND_ACTIVITY,
        subActivity: null,
        officeId: message.officeId,
        assigneeUserId: null,
        dueDate: null,
        clientId: null,
        applicationId: null,
        details: `A message received ${message.receivedAt.toISOString()} in ${message.mailbox} (subject: ${message.subject ?? "none"}, Message-ID: ${message.messageId ?? "none"}) could not be processed: ${reason}. Read it and act on it by hand. Inbound message: ${message.id}`,
      });
    }
  });
  return {
    inboundMessageId: message.id,
    status: givingUp ? "given-up" : "retry",
    classification: null,
    correspondenceId: null,
    note,
    effect: "none",
    followUp: null,
  };
}

/**
 * The database's own words when a query failed (the driver's wrapper message repeats the SQL and its
 * parameters, which hold personal information and say nothing more), else the error's message.
 */
function describeError(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.message.startsWith("Failed query") && current.cause) {
    current = current.cause;
  }
  return current instanceof Error ? current.message : String(current);
}
