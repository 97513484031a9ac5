/**
 * The worker that sends queued email correspondence. The database is the queue: a row in status
 * `generate` is a work item, claimed with `FOR UPDATE SKIP LOCKED` so any number of dispatchers on
 * any number of machines share one PostgreSQL without sending a row twice.
 *
 * Life of a row: generate → sending (claimed, with a lease) → sent | undelivered, or back to
 * generate with a later `next_attempt_at` after a temporary failure.
 */
import { and, asc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { createTransport } from "nodemailer";
import MailComposer from "nodemailer/lib/mail-composer";
import { type AuditChange, recordAuditEvent, recordAuditEvents } from "../audit/record-audit-event.ts";
import { type Db, queryRows, type Tx } from "../db/database.ts";
import { applications, correspondence, edocs, offices } from "../db/schema.ts";
import { EMAIL_MESSAGE_LIMIT } from "../edocs/check-edoc-upload.ts";
import { storeBlob } from "../edocs/store-blob.ts";
import { type DkimKey, domainOfMailbox, signWithDkim } from "../mail/dkim-sign.ts";
import { type Actor, SYSTEM_ACTOR } from "../users/actor.ts";
import { messageIdFor } from "./queue-email.ts";

/** What the audit trail names as the author of the dispatcher's changes. */
const DISPATCHER: Actor = { ...SYSTEM_ACTOR, label: "dispatcher" };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The part of a nodemailer transport the dispatcher uses: send prepared bytes with an explicit envelope. */
export interface RawMailSender {
  sendMail(message: {
    envelope: { from: string; to: string[] };
    raw: Buffer;
  }): Promise<{ response?: string }>;
}

export interface DispatchOptions {
  /** Rows claimed by one pass. Default: `inFlight`. */
  batchSize?: number;
  /** Messages handed to the SMTP transport at once. Default 4. */
  inFlight?: number;
  /** How long a claim holds a row before another dispatcher may take it over (a crashed process). Default 5 min. */
  leaseMs?: number;
  /** After this long since queueing, a temporary failure becomes `undelivered`. Default 24 h. */
  giveUpAfterMs?: number;
  /** Wait before the first retry; doubled on each further one. Default 1 min. */
  retryBaseMs?: number;
  /** Longest wait between two attempts. Default 1 h. */
  retryMaxMs?: number;
  /** The key every outgoing message is DKIM-signed with (RFC 6376); nothing is signed without one. */
  dkim?: DkimKey;
}

export interface DispatchResult {
  claimed: number;
  sent: number;
  retrying: number;
  undelivered: number;
}

interface ClaimedEmail {
  id: string;
  applicationId: string;
  clientId: string;
  officeId: string;
  subject: string;
  bodyText: string | null;
  address: string | null;
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

type Outcome = "sent" | "retrying" | "undelivered";

/**
 * One pass: claims up to `batchSize` due email rows, sends each, and records the outcome.
 *
 * @example const result = await dispatchOnce(db, createTransport({ url: "smtp://127.0.0.1:2525", pool: true }), {});
 */
export async function dispatchOnce(
  db: Db,
  transport: RawMailSender,
  options: DispatchOptions = {},
): Promise<DispatchResult> {
  const inFlight = Math.max(1, options.inFlight ?? 4);
  const settings = {
    batchSize: Math.max(1, options.batchSize ?? inFlight),
    leaseMs: options.leaseMs ?? 5 * MINUTE,
    giveUpAfterMs: options.giveUpAfterMs ?? 24 * HOUR,
    retryBaseMs: options.retryBaseMs ?? MINUTE,
    retryMaxMs: options.retryMaxMs ?? HOUR,
    dkim: options.dkim,
  };
  const claimed = await claimDueEmails(db, settings.batchSize, settings.leaseMs);
  const result: DispatchResult = { claimed: claimed.length, sent: 0, retrying: 0, undelivered: 0 };
  let next = 0;
  const worker = async () => {
    while (next < claimed.length) {
      const item = claimed[next++]!;
      const outcome = await deliver(db, transport, item, settings);
      result[outcome] += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, claimed.length) }, worker));
  return result;
}

/**
 * Claims due rows and moves them to `sending` in one transaction. A row is due when it waits in
 * `generate` and its retry time has come, or when it sits in `sending` past its lease (the
 * dispatcher that claimed it died); it is then sent again with the same Message-ID.
 */
