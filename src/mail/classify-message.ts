/**
 * Tells delivery status notifications, complaints and automatic replies apart from the mail
 * people write, among messages that arrive in an office mailbox, and says which outgoing
 * correspondence they are about. The office's procedure depends on it: an email that "bounces
 * back" must be resent to an updated address or sent by other means, and a litigation file must
 * show whether an undelivered message came back.
 *
 * Pure: bytes in, a classification out. It never throws; unreadable mail is `other` with a reason.
 */
import {
  type BounceNotice,
  cleanAddress,
  failedRecipientsHeader,
  fromOriginal,
  type TextBounce,
  type TextRecipient,
} from "./dsn/bounce-text.ts";
import { detectAutoReply } from "./dsn/detect-auto-reply.ts";
import {
  BOUNCE_SUBJECT,
  DELAY_SUBJECT,
  DELIVERY_DAEMON,
  detectGenericBounce,
} from "./dsn/detect-generic-bounce.ts";
import { statusClass } from "./dsn/enhanced-status.ts";
import {
  addressesIn,
  correspondenceIdFromMessageId,
  correspondenceIdFromVerp,
} from "./dsn/find-correspondence-id.ts";
import { nameReporter } from "./dsn/name-reporter.ts";
import { parseFeedbackReport } from "./dsn/parse-arf.ts";
import { parseExchangeText } from "./dsn/parse-exchange-text.ts";
import { parseEximText } from "./dsn/parse-exim-text.ts";
import { parseGmailText } from "./dsn/parse-gmail-text.ts";
import { parseDispositionNotification } from "./dsn/parse-mdn.ts";
import { type HeaderField, headerValue, headerValues, type MimeEntity, parseMime } from "./dsn/parse-mime.ts";
import { parsePostfixText } from "./dsn/parse-postfix-text.ts";
import { parseQmailText } from "./dsn/parse-qmail-text.ts";
import { type DsnAction, type DsnRecipient, parseDeliveryStatus } from "./dsn/parse-rfc3464.ts";
import { parseSendmailText } from "./dsn/parse-sendmail-text.ts";
import { parseSesNotification } from "./dsn/parse-ses-notification.ts";
import { messageIdOf, type ReportParts, readReportParts } from "./dsn/read-report-parts.ts";

export type ClassificationKind = "bounce" | "delay" | "auto-reply" | "complaint" | "other";

export interface ClassifiedRecipient {
  address: string;
  /** RFC 3463 enhanced status ("5.1.1"), read or derived from the report; null when none is given. */
  status: string | null;
  /**
   * The failure is permanent (RFC 3463 class 5): sending again to this address will fail the
   * same way. False for delays, for failures with a transient cause (class 4, e.g. a full
   * mailbox after the server gave up), for complaints and for successful deliveries.
   */
  permanent: boolean;
  /** The remote server's words (Diagnostic-Code or the reason line of the notice). */
  diagnostic: string | null;
}

export interface Classification {
  /**
   * bounce: the message was not delivered and the mail system has stopped trying, to at least
   * one recipient. delay: still being retried (a warning). complaint: a recipient reported it as
   * spam (ARF). auto-reply: an automatic response such as an out-of-office notice or a read
   * receipt. other: anything else, including every message a person wrote.
   */
  kind: ClassificationKind;
  recipients: ClassifiedRecipient[];
  /** Message-ID of the message this one is about, angle brackets kept, e.g. `<id@office.example>`. */
  originalMessageId: string | null;
  /** The outgoing correspondence that message was, when its Message-ID or a VERP address names one. */
  correspondenceId: string | null;
  /** Why, in one sentence, for people and logs. */
  reason: string;
}

export interface ClassifyOptions {
  /** Envelope recipients the message was received for (RCPT TO), to find a VERP address. */
  envelopeTo?: string[];
  /** Envelope sender (MAIL FROM); "" for the null reverse-path that notices use (RFC 5321 §4.5.5). */
  envelopeFrom?: string | null;
}

/**
 * Only the first 2 MB of a message are read. A notice puts what it says first and the returned
 * message last, and from that only its header is needed; the rest is attachments (the office
 * mailbox accepts 30 MB) that would cost memory and time and could only be used to make
 * classification slow. A notice cut there still has everything classification reads.
 */
export const MAX_CLASSIFIED_BYTES = 2 * 1024 * 1024;

const MAX_RECIPIENTS = 1000;

