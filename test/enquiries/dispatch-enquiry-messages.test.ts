import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { after, before, beforeEach, test } from "node:test";
import { and, eq, inArray, sql } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { createTransport } from "nodemailer";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.ts";
import { dispatchOnce, startDispatcher } from "../../src/correspondence/dispatcher.ts";
import { processInboundMail } from "../../src/correspondence/process-inbound-message.ts";
import { queueCorrespondence } from "../../src/correspondence/queue-email.ts";
import type { Database } from "../../src/db/database.ts";
import { auditEvents, blobs, edocs, enquiries, enquiryMessages } from "../../src/db/schema.ts";
import {
  composeEnquiryMessage,
  dispatchEnquiryMessagesOnce,
} from "../../src/enquiries/dispatch-enquiry-messages.ts";
import { ESCALATION_FORWARD_KIND } from "../../src/enquiries/escalate-enquiry.ts";
import { type SmtpListener, startSmtpReceiver } from "../../src/mail/smtp-receiver.ts";
import { type Answer, type Received, startSmtpSink } from "../correspondence/smtp-sink.ts";
import { postfixBounce } from "../evidence/evidence-fixtures.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
let receiver: SmtpListener;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let answers: Answer[] = [];

before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
  receiver = await startSmtpReceiver({ db: database.db, host: "127.0.0.1", port: 0 });
  sink = await startSmtpSink({ answer: () => answers.shift() ?? "accept" });
});
after(async () => {
  await sink.close();
  await receiver.close();
  await database.close();
});
beforeEach(async () => {
  answers = [];
  sink.received.length = 0;
  sink.refuseRecipients(null);
  // Each test starts with an empty queue: messages left by an earlier test are closed off.
  await database.db
    .update(enquiryMessages)
    .set({ status: "cancelled" })
    .where(inArray(enquiryMessages.status, ["generate", "sending"]));
});

function transportTo(port: number) {
  return createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true, pool: true });
}

async function dispatch(options: Parameters<typeof dispatchEnquiryMessagesOnce>[2] = {}, port = sink.port) {
  const transport = transportTo(port);
  try {
    return await dispatchEnquiryMessagesOnce(database.db, transport, options);
  } finally {
    transport.close();
  }
}

/**
 * A French enquiry that states neither the applicant's date of birth nor a file number, delivered
 * over SMTP to OTT's generic mailbox and taken in: intake queues the automatic request for them.
 */
async function frenchEnquiryMissingDetails(from = "jean.morin@courriel.example") {
  const asking = `<${randomUUID()}@courriel.example>`;
  const raw = Buffer.from(
    [
      `From: Jean Morin <${from}>`,
      "To: Bureau OTT <ott@dossier.test>",
      "Subject: Ma demande",
      `Message-ID: ${asking}`,
      "Date: Mon, 02 Mar 2026 10:15:00 -0500",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      "",
      "Bonjour,\r\n\r\nJe n'ai toujours pas reçu de réponse pour ma demande. Pouvez-vous me dire où en est mon dossier?\r\n\r\nMerci\r\n",
    ].join("\r\n"),
  );
  const client = createTransport({ host: "127.0.0.1", port: receiver.port, secure: false, ignoreTLS: true });
  try {
    await client.sendMail({ envelope: { from, to: ["ott@dossier.test"] }, raw });
  } finally {
    client.close();
  }
  await processInboundMail(database.db);
  const [asked] = await database.db
    .select({ enquiry: enquiries })
    .from(enquiryMessages)
    .innerJoin(enquiries, eq(enquiries.id, enquiryMessages.enquiryId))
    .where(and(eq(enquiryMessages.messageId, asking), eq(enquiryMessages.direction, "in")));
  assert.ok(asked, "intake opened an enquiry");
  const [request] = await database.db
    .select()
    .from(enquiryMessages)
    .where(and(eq(enquiryMessages.enquiryId, asked.enquiry.id), eq(enquiryMessages.direction, "out")));
  assert.equal(request?.status, "generate", "intake queued the request for the missing details");
  return { asking, enquiry: asked.enquiry, request: request! };
}

