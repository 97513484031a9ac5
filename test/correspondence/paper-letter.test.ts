import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { createTransport } from "nodemailer";
import { PDFDocument } from "pdf-lib";
import { createActivity } from "../../src/activities/create-activity.ts";
import { addRepresentative } from "../../src/applications/add-representative.ts";
import { createApplication } from "../../src/applications/create-application.ts";
import { createClient } from "../../src/clients/create-client.ts";
import { markPaperLetterMailed } from "../../src/correspondence/mark-paper-letter-mailed.ts";
import {
  NO_POSTAL_ADDRESS_ACTIVITY,
  processInboundMail,
} from "../../src/correspondence/process-inbound-message.ts";
import { type Correspondence, queueCorrespondence } from "../../src/correspondence/queue-email.ts";
import { MAIL_PAPER_LETTER_ACTIVITY } from "../../src/correspondence/queue-letter.ts";
import type { Database } from "../../src/db/database.ts";
import { activities, blobs, correspondence, edocs } from "../../src/db/schema.ts";
import { type SmtpListener, startSmtpReceiver } from "../../src/mail/smtp-receiver.ts";
import { todayIn } from "../../src/shared/dates.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

/** `false` when poppler's pdftotext can read the PDFs back, otherwise why those checks are skipped. */
const withoutPdftotext: false | string =
  spawnSync("pdftotext", ["-v"]).error === undefined
    ? false
    : "pdftotext is not installed (Debian: apt-get install poppler-utils); the letters' text is not checked";
if (withoutPdftotext) console.log(`# skipping: ${withoutPdftotext}`);

