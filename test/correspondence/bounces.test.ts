import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { createTransport } from "nodemailer";
import { createApplication } from "../../src/applications/create-application.ts";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.ts";
import { addContactDetail } from "../../src/clients/add-contact-detail.ts";
import { createClient } from "../../src/clients/create-client.ts";
import { dispatchOnce } from "../../src/correspondence/dispatcher.ts";
import {
  CHECK_INBOUND_ACTIVITY,
  MAX_PROCESSING_ATTEMPTS,
  processInboundMail,
  processInboundMessage,
  RESEND_ACTIVITY,
  registerInboundProcessing,
} from "../../src/correspondence/process-inbound-message.ts";
import { type Correspondence, queueCorrespondence } from "../../src/correspondence/queue-email.ts";
import { MAIL_PAPER_LETTER_ACTIVITY } from "../../src/correspondence/queue-letter.ts";
import { resendCorrespondence } from "../../src/correspondence/resend-correspondence.ts";
import type { Database } from "../../src/db/database.ts";
import {
  activities,
  auditEvents,
  blobs,
  correspondence,
  edocs,
  inboundMessages,
} from "../../src/db/schema.ts";
import { classifyMessage } from "../../src/mail/classify-message.ts";
import { type SmtpListener, startSmtpReceiver } from "../../src/mail/smtp-receiver.ts";
import { processInboundMailJob } from "../../src/scheduler/jobs/process-inbound-mail.ts";
import { AppError } from "../../src/shared/errors.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";
import { startSmtpSink } from "./smtp-sink.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let receiver: SmtpListener;

before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
  sink = await startSmtpSink();
  receiver = await startSmtpReceiver({ db: database.db, host: "127.0.0.1", port: 0 });
});
after(async () => {
  await receiver.close();
  await sink.close();
  await database.close();
});

const POSTAL = "12 rue Principale, app. 3\nGatineau QC  J8X 1A1";
let files = 0;

/** A client of the Ottawa office with one application, the email given on the form. */
async function newFile(options: { email: string; postal?: string; language?: "en" | "fr" }) {
  files += 1;
  const client = await createClient(database.db, seed.ottawa, {
    officeCode: "OTT",
    familyName: `Tremblay${"x".repeat(files)}`,
    givenNames: "Marie-Ève",
    dateOfBirth: "1985-06-30",
    sex: "F",
    countryOfBirth: "HTI",
    citizenships: ["HTI"],
    email: options.email,
    emailConsentSource: "application-form",
    ...(options.postal ? { postalAddress: options.postal } : {}),
  });
  const application = await createApplication(database.db, seed.ottawa, {
    uci: client.uci,
    officeCode: "OTT",
    lineOfBusiness: "permanent-residence",
    receivedDate: "2026-01-20",
    language: options.language ?? "fr",
  });
  return { client, application };
}

/** Queues an email on the file and sends it through the dispatcher to the test's remote server. */
async function sendEmail(fileNumber: string, subject = "Demande de documents supplémentaires") {
  const queued = await queueCorrespondence(database.db, seed.ottawa, fileNumber, {
    subject,
    body: `Madame,\n\nVeuillez nous faire parvenir vos relevés bancaires d'ici le 2 avril 2026.\n\nBureau OTT\nRéférence ${fileNumber}`,
  });
  const transport = createTransport({ host: "127.0.0.1", port: sink.port, secure: false, ignoreTLS: true });
  try {
    await dispatchOnce(database.db, transport);
  } finally {
    transport.close();
  }
  const sent = await correspondenceRow(queued.id);
  assert.equal(sent.status, "sent");
  return sent;
}

async function correspondenceRow(id: string): Promise<Correspondence> {
  const [row] = await database.db.select().from(correspondence).where(eq(correspondence.id, id));
  return row!;
}

/** The notice's own Message-ID field (in its header section, perhaps folded), as matched by `OWN_MESSAGE_ID`. */
const OWN_MESSAGE_ID = /^Message-ID:[ \t]*(?:\r?\n[ \t]+)?(<[^>]+>)/im;