async function messageRow(id: string) {
  const [row] = await database.db.select().from(enquiryMessages).where(eq(enquiryMessages.id, id));
  return row!;
}

async function enquiryRow(id: string) {
  const [row] = await database.db.select().from(enquiries).where(eq(enquiries.id, id));
  return row!;
}

async function eventsOf(enquiryId: string, action: string) {
  return database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.entityId, enquiryId), eq(auditEvents.action, action)));
}

function messageIdOf(message: Received): string | undefined {
  return /^Message-ID: (.+)$/im.exec(message.raw.toString("latin1"))?.[1]?.trim();
}

test("a French request for missing details leaves the office mailbox threaded on the enquiry, marked automatic, and is archived byte for byte", async () => {
  const { asking, enquiry, request } = await frenchEnquiryMissingDetails();

  assert.deepEqual(await dispatch(), { claimed: 1, sent: 1, retrying: 0, undelivered: 0 });

  assert.equal(sink.received.length, 1);
  const [received] = sink.received;
  assert.equal(received!.from, "ott@dossier.test", "the envelope sender is the office's generic mailbox");
  assert.deepEqual(received!.to, ["jean.morin@courriel.example"]);
  const parsed = await simpleParser(received!.raw);
  assert.deepEqual(parsed.from?.value, [{ name: "Bureau OTT", address: "ott@dossier.test" }]);
  assert.equal(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : "", "jean.morin@courriel.example");
  assert.equal(
    parsed.subject,
    `Votre demande de renseignements ${enquiry.reference} : renseignements manquants`,
  );
  assert.equal(parsed.messageId, request.messageId);
  assert.equal(parsed.inReplyTo, asking);
  assert.equal(parsed.references, asking);
  assert.equal(parsed.headers.get("auto-submitted"), "auto-replied");
  assert.equal(parsed.headers.get("content-language"), "fr-CA");
  assert.match(parsed.text ?? "", /la date de naissance du demandeur/);
  assert.match(parsed.text ?? "", /le courriel n'est pas un moyen de communication sécurisé/);

  const row = await messageRow(request.id);
  assert.equal(row.status, "sent");
  assert.ok(row.sentAt);
  assert.equal(row.attempts, 1);
  assert.equal(row.nextAttemptAt, null);
  assert.match(row.statusReason ?? "", /^250 /);
  const sha256 = createHash("sha256").update(received!.raw).digest("hex");
  assert.equal(row.sha256, sha256, "the SHA-256 of the bytes the server received");
  const [edoc] = await database.db.select().from(edocs).where(eq(edocs.id, row.edocId!));
  assert.equal(edoc?.kind, "enquiry-reply");
  assert.equal(edoc?.enquiryId, enquiry.id);
  assert.equal(edoc?.sha256, sha256);
  assert.equal(edoc?.mediaType, "message/rfc822");
  assert.equal(edoc?.description, "Sent, via Email, to jean.morin@courriel.example");
  const [blob] = await database.db.select().from(blobs).where(eq(blobs.sha256, sha256));
  assert.ok(Buffer.from(blob!.content).equals(received!.raw), "the archived bytes are the bytes sent");

  const [sent] = await eventsOf(enquiry.id, "enquiry.message-sent");
  const facts = sent!.after as { envelope: unknown; response: string; edocId: string; automatic: boolean };
  assert.deepEqual(facts.envelope, { from: "ott@dossier.test", to: ["jean.morin@courriel.example"] });
  assert.match(facts.response, /^250 .*OK queued as Q1/);
  assert.equal(facts.edocId, row.edocId);
  assert.equal(facts.automatic, true);

  // An automatic request is not an answer: the clock stays paused and nothing counts as a response.
  const after = await enquiryRow(enquiry.id);
  assert.equal(after.firstResponseAt, null);
  assert.equal(after.state, "awaiting-information");
  assert.equal(after.responseDueAt, null);

  assert.deepEqual(await dispatch(), { claimed: 0, sent: 0, retrying: 0, undelivered: 0 }, "sent once");
  assert.equal((await verifyAuditChain(database.db)).intact, true);
});

test("451: the message waits and is sent at a later attempt, with the same Message-ID", async () => {
  const { enquiry, request } = await frenchEnquiryMissingDetails("claire.roy@courriel.example");
  answers = [{ code: 451, text: "Greylisted, try again later" }];

  assert.deepEqual(await dispatch({ retryBaseMs: 60_000 }), {
    claimed: 1,
    sent: 0,
    retrying: 1,
    undelivered: 0,
  });
  const waiting = await messageRow(request.id);
  assert.equal(waiting.status, "generate");
  assert.equal(waiting.attempts, 1);
  assert.match(
    waiting.statusReason ?? "",
    /^Attempt 1 failed, will retry: 451 4\.3\.0 Greylisted, try again later$/,
  );
  const waitMs = waiting.nextAttemptAt!.getTime() - Date.now();
  assert.ok(waitMs > 50_000 && waitMs <= 60_000, `the next attempt is a minute away (${waitMs} ms)`);
  assert.equal(waiting.sha256, null, "nothing archived for a refused copy");
  assert.equal((await dispatch()).claimed, 0, "not due before its time");

  await database.db
    .update(enquiryMessages)
    .set({ nextAttemptAt: sql`now() - interval '1 second'` })
    .where(eq(enquiryMessages.id, request.id));
  assert.deepEqual(await dispatch(), { claimed: 1, sent: 1, retrying: 0, undelivered: 0 });
  const sent = await messageRow(request.id);
  assert.equal(sent.status, "sent");
  assert.equal(sent.attempts, 2);
  assert.equal(sink.received.length, 2);
  assert.deepEqual(sink.received.map(messageIdOf), [request.messageId, request.messageId]);
  assert.equal(sent.sha256, createHash("sha256").update(sink.received[1]!.raw).digest("hex"));
  const [retry] = await eventsOf(enquiry.id, "enquiry.message-retry-scheduled");
  assert.equal((retry!.after as { retryInMs: number }).retryInMs, 60_000);
});

test("451 past the give-up time: undelivered with the server's last words", async () => {
  const { request } = await frenchEnquiryMissingDetails("marc.gagnon@courriel.example");
  answers = [{ code: 451, text: "Mailbox temporarily unavailable" }];
  assert.deepEqual(await dispatch({ giveUpAfterMs: 0 }), {
    claimed: 1,
    sent: 0,
    retrying: 0,
    undelivered: 1,
  });
  const row = await messageRow(request.id);
  assert.equal(row.status, "undelivered");
  assert.match(
    row.statusReason ?? "",
    /after 1 attempts; last answer: 451 4\.3\.0 Mailbox temporarily unavailable/,
  );
});

test("550: undelivered with the server's words, and the clock the request stopped runs again", async () => {
  const { enquiry, request } = await frenchEnquiryMissingDetails("personne@courriel.example");
  sink.refuseRecipients({ code: 550, text: "<personne@courriel.example>: no such user" });

  assert.deepEqual(await dispatch(), { claimed: 1, sent: 0, retrying: 0, undelivered: 1 });
  const row = await messageRow(request.id);
  assert.equal(row.status, "undelivered");
  assert.match(row.statusReason ?? "", /^550 5\.1\.1 <personne@courriel\.example>: no such user$/);
  assert.equal(row.sentAt, null);
  assert.equal(row.edocId, null);
  assert.equal(row.nextAttemptAt, null);

  // The enquirer was never asked for anything: the office's clock runs again from the refusal.
  const after = await enquiryRow(enquiry.id);
  assert.equal(after.state, "open");
  assert.ok(after.responseDueAt, "due again");
  const [pause] = after.slaPauses as { from: string; to: string | null }[];
  assert.ok(pause?.to, "the pause is closed");
  const paused = new Date(pause.to).getTime() - new Date(pause.from).getTime();
  assert.equal(after.responseDueAt.getTime(), enquiry.receivedAt.getTime() + 30 * 86_400_000 + paused);
  assert.equal(after.firstResponseAt, null);
  const [undelivered] = await eventsOf(enquiry.id, "enquiry.message-undelivered");
  assert.equal((undelivered!.after as { enquiryState: string }).enquiryState, "open");

  assert.equal((await dispatch()).claimed, 0, "a refused message is not tried again");
  assert.equal((await verifyAuditChain(database.db)).intact, true);
});

test("a bounce that comes back after the server accepted the request marks it undelivered on its enquiry, and the clock runs again", async () => {
  const { enquiry, request } = await frenchEnquiryMissingDetails("parti@courriel.example");
  assert.deepEqual(await dispatch(), { claimed: 1, sent: 1, retrying: 0, undelivered: 0 });
  const sent = await messageRow(request.id);
  assert.equal(sent.status, "sent");
  assert.equal((await enquiryRow(enquiry.id)).state, "awaiting-information");

  // The recipient's server accepted it, then sent back an RFC 3464 report naming the Message-ID.
  const notice = await postfixBounce(sent.messageId!, "parti@courriel.example");
  const enquiriesBefore = (await database.db.select({ id: enquiries.id }).from(enquiries)).length;
  const client = createTransport({ host: "127.0.0.1", port: receiver.port, secure: false, ignoreTLS: true });
  try {
    await client.sendMail({ envelope: { from: "", to: ["ott@dossier.test"] }, raw: notice });
  } finally {
    client.close();
  }
  await processInboundMail(database.db);

  const row = await messageRow(request.id);
  assert.equal(row.status, "undelivered");
  assert.match(
    row.statusReason ?? "",
    /^Returned by the recipient's mail server: 5\.1\.1 parti@courriel\.example/,
  );
  const after = await enquiryRow(enquiry.id);
  assert.equal(after.state, "open", "the enquirer was never asked: the office's clock runs again");
  assert.ok(after.responseDueAt);
  const [undelivered] = await eventsOf(enquiry.id, "enquiry.message-undelivered");
  assert.equal((undelivered!.after as { enquiryState: string }).enquiryState, "open");
  const enquiriesAfter = (await database.db.select({ id: enquiries.id }).from(enquiries)).length;
  assert.equal(enquiriesAfter, enquiriesBefore, "the notice is not taken for a new enquiry");
  assert.equal((await verifyAuditChain(database.db)).intact, true);
});

test("a reply an officer wrote goes without Auto-Submitted, its reference added to the subject, and answers the enquiry", async () => {
  const { asking, enquiry } = await frenchEnquiryMissingDetails("lucie.bernard@courriel.example");
  const id = randomUUID();
  await database.db.insert(enquiryMessages).values({
    id,
    enquiryId: enquiry.id,
    officeId: enquiry.officeId,
    direction: "out",
    kind: "standard",
    automatic: false,
    status: "generate",
    messageId: `<enquiry.${id}@dossier.test>`,
    inReplyTo: asking,
    references: [asking],
    fromAddress: "ott@dossier.test",
    fromText: "Bureau OTT <ott@dossier.test>",
    toAddresses: ["lucie.bernard@courriel.example"],
    subject: "Réponse à votre demande",
    bodyText: "Bonjour,\n\nVotre demande est en cours de traitement.\n\nBureau OTT",
    language: "fr",
  });

  const result = await dispatch();
  assert.equal(result.sent, 2, "the automatic request and the officer's reply");
  const reply = sink.received.find((m) => messageIdOf(m) === `<enquiry.${id}@dossier.test>`);
  assert.ok(reply);
  const parsed = await simpleParser(reply.raw);
  assert.equal(parsed.subject, `Réponse à votre demande [${enquiry.reference}]`);
  assert.equal(parsed.headers.get("auto-submitted"), undefined);
  assert.equal(parsed.inReplyTo, asking);
  const sentAt = (await messageRow(id)).sentAt!;
  assert.equal((await enquiryRow(enquiry.id)).firstResponseAt?.getTime(), sentAt.getTime());
});

test("a message whose claim outlived its lease is sent again with its Message-ID, and flagged", async () => {
  const { enquiry, request } = await frenchEnquiryMissingDetails("paul.cote@courriel.example");
  // A dispatcher claimed it and died before recording anything.
  await database.db
    .update(enquiryMessages)
    .set({ status: "sending", attempts: 1, nextAttemptAt: sql`now() - interval '1 second'` })
    .where(eq(enquiryMessages.id, request.id));

  assert.deepEqual(await dispatch(), { claimed: 1, sent: 1, retrying: 0, undelivered: 0 });
  assert.equal(messageIdOf(sink.received[0]!), request.messageId);
  assert.equal((await messageRow(request.id)).attempts, 2);
  assert.equal((await eventsOf(enquiry.id, "enquiry.message-reclaimed")).length, 1);
  const [sent] = await eventsOf(enquiry.id, "enquiry.message-sent");
  assert.equal((sent!.after as { resentAfterLeaseExpiry?: boolean }).resentAfterLeaseExpiry, true);
});

test("two dispatchers working the same queue at once never send a message twice", async () => {
  const ids: string[] = [];
  for (let i = 1; i <= 8; i++) {
    ids.push((await frenchEnquiryMissingDetails(`personne.${i}@courriel.example`)).request.id);
  }
  const slowSink = await startSmtpSink({ delayMs: 15 });
  try {
    const drain = async () => {
      let claimed = 0;
      for (;;) {
        const result = await dispatch({ batchSize: 2, inFlight: 2 }, slowSink.port);
        if (result.claimed === 0) return claimed;
        claimed += result.claimed;
      }
    };
    const [a, b] = await Promise.all([drain(), drain()]);
    assert.equal(a + b, 8);
  } finally {
    await slowSink.close();
  }
  const messageIds = slowSink.received.map(messageIdOf);
  assert.equal(messageIds.length, 8);
  assert.equal(new Set(messageIds).size, 8, "every message reached the server exactly once");
  const rows = await database.db.select().from(enquiryMessages).where(inArray(enquiryMessages.id, ids));
  assert.ok(rows.every((r) => r.status === "sent" && r.attempts === 1));
  const archived = await database.db
    .select()
    .from(edocs)
    .where(
      inArray(
        edocs.id,
        rows.map((r) => r.edocId!),
      ),
    );
  assert.equal(archived.length, 8);
  assert.equal((await verifyAuditChain(database.db)).intact, true);
});

test("the running dispatcher works through letters and enquiry replies alike, each lane in turn", async () => {
  const letter = await queueCorrespondence(database.db, seed.ottawa, seed.application.fileNumber, {
    subject: "Request for documents",
    body: "Please send your passport.",
  });
  await frenchEnquiryMissingDetails("claire.roy@courriel.example");

  const dispatcher = startDispatcher({
    db: database.db,
    smtpUrl: sink.url,
    pollMs: 3_600_000,
    inFlight: 4,
    queues: [dispatchOnce, dispatchEnquiryMessagesOnce],
  });
  try {
    await dispatcher.drain();
  } finally {
    await dispatcher.stop();
  }
  const recipients = sink.received.map((m) => m.to[0]).sort();
  assert.deepEqual(recipients, ["anh.nguyen@example.com", "claire.roy@courriel.example"]);
  assert.ok(sink.received.some((m) => m.raw.toString("latin1").includes(letter.messageId!)));
});

test("RFC 3834: an automatic reply to the enquirer says auto-replied; the thread forwarded to another unit says auto-generated", async () => {
  const message = {
    id: randomUUID(),
    enquiryId: randomUUID(),
    officeId: randomUUID(),
    reference: "ENQ-2026-000123",
    automatic: true,
    subject: "Votre demande [ENQ-2026-000123]",
    bodyText: "Bonjour,\n\nVoici la suite de votre demande.\n",
    address: "jean.morin@courriel.example",
    language: "fr" as const,
    messageId: `<${randomUUID()}@dossier.test>`,
    inReplyTo: null,
    references: [],
    attempts: 1,
    reclaimed: false,
    officeMailbox: "ott@dossier.test",
    officeNameEn: "OTT office",
    officeNameFr: "Bureau OTT",
  };
  const reply = await simpleParser(await composeEnquiryMessage({ ...message, kind: "missing-information" }));
  assert.equal(reply.headers.get("auto-submitted"), "auto-replied");
  const forward = await simpleParser(
    await composeEnquiryMessage({ ...message, kind: ESCALATION_FORWARD_KIND }),
  );
  assert.equal(forward.headers.get("auto-submitted"), "auto-generated");
});
