/**
 * A plain-text email (RFC 5322 with RFC 2045 MIME headers) written in one pass, byte for byte as
 * nodemailer's MailComposer writes it, with nodemailer's own encoders for every header value and
 * the body. MailComposer builds through a chain of streams, which costs more than sending the
 * message; the dispatcher writes thousands a second. Anything outside the common case returns
 * null and the caller composes with MailComposer instead.
 */
import { foldLines, hasLongerLines, isPlainText } from "nodemailer/lib/mime-funcs";
import MimeNode from "nodemailer/lib/mime-node";
import { encode as encodeQuotedPrintable, wrap as wrapQuotedPrintable } from "nodemailer/lib/qp";

/**
 * One node kept only for its header encoder: the same code MailComposer runs on every header
 * (address names quoted or RFC 2047 encoded, line breaks in unstructured values turned to spaces).
 * The method is public in nodemailer but missing from its type definitions.
 */
const headerEncoder = new MimeNode("text/plain") as unknown as {
  encodeHeaderValue(key: string, value: unknown): string;
};

function header(key: string, value: unknown): string | null {
  const encoded = headerEncoder.encodeHeaderValue(key, value);
  // MailComposer leaves out a header whose value is empty.
  return encoded.trim() ? foldLines(`${key}: ${encoded}`, 76) : null;
}

export interface PlainEmail {
  fromName: string;
  fromAddress: string;
  to: string;
  subject: string;
  /** The text with its line breaks as LF; each becomes CRLF on the wire (RFC 5322 §2.3). */
  text: string;
  messageId: string;
  date: Date;
  contentLanguage: string;
  /** RFC 5322 §3.6.4: the message this one answers, so the reader's mail program threads it. */
  inReplyTo?: string | null;
  /** RFC 5322 §3.6.4: the thread's Message-IDs, oldest first. */
  references?: readonly string[];
  /** RFC 3834 §5: `auto-replied` on a reply no person wrote, so the other side does not answer it. */
  autoSubmitted?: string;
}

/**
 * The message's bytes, or null when MailComposer must write it: an address or a Message-ID (its
 * own or one it answers) that is not plain ASCII (IDN domains, SMTPUTF8), or a text that
 * MailComposer would send in base64.
 */
export function composePlainEmail(email: PlainEmail): Buffer | null {
  const structured = [email.fromAddress, email.to, email.messageId, email.contentLanguage];
  if (structured.some((value) => !/^[\x21-\x7e]+$/.test(value))) return null;
  const ids = [email.messageId, ...(email.inReplyTo ? [email.inReplyTo] : []), ...(email.references ?? [])];
  if (ids.some((id) => !/^<[\x21-\x3b\x3d\x3f-\x7e]+>$/.test(id))) return null;
  if (email.autoSubmitted !== undefined && !/^[\x21-\x7e]+$/.test(email.autoSubmitted)) return null;
  const body = bodyOf(email.text);
  if (!body) return null;
  const headers = [
    // MailComposer's order: its custom headers, then the addresses, the thread, subject, id, date.
    header("Content-Language", email.contentLanguage),
    email.autoSubmitted === undefined ? null : header("Auto-Submitted", email.autoSubmitted),
    header("From", { name: email.fromName, address: email.fromAddress }),
    header("To", { name: "", address: email.to }),
    email.inReplyTo ? header("In-Reply-To", email.inReplyTo) : null,
    email.references?.length ? header("References", email.references) : null,
    header("Subject", email.subject),
    header("Message-ID", email.messageId),
    header("Date", email.date),
    `Content-Transfer-Encoding: ${body.encoding}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
  ].filter((line) => line !== null);
  // The body ends with a line break, added only when the text has none.
  const end = body.content.endsWith("\r\n") ? "" : "\r\n";
  return Buffer.from(`${headers.join("\r\n")}\r\n\r\n${body.content}${end}`, "utf8");
}

function bodyOf(text: string): { encoding: string; content: string } | null {
  // MailComposer writes an empty body with other headers, and encodes a text past 64 kB in
  // separate chunks; both are rare enough in letters to leave to it.
  if (text === "" || text.length > 60_000) return null;
  if (isPlainText(text) && !hasLongerLines(text, 76)) {
    return { encoding: "7bit", content: text.replace(/\r?\n|\r/g, "\r\n") };
  }
  if (textEncoding(text) !== "Q") return null;
  // Encoded and wrapped with LF line ends, then written with CRLF (soft breaks are CRLF already):
  // the order of MailComposer's streams, which decides where the soft line breaks fall.
  const lf = text.replace(/\r\n?/g, "\n");
  return {
    encoding: "quoted-printable",
    content: wrapQuotedPrintable(encodeQuotedPrintable(lf), 76).replace(/\r?\n/g, "\r\n"),
  };
}

/** Q when latin letters outnumber other characters, else B: the choice MailComposer makes. */
function textEncoding(value: string): "Q" | "B" {
  let nonLatin = 0;
  let latin = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 0x08 || code === 0x0b || code === 0x0c || (code >= 0x0e && code <= 0x1f) || code >= 0x80) {
      nonLatin++;
    } else if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) {
      latin++;
    }
  }
  return nonLatin < latin ? "Q" : "B";
}