function headerSection(text: string): string {
  const end = /\r?\n\r?\n/.exec(text);
  return end ? text.slice(0, end.index) : text;
}

/**
 * A sample notice from test/fixtures/bounces made about `sent`: its returned Message-ID becomes the
 * email's, its failed recipient the email's address (or `recipient`), and it gets a Message-ID of
 * its own (the receiver keeps one copy of a message per Message-ID).
 */
async function noticeAbout(
  fixture: string,
  sent: Correspondence,
  recipient = sent.address!,
): Promise<Buffer> {
  const bytes = readFileSync(new URL(`../fixtures/bounces/${fixture}`, import.meta.url));
  const sample = await classifyMessage(bytes);
  let text = bytes.toString("latin1");
  if (sample.originalMessageId) text = text.replaceAll(sample.originalMessageId, sent.messageId!);
  for (const r of sample.recipients) text = text.replaceAll(r.address, recipient);
  const head = headerSection(text);
  const own = `<notice.${randomUUID()}@remote.example>`;
  text = OWN_MESSAGE_ID.test(head)
    ? head.replace(OWN_MESSAGE_ID, `Message-ID: ${own}`) + text.slice(head.length)
    : `Message-ID: ${own}\r\n${text}`;
  return Buffer.from(text, "latin1");
}

/** Delivers a message to the OTT mailbox over SMTP from the null sender, as a mail server returns notices. */
async function deliver(raw: Buffer, from = "") {
  const client = createTransport({ host: "127.0.0.1", port: receiver.port, secure: false, ignoreTLS: true });
  try {
    const info = await client.sendMail({ envelope: { from, to: ["ott@dossier.test"] }, raw });
    assert.match(info.response, /^250 /);
    return info;
  } finally {
    client.close();
  }
}

async function inboundWith(raw: Buffer) {
  const messageId = OWN_MESSAGE_ID.exec(headerSection(raw.toString("latin1")))?.[1];
  const [row] = await database.db
    .select()
    .from(inboundMessages)
    .where(eq(inboundMessages.messageId, messageId!));
  assert.ok(row, `the notice ${messageId} was stored`);
  return row;
}

async function activitiesOf(applicationId: string) {
  return database.db.select().from(activities).where(eq(activities.applicationId, applicationId));
}

async function correspondenceOf(applicationId: string) {
  return database.db
    .select()
    .from(correspondence)
    .where(eq(correspondence.applicationId, applicationId))
    .orderBy(correspondence.createdAt);
}

