/**
 * The last resort for bounces in no format Dossier knows: the subject lines mail servers and
 * providers use in English and French, failed addresses from X-Failed-Recipients, from DSN
 * fields pasted as text, from `<address>:` paragraphs or from addresses alone on indented
 * lines, and the status from a code in the text or, failing that, from the wording.
 */
import {
  angleParagraphs,
  type BounceNotice,
  beforeOriginal,
  failedRecipientsHeader,
  indentedEntries,
  type TextBounce,
  type TextRecipient,
} from "./bounce-text.ts";
import { statusFromWording, statusInText } from "./enhanced-status.ts";
import { parseDeliveryStatus } from "./parse-rfc3464.ts";

/** Subjects of failure notices (a reply's "Re:" never matches: the patterns are anchored). */
export const BOUNCE_SUBJECT =
  /^\s*(?:Undelivered Mail Returned to Sender|Mail delivery failed|Delivery Status Notification \(Failure\)|Returned mail\b|Undeliverable\b|Undelivered\b|Undeliverable mail|Mail System Error|failure notice|Delivery failure|Delivery has failed|Message not delivered|Returned to sender|Non remis\b|Non_remis_|Non distribué|Message non remis|Courrier non remis|Rapport de non-remise|Avis de non-remise|[ÉE]chec de (?:la )?(?:remise|livraison|distribution)|Retour de courrier|Message retourné)/i;

/** Subjects of delay warnings. */
export const DELAY_SUBJECT =
  /^\s*(?:Delivery Status Notification \(Delay\)|Delayed Mail|Delivery delayed|Warning: could not send message|Warning: message \S+ delayed|Remise retardée|Remise différée|Message retardé|Avertissement\s*:\s*(?:remise|distribution) retardée)/i;

/** Senders that only ever write about delivery. */
export const DELIVERY_DAEMON = /mailer-daemon|postmaster|mail delivery (?:system|subsystem)|\bmdaemon\b/i;

const FAILURE_WORDING =
  /could not be delivered|couldn['’]t be delivered|was not delivered|wasn['’]t delivered|undeliverable|delivery (?:has )?failed|permanent (?:fatal )?error|n['’]a pas pu être (?:remis|distribué|livré)|échec de (?:la )?(?:remise|livraison)|non remis|n['’]a pu être remis/i;
const DELAY_WORDING =
  /will (?:continue to )?(?:retry|try)|still (?:being )?retried|THIS IS A WARNING|has not yet been delivered|delivery (?:has been|is) delayed|nouvelles tentatives|remise (?:est |a été )?(?:retardée|différée)|sera réessayé/i;

export function detectGenericBounce(notice: BounceNotice): TextBounce | null {
  const text = beforeOriginal(notice.text);
  const subjectBounce = BOUNCE_SUBJECT.test(notice.subject);
  const subjectDelay = DELAY_SUBJECT.test(notice.subject);
  const daemon = DELIVERY_DAEMON.test(notice.from);
  const failedHeader = failedRecipientsHeader(notice.headers);
  const wordingFails = FAILURE_WORDING.test(text);
  const wordingDelays = DELAY_WORDING.test(text);
  if (
    !subjectBounce &&
    !subjectDelay &&
    failedHeader.length === 0 &&
    !(daemon && (wordingFails || wordingDelays))
  ) {
    return null;
  }
  const delayed = subjectDelay || (!subjectBounce && !wordingFails && wordingDelays);
  const recipients = findRecipients(notice, text, failedHeader);
  const wordingStatus = statusInText(text) ?? statusFromWording(text, !delayed);
  for (const recipient of recipients) recipient.status ??= wordingStatus;
  return { format: "unrecognised server", delayed, recipients };
}

function findRecipients(notice: BounceNotice, text: string, failedHeader: string[]): TextRecipient[] {
  const fields = /^(?:Final|Original)-Recipient\s*:/im.exec(text);
  if (fields) {
    const pasted = parseDeliveryStatus(text.slice(fields.index)).recipients;
    if (pasted.length > 0) {
      return pasted.map((r) => ({ address: r.address, status: r.status, diagnostic: r.diagnostic }));
    }
  }
  const angled = angleParagraphs(text);
  if (angled.length > 0) return angled;
  // Addresses of the notice itself (the office mailbox it was sent to) are never the failed ones.
  const own = new Set(
    ["to", "from", "delivered-to", "x-original-to", "return-path"].flatMap((name) =>
      notice.headers
        .filter((f) => f.name === name)
        .flatMap((f) => f.value.toLowerCase().match(/[^\s<>,;"']+@[^\s<>,;"']+/g) ?? []),
    ),
  );
  // A notice names its recipients near the top; the bound keeps hostile input linear.
  const lines = text.split("\n", 400);
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s+\S+@\S+/.test(lines[i]!)) continue;
    const entries = indentedEntries(lines.slice(i)).filter((r) => !own.has(r.address.toLowerCase()));
    if (entries.length > 0) return entries;
  }
  return failedHeader.map((address) => ({ address, status: null, diagnostic: null }));
}
