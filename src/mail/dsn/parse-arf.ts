/**
 * Abuse and complaint feedback reports (ARF, RFC 5965): a multipart/report with
 * report-type=feedback-report whose message/feedback-report part says what was reported.
 * Mailbox providers send them when a recipient marks a message as spam.
 */
import { cleanAddress } from "./bounce-text.ts";
import { type HeaderField, headerValue, headerValues } from "./parse-mime.ts";
import { fieldAddress, parseFieldGroups } from "./parse-rfc3464.ts";

export interface FeedbackReport {
  /** RFC 5965 §3.1 Feedback-Type: abuse, fraud, virus, other, not-spam, auth-failure. */
  feedbackType: string;
  /** Who complained: Original-Rcpt-To (RFC 5965 §3.3), else the returned message's To. */
  recipients: string[];
  /** Original-Mail-From: the envelope sender of the reported message (a VERP address, if used). */
  originalMailFrom: string | null;
}

export function parseFeedbackReport(text: string, originalHeaders: HeaderField[] | null): FeedbackReport {
  const fields = parseFieldGroups(text).flat();
  const feedbackType = (headerValue(fields, "feedback-type") ?? "unspecified").trim().toLowerCase();
  let recipients = headerValues(fields, "original-rcpt-to")
    .map((value) => cleanAddress(fieldAddress(value)))
    .filter((address): address is string => address !== null);
  if (recipients.length === 0 && originalHeaders) {
    recipients = headerValues(originalHeaders, "to")
      .flatMap((value) => value.match(/[^\s<>,;"']+@[^\s<>,;"']+/g) ?? [])
      .map((token) => cleanAddress(token))
      .filter((address): address is string => address !== null);
  }
  const originalMailFrom = cleanAddress(fieldAddress(headerValue(fields, "original-mail-from")));
  return { feedbackType, recipients: [...new Set(recipients)], originalMailFrom };
}