test("a permanent bounce marks the email undelivered, keeps the notice's exact bytes, and produces a paper letter", async () => {
  const { application } = await newFile({ email: "marie.tremblay@example.com", postal: POSTAL });
  const sent = await sendEmail(application.fileNumber);
  const notice = await noticeAbout("postfix-user-unknown.eml", sent);
  await deliver(notice);

  const pass = await processInboundMail(database.db);
  assert.deepEqual(pass, { processed: 1, retry: 0, givenUp: 0, undelivered: 1 });

  const email = await correspondenceRow(sent.id);
  assert.equal(email.status, "undelivered");
  assert.ok(email.undeliveredAt instanceof Date);
  assert.match(email.statusReason ?? "", /^Undelivered to marie\.tremblay@example\.com, 5\.1\.1: /);
  assert.match(email.statusReason ?? "", /Recipient address rejected: User unknown in virtual mailbox table/);

  const [bounceEdoc] = await database.db.select().from(edocs).where(eq(edocs.id, email.bounceEdocId!));
  assert.ok(bounceEdoc);
  assert.equal(bounceEdoc.kind, "undelivered-notice");
  assert.equal(bounceEdoc.mediaType, "message/rfc822");
  assert.equal(bounceEdoc.fileName, `undelivered-${sent.id}.eml`);
  assert.equal(bounceEdoc.applicationId, application.id);
  assert.equal(bounceEdoc.correspondenceId, sent.id);
  const [blob] = await database.db.select().from(blobs).where(eq(blobs.sha256, bounceEdoc.sha256));
  assert.ok(Buffer.from(blob!.content).equals(notice), "the eDoc holds the notice's bytes as received");

  const inbound = await inboundWith(notice);
  assert.equal(inbound.classification, "bounce");
  assert.equal(inbound.correspondenceId, sent.id);
  assert.ok(inbound.processedAt instanceof Date);
  assert.match(inbound.processingNote ?? "", /marked undelivered/);
  assert.match(inbound.processingNote ?? "", /Paper letter produced/);

  // Sent to the most up-to-date address: seed 000's alternative, paper mail.
  const [, paper] = await correspondenceOf(application.id);
  assert.ok(paper, "a paper correspondence was created");
  assert.equal(paper.channel, "paper");
  assert.equal(paper.status, "generate");
  assert.equal(paper.address, POSTAL);
  assert.equal(paper.language, "fr");
  assert.equal(paper.statusReason, `Paper copy of undelivered email correspondence ${sent.id}`);
  assert.match(
    paper.bodyText ?? "",
    /nous avons envoyé le courriel ci-dessous à l’adresse marie\.tremblay@example\.com/,
  );
  assert.match(
    paper.bodyText ?? "",
    /Veuillez nous faire parvenir vos relevés bancaires d'ici le 2 avril 2026\./,
  );
  const [pdf] = await database.db.select().from(edocs).where(eq(edocs.correspondenceId, paper.id));
  assert.equal(pdf?.kind, "paper-letter");
  assert.equal(pdf?.mediaType, "application/pdf");

  const [mail] = (await activitiesOf(application.id)).filter(
    (a) => a.activity === MAIL_PAPER_LETTER_ACTIVITY,
  );
  assert.ok(mail, "an officer is asked to mail the letter");
  assert.equal(mail.status, "review-required");
  assert.equal(mail.officeId, application.officeId);
  assert.match(mail.details ?? "", /12 rue Principale, app\. 3\nGatineau QC {2}J8X 1A1/);
  assert.match(mail.details ?? "", new RegExp(`Paper correspondence: ${paper.id}`));
  assert.equal(mail.correspondenceId, paper.id);

  const actions = await database.db
    .select({ action: auditEvents.action })
    .from(auditEvents)
    .where(sql`${auditEvents.after}->>'correspondenceId' = ${sent.id}`)
    .orderBy(auditEvents.seq);
  assert.deepEqual(
    actions.map((a) => a.action),
    [
      "correspondence.queued",
      "correspondence.sending",
      "correspondence.sent",
      "correspondence.undelivered",
      "inbound-message.processed",
    ],
  );
  assert.equal((await verifyAuditChain(database.db)).intact, true);
});

test("when the client's email changed after the send, a resend is proposed, and confirming it sends the same text there", async () => {
  const { client, application } = await newFile({ email: "k.osei@example.net" });
  const sent = await sendEmail(application.fileNumber, "Convocation à une entrevue");
  await addContactDetail(database.db, seed.ottawa, client.uci, {
    kind: "email",
    value: "kwame.osei@example.org",
    consentSource: "client-wrote-first",
  });
  await deliver(await noticeAbout("gmail-address-not-found.eml", sent));
  assert.equal((await processInboundMail(database.db)).undelivered, 1);

  assert.equal((await correspondenceRow(sent.id)).status, "undelivered");
  const [resend] = await activitiesOf(application.id);
  assert.equal(resend?.activity, RESEND_ACTIVITY);
  assert.match(resend?.details ?? "", /Updated address: kwame\.osei@example\.org\./);
  assert.equal(resend?.correspondenceId, sent.id, "the proposal names the undelivered email");
  assert.match(resend?.details ?? "", /recorded .*, after the email was sent to k\.osei@example\.net/);
  assert.equal(
    (await correspondenceOf(application.id)).length,
    1,
    "no paper letter while a newer email exists",
  );

  // The officer confirms: the same correspondence goes to the updated address.
  const again = await resendCorrespondence(database.db, seed.ottawa, sent.id);
  assert.equal(again.channel, "email");
  assert.equal(again.status, "generate");
  assert.equal(again.address, "kwame.osei@example.org");
  const [done] = await activitiesOf(application.id);
  assert.equal(done?.status, "completed", "the resend proposal is done");
  assert.equal(done?.assigneeUserId, seed.ottawa.userId);
  assert.equal(again.subject, sent.subject);
  assert.equal(again.bodyText, sent.bodyText);
  assert.notEqual(again.messageId, sent.messageId);
  const before = sink.received.length;
  const transport = createTransport({ host: "127.0.0.1", port: sink.port, secure: false, ignoreTLS: true });
  try {
    await dispatchOnce(database.db, transport);
  } finally {
    transport.close();
  }
  assert.deepEqual(
    sink.received.slice(before).map((m) => m.to),
    [["kwame.osei@example.org"]],
  );
  assert.equal((await correspondenceRow(again.id)).status, "sent");

  await assert.rejects(resendCorrespondence(database.db, seed.ottawa, sent.id), (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, "conflict");
    assert.match(error.message, /already sent again/);
    return true;
  });
  await assert.rejects(resendCorrespondence(database.db, seed.london, sent.id), { code: "not_found" });
});

