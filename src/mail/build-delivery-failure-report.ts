/**
 * A delivery status notification for a message a mail server accepted and then could not
 * deliver, as a real MTA writes one (RFC 3464, carried in RFC 6522's multipart/report): a part for
 * people, a message/delivery-status part per the RFC, and the returned message's header section
 * (text/rfc822-headers), which holds its Message-ID so the sender can tie the report to what it sent.
 * Used by the demo's mail catcher to return mail for mailboxes that do not exist.
 */
import { randomUUID } from "node:crypto";

export interface FailedRecipient {
  address: string;
  /** RFC 3463 enhanced status code, class 5 for a permanent failure, e.g. "5.1.1". */
  status: string;
  /** The server's reply as given (RFC 3464 §2.3.6 Diagnostic-Code, type smtp). */
  diagnostic: string;
}

export interface DeliveryFailureReport {
  /** Host name of the server that reports (RFC 3464 §2.2.2 Reporting-MTA). */
  reportingMta: string;
  /** The envelope sender of the failed message: the report goes back to it. */
  returnTo: string;
  /** The failed message's exact bytes, as accepted. */
  original: Uint8Array;
  /** When the server accepted the failed message (RFC 3464 §2.2.5 Arrival-Date). */
  arrivalDate: Date;
  failed: FailedRecipient[];
  /** The ENVID the sender gave in MAIL FROM (RFC 3461 §4.4), returned as Original-Envelope-Id. */
  envelopeId?: string | null;
  now?: Date;
}

/**
 * The report's raw bytes, ready to send over SMTP from the null reverse-path (RFC 5321 §4.5.5), so
 * that a failure to deliver the report itself never produces another report.
 *
 * @example const raw = buildDeliveryFailureReport({ reportingMta: "mx.example", returnTo: "office@example.org",
 *   original, arrivalDate: new Date(), failed: [{ address: "nobody@example.net", status: "5.1.1",
 *   diagnostic: "550 5.1.1 <nobody@example.net>: mailbox unknown" }] });
 */
export function buildDeliveryFailureReport(report: DeliveryFailureReport): Buffer {
  const now = report.now ?? new Date();
  const boundary = `report-${randomUUID()}`;
  const mta = oneLine(report.reportingMta);
  const listed = report.failed.map((r) => `<${oneLine(r.address)}>: ${oneLine(r.diagnostic)}`).join("\r\n");
  const headers = [
    `From: Mail Delivery System <MAILER-DAEMON@${mta}>`,
    `To: <${oneLine(report.returnTo)}>`,
    `Subject: ${encodeWord("Undelivered mail returned to sender / Courriel non livré retourné à l'expéditeur")}`,
    `Date: ${rfc5322Date(now)}`,
    `Message-ID: <${randomUUID()}@${mta}>`,
    // RFC 3834 §5: a report is an automatic message; vacation responders must not answer it.
    "Auto-Submitted: auto-replied",
    "MIME-Version: 1.0",
    `Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary="${boundary}"`,
  ];
  const human = [
    `This is the mail server ${mta}.`,
    "",
    "Your message was accepted, but it could not be delivered to the recipients below: their mailbox does not exist. The server has given up; it will not try again.",
    "",
    listed,
    "",
    "Its header section is attached.",
    "",
    "-----",
    "",
    `Ici le serveur de courrier ${mta}.`,
    "",
    "Votre message a été accepté, mais il n'a pas pu être remis aux destinataires ci-dessous : leur boîte aux lettres n'existe pas. Le serveur abandonne ; il ne fera pas d'autre tentative.",
    "",
    listed,
    "",
    "Son en-tête est joint.",
  ].join("\r\n");
  // RFC 3464 §2.2: per-message fields, a blank line, then one group of fields per recipient.
  const perMessage = [
    ...(report.envelopeId ? [`Original-Envelope-Id: ${oneLine(report.envelopeId)}`] : []),
    `Reporting-MTA: dns; ${mta}`,
    `Arrival-Date: ${rfc5322Date(report.arrivalDate)}`,
  ].join("\r\n");
  const perRecipient = report.failed.map((r) =>
    [
      `Final-Recipient: rfc822; ${oneLine(r.address)}`,
      // §2.3.3: "failed" — the message could not be delivered and will not be tried again.
      "Action: failed",
      `Status: ${oneLine(r.status)}`,
      `Remote-MTA: dns; ${mta}`,
      `Diagnostic-Code: smtp; ${oneLine(r.diagnostic)}`,
    ].join("\r\n"),
  );
  const returned = headerSection(report.original);
  const head = Buffer.from(
    [
      ...headers,
      "",
      "This is a MIME-encapsulated message.",
      "",
      `--${boundary}`,
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      "",
      human,
      "",
      `--${boundary}`,
      "Content-Type: message/delivery-status",
      "",
      [perMessage, ...perRecipient].join("\r\n\r\n"),
      "",
      `--${boundary}`,
      "Content-Type: text/rfc822-headers",
      // Header fields are 7-bit by RFC 5322, but a report returns them as they came.
      ...(returned.some((byte) => byte > 0x7f) ? ["Content-Transfer-Encoding: 8bit"] : []),
      "",
      "",
    ].join("\r\n"),
    "utf8",
  );
  return Buffer.concat([head, returned, Buffer.from(`\r\n--${boundary}--\r\n`, "latin1")]);
}

/** The header section of a message (RFC 5322 §2.1: up to the first empty line), with CRLF line ends. */
function headerSection(raw: Uint8Array): Buffer {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const text = bytes.toString("latin1");
  const end = /\r?\n\r?\n/.exec(text);
  const head = end ? text.slice(0, end.index) : text;
  return Buffer.from(head.replace(/\r?\n/g, "\r\n"), "latin1");
}

/** "Tue, 01 Dec 2026 14:23:45 +0000" (RFC 5322 §3.3). */
function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, "+0000");
}

/**
 * RFC 2047 encoded-words, so a subject with accents stays 7-bit; each word is at most 75
 * characters (§2) and holds whole characters (§5), and the words are on folded lines.
 */
function encodeWord(text: string): string {
  const words: string[] = [];
  let chunk = "";
  for (const char of text) {
    if (Buffer.byteLength(chunk + char, "utf8") > 45) {
      words.push(chunk);
      chunk = "";
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, "utf8").toString("base64")}?=`).join("\r\n ");
}

/** Values from the SMTP session go into single header lines: no line breaks. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, " ").trim();
}
