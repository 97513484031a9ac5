/**
 * The worker that sends queued email correspondence. The database is the queue: a row in status
 * `generate` is a work item, claimed with `FOR UPDATE SKIP LOCKED` so any number of dispatchers on
 * any number of machines share one PostgreSQL without sending a row twice.
 *
 * Life of a row: generate → sending (claimed, with a lease) → sent | undelivered, or back to
 * generate with a later `next_attempt_at` after a temporary failure.
 */
import { createTransport } from "nodemailer";
import MailComposer from "nodemailer/lib/mail-composer";
import type { Db } from "../db/database.ts";
import { composePlainEmail, type PlainEmail } from "../mail/compose-plain-email.ts";
import { type DkimKey, domainOfMailbox, signWithDkim } from "../mail/dkim-sign.ts";
import { type Actor, SYSTEM_ACTOR } from "../users/actor.ts";
import { type ClaimedEmail, claimDueEmails } from "./claim-due-emails.ts";
import {
  type RecordedCounts,
  type RetryPolicy,
  recordSendOutcomes,
  type SendOutcome,
} from "./record-send-outcomes.ts";

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
  /**
   * Rows claimed by one pass. Default: 4 × `inFlight`. This is also the most messages a process
   * can have handed to the SMTP server without having recorded them: after a crash, at most this
   * many are sent again (with their original Message-ID, flagged on their record).
   */
  batchSize?: number;
  /** Messages handed to the SMTP transport at once. Default 4. */
  inFlight?: number;
  /** Outcomes recorded together in one transaction, while the rest of the pass is still sending. Default 50. */
  recordEvery?: number;
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

export interface DispatchResult extends RecordedCounts {
  claimed: number;
}

/**
 * One pass: claims up to `batchSize` due email rows, sends them `inFlight` at a time, and records
 * the outcomes in groups of `recordEvery` as they come in (one transaction and one audit append
 * per group). Resolves when every outcome of the pass is recorded.
 *
 * @example const result = await dispatchOnce(db, createTransport({ url: "smtp://127.0.0.1:2525", pool: true }), {});
 */
export async function dispatchOnce(
  db: Db,
  transport: RawMailSender,
  options: DispatchOptions = {},
): Promise<DispatchResult> {
  const inFlight = Math.max(1, options.inFlight ?? 4);
  const batchSize = Math.max(1, options.batchSize ?? 4 * inFlight);
  const recordEvery = Math.max(1, options.recordEvery ?? 50);
  const policy: RetryPolicy = {
    giveUpAfterMs: options.giveUpAfterMs ?? 24 * HOUR,
    retryBaseMs: options.retryBaseMs ?? MINUTE,
    retryMaxMs: options.retryMaxMs ?? HOUR,
  };
  const claimed = await claimDueEmails(db, DISPATCHER, batchSize, options.leaseMs ?? 5 * MINUTE);
  const result: DispatchResult = { claimed: claimed.length, sent: 0, retrying: 0, undelivered: 0 };

  // Groups are recorded one after another (one connection per dispatcher), while sending goes on.
  let pending: SendOutcome[] = [];
  let recording: Promise<void> = Promise.resolve();
  const flush = () => {
    const group = pending;
    pending = [];
    recording = recording.then(async () => {
      const counts = await recordSendOutcomes(db, DISPATCHER, group, policy);
      result.sent += counts.sent;
      result.retrying += counts.retrying;
      result.undelivered += counts.undelivered;
    });
  };
  let next = 0;
  const worker = async () => {
    while (next < claimed.length) {
      const outcome = await deliver(transport, claimed[next++]!, options.dkim);
      // Pushed after the await: `pending` may have been handed to a recording group meanwhile.
      pending.push(outcome);
      if (pending.length >= recordEvery) flush();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(inFlight, claimed.length) }, worker));
  } finally {
    if (pending.length > 0) flush();
    // A group that failed to record leaves its rows `sending`: their lease runs out and they are
    // sent again with the same Message-ID, which is the crash path, flagged on the record.
    await recording;
  }
  return result;
}

/**
 * The email exactly as it will go over SMTP: from the office's generic mailbox (seed 000: never an
 * officer's own), with the office's name in the application's language, plain text only.
 */
export async function composeCorrespondenceEmail(item: CorrespondenceEmail): Promise<Buffer> {
  const email = {
    fromName: item.language === "fr" ? item.officeNameFr : item.officeNameEn,
    fromAddress: item.officeMailbox,
    to: item.address,
    subject: item.subject,
    // A bare CR would also be turned into a line break on the wire; every line break is made one here.
    text: (item.bodyText ?? "").replace(/\r\n?/g, "\n"),
    messageId: item.messageId,
    date: item.date ?? new Date(),
    // RFC 3282: the language the client chose for the application.
    contentLanguage: item.language === "fr" ? "fr-CA" : "en-CA",
  };
  return composePlainEmail(email) ?? composeWithMailComposer(email);
}

