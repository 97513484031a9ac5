import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import { and, eq, inArray, sql } from "drizzle-orm";
import { createTransport } from "nodemailer";
import { dispatchOnce } from "../../src/correspondence/dispatcher.ts";
import { queueCorrespondence } from "../../src/correspondence/queue-email.ts";
import type { Database } from "../../src/db/database.ts";
import { auditEvents, correspondence, edocs } from "../../src/db/schema.ts";
import { EMAIL_MESSAGE_LIMIT } from "../../src/edocs/check-edoc-upload.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";
import { startSmtpSink } from "./smtp-sink.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;

before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
  sink = await startSmtpSink();
});
after(async () => {
  await sink.close();
  await database.close();
});
beforeEach(async () => {
  sink.received.length = 0;
  await database.db
    .update(correspondence)
    .set({ status: "cancelled" })
    .where(inArray(correspondence.status, ["generate", "sending"]));
});

async function dispatch() {
  const transport = createTransport({ host: "127.0.0.1", port: sink.port, secure: false, ignoreTLS: true });
  try {
    return await dispatchOnce(database.db, transport);
  } finally {
    transport.close();
  }
}

async function queue(subject: string) {
  return queueCorrespondence(database.db, seed.ottawa, seed.application.fileNumber, {
    subject,
    body: "Madame Nguyễn,\n\nVeuillez nous faire parvenir vos relevés bancaires d'ici le 2 avril 2026.",
  });
}

async function rowOf(id: string) {
  const [row] = await database.db.select().from(correspondence).where(eq(correspondence.id, id));
  return row!;
}

async function sentEventsOf(id: string) {
  return database.db
    .select()
    .from(auditEvents)
    .where(
      and(
        inArray(auditEvents.action, ["correspondence.sent", "correspondence.sent-again"]),
        sql`${auditEvents.after}->>'correspondenceId' = ${id}`,
      ),
    )
    .orderBy(auditEvents.seq);
}

test("on acceptance the record keeps the SMTP envelope and the server's whole reply", async () => {
  const queued = await queue("Demande de documents");
  assert.equal((await dispatch()).sent, 1);
  const row = await rowOf(queued.id);
  assert.deepEqual(row.smtpEnvelope, { from: "ott@dossier.test", to: ["anh.nguyen@example.com"] });
  // The sink answers "OK queued as Q1"; smtp-server puts the reply code and enhanced status before it.
  assert.equal(row.smtpResponse, "250 2.6.0 OK queued as Q1");
  assert.equal(row.statusReason, row.smtpResponse, "status_reason still carries the reply");
  assert.equal(row.exceedsUploadLimit, false);
  assert.equal(row.resentCount, 0);
  // The envelope is what the server saw.
  assert.equal(sink.received[0]!.from, "ott@dossier.test");
  assert.deepEqual(sink.received[0]!.to, ["anh.nguyen@example.com"]);
  const [event] = await sentEventsOf(queued.id);
  assert.deepEqual((event!.after as { envelope: unknown }).envelope, row.smtpEnvelope);
  assert.equal((event!.after as { response: string }).response, row.smtpResponse);
});

test("a message over 4 MB is still sent and archived whole, and its record says it exceeds the upload rule", async () => {
  const queued = await queue("Lettre volumineuse");
  // Correspondence bodies are limited at queueing; the size of a message with attachments is made here.
  const big = `${"Relevé bancaire, page jointe au dossier. ".repeat(110_000)}\n`;
  assert.ok(big.length > EMAIL_MESSAGE_LIMIT);
  await database.db.update(correspondence).set({ bodyText: big }).where(eq(correspondence.id, queued.id));
  assert.equal((await dispatch()).sent, 1);
  const row = await rowOf(queued.id);
  assert.equal(row.status, "sent");
  assert.equal(row.exceedsUploadLimit, true);
  const [edoc] = await database.db.select().from(edocs).where(eq(edocs.correspondenceId, queued.id));
  assert.equal(edoc!.size, sink.received[0]!.raw.byteLength);
  assert.ok(edoc!.size > EMAIL_MESSAGE_LIMIT, `archived ${edoc!.size} bytes`);
  const [event] = await sentEventsOf(queued.id);
  assert.equal((event!.after as { exceedsUploadLimit?: boolean }).exceedsUploadLimit, true);
});

test("a row re-sent after its lease ran out goes with its original Message-ID, is counted and flagged", async () => {
  const queued = await queue("Convocation à une entrevue");
  // A dispatcher claimed the row and died: the message may have left before it could record it.
  await database.db
    .update(correspondence)
    .set({ status: "sending", attempts: 1, nextAttemptAt: sql`now() - interval '1 second'` })
    .where(eq(correspondence.id, queued.id));
  assert.equal((await dispatch()).sent, 1);
  const row = await rowOf(queued.id);
  assert.equal(row.status, "sent");
  assert.equal(row.resentCount, 1);
  assert.equal(row.attempts, 2);
  assert.match(sink.received[0]!.raw.toString("latin1"), new RegExp(`Message-ID: ${queued.messageId}`, "i"));
  const [event] = await sentEventsOf(queued.id);
  assert.equal((event!.after as { resentAfterLeaseExpiry?: boolean }).resentAfterLeaseExpiry, true);

  // A first send that never went through a reclaim is not counted.
  const plain = await queue("Accusé de réception");
  await dispatch();
  assert.equal((await rowOf(plain.id)).resentCount, 0);
  const [plainEvent] = await sentEventsOf(plain.id);
  assert.equal((plainEvent!.after as { resentAfterLeaseExpiry?: boolean }).resentAfterLeaseExpiry, undefined);
});
