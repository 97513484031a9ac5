/**
 * qmail-send's failure notice, and the qmail-derived notices of Yahoo and similar providers:
 *
 *     Hi. This is the qmail-send program at mail.example.net.
 *     I'm afraid I wasn't able to deliver your message to the following addresses.
 *     This is a permanent error; I've given up. Sorry it didn't work out.
 *
 *     <someone@example.com>:
 *     192.0.2.7 does not like recipient.
 *     Remote host said: 550 5.1.1 <someone@example.com>... User unknown
 *
 *     --- Below this line is a copy of the message.
 *
 * qmail reports a failure only once it has given up, so these are never delay warnings.
 */
import { angleParagraphs, type BounceNotice, beforeOriginal, type TextBounce } from "./bounce-text.ts";

const QMAIL = /Hi\. This is the qmail|I'm afraid I wasn't able to deliver your message/i;
const YAHOO =
  /Sorry, we were unable to deliver your message to the following address|Unable to deliver message to the following address/i;

export function parseQmailText(notice: BounceNotice): TextBounce | null {
  const qmail = QMAIL.test(notice.text);
  const yahoo = !qmail && YAHOO.test(notice.text);
  // The subject alone ("failure notice") is qmail's too, but only counts with qmail's layout.
  const subjectOnly = !qmail && !yahoo && /^failure notice$/i.test(notice.subject.trim());
  if (!qmail && !yahoo && !subjectOnly) return null;
  const recipients = angleParagraphs(beforeOriginal(notice.text));
  if (subjectOnly && recipients.length === 0) return null;
  return { format: yahoo ? "Yahoo" : "qmail", delayed: false, recipients };
}
