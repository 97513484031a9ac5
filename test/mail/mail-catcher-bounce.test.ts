import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import { createTransport } from "nodemailer";
import { createApplication } from "../../src/applications/create-application.ts";
import { createClient } from "../../src/clients/create-client.ts";
import { dispatchOnce } from "../../src/correspondence/dispatcher.ts";
import { processInboundMail } from "../../src/correspondence/process-inbound-message.ts";
import { queueCorrespondence } from "../../src/correspondence/queue-email.ts";
import type { Database } from "../../src/db/database.ts";
import { activities, blobs, caughtMail, correspondence, inboundMessages } from "../../src/db/schema.ts";
import { buildDeliveryFailureReport } from "../../src/mail/build-delivery-failure-report.ts";
import { classifyMessage } from "../../src/mail/classify-message.ts";
import { CATCHER_HOST, hasNoMailbox, startMailCatcher } from "../../src/mail/mail-catcher.ts";
import { type SmtpListener, startSmtpReceiver } from "../../src/mail/smtp-receiver.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
let receiver: SmtpListener;
let catcher: SmtpListener;

before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
  receiver = await startSmtpReceiver({ db: database.db, host: "127.0.0.1", port: 0 });
  catcher = await startMailCatcher({
    db: database.db,
    host: "127.0.0.1",
    port: 0,
    returnNoticesTo: { host: "127.0.0.1", port: receiver.port },
  });
});
after(async () => {
  await catcher.close();
  await receiver.close();
  await database.close();
});

const ORIGINAL = [
  "From: Bureau OTT <ott@dossier.test>",
  "To: k.mensah@nowhere.dossier.demo",
  "Subject: =?UTF-8?Q?Demande_de_documents_=E2=80=94_V000012345?=",
  "Date: Mon, 02 Mar 2026 15:04:05 +0000",
  "Message-ID: <0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9@dossier.test>",
  "MIME-Version: 1.0",
  "Content-Type: text/plain; charset=utf-8",
  "",
  "Madame,",
  "",
  "Veuillez nous envoyer vos relevés bancaires.",
  "",
].join("\r\n");

test("the report is an RFC 3464 failure the classifier reads as a permanent 5.1.1 bounce of that email", async () => {
  const report = buildDeliveryFailureReport({
    reportingMta: CATCHER_HOST,
    returnTo: "ott@dossier.test",
    original: Buffer.from(ORIGINAL, "utf8"),
    arrivalDate: new Date("2026-03-02T15:04:06Z"),
    failed: [
      {
        address: "k.mensah@nowhere.dossier.demo",
        status: "5.1.1",
        diagnostic: "550 5.1.1 <k.mensah@nowhere.dossier.demo>: no such mailbox",
      },
    ],
    now: new Date("2026-03-02T15:04:07Z"),
  });
  const text = report.toString("utf8");
  assert.match(text, /^From: Mail Delivery System <MAILER-DAEMON@mail-catcher\.dossier\.invalid>\r\n/);
  assert.match(text, /\r\nContent-Type: multipart\/report; report-type=delivery-status;/);
  assert.match(text, /\r\nContent-Type: message\/delivery-status\r\n\r\nReporting-MTA: dns; mail-catcher/);
  assert.match(text, /\r\nAction: failed\r\nStatus: 5\.1\.1\r\n/);
  assert.match(
    text,
    /\r\nContent-Type: text\/rfc822-headers\r\n\r\nFrom: Bureau OTT <ott@dossier\.test>\r\n[\s\S]*Message-ID: <0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9@dossier\.test>\r\n/,
  );
  assert.doesNotMatch(text, /Veuillez nous envoyer/, "the returned part is the header section only");

  const c = await classifyMessage(report, { envelopeFrom: "", envelopeTo: ["ott@dossier.test"] });
  assert.equal(c.kind, "bounce");
  assert.deepEqual(
    c.recipients.map(({ address, status, permanent }) => ({ address, status, permanent })),
    [{ address: "k.mensah@nowhere.dossier.demo", status: "5.1.1", permanent: true }],
  );
  assert.equal(c.originalMessageId, "<0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9@dossier.test>");
  assert.equal(c.correspondenceId, "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9");
});