export interface CorrespondenceEmail {
  address: string;
  subject: string;
  bodyText: string | null;
  language: string;
  messageId: string;
  officeMailbox: string;
  officeNameEn: string;
  officeNameFr: string;
  date?: Date;
}

/** The same message through nodemailer's MailComposer: for what `composePlainEmail` leaves to it. */
export async function composeWithMailComposer(email: PlainEmail): Promise<Buffer> {
  const composer = new MailComposer({
    from: { name: email.fromName, address: email.fromAddress },
    to: { name: "", address: email.to },
    subject: email.subject,
    text: email.text,
    messageId: email.messageId,
    date: email.date,
    headers: { "Content-Language": email.contentLanguage },
    // RFC 5322 §2.3: lines end in CRLF. Written so in the archived bytes too, or the SMTP client
    // would convert bare LFs on the wire and the eDoc would differ from what the server received.
    newline: "win",
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return composer.compile().build();
}

/** Composes, signs and hands one message to the SMTP server; says what happened, writes nothing. */
async function deliver(
  transport: RawMailSender,
  item: ClaimedEmail,
  dkim: DkimKey | undefined,
): Promise<SendOutcome> {
  let raw: Buffer;
  try {
    raw = await composeCorrespondenceEmail(item);
  } catch (error) {
    return { kind: "refused", item, reason: `The message could not be composed: ${describe(error)}` };
  }
  if (dkim) {
    try {
      // RFC 6376 §3.5 d=: each office signs for its own mailbox's domain, so the signature is
      // aligned with the From address (RFC 7489 §3.1.1) whichever office the message comes from.
      // Signed before sending: `raw` is from here on both what leaves and what is archived.
      raw = await signWithDkim(raw, { ...dkim, domain: domainOfMailbox(item.officeMailbox) });
    } catch (error) {
      // A key the office cannot sign with is the office's own fault, not the recipient's: retried
      // until the give-up time, like a relay refusing the office's credentials.
      return { kind: "temporary", item, reason: describe(error) };
    }
  }
  const envelope = { from: item.officeMailbox, to: [item.address] };
  try {
    // The exact bytes archived are the bytes sent: `raw` bypasses any further composition.
    const info = await transport.sendMail({ envelope, raw });
    return { kind: "sent", item, raw, envelope, response: info.response ?? "accepted" };
  } catch (error) {
    return { kind: isPermanentRefusal(error) ? "refused" : "temporary", item, reason: describe(error) };
  }
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
 * Passes run in `lanes` at once (default 2), each claiming `batchSize / lanes` rows with
 * `inFlight / lanes` messages in flight, so that one lane claims and records while another
 * sends; the totals, and so the bound on what a crash can send twice, stay `batchSize` and `inFlight`.
 *
 * @example const dispatcher = startDispatcher({ db, smtpUrl: "smtp://127.0.0.1:2526", pollMs: 2000, inFlight: 4 });
 */
export function startDispatcher(
  options: { db: Db; smtpUrl: string; pollMs: number; inFlight: number; lanes?: number } & DispatchOptions,
): DispatcherHandle {
  const { db, smtpUrl, pollMs, lanes: requestedLanes, ...dispatchOptions } = options;
  const inFlight = Math.max(1, options.inFlight);
  const batchSize = Math.max(1, dispatchOptions.batchSize ?? 4 * inFlight);
  const lanes = Math.max(1, Math.min(requestedLanes ?? 2, inFlight, batchSize));
  const lane = {
    ...dispatchOptions,
    inFlight: Math.ceil(inFlight / lanes),
    batchSize: Math.floor(batchSize / lanes),
  };
  const transport = createTransport({ url: smtpUrl, pool: true, maxConnections: inFlight });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  // Rounds of passes never overlap inside one process; other processes are kept apart by SKIP LOCKED.
  let chain: Promise<void> = Promise.resolve();

  const runLane = async (untilEmpty: boolean): Promise<void> => {
    for (;;) {
      const result = await dispatchOnce(db, transport, lane);
      if (result.claimed === 0 || (!untilEmpty && result.claimed < lane.batchSize)) return;
      if (stopped && !untilEmpty) return;
    }
  };
  const runPasses = async (untilEmpty: boolean): Promise<void> => {
    // Every lane ends before the round does, even when one fails, so rounds never overlap.
    const ends = await Promise.allSettled(Array.from({ length: lanes }, () => runLane(untilEmpty)));
    const failure = ends.find((end) => end.status === "rejected");
    if (failure) throw failure.reason;
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
