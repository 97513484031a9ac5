import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { addContactDetail } from "../../src/clients/add-contact-detail.ts";
import { recordManualSend } from "../../src/correspondence/record-manual-send.ts";
import type { Database } from "../../src/db/database.ts";
import { auditEvents, blobs, contactDetails, correspondence, edocs } from "../../src/db/schema.ts";
import { EMAIL_MESSAGE_LIMIT } from "../../src/edocs/check-edoc-upload.ts";
import { AppError } from "../../src/shared/errors.ts";
import { newFile } from "../evidence/evidence-fixtures.ts";
import { buildOutlookMsg, type OutlookMessage } from "../fixtures/saved-messages/outlook-msg.ts";
import { tableCounts } from "../support/counts.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;

before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
});
after(() => database.close());

const fixture = (name: string) => readFile(new URL(`../fixtures/saved-messages/${name}`, import.meta.url));

/** A client file opened in January, so its email was on file when the fixtures were sent (2 March 2026). */
async function fileOpenedInJanuary(email: string) {
  const file = await newFile(database.db, seed.ottawa, { email, language: "fr" });
  await database.db
    .update(contactDetails)
    .set({ recordedAt: new Date("2026-01-15T14:00:00Z") })
    .where(eq(contactDetails.clientId, file.client.id));
  return file;
}

function outlook(overrides: Partial<OutlookMessage> = {}): Uint8Array {
  return buildOutlookMsg({
    subject: "Convocation à une entrevue",
    body: "Veuillez vous présenter au bureau le 14 avril 2026 à 10 h.",
    senderName: "Bureau OTT",
    senderEmail: "ott@dossier.test",
    recipients: [{ name: "Client", email: "anh.nguyen@example.com" }],
    // Just after the test's file and addresses were recorded: msgreader keeps Outlook's times to the second.
    submitTime: new Date(Date.now() + 2_000),
    messageId: `<${crypto.randomUUID()}@ott.dossier.test>`,
    ...overrides,
  });
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    return error;
  }
  assert.fail("expected a refusal");
}

test("a saved Outlook .msg becomes a sent outgoing email record with the file as its eDoc", async () => {
  const file = await fileOpenedInJanuary("anh.nguyen@example.com");
  const bytes = await fixture("request-for-documents.msg");
  const result = await recordManualSend(database.db, seed.ottawa, file.application.fileNumber, {
    fileName: "Demande de documents.msg",
    bytes,
  });
  assert.deepEqual(result.warnings, []);
  const record = result.correspondence;
  assert.equal(record.direction, "out");
  assert.equal(record.channel, "email");
  assert.equal(record.status, "sent");
  assert.equal(record.templateId, "manual");
  assert.equal(record.address, "anh.nguyen@example.com");
  assert.equal(record.subject, "Demande de documents – dossier V000000001");
  assert.equal(record.sentAt?.toISOString(), "2026-03-02T15:04:05.000Z");
  assert.equal(
    record.messageId,
    "<DM6PR11MB4691C3A1F2B34E5A9D1E0B7A8C2F9@DM6PR11MB4691.namprd11.prod.outlook.com>",
  );
  assert.equal(record.language, "fr");
  assert.match(record.bodyText ?? "", /veuillez nous faire parvenir d'ici le 2 avril 2026/);
  assert.equal(
    record.statusReason,
    "Sent, via Email, to anh.nguyen@example.com; recorded by hand from Demande de documents.msg",
  );
  assert.equal(record.createdBy, seed.ottawa.userId);

  const [edoc] = await database.db.select().from(edocs).where(eq(edocs.id, result.edocId));
  assert.equal(edoc?.correspondenceId, record.id);
  assert.equal(edoc?.kind, "sent-email");
  assert.equal(edoc?.mediaType, "application/vnd.ms-outlook");
  assert.equal(edoc?.fileName, "Demande de documents.msg");
  assert.equal(edoc?.uploadedBy, seed.ottawa.userId);
  const [blob] = await database.db.select().from(blobs).where(eq(blobs.sha256, edoc!.sha256));
  assert.ok(Buffer.from(blob!.content).equals(bytes), "the eDoc holds the uploaded file unchanged");

  const [event] = await database.db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, "correspondence.recorded-manual-send"),
        sql`${auditEvents.after}->>'correspondenceId' = ${record.id}`,
      ),
    );
  assert.ok(event, "the recording is in the audit trail");
  assert.equal(event.actorId, seed.ottawa.userId);
  assert.deepEqual((event.after as { warnings: string[] }).warnings, []);
});