test("only addresses at nowhere.dossier.demo have no mailbox", () => {
  assert.equal(hasNoMailbox("k.mensah@nowhere.dossier.demo"), true);
  assert.equal(hasNoMailbox(" K.Mensah@NOWHERE.dossier.demo "), true);
  assert.equal(hasNoMailbox("k.mensah@example.com"), false);
  assert.equal(hasNoMailbox("k.mensah@not-nowhere.dossier.demo"), false);
});

async function waitFor<T>(what: string, read: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test("an email to a mailbox that does not exist is caught, then comes back to the office as a bounce tied to it", async () => {
  const client = await createClient(database.db, seed.ottawa, {
    officeCode: "OTT",
    familyName: "Mensah",
    givenNames: "Kofi",
    dateOfBirth: "1988-02-14",
    sex: "M",
    countryOfBirth: "GHA",
    citizenships: ["GHA"],
    email: "k.mensah@nowhere.dossier.demo",
    emailConsentSource: "application-form",
    postalAddress: "14 Oxford Street\nAccra\nGhana",
  });
  const application = await createApplication(database.db, seed.ottawa, {
    uci: client.uci,
    officeCode: "OTT",
    lineOfBusiness: "temporary-residence",
    receivedDate: "2026-02-01",
    language: "en",
  });
  const queued = await queueCorrespondence(database.db, seed.ottawa, application.fileNumber, {
    subject: "Request for documents",
    body: "Dear applicant,\n\nPlease send your bank statements.\n",
  });
  const transport = createTransport({
    host: "127.0.0.1",
    port: catcher.port,
    secure: false,
    ignoreTLS: true,
  });
  try {
    await dispatchOnce(database.db, transport);
    // Mail for an existing mailbox is caught and not returned.
    await transport.sendMail({
      envelope: { from: "ott@dossier.test", to: ["someone@example.com"] },
      raw: `Message-ID: <${randomUUID()}@dossier.test>\r\nSubject: Kept\r\n\r\nbody\r\n`,
    });
  } finally {
    transport.close();
  }
  const [sent] = await database.db.select().from(correspondence).where(eq(correspondence.id, queued.id));
  assert.equal(sent?.status, "sent", "the catcher accepted the email");
  assert.match(sent?.smtpResponse ?? "", /^250 /);
  const caught = await database.db.select().from(caughtMail);
  assert.deepEqual(caught.map((m) => m.envelopeTo).sort(), [
    ["k.mensah@nowhere.dossier.demo"],
    ["someone@example.com"],
  ]);

  const notice = await waitFor("the report in the office mailbox", async () => {
    const [row] = await database.db.select().from(inboundMessages);
    return row;
  });
  assert.equal(notice.envelopeFrom, "");
  assert.deepEqual(notice.envelopeTo, ["ott@dossier.test"]);
  assert.equal(notice.mailbox, "ott@dossier.test");
  const [blob] = await database.db.select().from(blobs).where(eq(blobs.sha256, notice.sha256));
  const c = await classifyMessage(blob!.content, { envelopeFrom: "", envelopeTo: notice.envelopeTo });
  assert.equal(c.kind, "bounce");
  assert.deepEqual(
    c.recipients.map(({ address, status, permanent }) => ({ address, status, permanent })),
    [{ address: "k.mensah@nowhere.dossier.demo", status: "5.1.1", permanent: true }],
  );
  assert.equal(c.originalMessageId, sent?.messageId);
  assert.equal(c.correspondenceId, queued.id);

  await processInboundMail(database.db);
  const [undelivered] = await database.db
    .select()
    .from(correspondence)
    .where(eq(correspondence.id, queued.id));
  assert.equal(undelivered?.status, "undelivered");
  assert.match(
    undelivered?.statusReason ?? "",
    /^Undelivered to k\.mensah@nowhere\.dossier\.demo, 5\.1\.1: /,
  );
  const asks = await database.db
    .select()
    .from(activities)
    .where(eq(activities.applicationId, application.id));
  assert.deepEqual(
    asks.map((a) => a.activity),
    ["Mail paper letter"],
  );
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  assert.equal(
    (await database.db.select().from(inboundMessages)).length,
    1,
    "one report, for one failed email",
  );
});
