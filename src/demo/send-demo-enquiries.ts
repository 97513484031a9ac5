/**
 * The demo's enquiries, written to the office mailboxes the way the outside world writes: over
 * SMTP to the running receiver, so intake, identification, the automatic reply and the response
 * clock all run as they would for real mail. One enquiry is stored as received 35 days ago and never
 * answered, so the escalation job has something to escalate on the demo's first start.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { createTransport } from "nodemailer";
import { processInboundMail } from "../correspondence/process-inbound-message.ts";
import type { Db } from "../db/database.ts";
import { applications, clients, inboundMessages } from "../db/schema.ts";
import { escalateEnquiries } from "../enquiries/escalate-enquiries.ts";
import { findOfficeMailbox, storeInboundMessage } from "../mail/store-inbound-message.ts";
import { SYSTEM_ACTOR } from "../users/actor.ts";

interface DemoMail {
  from: string;
  to: string;
  subject: string;
  text: string;
}

/** Sends the demo's enquiries to the receiver at `smtp` and stores the old one directly. */
export async function sendDemoEnquiries(db: Db, smtp: { host: string; port: number }): Promise<void> {
  const zoe = await fileOf(db, "Lefèvre-Gagnon");
  const anh = await fileOf(db, "Nguyễn");
  const mails: DemoMail[] = [
    {
      // French, from the address on file: identified, so a case-specific answer may be given.
      from: "zoe.lefevre@example.fr",
      to: "montreal@dossier.demo",
      subject: "Où en est ma demande de citoyenneté?",
      text: [
        "Bonjour,",
        "",
        "Je suis la demanderesse. Je voudrais savoir où en est ma demande de citoyenneté, envoyée il y a plus de six mois.",
        "",
        "Nom de famille : Lefèvre-Gagnon",
        "Prénom : Zoé",
        "Date de naissance : 3 novembre 1987",
        `Numéro de dossier : ${zoe.fileNumber}`,
        "",
        "Merci,",
        "Zoé Lefèvre-Gagnon",
      ].join("\n"),
    },
    {
      // From an address the office does not know, without the file number or date of birth:
      // an automatic reply asks for them, and the clock waits.
      from: "m.okafor@mail.example",
      to: "ottawa@dossier.demo",
      subject: "Question about my study permit",
      text: "Hello,\n\nI applied for a study permit in the spring and have heard nothing. Can you tell me what is happening?\n\nMichael Okafor",
    },
  ];
  const transport = createTransport({ host: smtp.host, port: smtp.port, secure: false, ignoreTLS: true });
  try {
    for (const mail of mails)
      await transport.sendMail({ ...mail, messageId: `<${randomUUID()}@mail.example>` });
  } finally {
    transport.close();
  }

  // Received 35 days ago and never answered: a case-specific enquiry past 30 days.
  const mailbox = await findOfficeMailbox(db, "ottawa@dossier.demo");
  if (!mailbox) return;
  const raw = Buffer.from(
    [
      "From: Anh Nguyen <anh.nguyen@example.com>",
      "To: ottawa@dossier.demo",
      "Subject: Documents sent for my study permit",
      `Message-ID: <${randomUUID()}@example.com>`,
      `Date: ${new Date(Date.now() - 35 * 86_400_000).toUTCString()}`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Hello,",
      "",
      "I am the applicant. I sent the bank statements you asked for and would like to know they arrived.",
      "",
      "Family name: Nguyễn",
      "Given names: Thị Ánh",
      "Date of birth: 12 April 1991",
      `File number: ${anh.fileNumber}`,
      "",
      "Anh Nguyen",
      "",
    ].join("\r\n"),
  );
  const [stored] = await storeInboundMessage(db, {
    mailboxes: [mailbox],
    envelopeFrom: "anh.nguyen@example.com",
    envelopeTo: ["ottawa@dossier.demo"],
    raw,
    actor: { ...SYSTEM_ACTOR, label: "demo" },
  });
  if (!stored) return;
  await db
    .update(inboundMessages)
    .set({ receivedAt: new Date(Date.now() - 35 * 86_400_000) })
    .where(eq(inboundMessages.id, stored.id));
  await processInboundMail(db);
  // What the hourly job does, done now so the first start shows the escalation.
  await escalateEnquiries(db, { now: new Date(), limit: 100, after: null });
}

async function fileOf(db: Db, familyName: string): Promise<{ fileNumber: string }> {
  const [row] = await db
    .select({ fileNumber: applications.fileNumber })
    .from(applications)
    .innerJoin(clients, eq(clients.id, applications.clientId))
    .where(eq(clients.familyName, familyName))
    .limit(1);
  if (!row) throw new Error(`demo data: no file for ${familyName}`);
  return row;
}