test("resending is refused while the file holds only the address that bounced", async () => {
  const { application } = await newFile({ email: "same.address@example.com", postal: POSTAL });
  const sent = await sendEmail(application.fileNumber);
  await deliver(await noticeAbout("exim-text-permanent.eml", sent));
  await processInboundMail(database.db);
  await assert.rejects(resendCorrespondence(database.db, seed.ottawa, sent.id), (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, "invalid_state");
    assert.match(
      error.message,
      /no newer email address than same\.address@example\.com; send .* by paper mail/,
    );
    return true;
  });
  // The refused resend left nothing behind: the email and its paper letter only.
  assert.deepEqual(
    (await correspondenceOf(application.id)).map((c) => c.channel),
    ["email", "paper"],
  );
  await assert.rejects(resendCorrespondence(database.db, seed.ottawa, "not-an-id"), {
    code: "invalid_input",
  });
});

test("delays, automatic replies and read receipts are recorded and change nothing", async () => {
  const { application } = await newFile({ email: "p.singh@example.net", postal: POSTAL });
  const sent = await sendEmail(application.fileNumber);
  const notices = {
    delay: await noticeAbout("postfix-delayed.eml", sent),
    outOfOffice: await noticeAbout("auto-reply-out-of-office-en.eml", sent),
    readReceipt: await noticeAbout("mdn-read-receipt.eml", sent),
  };
  for (const raw of Object.values(notices)) await deliver(raw);
  const pass = await processInboundMail(database.db);
  assert.equal(pass.processed, 3);
  assert.equal(pass.undelivered, 0);

  const delay = await inboundWith(notices.delay);
  assert.equal(delay.classification, "delay");
  assert.equal(delay.correspondenceId, sent.id);
  assert.match(
    delay.processingNote ?? "",
    /^Delivery delayed \(4\.2\.2 p\.singh@example\.net\); .*nothing is marked undelivered/,
  );
  const outOfOffice = await inboundWith(notices.outOfOffice);
  assert.equal(outOfOffice.classification, "auto-reply");
  assert.equal(outOfOffice.correspondenceId, sent.id);
  assert.match(outOfOffice.processingNote ?? "", /^Automatic reply \(RFC 3834\)/);
  const readReceipt = await inboundWith(notices.readReceipt);
  assert.equal(readReceipt.classification, "auto-reply");
  assert.equal(readReceipt.correspondenceId, sent.id);
  assert.match(
    readReceipt.processingNote ?? "",
    /^Read receipt \(RFC 8098\): it is not proof that the client received the email/,
  );

  // The read receipt is kept on the email, as its exact bytes, and says that it proves nothing.
  const kept = await database.db
    .select()
    .from(edocs)
    .where(eq(edocs.correspondenceId, sent.id))
    .orderBy(edocs.createdAt);
  assert.deepEqual(
    kept.map((e) => e.kind),
    ["sent-email", "read-receipt"],
  );
  const receipt = kept[1];
  assert.equal(receipt?.fileName, `read-receipt-${sent.id}.eml`);
  assert.equal(receipt?.mediaType, "message/rfc822");
  assert.equal(receipt?.applicationId, application.id);
  assert.equal(receipt?.sha256, readReceipt.sha256);
  assert.equal(
    receipt?.description,
    "Read receipt for the email to p.singh@example.net: not proof of receipt, since a mail program sends such a notice or not as it pleases.",
  );
  assert.match(readReceipt.processingNote ?? "", new RegExp(`Kept as eDoc ${receipt?.id} `));

  const email = await correspondenceRow(sent.id);
  assert.equal(email.status, "sent");
  assert.equal(email.undeliveredAt, null);
  assert.equal(email.bounceEdocId, null);
  assert.equal((await correspondenceOf(application.id)).length, 1);
  assert.deepEqual(await activitiesOf(application.id), []);
});