function pdfText(pdf: Uint8Array): string {
  const result = spawnSync("pdftotext", ["-layout", "-", "-"], { input: pdf, encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
let receiver: SmtpListener;

before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
  receiver = await startSmtpReceiver({ db: database.db, host: "127.0.0.1", port: 0 });
});
after(async () => {
  await receiver.close();
  await database.close();
});

let files = 0;
async function newFile(options: { email: string; postal?: string; language: "en" | "fr" }) {
  files += 1;
  const client = await createClient(database.db, seed.ottawa, {
    officeCode: "OTT",
    familyName: `Côté${"é".repeat(files)}`,
    givenNames: "Jérôme",
    dateOfBirth: "1979-11-02",
    sex: "M",
    countryOfBirth: "FRA",
    citizenships: ["FRA"],
    email: options.email,
    emailConsentSource: "application-form",
    ...(options.postal ? { postalAddress: options.postal } : {}),
  });
  const application = await createApplication(database.db, seed.ottawa, {
    uci: client.uci,
    officeCode: "OTT",
    lineOfBusiness: "citizenship",
    receivedDate: "2026-02-01",
    language: options.language,
  });
  return { client, application };
}

/** An email recorded as sent (the dispatcher's path is covered by the bounce tests). */
async function sentEmail(fileNumber: string, subject: string, body: string): Promise<Correspondence> {
  const queued = await queueCorrespondence(database.db, seed.ottawa, fileNumber, { subject, body });
  const [sent] = await database.db
    .update(correspondence)
    .set({ status: "sent", sentAt: new Date("2026-03-02T15:15:00Z"), attempts: 1 })
    .where(eq(correspondence.id, queued.id))
    .returning();
  return sent!;
}

/** A Postfix notice (RFC 3464) saying `sent` was refused with 5.1.1, delivered over SMTP. */
async function bounce(sent: Correspondence): Promise<void> {
  const raw = [
    "From: MAILER-DAEMON@smtp.example.net (Mail Delivery System)",
    "To: ott@dossier.test",
    "Subject: Undelivered Mail Returned to Sender",
    `Message-ID: <${randomUUID()}@smtp.example.net>`,
    "Auto-Submitted: auto-replied",
    "MIME-Version: 1.0",
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
    "",
    "--b1",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "This is the mail system at host smtp.example.net.",
    "",
    "--b1",
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; smtp.example.net",
    "",
    `Final-Recipient: rfc822; ${sent.address}`,
    "Action: failed",
    "Status: 5.1.1",
    `Diagnostic-Code: smtp; 550 5.1.1 <${sent.address}>: Recipient address rejected: User unknown`,
    "",
    "--b1",
    "Content-Type: text/rfc822-headers",
    "",
    `Message-ID: ${sent.messageId}`,
    `To: ${sent.address}`,
    "",
    "--b1--",
    "",
  ].join("\r\n");
  const client = createTransport({ host: "127.0.0.1", port: receiver.port, secure: false, ignoreTLS: true });
  try {
    await client.sendMail({ envelope: { from: "", to: ["ott@dossier.test"] }, raw });
  } finally {
    client.close();
  }
  const pass = await processInboundMail(database.db);
  assert.equal(pass.undelivered, 1);
}

async function paperOf(applicationId: string) {
  const [paper] = await database.db
    .select()
    .from(correspondence)
    .where(and(eq(correspondence.applicationId, applicationId), eq(correspondence.channel, "paper")));
  if (!paper) return undefined;
  const [edoc] = await database.db.select().from(edocs).where(eq(edocs.correspondenceId, paper.id));
  const [blob] = await database.db.select().from(blobs).where(eq(blobs.sha256, edoc!.sha256));
  return { paper, edoc: edoc!, pdf: new Uint8Array(blob!.content) };
}

async function activitiesOf(applicationId: string) {
  return database.db.select().from(activities).where(eq(activities.applicationId, applicationId));
}

test("the paper letter is a French PDF with the office's letterhead, the client's address and the email's text", {
  skip: withoutPdftotext,
}, async () => {
  const postal = "45 rue Saint-Jacques, bureau 12\nMontréal QC  H2Y 1K9";
  const { client, application } = await newFile({ email: "jerome.cote@example.com", postal, language: "fr" });
  const sent = await sentEmail(
    application.fileNumber,
    "Avis de convocation à la cérémonie",
    "Monsieur,\n\nVous êtes convoqué à la cérémonie de citoyenneté le 14 avril 2026 à 10 h.\n\nBureau OTT",
  );
  await bounce(sent);

  const letter = await paperOf(application.id);
  assert.ok(letter, "a paper letter was produced");
  assert.equal(letter.paper.status, "generate");
  assert.equal(letter.paper.language, "fr");
  assert.equal(letter.paper.address, postal);
  assert.equal(letter.paper.statusReason, `Paper copy of undelivered email correspondence ${sent.id}`);
  assert.equal(letter.edoc.kind, "paper-letter");
  assert.equal(letter.edoc.fileName, `letter-${letter.paper.id}.pdf`);
  assert.equal(letter.edoc.applicationId, application.id);
  assert.equal(letter.edoc.size, letter.pdf.byteLength);
  assert.equal(letter.edoc.sha256, createHash("sha256").update(letter.pdf).digest("hex"));

  const doc = await PDFDocument.load(letter.pdf);
  assert.equal(doc.getTitle(), `Avis de convocation à la cérémonie – Dossier ${application.fileNumber}`);
  assert.equal(letter.paper.subject, doc.getTitle());
  const text = pdfText(letter.pdf);
  for (const expected of [
    "Bureau OTT",
    "1 Main Street, OTT",
    `Jérôme ${client.familyName}`,
    "45 rue Saint-Jacques, bureau 12",
    "Montréal QC H2Y 1K9",
    `Numéro de dossier : ${application.fileNumber}`,
    "Le 2 mars 2026, nous avons envoyé le courriel ci-dessous à l’adresse",
    "jerome.cote@example.com",
    "Vous êtes convoqué à la cérémonie de citoyenneté le 14 avril 2026 à 10 h.",
    "Veuillez agréer nos salutations distinguées.",
  ]) {
    assert.ok(text.replace(/ {2,}/g, " ").includes(expected), `the letter shows "${expected}"`);
  }

  const [mail] = await activitiesOf(application.id);
  assert.equal(mail?.activity, MAIL_PAPER_LETTER_ACTIVITY);
  assert.equal(mail?.correspondenceId, letter.paper.id, "the activity names the letter to mail");
  assert.equal(mail?.dueDate, todayIn("America/Toronto"), "to be mailed the day the letter is dated");
  assert.equal(
    mail?.details?.split("\n").slice(0, 4).join("\n"),
    `Print the letter letter-${letter.paper.id}.pdf (eDoc ${letter.edoc.id}) and mail it to:\nJérôme ${client.familyName}\n${postal}`,
  );

  // The officer mails it: the paper record reads sent, and the activity is done.
  const mailed = await markPaperLetterMailed(database.db, seed.ottawa, letter.paper.id);
  assert.equal(mailed.correspondence.status, "sent");
  assert.deepEqual(mailed.completedActivityIds, [mail?.id]);
});

test("a representative's undelivered email goes by paper to the representative, in English", {
  skip: withoutPdftotext,
}, async () => {
  const { application } = await newFile({ email: "client@example.com", language: "en" });
  await addRepresentative(database.db, seed.ottawa, application.fileNumber, {
    name: "Jean Bouchard, Avocat",
    email: "jbouchard@cabinet.example",
    postalAddress: "500 Grande Allée Est\nQuébec QC  G1R 2J7",
    validFrom: "2026-01-01",
  });
  const sent = await sentEmail(
    application.fileNumber,
    `Request for additional documents – File ${application.fileNumber}`,
    "Dear Mr. Bouchard,\n\nPlease send your client's police certificate by 2 April 2026.",
  );
  assert.equal(sent.address, "jbouchard@cabinet.example");
  await bounce(sent);

  const letter = await paperOf(application.id);
  assert.ok(letter);
  assert.equal(letter.paper.language, "en");
  assert.equal(letter.paper.address, "500 Grande Allée Est\nQuébec QC  G1R 2J7");
  // A subject that already names the file is kept as the representative saw it.
  assert.equal(letter.paper.subject, sent.subject);
  const text = pdfText(letter.pdf).replace(/ {2,}/g, " ");
  for (const expected of [
    "OTT office",
    "Jean Bouchard, Avocat",
    "500 Grande Allée Est",
    "Dear Jean Bouchard, Avocat,",
    "On 2 March 2026, we sent the email below to jbouchard@cabinet.example.",
    "Please send your client's police certificate by 2 April 2026.",
    "Sincerely,",
  ]) {
    assert.ok(text.includes(expected), `the letter shows "${expected}"`);
  }
  const [mail] = await activitiesOf(application.id);
  assert.match(
    mail?.details ?? "",
    /mail it to:\nJean Bouchard, Avocat \(representative\)\n500 Grande Allée Est/,
  );
});

test("the letter keeps the email's response date, and the officer is told to consider an extension", async () => {
  const { application } = await newFile({
    email: "delai@example.com",
    postal: "1 chemin du Lac\nChelsea QC  J9B 1A1",
    language: "fr",
  });
  const sent = await sentEmail(application.fileNumber, "Demande de documents", "Madame,\n\nMerci d'envoyer…");
  await database.db
    .update(correspondence)
    .set({ responseDueDate: "2026-04-02", templateId: "request-documents" })
    .where(eq(correspondence.id, sent.id));
  await bounce(sent);
  const letter = await paperOf(application.id);
  assert.equal(letter?.paper.responseDueDate, "2026-04-02");
  assert.equal(letter?.paper.templateId, "request-documents");
  const [mail] = await activitiesOf(application.id);
  assert.match(mail?.details ?? "", /asked for a response by 2026-04-02; .*consider extending that date/);
});

test("without a postal address on file, an activity asks for one and no letter is produced", async () => {
  const { application } = await newFile({ email: "sans.adresse@example.com", language: "fr" });
  const sent = await sentEmail(application.fileNumber, "Avis", "Madame,\n\nUn avis.");
  await bounce(sent);

  const [email] = await database.db.select().from(correspondence).where(eq(correspondence.id, sent.id));
  assert.equal(email?.status, "undelivered");
  assert.equal(await paperOf(application.id), undefined);
  const list = await activitiesOf(application.id);
  assert.deepEqual(
    list.map((a) => a.activity),
    [NO_POSTAL_ADDRESS_ACTIVITY],
  );
  assert.match(list[0]?.details ?? "", /the file holds no postal address to send it by paper mail/);
  assert.match(list[0]?.details ?? "", new RegExp(`Correspondence: ${sent.id}`));
  assert.equal(list[0]?.correspondenceId, sent.id);
});

test("a letter that cannot be rendered still leaves the email undelivered, and the office is asked to write it", async () => {
  const { application } = await newFile({
    email: "rendu@example.com",
    postal: "9 rue Champlain\nHull QC",
    language: "fr",
  });
  const sent = await sentEmail(application.fileNumber, "Avis", "Madame,\n\nUn avis.");
  // A subject no letter accepts (an empty line): recorded by some older path, say.
  const [broken] = await database.db
    .update(correspondence)
    .set({ subject: " " })
    .where(eq(correspondence.id, sent.id))
    .returning();
  await bounce(broken!);

  const [email] = await database.db.select().from(correspondence).where(eq(correspondence.id, sent.id));
  assert.equal(email?.status, "undelivered");
  assert.equal(await paperOf(application.id), undefined);
  const [mail] = await activitiesOf(application.id);
  assert.equal(mail?.activity, MAIL_PAPER_LETTER_ACTIVITY);
  assert.equal(mail?.correspondenceId, sent.id, "no letter exists: the activity names the email");
  assert.match(
    mail?.details ?? "",
    /The paper letter could not be produced automatically \(subject: .*\)\.\nWrite it, and mail it to:\n9 rue Champlain\nHull QC/,
  );
});

test("recording the letter as mailed completes the activity about that letter, found by its column, not by words in details", async () => {
  const { application } = await newFile({
    email: "colonne@example.com",
    postal: "3 rue Laurier\nGatineau QC",
    language: "fr",
  });
  const sent = await sentEmail(application.fileNumber, "Avis", "Madame,\n\nUn avis.");
  await bounce(sent);
  const letter = await paperOf(application.id);
  assert.ok(letter);
  // Another piece of work about the email, whose details happen to quote the letter's line.
  const other = await createActivity(database.db, seed.ottawa, {
    activity: MAIL_PAPER_LETTER_ACTIVITY,
    officeCode: "OTT",
    fileNumber: application.fileNumber,
    details: `Check the address first. Paper correspondence: ${letter.paper.id}`,
  });
  await database.db.update(activities).set({ correspondenceId: sent.id }).where(eq(activities.id, other.id));
  const [mail] = (await activitiesOf(application.id)).filter((a) => a.correspondenceId === letter.paper.id);
  assert.ok(mail);

  const mailed = await markPaperLetterMailed(database.db, seed.ottawa, letter.paper.id);
  assert.deepEqual(mailed.completedActivityIds, [mail.id]);
  const after = await activitiesOf(application.id);
  assert.equal(after.find((a) => a.id === other.id)?.status, "review-required");
});