test("a saved .eml is read the same way", async () => {
  const file = await fileOpenedInJanuary("anh.nguyen@example.com");
  const result = await recordManualSend(database.db, seed.ottawa, file.application.fileNumber, {
    fileName: "request.eml",
    bytes: await fixture("request-for-documents.eml"),
  });
  assert.deepEqual(result.warnings, []);
  assert.equal(result.correspondence.address, "anh.nguyen@example.com");
  assert.equal(result.correspondence.sentAt?.toISOString(), "2026-03-02T15:04:05.000Z");
  assert.equal(result.correspondence.subject, "Demande de documents – dossier V000000001");
  const [edoc] = await database.db.select().from(edocs).where(eq(edocs.id, result.edocId));
  assert.equal(edoc?.mediaType, "message/rfc822");
});

test("a recipient that is not the address on file at that date is recorded, with a clear warning on the record and in the audit trail", async () => {
  const file = await newFile(database.db, seed.ottawa, { email: "w.zhang@example.com" });
  await addContactDetail(database.db, seed.ottawa, file.client.uci, {
    kind: "email",
    value: "wei.zhang@example.net",
    consentSource: "client-wrote-first",
  });
  const result = await recordManualSend(database.db, seed.ottawa, file.application.fileNumber, {
    fileName: "Interview.msg",
    bytes: outlook({
      recipients: [{ name: "Wei Zhang", email: "w.zhang@example.com" }],
      senderEmail: "ana.officer@dossier.test",
      senderName: "Ana Officer",
    }),
  });
  const record = result.correspondence;
  assert.equal(record.status, "sent", "the send happened: it is recorded, not refused");
  assert.equal(record.address, "w.zhang@example.com");
  assert.equal(result.warnings.length, 2);
  assert.match(
    result.warnings[0]!,
    /^The recipient w\.zhang@example\.com is not the address on file at .+, wei\.zhang@example\.net; the procedure requires the address to be identical\.$/,
  );
  assert.equal(
    result.warnings[1],
    "The email was sent from ana.officer@dossier.test, not from the office's generic mailbox ott@dossier.test.",
  );
  assert.match(
    record.statusReason ?? "",
    /WARNING: The recipient w\.zhang@example\.com is not the address on file/,
  );
  assert.match(record.statusReason ?? "", /WARNING: The email was sent from ana\.officer@dossier\.test/);
  const [event] = await database.db
    .select()
    .from(auditEvents)
    .where(sql`${auditEvents.after}->>'correspondenceId' = ${record.id}`);
  assert.ok(event, "the recording is in the audit trail");
  assert.deepEqual((event.after as { warnings: string[] }).warnings, result.warnings);
  assert.equal((event.after as { addressOnFile: string }).addressOnFile, "wei.zhang@example.net");
});

test("with several recipients, the one on file is the record's address and the others are named", async () => {
  const file = await newFile(database.db, seed.ottawa, { email: "l.martin@example.com" });
  const result = await recordManualSend(database.db, seed.ottawa, file.application.fileNumber, {
    fileName: "copy.msg",
    bytes: outlook({
      recipients: [
        { name: "Interpreter", email: "interpreter@example.org" },
        { name: "Léa Martin", email: "l.martin@example.com", kind: "cc" },
      ],
    }),
  });
  assert.equal(result.correspondence.address, "l.martin@example.com");
  assert.deepEqual(result.warnings, []);
  assert.match(
    result.correspondence.statusReason ?? "",
    /to l\.martin@example\.com \(also to interpreter@example\.org\)/,
  );
});

