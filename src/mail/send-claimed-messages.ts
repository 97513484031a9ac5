/**
 * The sending half of a dispatcher pass, shared by everything the office sends by email (letters,
 * enquiry replies): compose, DKIM-sign and hand each claimed message to the SMTP server, `inFlight`
 * at a time, and give the outcomes to the caller's recorder in groups while sending goes on.
 * Protocol only: what is claimed and how an outcome is recorded belong to the caller.
 */
import { type DkimKey, domainOfMailbox, signWithDkim } from "./dkim-sign.ts";

/** The part of a nodemailer transport a dispatcher uses: send prepared bytes with an explicit envelope. */
export interface RawMailSender {
  sendMail(message: {
    envelope: { from: string; to: string[] };
    raw: Buffer;
  }): Promise<{ response?: string }>;
}

/** What every claimed message has: the office mailbox it leaves from and the one address it goes to. */
export interface OutgoingItem {
  officeMailbox: string;
  address: string;
}

export type SendOutcome<Item> =
  /** The server accepted the message (RFC 5321 §4.2: a 250 reply); `raw` is exactly what it received. */
  | { kind: "sent"; item: Item; raw: Buffer; envelope: { from: string; to: string[] }; response: string }
  /** A permanent refusal (5yz) or a message that could not be made: no retry can help. */
  | { kind: "refused"; item: Item; reason: string }
  /** A temporary failure (4yz, no connection, the office's own configuration): retried with back-off. */
  | { kind: "temporary"; item: Item; reason: string };

export interface RecordedCounts {
  sent: number;
  retrying: number;
  undelivered: number;
}

/**
 * Sends the claimed messages and resolves when every outcome is recorded. A group that fails to
 * record leaves its rows as claimed: their lease runs out and they are sent again with the same
 * Message-ID, which is the crash path, flagged on the record.
 */
export async function sendClaimedMessages<Item extends OutgoingItem>(
  claimed: readonly Item[],
  options: {
    transport: RawMailSender;
    inFlight: number;
    recordEvery: number;
    dkim?: DkimKey | undefined;
    compose: (item: Item) => Promise<Buffer>;
    record: (group: SendOutcome<Item>[]) => Promise<RecordedCounts>;
  },
): Promise<RecordedCounts> {
  const total: RecordedCounts = { sent: 0, retrying: 0, undelivered: 0 };
  // Groups are recorded one after another (one connection per pass), while sending goes on.
  let pending: SendOutcome<Item>[] = [];
  let recording: Promise<void> = Promise.resolve();
  const flush = () => {
    const group = pending;
    pending = [];
    recording = recording.then(async () => {
      const counts = await options.record(group);
      total.sent += counts.sent;
      total.retrying += counts.retrying;
      total.undelivered += counts.undelivered;
    });
  };
  let next = 0;
  const worker = async () => {
    while (next < claimed.length) {
      const outcome = await deliver(claimed[next++]!, options);
      // Pushed after the await: `pending` may have been handed to a recording group meanwhile.
      pending.push(outcome);
      if (pending.length >= options.recordEvery) flush();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.inFlight, claimed.length) }, worker));
  } finally {
    if (pending.length > 0) flush();
    await recording;
  }
  return total;
}

/** Composes, signs and hands one message to the SMTP server; says what happened, writes nothing. */
async function deliver<Item extends OutgoingItem>(
  item: Item,
  options: { transport: RawMailSender; dkim?: DkimKey | undefined; compose: (item: Item) => Promise<Buffer> },
): Promise<SendOutcome<Item>> {
  let raw: Buffer;
  try {
    raw = await options.compose(item);
  } catch (error) {
    return {
      kind: "refused",
      item,
      reason: `The message could not be composed: ${describeSmtpError(error)}`,
    };
  }
  if (options.dkim) {
    try {
      // RFC 6376 §3.5 d=: each office signs for its own mailbox's domain, so the signature is
      // aligned with the From address (RFC 7489 §3.1.1) whichever office the message comes from.
      // Signed before sending: `raw` is from here on both what leaves and what is archived.
      raw = await signWithDkim(raw, { ...options.dkim, domain: domainOfMailbox(item.officeMailbox) });
    } catch (error) {
      // A key the office cannot sign with is the office's own fault, not the recipient's: retried
      // until the give-up time, like a relay refusing the office's credentials.
      return { kind: "temporary", item, reason: describeSmtpError(error) };
    }
  }
  const envelope = { from: item.officeMailbox, to: [item.address] };
  try {
    // The exact bytes archived are the bytes sent: `raw` bypasses any further composition.
    const info = await options.transport.sendMail({ envelope, raw });
    return { kind: "sent", item, raw, envelope, response: info.response ?? "accepted" };
  } catch (error) {
    return {
      kind: isPermanentRefusal(error) ? "refused" : "temporary",
      item,
      reason: describeSmtpError(error),
    };
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
export function describeSmtpError(error: unknown): string {
  const e = error as { response?: unknown; message?: unknown } | null;
  const text = typeof e?.response === "string" && e.response ? e.response : String(e?.message ?? error);
  return text.replace(/[\r\n]+/g, " ").slice(0, 1000);
}
