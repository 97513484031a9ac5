/**
 * Postfix's readable notice (its default bounce templates), used when the machine-readable part
 * is missing:
 *
 *     This is the mail system at host mail.example.org.
 *     ...
 *                        The mail system
 *
 *     <someone@example.com>: host mx.example.com[192.0.2.25] said: 550 5.1.1
 *         <someone@example.com>: Recipient address rejected: User unknown (in reply to
 *         RCPT TO command)
 *
 * The delay template starts with a banner "THIS IS A WARNING ONLY".
 */
import { angleParagraphs, type BounceNotice, beforeOriginal, type TextBounce } from "./bounce-text.ts";

const SIGNATURE = /This is the mail system at host|^\s*The mail system\s*$/im;

export function parsePostfixText(notice: BounceNotice): TextBounce | null {
  if (!SIGNATURE.test(notice.text)) return null;
  const text = beforeOriginal(notice.text);
  const delayed =
    /THIS IS A WARNING ONLY|still being retried/i.test(text) || /^Delayed Mail/i.test(notice.subject);
  return { format: "Postfix", delayed, recipients: angleParagraphs(text) };
}