const UNREAD: Omit<Classification, "reason"> = {
  kind: "other",
  recipients: [],
  originalMessageId: null,
  correspondenceId: null,
};

/**
 * Classifies one raw RFC 5322 message.
 *
 * @example
 * const c = await classifyMessage(readFileSync("bounce.eml"));
 * if (c.kind === "bounce" && c.correspondenceId) … // the correspondence came back undelivered
 */
export async function classifyMessage(
  raw: Uint8Array | Buffer,
  options: ClassifyOptions = {},
): Promise<Classification> {
  try {
    return classify(raw, options);
  } catch (error) {
    // Each reader is written to be total; this is the guarantee that a mailbox with one
    // message no one foresaw keeps being processed.
    return { ...UNREAD, reason: `could not be read: ${(error as Error)?.message ?? String(error)}` };
  }
}

interface Facts {
  root: MimeEntity;
  parts: ReportParts;
  notice: BounceNotice;
  options: ClassifyOptions;
}

/** A classification before the original message and correspondence are looked up. */
interface Verdict {
  kind: ClassificationKind;
  recipients: ClassifiedRecipient[];
  reason: string;
  /** An original Message-ID the report itself carries (MDN, SES), if any. */
  originalMessageId?: string | null;
  /** Addresses that may be VERP return paths the report carries. */
  verpCandidates?: string[];
}

function classify(raw: Uint8Array | Buffer, options: ClassifyOptions): Classification {
  if (!(raw instanceof Uint8Array)) return { ...UNREAD, reason: "not message bytes" };
  const cut = raw.byteLength > MAX_CLASSIFIED_BYTES;
  const bytes = cut ? raw.subarray(0, MAX_CLASSIFIED_BYTES) : raw;
  if (!bytes.some((byte) => byte > 0x20)) return { ...UNREAD, reason: "empty message" };
  const root = parseMime(bytes);
  if (root.headers.length === 0) {
    return { ...UNREAD, reason: "no header fields: not an RFC 5322 message" };
  }
  const parts = readReportParts(root);
  const notice: BounceNotice = {
    subject: headerValue(root.headers, "subject") ?? "",
    from: headerValue(root.headers, "from") ?? "",
    headers: root.headers,
    text: parts.text,
  };
  const facts: Facts = { root, parts, notice, options };
  const verdict = fromFeedbackReport(facts) ??
    fromDispositionNotification(facts) ??
    fromDeliveryStatus(facts) ??
    fromSesNotification(facts) ??
    fromBounceText(facts) ??
    fromAutoReply(facts) ?? { kind: "other", recipients: [], reason: "no sign of an automatic message" };
  const originalMessageId = findOriginalMessageId(verdict, facts);
  const correspondenceId =
    correspondenceIdFromMessageId(originalMessageId) ?? correspondenceIdFromVerpAddresses(verdict, facts);
  let reason = verdict.reason;
  if (parts.truncated) reason += "; the message is truncated or malformed, the readable parts were used";
  if (cut) reason += `; only the first ${MAX_CLASSIFIED_BYTES / 1024 / 1024} MB were read`;
  // No real notice names thousands of recipients; the bound keeps a hostile one's output small.
  const recipients = verdict.recipients.slice(0, MAX_RECIPIENTS);
  return { kind: verdict.kind, recipients, originalMessageId, correspondenceId, reason };
}

function fromFeedbackReport({ parts }: Facts): Verdict | null {
  const text = parts.feedbackReports[0];
  if (text === undefined && parts.reportType !== "feedback-report") return null;
  const report = parseFeedbackReport(text ?? "", parts.originalHeaders);
  return {
    kind: "complaint",
    recipients: report.recipients.map((address) => ({
      address,
      status: null,
      permanent: false,
      diagnostic: `Feedback-Type: ${report.feedbackType}`,
    })),
    reason: `RFC 5965 feedback report (Feedback-Type: ${report.feedbackType})`,
    verpCandidates: report.originalMailFrom ? [report.originalMailFrom] : [],
  };
}

function fromDispositionNotification({ parts }: Facts): Verdict | null {
  const text = parts.dispositionNotifications[0];
  if (text === undefined && parts.reportType !== "disposition-notification") return null;
  const mdn = parseDispositionNotification(text ?? "");
  return {
    kind: "auto-reply",
    recipients: [],
    reason: `read receipt (RFC 8098${mdn.disposition ? `, Disposition: ${mdn.disposition}` : ""}); not evidence that the email was received`,
    originalMessageId: mdn.originalMessageId,
  };
}