async function claimDueEmails(db: Db, limit: number, leaseMs: number): Promise<ClaimedEmail[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: correspondence.id, status: correspondence.status })
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
    const ids = due.map((row) => row.id);
    // The lease lives in next_attempt_at: a row still `sending` after it is due again.
    await tx
      .update(correspondence)
      .set({
        status: "sending",
        attempts: sql`coalesce(${correspondence.attempts}, 0) + 1`,
        nextAttemptAt: sql`now() + ${leaseMs} * interval '1 millisecond'`,
      })
      .where(inArray(correspondence.id, ids));
    const rows = await tx
      .select({
        id: correspondence.id,
        applicationId: correspondence.applicationId,
        clientId: applications.clientId,
        officeId: applications.officeId,
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
      .innerJoin(offices, eq(offices.id, applications.officeId))
      .where(inArray(correspondence.id, ids))
      .orderBy(asc(correspondence.createdAt));
    const previous = new Map(due.map((row) => [row.id, row.status]));
    const claimed: ClaimedEmail[] = [];
    for (const row of rows) {
      let messageId = row.messageId;
      if (!messageId) {
        // Rows queued by other means get their Message-ID now, before the first byte leaves.
        messageId = messageIdFor(row.id, row.officeMailbox);
        await tx.update(correspondence).set({ messageId }).where(eq(correspondence.id, row.id));
      }
      claimed.push({
        ...row,
        messageId,
        attempts: row.attempts ?? 1,
        reclaimed: previous.get(row.id) === "sending",
      });
    }
    const changes: AuditChange[] = claimed.map((item) => ({
      action: previous.get(item.id) === "sending" ? "correspondence.reclaimed" : "correspondence.sending",
      entityType: "application",
      entityId: item.applicationId,
      officeId: item.officeId,
      before: { status: previous.get(item.id) },
      after: {
        correspondenceId: item.id,
        status: "sending",
        attempt: item.attempts,
        messageId: item.messageId,
        address: item.address,
      },
    }));
    await recordAuditEvents(tx, DISPATCHER, changes);
    return claimed;
  });
}

/**
 * The email exactly as it will go over SMTP: from the office's generic mailbox (seed 000: never an
 * officer's own), with the office's name in the application's language, plain text only.
 */
