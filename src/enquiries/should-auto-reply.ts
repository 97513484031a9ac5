/**
 * Whether an enquiry mailbox may send an automatic reply (acknowledgement, missing information)
 * to a message. RFC 3834 §2 says when a responder must keep quiet; a per-sender limit stops two
 * responders that ignore it from writing to each other forever.
 *
 * Pure: the caller gives the message's header fields, its envelope sender and the times of the
 * automatic replies already sent to that sender.
 */
import { detectAutoReply } from "../mail/dsn/detect-auto-reply.ts";
import type { HeaderField } from "../mail/dsn/parse-mime.ts";

export interface AutoReplyRateLimit {
  /** At most this many automatic replies to one sender… */
  max: number;
  /** …within this many milliseconds. */
  windowMs: number;
}

/** Three a day: enough for someone who sends missing details in several messages, too few to loop. */
export const DEFAULT_AUTO_REPLY_LIMIT: AutoReplyRateLimit = { max: 3, windowMs: 24 * 60 * 60 * 1000 };

export interface AutoReplyInput {
  headers: readonly HeaderField[];
  /** The envelope sender (SMTP MAIL FROM); "" for the null reverse-path; null when not known. */
  envelopeFrom: string | null;
  /** The office's enquiries mailbox, which the message reached. */
  ourMailbox: string;
  /** When automatic replies were sent to this sender, most recent or not. */
  recentAutoReplies: readonly Date[];
  now: Date;
  limit?: AutoReplyRateLimit;
}

export interface AutoReplyDecision {
  send: boolean;
  reason: string;
}

// RFC 3834 §2: no response to a return path of owner-*, *-request or MAILER-DAEMON; postmaster
// and no-reply addresses are the same kind of robot, and a reply to them is read by no one.
const ROBOT_LOCAL_PART = /^(?:mailer-daemon|postmaster|owner-.+|.+-request|no-?reply|do-?not-?reply)$/i;

/**
 * @example shouldAutoReply({ headers: [{ name: "auto-submitted", value: "auto-replied" }], … })
 *   // → { send: false, reason: "Auto-Submitted: auto-replied (RFC 3834)" }
 */
export function shouldAutoReply(input: AutoReplyInput): AutoReplyDecision {
  const why = reasonForSilence(input);
  if (why) return { send: false, reason: why };
  const limit = input.limit ?? DEFAULT_AUTO_REPLY_LIMIT;
  const since = input.now.getTime() - limit.windowMs;
  const recent = input.recentAutoReplies.filter((at) => at.getTime() > since && at <= input.now).length;
  if (recent >= limit.max) {
    return {
      send: false,
      reason: `${recent} automatic ${recent === 1 ? "reply" : "replies"} already sent to this sender in the last ${describeWindow(limit.windowMs)} (limit ${limit.max})`,
    };
  }
  return { send: true, reason: "a message written by a person, within the per-sender limit" };
}

function reasonForSilence(input: AutoReplyInput): string | null {
  const field = (name: string) => input.headers.find((h) => h.name.toLowerCase() === name)?.value ?? null;
  const ours = input.ourMailbox.trim().toLowerCase();

  // RFC 3834 §2: never respond to the null return path; the reply would have nowhere to go.
  const returnPath = input.envelopeFrom ?? addressIn(field("return-path"));
  if (returnPath !== null && addressIn(returnPath) === "") return "null return path (RFC 3834 §2)";

  const marked = detectAutoReply([...input.headers].map(lowerName), field("subject") ?? "");
  if (marked) return marked;

  const precedence = field("precedence")?.trim().toLowerCase();
  if (precedence === "list") return "Precedence: list (RFC 3834 §2)";
  if (field("list-id") !== null) return `mailing list (List-Id: ${field("list-id")?.trim()}, RFC 2919)`;

  for (const loop of input.headers.filter((h) => h.name.toLowerCase() === "x-loop")) {
    if (loop.value.toLowerCase().includes(ours)) return `X-Loop names this mailbox (${ours})`;
  }

  for (const address of [returnPath, addressIn(field("from"))]) {
    if (!address) continue;
    if (address === ours) return "sent from this mailbox itself";
    const localPart = address.slice(0, address.lastIndexOf("@"));
    if (ROBOT_LOCAL_PART.test(localPart)) return `sender ${address} is a mail robot (RFC 3834 §2)`;
  }
  return null;
}

function lowerName(field: HeaderField): HeaderField {
  return { name: field.name.toLowerCase(), value: field.value };
}

/** The address in `Name <a@b>`, `<a@b>` or `a@b`, lower case; "" for `<>`; null for nothing. */
function addressIn(value: string | null): string | null {
  if (value === null) return null;
  const angle = /<([^<>]*)>/.exec(value);
  return (angle ? angle[1]! : value).trim().toLowerCase();
}

function describeWindow(ms: number): string {
  const hours = ms / (60 * 60 * 1000);
  if (hours === 1) return "hour";
  return Number.isInteger(hours) ? `${hours} hours` : `${Math.round(ms / 60_000)} minutes`;
}
