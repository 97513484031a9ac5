import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { after, before, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { addRepresentative } from "../../src/applications/add-representative.ts";
import { addContactDetail } from "../../src/clients/add-contact-detail.ts";
import { recordManualSend } from "../../src/correspondence/record-manual-send.ts";
import type { Database } from "../../src/db/database.ts";
import { auditEvents, contactDetails, correspondence, inboundMessages } from "../../src/db/schema.ts";
import { buildEvidencePackage } from "../../src/evidence/build-evidence-package.ts";
import type { EvidenceFacts } from "../../src/evidence/evidence.schema.ts";
import { type SmtpListener, startSmtpReceiver } from "../../src/mail/smtp-receiver.ts";
import { addNote } from "../../src/notes/add-note.ts";
import { AppError } from "../../src/shared/errors.ts";
import { startSmtpSink } from "../correspondence/smtp-sink.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";
import {
  deliverToOffice,
  dispatch,
  newFile,
  pdfText,
  postfixBounce,
  sendThroughDispatcher,
} from "./evidence-fixtures.ts";

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

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function fileNamed(pkg: { files: { name: string; bytes: Uint8Array }[] }, pattern: RegExp) {
  const file = pkg.files.find((f) => pattern.test(f.name));
  assert.ok(file, `the package holds a file matching ${pattern}: ${pkg.files.map((f) => f.name).join(", ")}`);
  return file;
}

function jsonOf(pkg: { files: { name: string; bytes: Uint8Array }[] }): EvidenceFacts {
  return JSON.parse(new TextDecoder().decode(fileNamed(pkg, /\.json$/).bytes));
}

test("the package of a dispatched email holds the exact bytes the server received, their hash, the SMTP facts, the address history and the mailbox search", async () => {
  const { queued, received } = await sendThroughDispatcher(
    database.db,
    seed.ottawa,
    sink,
    seed.application.fileNumber,
    "Demande de documents supplémentaires",
  );
  assert.equal(received.length, 1);
  const onTheWire = received[0]!.raw;

  const pkg = await buildEvidencePackage(database.db, seed.ottawa, queued.id);
  assert.deepEqual(
    pkg.files.map((f) => f.name),
    [`evidence-${queued.id}.pdf`, `message-${queued.id}.eml`, `evidence-${queued.id}.json`],
  );
  const eml = fileNamed(pkg, /\.eml$/);
  assert.ok(
    Buffer.from(eml.bytes).equals(onTheWire),
    "the .eml is byte for byte what the SMTP server received",
  );

  const facts = jsonOf(pkg);
  assert.deepEqual(facts, JSON.parse(JSON.stringify(pkg.facts)), "the JSON file is the facts returned");
  assert.equal(facts.message.source, "edoc");
  if (facts.message.source !== "edoc") return;
  assert.equal(facts.message.copy.computedSha256, sha256(onTheWire));
  assert.equal(facts.message.copy.recordedSha256, sha256(onTheWire));
  assert.equal(facts.message.copy.hashMatches, true);
  assert.equal(facts.message.headers.subject, "Demande de documents supplémentaires");
  assert.equal(facts.message.headers.messageId, queued.messageId);
  assert.match(facts.message.headers.from, /ott@dossier\.test/);
  assert.match(facts.message.text, /relevés|documents listed below/);
  assert.deepEqual(facts.smtp.envelope, { from: "ott@dossier.test", to: ["anh.nguyen@example.com"] });
  assert.equal(facts.smtp.serverReply, `250 2.6.0 OK queued as Q${sink.received.length}`);
  assert.equal(facts.smtp.acceptances.length, 1);
  assert.equal(facts.smtp.attempts, 1);
  assert.equal(facts.smtp.resentCount, 0);
  assert.deepEqual(
    facts.emailHistory.map((e) => [
      e.value,
      e.consentSource,
      e.supersededAt,
      e.currentAtSend,
      e.usedForThisMessage,
    ]),
    [["anh.nguyen@example.com", "application-form", null, true, true]],
  );
  assert.equal(facts.recipient.verdict, "identical");
  assert.equal(facts.representative, null);
  assert.deepEqual(facts.undeliveredSearch.notices, []);
  assert.deepEqual(facts.undeliveredSearch.mailboxes, ["ott@dossier.test", "ott-manager@dossier.test"]);
  assert.equal(facts.undeliveredSearch.from, facts.correspondence.sentAt);
  assert.match(
    facts.statements.en.join("\n"),
    /At the time of sending \(.+\), the most recent email address on file for the client was anh\.nguyen@example\.com, recorded on .+ \(given on the application form\); the message was sent to anh\.nguyen@example\.com\./,
  );
  assert.match(
    facts.statements.en.join("\n"),
    /No undelivered notice for this message was received in the office mailbox/,
  );
  assert.match(facts.statements.en.join("\n"), /it matches the hash recorded/);

  // The PDF opens, and says the same in the application's language (French here) and in English.
  const pdf = fileNamed(pkg, /\.pdf$/).bytes;
  const document = await PDFDocument.load(pdf);
  assert.ok(document.getPageCount() >= 2);
  assert.equal(
    document.getTitle(),
    "Preuve de l'envoi d'un courriel — V000000001 — Demande de documents supplémentaires",
  );
  const text = await pdfText(pdf);
  if (text !== null) {
    assert.match(text, /Preuve de l'envoi d'un courriel/);
    assert.match(text, /Evidence of an email sent/);
    assert.match(text, /Nguyễn, Thị Ánh/, "the client's name is printed with its Vietnamese letters");
    assert.match(text, new RegExp(sha256(onTheWire)));
    assert.match(text, /concorde/);
    assert.match(text, /250 2\.6\.0 OK queued as Q\d+/);
    assert.match(
      text,
      /l'adresse courriel la plus récente au dossier du client était anh\.nguyen@example\.com/,
    );
    assert.match(text, /Aucun avis de non-remise pour ce message n'a été reçu/);
    assert.match(text, /No undelivered notice for this message was received/);
  }

  // Exporting a client's file is itself recorded.
  const [exported] = await database.db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, "correspondence.evidence-exported"),
        eq(auditEvents.entityId, seed.application.id),
      ),
    );
  assert.ok(exported, "an evidence-exported event is on the application");
  assert.equal((exported.after as { correspondenceId?: string }).correspondenceId, queued.id);
  assert.equal(exported.actorId, seed.ottawa.userId);
});

