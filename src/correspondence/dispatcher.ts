/**
 * The worker that sends queued email correspondence. The database is the queue: a row in status
 * `generate` is a work item, claimed with `FOR UPDATE SKIP LOCKED` so any number of dispatchers on
 * any number of machines share one PostgreSQL without sending a row twice.
 *
 * Life of a row: generate → sending (claimed, with a lease) → sent | undelivered, or back to
 * generate with a later `next_attempt_at` after a temporary failure.
 */
import { createTransport } from "nodemailer";
import type { Db } from "../db/database.ts";
import { composeEmail } from "../mail/compose-with-mail-composer.ts";
import type { DkimKey } from "../mail/dkim-sign.ts";
import {
  describeSmtpError,
  type RawMailSender,
  type RecordedCounts,
  sendClaimedMessages,
} from "../mail/send-claimed-messages.ts";
import { type Actor, SYSTEM_ACTOR } from "../users/actor.ts";
import { claimDueEmails } from "./claim-due-emails.ts";
import { type RetryPolicy, recordSendOutcomes } from "./record-send-outcomes.ts";

/** What the audit trail names as the author of the dispatcher's changes. */
const DISPATCHER: Actor = { ...SYSTEM_ACTOR, label: "dispatcher" };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

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

/** One pass over one queue of outgoing mail: `dispatchOnce` for correspondence, and the like for other queues. */
export type DispatchPass = (
  db: Db,
  transport: RawMailSender,
  options: DispatchOptions,
) => Promise<DispatchResult>;

/** A pass's options with their defaults; every queue of outgoing mail reads them the same way. */
export function dispatchSettings(options: DispatchOptions) {
  const inFlight = Math.max(1, options.inFlight ?? 4);
  const policy: RetryPolicy = {
    giveUpAfterMs: options.giveUpAfterMs ?? 24 * HOUR,
    retryBaseMs: options.retryBaseMs ?? MINUTE,
    retryMaxMs: options.retryMaxMs ?? HOUR,
  };
  return {
    inFlight,
    batchSize: Math.max(1, options.batchSize ?? 4 * inFlight),
    recordEvery: Math.max(1, options.recordEvery ?? 50),
    leaseMs: options.leaseMs ?? 5 * MINUTE,
    policy,
  };
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
  const { inFlight, batchSize, recordEvery, leaseMs, policy } = dispatchSettings(options);
  const claimed = await claimDueEmails(db, DISPATCHER, batchSize, leaseMs);
  const counts = await sendClaimedMessages(claimed, {
    transport,
    inFlight,
    recordEvery,
    dkim: options.dkim,
    compose: composeCorrespondenceEmail,
    record: (group) => recordSendOutcomes(db, DISPATCHER, group, policy),
  });
  return { claimed: claimed.length, ...counts };
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
  return composeEmail(email);
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
  options: {
    db: Db;
    smtpUrl: string;
    pollMs: number;
    inFlight: number;
    lanes?: number;
    /** What each pass works through, in turn. Default: outgoing correspondence only. */
    queues?: readonly DispatchPass[];
  } & DispatchOptions,
): DispatcherHandle {
  const { db, smtpUrl, pollMs, lanes: requestedLanes, queues = [dispatchOnce], ...dispatchOptions } = options;
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
      // A full batch from any queue means more may be waiting there.
      let more = false;
      for (const pass of queues) {
        const result = await pass(db, transport, lane);
        if (untilEmpty ? result.claimed > 0 : result.claimed >= lane.batchSize) more = true;
      }
      if (!more || (stopped && !untilEmpty)) return;
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
      console.error(`dispatcher: ${describeSmtpError(error)}`);
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