/** RFC 3464 §2.3.3: failed and delayed are the actions that report a problem. */
function isPermanent(action: DsnAction | null, status: string | null): boolean {
  if (action !== null && action !== "failed") return false;
  const cls = statusClass(status);
  return cls === null || cls === 5;
}

function fromDeliveryStatus(facts: Facts): Verdict | null {
  const { root, parts, notice } = facts;
  if (parts.deliveryStatus.length === 0) return null;
  const reports = parts.deliveryStatus.map(parseDeliveryStatus);
  const dsnRecipients: DsnRecipient[] = reports.flatMap((report) => report.recipients);
  if (dsnRecipients.length === 0) return null;
  // The readable part fills what the status part lacks (Exim writes a bare "Status: 5.0.0" in
  // some versions) and, when the report was cut short, names the recipients it lost.
  const readable = looksAutomatic(facts) ? readBounceText(notice) : null;
  const fromText = new Map(readable?.recipients.map((r) => [r.address.toLowerCase(), r]));
  const recipients: ClassifiedRecipient[] = dsnRecipients.map((r) => {
    const text = fromText.get(r.address.toLowerCase());
    const status = r.status ?? text?.status ?? null;
    return {
      address: r.address,
      status,
      permanent: isPermanent(r.action, status),
      diagnostic: r.diagnostic ?? text?.diagnostic ?? null,
    };
  });
  // A recipient without an Action is read as failed: reporting failures is what DSNs are for.
  let failed = dsnRecipients.filter((r) => r.action === "failed" || r.action === null).length;
  let delayed = dsnRecipients.filter((r) => r.action === "delayed").length;
  const other = dsnRecipients.length - failed - delayed;
  if (parts.truncated && readable) {
    const listed = new Set(recipients.map((r) => r.address.toLowerCase()));
    for (const r of readable.recipients.filter((t) => !listed.has(t.address.toLowerCase()))) {
      recipients.push(textRecipient(r, readable.delayed));
      if (readable.delayed) delayed++;
      else failed++;
    }
  }
  const kind: ClassificationKind = failed > 0 ? "bounce" : delayed > 0 ? "delay" : "other";
  const perMessage = reports.flatMap((report) => report.perMessage);
  const reporter = nameReporter(notice.headers, perMessage, root.params.boundary ?? "");
  const counts = [
    failed > 0 ? `${failed} failed` : "",
    delayed > 0 ? `${delayed} delayed` : "",
    other > 0 ? `${other} delivered or relayed` : "",
  ]
    .filter(Boolean)
    .join(", ");
  const global = root.children.some((child) => child.contentType === "message/global-delivery-status");
  const what = global
    ? "RFC 6533 global delivery status notification"
    : "RFC 3464 delivery status notification";
  return {
    kind,
    recipients,
    reason: `${what}${reporter ? ` from ${reporter}` : ""}: ${counts}${kind === "other" ? " (a success notice)" : ""}`,
    verpCandidates: [
      ...dsnRecipients.flatMap((r) => [r.finalRecipient, r.originalRecipient]),
      ...perMessage.filter((f) => f.name === "x-postfix-sender").map((f) => f.value),
    ].filter((a): a is string => a !== null),
  };
}

function fromSesNotification({ notice }: Facts): Verdict | null {
  const ses = parseSesNotification(notice.text);
  if (!ses) return null;
  return {
    kind: ses.kind,
    recipients: ses.recipients,
    reason: `Amazon SES ${ses.type}${ses.subtype ? `/${ses.subtype}` : ""} notification`,
    originalMessageId: ses.originalMessageId,
  };
}

/**
 * Whether the message bears any mark of machine-written mail. Text readers only run on such
 * mail, so a person who quotes or forwards a bounce in a message of their own is not misread.
 */
function looksAutomatic({ notice, parts, options }: Facts): boolean {
  const autoSubmitted = headerValue(notice.headers, "auto-submitted")?.trim().toLowerCase();
  return (
    DELIVERY_DAEMON.test(notice.from) ||
    (autoSubmitted !== undefined && !autoSubmitted.startsWith("no")) ||
    /^\s*<\s*>\s*$/.test(headerValue(notice.headers, "return-path") ?? "x") ||
    options.envelopeFrom === "" ||
    failedRecipientsHeader(notice.headers).length > 0 ||
    BOUNCE_SUBJECT.test(notice.subject) ||
    DELAY_SUBJECT.test(notice.subject) ||
    parts.reportType === "delivery-status"
  );
}

