/**
 * Sends the messages queued on enquiries (the automatic request for missing information, later the
 * officers' replies), the way the correspondence dispatcher sends letters: rows claimed with a
 * lease, sent `inFlight` at a time, outcomes recorded in groups, the exact bytes archived.
 *
 * Life of a row: generate → sending (claimed, with a lease) → sent | undelivered, or back to
 * generate with a later `next_attempt_at` after a temporary failure.
 */
import { type DispatchOptions, type DispatchResult, dispatchSettings } from "../correspondence/dispatcher.ts";
import type { Db } from "../db/database.ts";
import { composeEmail } from "../mail/compose-with-mail-composer.ts";
import { type RawMailSender, sendClaimedMessages } from "../mail/send-claimed-messages.ts";
import { type Actor, SYSTEM_ACTOR } from "../users/actor.ts";
import { type ClaimedEnquiryMessage, claimEnquiryMessages } from "./claim-enquiry-messages.ts";
import { referenceInSubject } from "./enquiry-reference.ts";
import { ESCALATION_FORWARD_KIND } from "./escalate-enquiry.ts";
import { recordEnquiryMessageOutcomes } from "./record-enquiry-message-outcomes.ts";

/** What the audit trail names as the author of the dispatcher's changes. */
const DISPATCHER: Actor = { ...SYSTEM_ACTOR, label: "dispatcher" };

/**
 * One pass: claims up to `batchSize` due enquiry messages, sends them `inFlight` at a time, and
 * records the outcomes in groups of `recordEvery` as they come in (one transaction and one audit
 * append per group). Resolves when every outcome of the pass is recorded. Options and defaults are
 * those of the correspondence dispatcher's `dispatchOnce`.
 *
 * @example const result = await dispatchEnquiryMessagesOnce(db, createTransport({ url: "smtp://127.0.0.1:2525", pool: true }), {});
 *   // → { claimed: 1, sent: 1, retrying: 0, undelivered: 0 }
 */
export async function dispatchEnquiryMessagesOnce(
  db: Db,
  transport: RawMailSender,
  options: DispatchOptions = {},
): Promise<DispatchResult> {
  const { inFlight, batchSize, recordEvery, leaseMs, policy } = dispatchSettings(options);
  const claimed = await claimEnquiryMessages(db, DISPATCHER, batchSize, leaseMs);
  const counts = await sendClaimedMessages(claimed, {
    transport,
    inFlight,
    recordEvery,
    dkim: options.dkim,
    compose: (item) => composeEnquiryMessage(item),
    record: (group) => recordEnquiryMessageOutcomes(db, DISPATCHER, group, policy),
  });
  return { claimed: claimed.length, ...counts };
}

/**
 * The message exactly as it will go over SMTP. Seed 001: from the office's generic mailbox, with
 * the office's name in the enquiry's language, never a staff member's; the reference in the
 * subject; threaded on the enquirer's message (RFC 5322 §3.6.4); and, when no person wrote it,
 * `Auto-Submitted: auto-replied` (RFC 3834 §5), so that the other side's robot does not answer.
 */
export async function composeEnquiryMessage(item: ClaimedEnquiryMessage, date = new Date()): Promise<Buffer> {
  return composeEmail({
    fromName: item.language === "fr" ? item.officeNameFr : item.officeNameEn,
    fromAddress: item.officeMailbox,
    to: item.address,
    subject: subjectWithReference(item.subject, item.reference),
    // A bare CR would also be turned into a line break on the wire; every line break is made one here.
    text: item.bodyText.replace(/\r\n?/g, "\n"),
    messageId: item.messageId,
    date,
    // RFC 3282: the language of the enquiry.
    contentLanguage: item.language === "fr" ? "fr-CA" : "en-CA",
    inReplyTo: item.inReplyTo,
    references: item.references,
    // RFC 3834 §5: a reply to the enquirer's message is "auto-replied"; a forward of the thread to
    // another unit answers nobody, so it is "auto-generated".
    ...(item.automatic
      ? { autoSubmitted: item.kind === ESCALATION_FORWARD_KIND ? "auto-generated" : "auto-replied" }
      : {}),
  });
}

/**
 * The subject as queued when it carries the enquiry's reference, else with the reference added:
 * the reference threads the answer even when the enquirer's mail program drops In-Reply-To.
 *
 * @example subjectWithReference("Your documents", "ENQ-2026-000123") // "Your documents [ENQ-2026-000123]"
 */
export function subjectWithReference(subject: string, reference: string): string {
  if (referenceInSubject(subject) === reference) return subject;
  return subject.trim() ? `${subject} [${reference}]` : reference;
}