test("an email over 4 MB is refused with the seed's rule, and nothing is written", async () => {
  const before = await tableCounts(database.db);
  const big = outlook({
    attachments: [
      { fileName: "scan.pdf", mediaType: "application/pdf", bytes: new Uint8Array(EMAIL_MESSAGE_LIMIT) },
    ],
  });
  assert.ok(big.byteLength > EMAIL_MESSAGE_LIMIT);
  const error = await refusal(
    recordManualSend(database.db, seed.ottawa, seed.application.fileNumber, {
      fileName: "big.msg",
      bytes: big,
    }),
  );
  assert.equal(error.code, "too_large");
  assert.match(
    error.message,
    /^file: email messages over 4 MB cannot be stored as eDocs \(this one is 4\.0 MB\); print it with its attachments and file the paper copy$/,
  );
  assert.deepEqual(await tableCounts(database.db), before);
});

test("files that are not a sent email are refused, naming the problem, and nothing is written", async () => {
  const before = await tableCounts(database.db);
  const { fileNumber } = seed.application;
  const cases: [string, Uint8Array, string, RegExp][] = [
    [
      "letter.pdf",
      new TextEncoder().encode("%PDF-1.4\n%%EOF\n"),
      "unsupported_media_type",
      /must be a saved email \(\.msg or \.eml\)/,
    ],
    ["draft.msg", outlook({ unsent: true }), "invalid_input", /is a draft that was never sent/],
    [
      "meeting.msg",
      outlook({ messageClass: "IPM.Appointment" }),
      "invalid_input",
      /is an Outlook IPM\.Appointment item, not an email/,
    ],
    ["nobody.msg", outlook({ recipients: [] }), "invalid_input", /names no recipient/],
    [
      "future.msg",
      outlook({ submitTime: new Date(Date.now() + 86_400_000) }),
      "invalid_input",
      /in the future/,
    ],
    [
      "broken.msg",
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(600).fill(7)]),
      "invalid_input",
      /is not a readable Outlook message/,
    ],
    [
      "text.eml",
      new TextEncoder().encode("Subject: hello\r\n\r\nno recipient, no date\r\n"),
      "invalid_input",
      /names no recipient/,
    ],
    [
      "../../etc/passwd.eml",
      new TextEncoder().encode("To: a@b.example\r\n\r\n"),
      "invalid_input",
      /fileName: must be a file name, not a path/,
    ],
  ];
  for (const [fileName, bytes, code, message] of cases) {
    const error = await refusal(recordManualSend(database.db, seed.ottawa, fileNumber, { fileName, bytes }));
    assert.equal(error.code, code, fileName);
    assert.match(error.message, message, fileName);
  }
  assert.deepEqual(await tableCounts(database.db), before);
});

test("the same email uploaded twice, or on another office's file, is refused", async () => {
  const file = await newFile(database.db, seed.ottawa, { email: "r.diaz@example.com" });
  const bytes = outlook({ recipients: [{ name: "R", email: "r.diaz@example.com" }] });
  const first = await recordManualSend(database.db, seed.ottawa, file.application.fileNumber, {
    fileName: "a.msg",
    bytes,
  });
  const twice = await refusal(
    recordManualSend(database.db, seed.ottawa, file.application.fileNumber, {
      fileName: "a-copy.msg",
      bytes,
    }),
  );
  assert.equal(twice.code, "conflict");
  assert.match(
    twice.message,
    new RegExp(
      `already recorded on ${file.application.fileNumber} as correspondence ${first.correspondence.id}`,
    ),
  );
  const foreign = await refusal(
    recordManualSend(database.db, seed.london, file.application.fileNumber, {
      fileName: "b.msg",
      bytes: outlook(),
    }),
  );
  assert.equal(foreign.code, "not_found");
  assert.equal(
    (
      await database.db
        .select()
        .from(correspondence)
        .where(eq(correspondence.applicationId, file.application.id))
    ).length,
    1,
  );
});