test("when the client gave a new email before the send, the package shows the newer address was the one used", async () => {
  const file = await newFile(database.db, seed.ottawa, { email: "m.okafor@example.com" });
  await addContactDetail(database.db, seed.ottawa, file.client.uci, {
    kind: "email",
    value: "marguerite.okafor@example.org",
    consentSource: "client-wrote-first",
  });
  const { queued, received } = await sendThroughDispatcher(
    database.db,
    seed.ottawa,
    sink,
    file.application.fileNumber,
    "Request for additional documents",
  );
  assert.deepEqual(received[0]!.to, ["marguerite.okafor@example.org"]);
  const pkg = await buildEvidencePackage(database.db, seed.ottawa, queued.id);
  const facts = pkg.facts;
  assert.equal(facts.recipient.verdict, "identical");
  assert.equal(facts.recipient.addressUsed, "marguerite.okafor@example.org");
  const [older, newer] = facts.emailHistory;
  assert.equal(older!.value, "m.okafor@example.com");
  assert.ok(older!.supersededAt && older!.supersededAt <= facts.correspondence.sentAt!);
  assert.equal(older!.currentAtSend, false);
  assert.equal(newer!.value, "marguerite.okafor@example.org");
  assert.equal(newer!.supersededAt, null);
  assert.equal(newer!.currentAtSend, true);
  assert.equal(newer!.consentSource, "client-wrote-first");
  const statement = facts.statements.en.find((s) => s.startsWith("At the time of sending"));
  assert.match(
    statement ?? "",
    /most recent email address on file for the client was marguerite\.okafor@example\.org, recorded on .+ \(the client wrote to the office first\); the message was sent to marguerite\.okafor@example\.org\.$/,
  );
  const text = await pdfText(pkg.files[0]!.bytes);
  if (text !== null) {
    assert.match(text, /m\.okafor@example\.com/, "the superseded address is in the history table");
    assert.match(text, /marguerite\.okafor@example\.org/);
  }
});

