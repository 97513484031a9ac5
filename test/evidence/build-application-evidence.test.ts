import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { addContactDetail } from "../../src/clients/add-contact-detail.ts";
import { queueCorrespondence } from "../../src/correspondence/queue-email.ts";
import type { Database } from "../../src/db/database.ts";
import { auditEvents } from "../../src/db/schema.ts";
import { buildApplicationEvidence } from "../../src/evidence/build-application-evidence.ts";
import { type SmtpListener, startSmtpReceiver } from "../../src/mail/smtp-receiver.ts";
import { AppError } from "../../src/shared/errors.ts";
import { startSmtpSink } from "../correspondence/smtp-sink.ts";
import { tableCounts } from "../support/counts.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";
import {
  deliverToOffice,
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

test("one action gathers every letter sent on a file: each email's proof and bounce search, the one never sent, and the address history", async () => {
  const db = database.db;
  const file = await newFile(db, seed.ottawa, { email: "k.mensah@example.com", familyName: "Mensah" });
  const fileNumber = file.application.fileNumber;
  const first = await sendThroughDispatcher(db, seed.ottawa, sink, fileNumber, "Request for documents");
  await deliverToOffice(receiver.port, await postfixBounce(first.queued.messageId!, "k.mensah@example.com"));
  await addContactDetail(db, seed.ottawa, file.client.uci, {
    kind: "email",
    value: "kwame.mensah@example.org",
    consentSource: "client-wrote-first",
  });
  const second = await sendThroughDispatcher(
    db,
    seed.ottawa,
    sink,
    fileNumber,
    "Second request for documents",
  );
  // Queued, but no dispatcher pass has run: there is no sending to prove.
  const waiting = await queueCorrespondence(db, seed.ottawa, fileNumber, {
    subject: "Reminder",
    body: "A reminder about the documents.",
  });

  const pkg = await buildApplicationEvidence(db, seed.ottawa, fileNumber.toLowerCase());
  const { facts } = pkg;
  assert.equal(facts.application.fileNumber, fileNumber);
  assert.deepEqual(
    facts.letters.map((l) => [l.id, l.subject, l.evidence !== null]),
    [
      [first.queued.id, "Request for documents", true],
      [second.queued.id, "Second request for documents", true],
      [waiting.id, "Reminder", false],
    ],
  );
  const [bounced, resent] = facts.letters;
  assert.equal(bounced!.evidence!.recipient.addressUsed, "k.mensah@example.com");
  assert.equal(bounced!.evidence!.undeliveredSearch.notices.length, 1);
  assert.equal(resent!.evidence!.recipient.addressUsed, "kwame.mensah@example.org");
  assert.equal(resent!.evidence!.recipient.verdict, "identical");
  assert.equal(resent!.evidence!.undeliveredSearch.notices.length, 0);

  assert.deepEqual(
    facts.addressHistory.filter((c) => c.kind === "email").map((c) => [c.value, c.supersededAt !== null]),
    [
      ["k.mensah@example.com", true],
      ["kwame.mensah@example.org", false],
    ],
  );

  const [overview, ...perLetter] = facts.statements.en;
  assert.equal(overview, `3 letter(s) on file ${fileNumber}: 3 by email, 0 on paper.`);
  assert.match(
    perLetter[0]!,
    /“Request for documents”: accepted by the mail server for k\.mensah@example\.com at .+; it was the most recent address on file at that moment; 1 undelivered notice\(s\) came back\./,
  );
  assert.match(perLetter[1]!, /kwame\.mensah@example\.org .+; no undelivered notice came back\./);
  assert.match(
    perLetter[2]!,
    /“Reminder”: email never accepted by a mail server \(status generate\); there is no sending to prove\./,
  );
  assert.match(facts.statements.fr[1]!, /« Request for documents » : accepté par le serveur de courriel/);

  assert.deepEqual(
    pkg.files.map((f) => f.name),
    [
      `litigation-${fileNumber}.pdf`,
      `message-${first.queued.id}.eml`,
      `message-${second.queued.id}.eml`,
      `litigation-${fileNumber}.json`,
    ],
  );
  const pdf = await PDFDocument.load(pkg.files[0]!.bytes);
  assert.ok(pdf.getPageCount() >= 3, "the summary, then one exhibit per accepted email");
  const text = await pdfText(pkg.files[0]!.bytes);
  if (text !== null) {
    assert.match(text, /Evidence for litigation: letters sent on a file/);
    assert.match(text, /Exhibit 1: k\.mensah@example\.com/);
    assert.match(text, /Exhibit 2: kwame\.mensah@example\.org/);
    assert.equal(
      text.match(/Evidence of an email sent/g)?.length,
      2,
      "each accepted email's own package follows",
    );
  }

  const [event] = await db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, "application.litigation-evidence-exported"),
        eq(auditEvents.entityId, file.application.id),
      ),
    );
  assert.deepEqual(event?.after, { letters: 3, emailsWithProof: 2, archivedMessages: 2 });
});

test("another office's officer gets not found and nothing is written; a malformed file number names the rule", async () => {
  const counts = await tableCounts(database.db);
  await assert.rejects(
    buildApplicationEvidence(database.db, seed.london, seed.application.fileNumber),
    (error: unknown) => error instanceof AppError && error.code === "not_found",
  );
  await assert.rejects(
    buildApplicationEvidence(database.db, seed.ottawa, "12345"),
    (error: unknown) =>
      error instanceof AppError && error.code === "invalid_input" && error.field === "fileNumber",
  );
  assert.deepEqual(await tableCounts(database.db), counts);
});