test("a second notice for an email already undelivered changes nothing", async () => {
  const { application } = await newFile({ email: "d.kowalski@example.org", postal: POSTAL });
  const sent = await sendEmail(application.fileNumber);
  const first = await noticeAbout("postfix-user-unknown.eml", sent);
  await deliver(first);
  await processInboundMail(database.db);
  const undelivered = await correspondenceRow(sent.id);
  const state = async () => ({
    correspondence: await correspondenceOf(application.id),
    edocs: await database.db.select().from(edocs).where(eq(edocs.applicationId, application.id)),
    activities: await activitiesOf(application.id),
  });
  const settled = await state();

  // Another server's notice about the same email, and the first notice delivered again.
  const second = await noticeAbout("gmail-address-not-found.eml", sent);
  await deliver(second);
  const repeat = await deliver(first);
  assert.match(repeat.response, /already stored/);
  assert.equal((await processInboundMail(database.db)).processed, 1);

  const inbound = await inboundWith(second);
  assert.equal(inbound.classification, "bounce");
  assert.equal(inbound.correspondenceId, sent.id);
  assert.match(
    inbound.processingNote ?? "",
    /already recorded as undelivered; this further notice changes nothing/,
  );
  assert.deepEqual(await state(), settled);
  assert.deepEqual(await correspondenceRow(sent.id), undelivered);
});

test("a malformed message is recorded as other, and a truncated notice marks nothing", async () => {
  const { application } = await newFile({ email: "q.nakamura@example.com", postal: POSTAL });
  const sent = await sendEmail(application.fileNumber);
  const garbage = Buffer.from(
    `This is not a header line ${randomUUID()}\r\nnor is this one\r\n\r\nUndelivered Mail Returned to Sender\r\n`,
  );
  await deliver(garbage);
  // Cut before the failed recipient and the returned message's Message-ID.
  const truncated = (await noticeAbout("postfix-user-unknown.eml", sent)).subarray(0, 600);
  await deliver(truncated);
  assert.equal((await processInboundMail(database.db)).processed, 2);

  const [other] = await database.db
    .select()
    .from(inboundMessages)
    .where(
      and(
        eq(inboundMessages.classification, "other"),
        sql`${inboundMessages.processingNote} like '%no header fields%'`,
      ),
    );
  assert.ok(other, "the malformed message is recorded");
  assert.match(
    other.processingNote ?? "",
    /^Not a delivery notice \(no header fields: not an RFC 5322 message\)\.$/,
  );
  assert.ok(other.processedAt instanceof Date);

  const cut = await inboundWith(truncated);
  assert.equal(cut.classification, "bounce");
  assert.equal(cut.correspondenceId, null);
  assert.match(
    cut.processingNote ?? "",
    /not tied to any correspondence: It names no message the office sent/,
  );
  assert.equal((await correspondenceRow(sent.id)).status, "sent");
});

test("a bounce that names no correspondence of the office is recorded with a note", async () => {
  const raw = readFileSync(new URL("../fixtures/bounces/postfix-user-unknown.eml", import.meta.url));
  await deliver(raw);
  await processInboundMail(database.db);
  const inbound = await inboundWith(raw);
  assert.equal(inbound.classification, "bounce");
  assert.equal(inbound.correspondenceId, null);
  assert.equal(
    inbound.processingNote,
    "Undelivered notice (5.1.1 m.okafor@example.com) not tied to any correspondence: No outgoing correspondence matches <3f6c2a1e-8b4d-4c1f-9a2e-7d5b0c9e1f42@dossier.test>. Kept in the mailbox for review.",
  );
});