test("when the address changed after the letter was queued and before it went out, the letter goes to the new address and the package says it was the most recent", async () => {
  const file = await newFile(database.db, seed.ottawa, { email: "j.tremblay@example.com" });
  const queuedEarly = await (await import("../../src/correspondence/queue-email.ts")).queueCorrespondence(
    database.db,
    seed.ottawa,
    file.application.fileNumber,
    { subject: "Interview convocation", body: "Please attend an interview on 14 April 2026 at 10:00." },
  );
  assert.equal(queuedEarly.address, "j.tremblay@example.com");
  await addContactDetail(database.db, seed.ottawa, file.client.uci, {
    kind: "email",
    value: "jeanne.tremblay@example.net",
    consentSource: "client-wrote-first",
  });
  await dispatch(database.db, sink);
  assert.deepEqual(sink.received.at(-1)?.to, ["jeanne.tremblay@example.net"]);
  const { facts } = await buildEvidencePackage(database.db, seed.ottawa, queuedEarly.id);
  assert.equal(facts.recipient.addressUsed, "jeanne.tremblay@example.net");
  assert.equal(facts.recipient.addressOnFile, "jeanne.tremblay@example.net");
  assert.equal(facts.recipient.verdict, "identical");
  // The history shows both addresses, the earlier one superseded before the send.
  assert.match(facts.statements.en.join("\n"), /jeanne\.tremblay@example\.net/);
});

test("a bounce that came back is listed, found by the Message-ID in its raw bytes and by the record link; unrelated mail is not", async () => {
  const file = await newFile(database.db, seed.ottawa, { email: "no-such-user@example.com" });
  const { queued } = await sendThroughDispatcher(
    database.db,
    seed.ottawa,
    sink,
    file.application.fileNumber,
    "Approval",
  );
  const other = await sendThroughDispatcher(
    database.db,
    seed.ottawa,
    sink,
    seed.application.fileNumber,
    "Autre lettre",
  );
  // A notice for another message, a delay warning and a person's reply quoting this one.
  await deliverToOffice(
    receiver.port,
    await postfixBounce(other.queued.messageId!, "anh.nguyen@example.com"),
  );
  await deliverToOffice(receiver.port, await postfixBounce(queued.messageId!, "no-such-user@example.com"));
  const reply = Buffer.from(
    [
      "From: Someone <no-such-user@example.com>",
      "To: ott@dossier.test",
      "Subject: Re: Approval",
      `In-Reply-To: ${queued.messageId}`,
      `Message-ID: <reply-${randomUUID()}@example.com>`,
      "Date: Tue, 3 Mar 2026 09:00:00 -0500",
      "",
      "Thank you, I received it.",
      "",
    ].join("\r\n"),
  );
  await deliverToOffice(receiver.port, reply, "no-such-user@example.com");

  const pkg = await buildEvidencePackage(database.db, seed.ottawa, queued.id);
  const search = pkg.facts.undeliveredSearch;
  assert.equal(search.notices.length, 1);
  const [notice] = search.notices;
  assert.equal(notice!.kind, "bounce");
  assert.equal(notice!.classifiedNow, true, "mail processing has not run in this test; the bytes were read");
  assert.deepEqual(notice!.foundBy, ["message-id"]);
  assert.deepEqual(notice!.recipients, [
    { address: "no-such-user@example.com", status: "5.1.1", permanent: true },
  ]);
  assert.equal(search.otherMessages.length, 1);
  assert.equal(search.otherMessages[0]!.kind, "other");
  assert.equal(search.otherMessages[0]!.subject, "Re: Approval");
  assert.match(
    pkg.facts.statements.en.join("\n"),
    /1 undelivered notice was received for this message in the office mailbox \(ott@dossier\.test, ott-manager@dossier\.test\) between .+ and .+: undelivered notice "Undelivered Mail Returned to Sender", received .+ \(no-such-user@example\.com 5\.1\.1\)\./,
  );
  const text = await pdfText(pkg.files[0]!.bytes);
  if (text !== null) {
    assert.match(text, /Undelivered Mail Returned to Sender/);
    assert.match(text, /no-such-user@example\.com 5\.1\.1/);
    assert.doesNotMatch(text, /No undelivered notice/);
  }

  // Once processing has tied the notice to the record, it is found by that link too.
  await database.db
    .update(inboundMessages)
    .set({ classification: "bounce", correspondenceId: queued.id })
    .where(eq(inboundMessages.id, notice!.inboundMessageId));
  const again = await buildEvidencePackage(database.db, seed.ottawa, queued.id);
  assert.deepEqual(again.facts.undeliveredSearch.notices[0]!.foundBy, ["record-link", "message-id"]);
  assert.equal(again.facts.undeliveredSearch.notices[0]!.classifiedNow, false);

  // The other message's package lists only its own notice.
  const otherPkg = await buildEvidencePackage(database.db, seed.ottawa, other.queued.id);
  assert.equal(otherPkg.facts.undeliveredSearch.notices.length, 1);
  assert.equal(otherPkg.facts.undeliveredSearch.otherMessages.length, 0);
});

