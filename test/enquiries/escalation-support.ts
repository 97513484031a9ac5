import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { createTransport } from "nodemailer";
import { processInboundMail } from "../../src/correspondence/process-inbound-message.ts";
import type { Db } from "../../src/db/database.ts";
import { enquiries, enquiryMessages } from "../../src/db/schema.ts";
import type { SmtpListener } from "../../src/mail/smtp-receiver.ts";

export const DAY_MS = 24 * 60 * 60 * 1000;

export function newMessageId(): string {
  return `<${randomUUID()}@mail.example>`;
}

/** An RFC 5322 message to one of the OTT office's addresses. */
export function email(options: {
  from: string;
  to: string;
  subject: string;
  body: string;
  messageId?: string;
  headers?: string[];
}): Buffer {
  return Buffer.from(
    [
      `From: ${options.from}`,
      `To: ${options.to}`,
      `Subject: ${options.subject}`,
      `Message-ID: ${options.messageId ?? newMessageId()}`,
      "Date: Mon, 02 Mar 2026 10:15:00 -0500",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      ...(options.headers ?? []),
      "",
      `${options.body.replace(/\n/g, "\r\n")}\r\n`,
    ].join("\r\n"),
  );
}

/** Delivers over SMTP to the real receiver, then runs inbound processing as the mail part does. */
export async function deliver(db: Db, receiver: SmtpListener, raw: Buffer, to: string): Promise<void> {
  const client = createTransport({ host: "127.0.0.1", port: receiver.port, secure: false, ignoreTLS: true });
  try {
    const info = await client.sendMail({ envelope: { from: "sender@mail.example", to: [to] }, raw });
    assert.match(info.response, /^250 /);
    await processInboundMail(db);
  } finally {
    client.close();
  }
}

/** A French enquiry that states everything the protocol asks, about the given file. */
export function frenchEnquiry(fileNumber: string, messageId: string, to = "ott@dossier.test"): Buffer {
  return email({
    from: "Sophie Tremblay <s.tremblay@avocats.example>",
    to,
    subject: `Demande de renseignements, dossier ${fileNumber}`,
    messageId,
    body: [
      "Bonjour,",
      "",
      "Je suis la représentante autorisée de la demandeuse. Le dossier est toujours en attente",
      "depuis janvier et ma cliente n'a reçu aucune nouvelle.",
      "",
      "Prénom : Thị Ánh",
      "Nom de famille : Nguyễn",
      "Date de naissance : 12 avril 1990",
      `Numéro de dossier : ${fileNumber}`,
      "",
      "Cordialement,",
      "Sophie Tremblay",
    ].join("\n"),
  });
}

export async function enquiryByMessageId(db: Db, messageId: string) {
  const [row] = await db
    .select({ enquiry: enquiries })
    .from(enquiryMessages)
    .innerJoin(enquiries, eq(enquiries.id, enquiryMessages.enquiryId))
    .where(and(eq(enquiryMessages.messageId, messageId), eq(enquiryMessages.direction, "in")));
  assert.ok(row, `an enquiry holds ${messageId}`);
  return row.enquiry;
}