export async function composeCorrespondenceEmail(item: {
  address: string;
  subject: string;
  bodyText: string | null;
  language: string;
  messageId: string;
  officeMailbox: string;
  officeNameEn: string;
  officeNameFr: string;
  date?: Date;
}): Promise<Buffer> {
  const composer = new MailComposer({
    from: {
      name: item.language === "fr" ? item.officeNameFr : item.officeNameEn,
      address: item.officeMailbox,
    },
    to: { name: "", address: item.address },
    subject: item.subject,
    // A bare CR would also be turned into a line break on the wire; every line break is made one here.
    text: (item.bodyText ?? "").replace(/\r\n?/g, "\n"),
    messageId: item.messageId,
    date: item.date ?? new Date(),
    // RFC 3282: the language the client chose for the application.
    headers: { "Content-Language": item.language === "fr" ? "fr-CA" : "en-CA" },
    // RFC 5322 §2.3: lines end in CRLF. Written so in the archived bytes too, or the SMTP client
    // would convert bare LFs on the wire and the eDoc would differ from what the server received.
    newline: "win",
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return composer.compile().build();
}

async function deliver(
  db: Db,
  transport: RawMailSender,
  item: ClaimedEmail,
  settings: { giveUpAfterMs: number; retryBaseMs: number; retryMaxMs: number; dkim?: DkimKey | undefined },
): Promise<Outcome> {
  if (!item.address) return recordUndelivered(db, item, "No recipient address on the correspondence record.");
  let raw: Buffer;
  try {
    raw = await composeCorrespondenceEmail({ ...item, address: item.address });
  } catch (error) {
    return recordUndelivered(db, item, `The message could not be composed: ${describe(error)}`);
  }
  if (settings.dkim) {
    try {
      // RFC 6376 §3.5 d=: each office signs for its own mailbox's domain, so the signature is
      // aligned with the From address (RFC 7489 §3.1.1) whichever office the message comes from.
      // Signed before sending: `raw` is from here on both what leaves and what is archived.
      raw = await signWithDkim(raw, { ...settings.dkim, domain: domainOfMailbox(item.officeMailbox) });
    } catch (error) {
      // A key the office cannot sign with is the office's own fault, not the recipient's: retried
      // until the give-up time, like a relay refusing the office's credentials.
      return recordTemporaryFailure(db, item, describe(error), settings);
    }
  }
  let response: string;
  const envelope = { from: item.officeMailbox, to: [item.address] };
  try {
    // The exact bytes archived below are the bytes sent: `raw` bypasses any further composition.
    const info = await transport.sendMail({ envelope, raw });
    response = info.response ?? "accepted";
  } catch (error) {
    if (isPermanentRefusal(error)) return recordUndelivered(db, item, describe(error));
    return recordTemporaryFailure(db, item, describe(error), settings);
  }
  await recordSent(db, item, raw, { envelope, response });
  return "sent";
}

/**
 * Archives the sent bytes as an eDoc on the outgoing record (seed 000: the sent email is kept as
 * an eDoc so it can be printed as evidence) and marks the record sent, in one transaction, with
 * the proof of sending: the SMTP envelope and the server's full reply (RFC 5321 §4.2: the 250
 * line, whose text usually names the server's queue id).
 */
async function recordSent(
  db: Db,
  item: ClaimedEmail,
  raw: Buffer,
  smtp: { envelope: { from: string; to: string[] }; response: string },
): Promise<void> {
  const { response } = smtp;
  // Seed 000: a saved email over 4 MB cannot be an eDoc and must be printed. Here the bytes are
  // kept whole whatever their size; the record says the message is over the rule, so nobody prints it.
  const exceedsUploadLimit = raw.byteLength > EMAIL_MESSAGE_LIMIT;
  await db.transaction(async (tx) => {
    const [current] = await tx
      .select({ status: correspondence.status })
      .from(correspondence)
      .where(eq(correspondence.id, item.id))
      .for("update");
    const sha256 = await storeBlob(tx, raw);
    const [edoc] = await tx
      .insert(edocs)
      .values({
        sha256,
        mediaType: "message/rfc822",
        size: raw.byteLength,
        fileName: `${item.id}.eml`,
        kind: "sent-email",
        description: `Sent, via Email, to ${item.address}`,
        clientId: item.clientId,
        applicationId: item.applicationId,
        correspondenceId: item.id,
        uploadedBy: null,
      })
      .returning({ id: edocs.id });
    // A copy sent after a lease ran out may arrive when another copy was already recorded; both
    // left the office, so both are kept, and the record stays `sent`.
    const alreadySent = current?.status === "sent";
    if (!alreadySent) {
      await tx
        .update(correspondence)
        .set({
          status: "sent",
          sentAt: sql`now()`,
          // Kept for readers of the status line; the proof fields below are what evidence uses.
          statusReason: response,
          nextAttemptAt: null,
          smtpEnvelope: smtp.envelope,
          smtpResponse: response,
          exceedsUploadLimit,
        })
        .where(eq(correspondence.id, item.id));
    }
    // Only a copy sent from a reclaimed row counts as a re-send: it is the one that may follow a
    // copy the dead dispatcher already handed over. A slow original finishing after it adds nothing.
    if (item.reclaimed) {
      await tx
        .update(correspondence)
        .set({ resentCount: sql`${correspondence.resentCount} + 1` })
        .where(eq(correspondence.id, item.id));
    }
    await recordAuditEvent(tx, DISPATCHER, {
      action: alreadySent ? "correspondence.sent-again" : "correspondence.sent",
      entityType: "application",
      entityId: item.applicationId,
      officeId: item.officeId,
      before: { status: current?.status },
      after: {
        correspondenceId: item.id,
        status: "sent",
        address: item.address,
        messageId: item.messageId,
        attempt: item.attempts,
        edocId: edoc?.id,
        sha256,
        size: raw.byteLength,
        envelope: smtp.envelope,
        response,
        ...(exceedsUploadLimit ? { exceedsUploadLimit } : {}),
        // The client may hold two copies with one Message-ID; this flag says which send was the repeat.
        ...(item.reclaimed ? { resentAfterLeaseExpiry: true } : {}),
      },
    });
  });
}

async function recordUndelivered(db: Db, item: ClaimedEmail, reason: string): Promise<Outcome> {
  await db.transaction((tx) => markUndelivered(tx, item, reason));
  return "undelivered";
}

/** Ends a send as undelivered with the reason, unless another copy was accepted meanwhile. */
async function markUndelivered(tx: Tx, item: ClaimedEmail, reason: string): Promise<void> {
  const changed = await tx
    .update(correspondence)
    .set({ status: "undelivered", statusReason: reason, nextAttemptAt: null })
    // A refusal never overrides `sent`.
    .where(and(eq(correspondence.id, item.id), inArray(correspondence.status, ["sending", "generate"])))
    .returning({ id: correspondence.id });
  if (changed.length === 0) return;
  await recordAuditEvent(tx, DISPATCHER, {
    action: "correspondence.undelivered",
    entityType: "application",
    entityId: item.applicationId,
    officeId: item.officeId,
    before: { status: "sending" },
    after: {
      correspondenceId: item.id,
      status: "undelivered",
      address: item.address,
      attempt: item.attempts,
      reason,
    },
  });
}

async function recordTemporaryFailure(
  db: Db,
  item: ClaimedEmail,
  reason: string,
  settings: { giveUpAfterMs: number; retryBaseMs: number; retryMaxMs: number },
): Promise<Outcome> {
  return db.transaction(async (tx) => {
    const [row] = await queryRows<{ status: string; age_ms: number }>(
      tx,
      sql`select status, (extract(epoch from now() - created_at) * 1000)::float8 as age_ms
          from correspondence where id = ${item.id} for update`,
    );
    if (row?.status !== "sending") return "retrying";
    if (Number(row.age_ms) >= settings.giveUpAfterMs) {
      const hours = Math.round(settings.giveUpAfterMs / HOUR);
      const finalReason = `Not delivered within ${hours} h after ${item.attempts} attempts; last answer: ${reason}`;
      await markUndelivered(tx, item, finalReason);
      return "undelivered";
    }
    const waitMs = retryDelayMs(item.attempts, settings.retryBaseMs, settings.retryMaxMs);
    const retryReason = `Attempt ${item.attempts} failed, will retry: ${reason}`;
    await tx
      .update(correspondence)
      .set({
        status: "generate",
        statusReason: retryReason,
        nextAttemptAt: sql`now() + ${waitMs} * interval '1 millisecond'`,
      })
      .where(eq(correspondence.id, item.id));
    await recordAuditEvent(tx, DISPATCHER, {
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
    });
    return "retrying";
  });
}

/** Exponential back-off: base, 2×base, 4×base, … capped at `max`. */
export function retryDelayMs(attempt: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.max(0, attempt - 1));
}

// Failures on the office's own side of the relay (credentials, TLS, configuration): the recipient
// did not refuse anything, so the message is retried until the give-up time instead.
const OFFICE_SIDE_ERRORS = new Set(["EAUTH", "ENOAUTH", "EOAUTH2", "ETLS", "ECONFIG", "EPROXY", "EMAXLIMIT"]);

/** RFC 5321 §4.2.1: a 5yz reply is a permanent negative completion; 4yz and no reply are transient. */
export function isPermanentRefusal(error: unknown): boolean {
  const e = error as { responseCode?: unknown; code?: unknown } | null;
  if (!e || typeof e.responseCode !== "number") return false;
  if (typeof e.code === "string" && OFFICE_SIDE_ERRORS.has(e.code)) return false;
  return e.responseCode >= 500 && e.responseCode < 600;
}

/** The server's own words when there are some (`550 5.1.1 <x@example.com>: no such user`), else the error. */
function describe(error: unknown): string {
  const e = error as { response?: unknown; message?: unknown } | null;
  const text = typeof e?.response === "string" && e.response ? e.response : String(e?.message ?? error);
  return text.replace(/[\r\n]+/g, " ").slice(0, 1000);
}

export interface DispatcherHandle {
  /** Stops polling, waits for the pass in progress, and closes the SMTP connections. */
  stop(): Promise<void>;
  /** Sends everything due now (pass after pass until a pass claims nothing), then resolves. */
  drain(): Promise<void>;
}

/**
 * Starts polling for due email correspondence and sending it through a pooled SMTP transport.
 *
 * @example const dispatcher = startDispatcher({ db, smtpUrl: "smtp://127.0.0.1:2526", pollMs: 2000, inFlight: 4 });
 */
export function startDispatcher(
  options: { db: Db; smtpUrl: string; pollMs: number; inFlight: number } & DispatchOptions,
): DispatcherHandle {
  const { db, smtpUrl, pollMs, ...dispatchOptions } = options;
  const inFlight = Math.max(1, options.inFlight);
  const transport = createTransport({ url: smtpUrl, pool: true, maxConnections: inFlight });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  // Passes never overlap inside one process; other processes are kept apart by SKIP LOCKED.
  let chain: Promise<void> = Promise.resolve();

  const runPasses = async (untilEmpty: boolean): Promise<void> => {
    for (;;) {
      const result = await dispatchOnce(db, transport, { ...dispatchOptions, inFlight });
      if (result.claimed === 0 || (!untilEmpty && result.claimed < (dispatchOptions.batchSize ?? inFlight)))
        return;
      if (stopped && !untilEmpty) return;
    }
  };
  const enqueue = (untilEmpty: boolean): Promise<void> => {
    const pass = chain.then(() => runPasses(untilEmpty));
    chain = pass.catch((error: unknown) => {
      // The database or the relay being down is expected now and then; the next poll tries again.
      console.error(`dispatcher: ${describe(error)}`);
    });
    return pass;
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void enqueue(false)
        .catch(() => undefined)
        .finally(schedule);
    }, pollMs);
  };
  schedule();

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await chain;
      transport.close();
    },
    async drain() {
      await enqueue(true);
    },
  };
}