test("an email sent to a representative shows the IMM 5476 in force", async () => {
  const file = await newFile(database.db, seed.ottawa, { email: "w.zhang@example.com", language: "en" });
  await addRepresentative(database.db, seed.ottawa, file.application.fileNumber, {
    name: "Maître Sophie Gagnon",
    email: "s.gagnon@cabinet-gagnon.example",
    validFrom: "2026-01-01",
  });
  const { queued, received } = await sendThroughDispatcher(
    database.db,
    seed.ottawa,
    sink,
    file.application.fileNumber,
    "Request for additional documents",
  );
  assert.deepEqual(received[0]!.to, ["s.gagnon@cabinet-gagnon.example"]);
  const { facts } = await buildEvidencePackage(database.db, seed.ottawa, queued.id);
  assert.equal(facts.recipient.addressee, "representative");
  assert.equal(facts.recipient.verdict, "identical");
  assert.deepEqual(
    facts.representative && [
      facts.representative.name,
      facts.representative.email,
      facts.representative.validFrom,
    ],
    ["Maître Sophie Gagnon", "s.gagnon@cabinet-gagnon.example", "2026-01-01"],
  );
  assert.match(
    facts.statements.en.join("\n"),
    /a Use of a Representative form \(IMM 5476\) in force from 2026-01-01 named Maître Sophie Gagnon, email address s\.gagnon@cabinet-gagnon\.example; all correspondence then goes to the representative\. The message was sent to s\.gagnon@cabinet-gagnon\.example\./,
  );
});

test("a send recorded by hand without an eDoc is shown from the note that holds it, and the package says so", async () => {
  const file = await newFile(database.db, seed.ottawa, { email: "p.silva@example.com" });
  const sentAt = new Date(Date.now() - 3 * 86_400_000);
  const [record] = await database.db
    .insert(correspondence)
    .values({
      applicationId: file.application.id,
      direction: "out",
      channel: "email",
      status: "sent",
      subject: "Request for additional documents",
      address: "p.silva@example.com",
      language: "en",
      templateId: "manual",
      sentAt,
      createdBy: seed.ottawa.userId,
    })
    .returning();
  await addNote(
    database.db,
    seed.ottawa,
    { fileNumber: file.application.fileNumber },
    { body: "Unrelated: client called about processing times." },
  );
  const note = await addNote(
    database.db,
    seed.ottawa,
    { fileNumber: file.application.fileNumber },
    {
      body: `Sent email (eDoc upload failed). Sent ${sentAt.toISOString()} to p.silva@example.com.\nSubject: Request for additional documents\n\nDear applicant, please send your bank statements by 2 April 2026.`,
    },
  );
  const pkg = await buildEvidencePackage(database.db, seed.ottawa, record!.id);
  assert.equal(pkg.facts.message.source, "note");
  if (pkg.facts.message.source === "note") assert.equal(pkg.facts.message.note.id, note.id);
  assert.deepEqual(
    pkg.files.map((f) => f.name),
    [`evidence-${record!.id}.pdf`, `evidence-${record!.id}.json`],
    "there are no archived bytes to include",
  );
  assert.match(
    pkg.facts.statements.en.join("\n"),
    /No eDoc of the sent message is attached .+ the note recorded on .+ is reproduced instead\./,
  );
  const text = await pdfText(pkg.files[0]!.bytes);
  if (text !== null) assert.match(text, /please send your bank statements by 2 April 2026/);

  // Without such a note, the package says it cannot show what was sent.
  const [bare] = await database.db
    .insert(correspondence)
    .values({
      applicationId: seed.application.id,
      direction: "out",
      channel: "email",
      status: "sent",
      subject: "Lettre sans trace",
      address: "anh.nguyen@example.com",
      language: "fr",
      templateId: "manual",
      sentAt,
    })
    .returning();
  const none = await buildEvidencePackage(database.db, seed.ottawa, bare!.id);
  assert.equal(none.facts.message.source, "none");
  assert.match(none.facts.statements.en.join("\n"), /this package cannot show what was sent/);
});