test("a notice whose Message-ID is not the one the correspondence went out with is not tied to it", async () => {
  const { application } = await newFile({ email: "e.rossi@example.net", postal: POSTAL });
  const sent = await sendEmail(application.fileNumber);
  // The VERP address names the correspondence, but the returned message is someone else's.
  const raw = Buffer.from(
    (await noticeAbout("postfix-user-unknown.eml", sent))
      .toString("latin1")
      .replaceAll(sent.messageId!, "<other.message@elsewhere.example>")
      .replace(
        "X-Postfix-Sender: rfc822; ottawa@dossier.test",
        `X-Postfix-Sender: rfc822; bounces+${sent.id}@dossier.test`,
      ),
    "latin1",
  );
  await deliver(raw);
  await processInboundMail(database.db);
  const inbound = await inboundWith(raw);
  assert.equal(inbound.correspondenceId, null);
  assert.match(
    inbound.processingNote ?? "",
    /Message-ID <other\.message@elsewhere\.example> is not that of correspondence/,
  );
  assert.equal((await correspondenceRow(sent.id)).status, "sent");
});

test("a notice naming another recipient still marks the email undelivered, with a note", async () => {
  const { application } = await newFile({ email: "l.ahmed@clinic.example.com", postal: POSTAL });
  const sent = await sendEmail(application.fileNumber);
  const raw = await noticeAbout("office365-recipient-not-found.eml", sent, "l.ahmed@forwarded.example");
  await deliver(raw);
  await processInboundMail(database.db);
  assert.equal((await correspondenceRow(sent.id)).status, "undelivered");
  const inbound = await inboundWith(raw);
  assert.match(
    inbound.processingNote ?? "",
    /The notice names l\.ahmed@forwarded\.example, not l\.ahmed@clinic\.example\.com: a mailbox that forwards mail may have refused it\./,
  );
});

