/**
 * A plain-text email written by nodemailer's MailComposer: for what `composePlainEmail` leaves to
 * it (addresses that are not ASCII, texts sent in base64, empty or very long bodies), and the
 * reference its one-pass output is held byte-identical to.
 */
import MailComposer from "nodemailer/lib/mail-composer";
import { composePlainEmail, type PlainEmail } from "./compose-plain-email.ts";

/**
 * The message's exact bytes, in one pass when it can be written so, else by MailComposer.
 *
 * @example const raw = await composeEmail({ fromName: "Bureau OTT", fromAddress: "ott@office.example", … });
 */
export async function composeEmail(email: PlainEmail): Promise<Buffer> {
  return composePlainEmail(email) ?? composeWithMailComposer(email);
}

export async function composeWithMailComposer(email: PlainEmail): Promise<Buffer> {
  const composer = new MailComposer({
    from: { name: email.fromName, address: email.fromAddress },
    to: { name: "", address: email.to },
    subject: email.subject,
    text: email.text,
    messageId: email.messageId,
    date: email.date,
    ...(email.inReplyTo ? { inReplyTo: email.inReplyTo } : {}),
    ...(email.references?.length ? { references: [...email.references] } : {}),
    headers: {
      "Content-Language": email.contentLanguage,
      ...(email.autoSubmitted === undefined ? {} : { "Auto-Submitted": email.autoSubmitted }),
    },
    // RFC 5322 §2.3: lines end in CRLF. Written so in the archived bytes too, or the SMTP client
    // would convert bare LFs on the wire and the eDoc would differ from what the server received.
    newline: "win",
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return composer.compile().build();
}