test("an email recorded from a saved Outlook message carries the .msg as its archived file", async () => {
  const file = await newFile(database.db, seed.ottawa, { email: "anh.nguyen@example.com", language: "fr" });
  // The file was opened in January; the email was on file when the officer sent it on 2 March.
  await database.db
    .update(contactDetails)
    .set({ recordedAt: new Date("2026-01-15T14:00:00Z") })
    .where(eq(contactDetails.clientId, file.client.id));
  const bytes = await readFile(
    new URL("../fixtures/saved-messages/request-for-documents.msg", import.meta.url),
  );
  const { correspondence: record } = await recordManualSend(
    database.db,
    seed.ottawa,
    file.application.fileNumber,
    {
      fileName: "Demande de documents.msg",
      bytes,
    },
  );
  const pkg = await buildEvidencePackage(database.db, seed.ottawa, record.id);
  const msg = fileNamed(pkg, /\.msg$/);
  assert.equal(msg.name, `message-${record.id}.msg`);
  assert.ok(Buffer.from(msg.bytes).equals(bytes));
  const facts = pkg.facts;
  assert.equal(facts.correspondence.recordedByHand, true);
  assert.equal(facts.recipient.verdict, "identical");
  assert.equal(facts.smtp.envelope, null);
  assert.equal(facts.smtp.sentAt, null);
  if (facts.message.source !== "edoc") assert.fail("the .msg is the archived copy");
  assert.equal(facts.message.format, "msg");
  assert.equal(facts.message.headers.to, "Thị Ánh Nguyễn <anh.nguyen@example.com>");
  assert.deepEqual(
    facts.message.attachments.map((a) => a.fileName),
    ["liste-des-documents.pdf"],
  );
  assert.match(
    facts.statements.en[0]!,
    /sent to anh\.nguyen@example\.com from Outlook by an officer, on 2026-03-02 10:04:05 EST according to the saved message/,
  );
});

test("an unknown id, another office's record, and records that are not sent emails get clear errors", async () => {
  const { queued } = await sendThroughDispatcher(
    database.db,
    seed.ottawa,
    sink,
    seed.application.fileNumber,
    "Accès",
  );
  const refusal = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof AppError, String(error));
      return { code: error.code, message: error.message };
    }
    assert.fail("expected a refusal");
  };
  // Another office's user is told exactly what an unknown id gets: the record's existence is not disclosed.
  assert.deepEqual(await refusal(buildEvidencePackage(database.db, seed.london, queued.id)), {
    code: "not_found",
    message: `correspondenceId: no correspondence ${queued.id} in your offices`,
  });
  const unknown = randomUUID();
  assert.deepEqual(await refusal(buildEvidencePackage(database.db, seed.ottawa, unknown)), {
    code: "not_found",
    message: `correspondenceId: no correspondence ${unknown} in your offices`,
  });
  assert.deepEqual(await refusal(buildEvidencePackage(database.db, seed.ottawa, "V000000001")), {
    code: "invalid_input",
    message: "correspondenceId: must be a correspondence id (a UUID)",
  });
  const values = {
    applicationId: seed.application.id,
    subject: "Letter",
    language: "fr",
    address: "1 Main Street",
  };
  const [incoming] = await database.db
    .insert(correspondence)
    .values({ ...values, direction: "in", channel: "email", status: "received" })
    .returning();
  const [paper] = await database.db
    .insert(correspondence)
    .values({ ...values, direction: "out", channel: "paper", status: "sent", sentAt: new Date() })
    .returning();
  const [queuedOnly] = await database.db
    .insert(correspondence)
    .values({
      ...values,
      direction: "out",
      channel: "email",
      status: "generate",
      address: "anh.nguyen@example.com",
    })
    .returning();
  assert.match(
    (await refusal(buildEvidencePackage(database.db, seed.ottawa, incoming!.id))).message,
    /is incoming correspondence, not an outgoing email/,
  );
  assert.match(
    (await refusal(buildEvidencePackage(database.db, seed.ottawa, paper!.id))).message,
    /went by paper mail, not by email/,
  );
  assert.deepEqual(await refusal(buildEvidencePackage(database.db, seed.ottawa, queuedOnly!.id)), {
    code: "invalid_state",
    message: `correspondenceId: ${queuedOnly!.id} was never accepted by a mail server (status generate); there is no sending to prove`,
  });
});