test("mail is processed on arrival, and the scheduled job picks up what was left", async () => {
  const { application } = await newFile({ email: "w.zhang@example.com", postal: POSTAL });
  const sent = await sendEmail(application.fileNumber);
  const stop = registerInboundProcessing();
  const raw = await noticeAbout("ses-dsn.eml", sent);
  try {
    await deliver(raw);
    const deadline = Date.now() + 10_000;
    while ((await inboundWith(raw)).processedAt === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    stop();
  }
  const inbound = await inboundWith(raw);
  assert.ok(inbound.processedAt, "processed without waiting for the job");
  assert.equal((await correspondenceRow(sent.id)).status, "undelivered");
  assert.equal(await processInboundMessage(database.db, inbound.id), null, "never processed twice");

  // Stored while nothing listened (as after a crash): the job processes it.
  const other = await newFile({ email: "b.mensah@example.net", postal: POSTAL });
  const missed = await sendEmail(other.application.fileNumber);
  const left = await noticeAbout("yahoo-failure-notice.eml", missed);
  await deliver(left);
  assert.equal((await inboundWith(left)).processedAt, null);
  await processInboundMailJob.run(database.db);
  assert.ok((await inboundWith(left)).processedAt);
  assert.equal((await correspondenceRow(missed.id)).status, "undelivered");
});

test("a notice that arrives before its email is recorded as sent waits, then applies", async () => {
  const { application } = await newFile({ email: "t.ivanova@example.net", postal: POSTAL });
  const sent = await sendEmail(application.fileNumber);
  // As if the dispatcher had handed the message over but not yet recorded it.
  await database.db.update(correspondence).set({ status: "sending" }).where(eq(correspondence.id, sent.id));
  const raw = await noticeAbout("qmail-failure-notice.eml", sent);
  await deliver(raw);
  assert.deepEqual(await processInboundMail(database.db), {
    processed: 0,
    retry: 1,
    givenUp: 0,
    undelivered: 0,
  });
  const waiting = await inboundWith(raw);
  assert.equal(waiting.processedAt, null);
  assert.equal(waiting.classification, null);
  assert.match(
    waiting.processingNote ?? "",
    /^Processing failed 1 time\(s\), will be retried\. Last error: correspondence .* is not yet recorded as sent \(sending\)$/,
  );
  assert.equal((await correspondenceOf(application.id)).length, 1, "the failed attempt left nothing");

  await database.db.update(correspondence).set({ status: "sent" }).where(eq(correspondence.id, sent.id));
  assert.equal((await processInboundMail(database.db)).undelivered, 1);
  assert.equal((await correspondenceRow(sent.id)).status, "undelivered");
});

test("two passes at once act once on each message", async () => {
  const emails: Correspondence[] = [];
  for (const fixture of [
    "sendmail-dsn-mixed-recipients.eml",
    "exchange-fr-non-remis.eml",
    "exim-dsn-two-failures.eml",
  ]) {
    const { application } = await newFile({ email: `c${emails.length}.dubois@example.org`, postal: POSTAL });
    const sent = await sendEmail(application.fileNumber);
    await deliver(await noticeAbout(fixture, sent));
    emails.push(sent);
  }
  const passes = await Promise.all([processInboundMail(database.db), processInboundMail(database.db)]);
  assert.equal(passes[0].processed + passes[1].processed, 3);
  assert.equal(passes[0].undelivered + passes[1].undelivered, 3);
  for (const sent of emails) {
    assert.equal((await correspondenceRow(sent.id)).status, "undelivered");
    const notices = await database.db
      .select()
      .from(edocs)
      .where(and(eq(edocs.correspondenceId, sent.id), eq(edocs.kind, "undelivered-notice")));
    assert.equal(notices.length, 1);
    const paper = (await correspondenceOf(sent.applicationId)).filter((c) => c.channel === "paper");
    assert.equal(paper.length, 1);
  }
  assert.equal((await verifyAuditChain(database.db)).intact, true);
});

test("a message whose processing keeps failing is retried, then set aside for a person", async () => {
  const { application } = await newFile({ email: "g.fernandes@example.com", postal: POSTAL });
  const sent = await sentEmailWithFault(application.fileNumber);
  const raw = await noticeAbout("postfix-user-unknown.eml", sent);
  await deliver(raw);
  const results = [];
  try {
    for (let attempt = 1; attempt <= MAX_PROCESSING_ATTEMPTS; attempt++) {
      results.push(await processInboundMail(database.db));
    }
  } finally {
    await database.db.execute(sql`drop trigger refuse_notice on edocs`);
    await database.db.execute(sql`drop function refuse_notice()`);
  }
  assert.deepEqual(
    results.map((r) => [r.retry, r.givenUp]),
    [
      [1, 0],
      [1, 0],
      [1, 0],
      [1, 0],
      [0, 1],
    ],
  );
  const inbound = await inboundWith(raw);
  assert.ok(inbound.processedAt, "set aside: the job no longer takes it");
  assert.match(
    inbound.processingNote ?? "",
    /^Processing failed 5 times; set aside for a person to check\. Last error: .*storage refused/,
  );
  // Every failed attempt was rolled back whole.
  assert.equal((await correspondenceRow(sent.id)).status, "sent");
  const [check] = await database.db
    .select()
    .from(activities)
    .where(
      and(
        eq(activities.activity, CHECK_INBOUND_ACTIVITY),
        sql`${activities.details} like ${`%${inbound.id}%`}`,
      ),
    );
  assert.ok(check, "a person is asked to look at the message");
  assert.equal(check.officeId, application.officeId);
  assert.equal(check.status, "review-required");
});

/** Sends an email, then makes storing any undelivered notice fail, as a full disk would. */
async function sentEmailWithFault(fileNumber: string) {
  const sent = await sendEmail(fileNumber);
  await database.db.execute(
    sql.raw(`create function refuse_notice() returns trigger language plpgsql as $$
      begin
        if new.kind = 'undelivered-notice' then raise exception 'storage refused the eDoc'; end if;
        return new;
      end $$`),
  );
  await database.db.execute(
    sql.raw(
      "create trigger refuse_notice before insert on edocs for each row execute function refuse_notice()",
    ),
  );
  return sent;
}
