/**
 * Exim's own bounce and delay wording (deliver.c), sent as plain text by older versions and as
 * the readable part of a multipart/report by newer ones:
 *
 *     This message was created automatically by mail delivery software.
 *
 *     A message that you sent could not be delivered to one or more of its
 *     recipients. This is a permanent error. The following address(es) failed:
 *
 *       someone@example.com
 *         SMTP error from remote mail server after RCPT TO:<someone@example.com>:
 *         550 5.1.1 User unknown
 *
 * Each failed address is alone on a line indented by two spaces, its reason indented further.
 */
import {
  type BounceNotice,
  beforeOriginal,
  failedRecipientsHeader,
  indentedEntries,
  type TextBounce,
} from "./bounce-text.ts";

const SIGNATURE = /This message was created automatically by mail delivery software/i;
// The two lists Exim prints: failures, and addresses still being tried (the delay warning).
const LIST_START =
  /^.*(?:The following address(?:\(es\)|es)? failed:|address(?:es)? to which the message has not yet been delivered (?:is|are):)\s*$/im;

export function parseEximText(notice: BounceNotice): TextBounce | null {
  if (!SIGNATURE.test(notice.text)) return null;
  const text = beforeOriginal(notice.text);
  // deliver.c: the warning says "has not yet been delivered" and "No action is required".
  const delayed =
    /has not yet been delivered|No action is required on your part/i.test(text) ||
    /^Warning: message \S+ delayed/i.test(notice.subject);
  const start = LIST_START.exec(text);
  let recipients = start
    ? indentedEntries(text.slice(start.index + start[0].length).split("\n")).map((r) => ({
        ...r,
        diagnostic: r.diagnostic?.replace(/^Delay reason:\s*/i, "") ?? null,
      }))
    : [];
  if (recipients.length === 0) {
    recipients = failedRecipientsHeader(notice.headers).map((address) => ({
      address,
      status: null,
      diagnostic: null,
    }));
  }
  return { format: "Exim", delayed, recipients };
}