const TEXT_READERS = [
  parseEximText,
  parseSendmailText,
  parseQmailText,
  parsePostfixText,
  parseExchangeText,
  parseGmailText,
];

/** The notice read by the first text reader that knows its format, else by the generic one. */
function readBounceText(notice: BounceNotice): TextBounce | null {
  for (const read of TEXT_READERS) {
    const bounce = read(notice);
    if (bounce) return bounce;
  }
  return detectGenericBounce(notice);
}

/** A recipient read from text: permanent unless the server still retries or the cause is transient. */
function textRecipient(r: TextRecipient, delayed: boolean): ClassifiedRecipient {
  return {
    address: r.address,
    status: r.status,
    permanent: !delayed && statusClass(r.status) !== 4,
    diagnostic: r.diagnostic,
  };
}

function fromBounceText(facts: Facts): Verdict | null {
  if (!looksAutomatic(facts)) return null;
  const { notice, parts } = facts;
  const bounce = readBounceText(notice);
  if (!bounce) {
    if (parts.reportType !== "delivery-status") return null;
    // A report that says it is a DSN but whose status part is missing or unreadable.
    return {
      kind: DELAY_SUBJECT.test(notice.subject) ? "delay" : "bounce",
      recipients: [],
      reason: "multipart/report of delivery status whose status part could not be read",
    };
  }
  const recipients = bounce.recipients.map((r) => textRecipient(r, bounce.delayed));
  const known = bounce.format !== "unrecognised server";
  return {
    kind: bounce.delayed ? "delay" : "bounce",
    recipients,
    reason:
      `${bounce.delayed ? "delay warning" : "bounce"} ${known ? `in ${bounce.format}'s wording` : "recognised by its subject, sender or wording"}` +
      (recipients.length > 0 ? `: ${recipients.length} recipient(s)` : "; no recipient address found"),
  };
}

function fromAutoReply({ notice }: Facts): Verdict | null {
  const why = detectAutoReply(notice.headers, notice.subject);
  return why ? { kind: "auto-reply", recipients: [], reason: `automatic reply: ${why}` } : null;
}

function firstMessageId(value: string | null): string | null {
  return value ? (/<[^<>\s]+>/.exec(value)?.[0] ?? null) : null;
}

/**
 * The returned message's Message-ID: from its attached copy or headers (RFC 3462/6522), from
 * the report itself (MDN, SES), from a copy quoted in the notice's text (Exim, qmail, Exchange),
 * else from the notice's In-Reply-To or last References entry (RFC 3834 asks automatic
 * replies to set them).
 */
function findOriginalMessageId(verdict: Verdict, { parts, notice }: Facts): string | null {
  const attached = messageIdOf(parts.originalHeaders);
  if (attached) return attached;
  if (verdict.originalMessageId) return verdict.originalMessageId;
  if (verdict.kind === "bounce" || verdict.kind === "delay" || verdict.kind === "complaint") {
    const quoted = /^[ \t]*Message-ID:[ \t]*(<[^<>\s]+>)/im.exec(fromOriginal(parts.text) || parts.text);
    if (quoted) return quoted[1]!;
  }
  const inReplyTo = firstMessageId(headerValue(notice.headers, "in-reply-to"));
  if (inReplyTo) return inReplyTo;
  const references = headerValues(notice.headers, "references")
    .join(" ")
    .match(/<[^<>\s]+>/g);
  return references?.[references.length - 1] ?? null;
}

function correspondenceIdFromVerpAddresses(
  verdict: Verdict,
  { notice, parts, options }: Facts,
): string | null {
  const headerAddresses = (headers: HeaderField[] | null, names: string[]) =>
    names.flatMap((name) => (headers ? headerValues(headers, name) : []).flatMap(addressesIn));
  const candidates = [
    ...headerAddresses(notice.headers, ["to", "delivered-to", "x-original-to"]),
    ...(options.envelopeTo ?? []),
    ...(verdict.verpCandidates ?? []),
    // The returned copy keeps the envelope sender it was sent with.
    ...headerAddresses(parts.originalHeaders, ["return-path"]),
  ];
  for (const candidate of candidates) {
    const id = correspondenceIdFromVerp(cleanAddress(candidate) ?? candidate);
    if (id) return id;
  }
  return null;
}
