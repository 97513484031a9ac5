import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, beforeEach, test } from "node:test";
import { and, eq, inArray, sql } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { createTransport } from "nodemailer";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.ts";
import { retryDelayMs } from "../../src/correspondence/decide-send-retry.ts";
import { dispatchOnce, startDispatcher } from "../../src/correspondence/dispatcher.ts";
import { queueCorrespondence } from "../../src/correspondence/queue-email.ts";
import type { Database } from "../../src/db/database.ts";
import { auditEvents, blobs, correspondence, edocs } from "../../src/db/schema.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";
import { type Answer, type Received, startSmtpSink } from "./smtp-sink.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let answers: Answer[] = [];

before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
  sink = await startSmtpSink({ answer: () => answers.shift() ?? "accept" });
});
after(async () => {
  await sink.close();
  await database.close();
});
beforeEach(async () => {
  answers = [];
  sink.received.length = 0;
  sink.refuseRecipients(null);
  // Each test starts with an empty queue: rows left by an earlier test are closed off.
  await database.db
    .update(correspondence)
    .set({ status: "cancelled" })
    .where(inArray(correspondence.status, ["generate", "sending"]));
});

function transportTo(port: number) {
  return createTransport({
    host: "127.0.0.1",
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 4,
  });
}

async function queue(subject = "Demande de documents supplémentaires") {
  return queueCorrespondence(database.db, seed.ottawa, seed.application.fileNumber, {
    subject,
    // A line holding only a dot, CRLF, a bare CR and a long line: all must reach the server as archived.
    body: `Madame Nguyễn,\r\n\nVeuillez nous faire parvenir vos trois derniers relevés bancaires d'ici le 2 avril 2026.\n\n.\nBureau OTT\rOttawa\n${"Référence V000012345 ".repeat(60)}`,
  });
}

async function rowOf(id: string) {
  const [row] = await database.db.select().from(correspondence).where(eq(correspondence.id, id));
  return row!;
}

function messageIdOf(message: Received): string | undefined {
  return /^Message-ID: (.+)$/im.exec(message.raw.toString("latin1"))?.[1]?.trim();
}

test("a queued email is sent from the office mailbox and archived as the exact bytes the server received", async () => {
  const queued = await queue();
  const transport = transportTo(sink.port);
  try {
    const result = await dispatchOnce(database.db, transport);
    assert.deepEqual(result, { claimed: 1, sent: 1, retrying: 0, undelivered: 0 });
  } finally {
    transport.close();
  }

  const row = await rowOf(queued.id);
  assert.equal(row.status, "sent");
  assert.ok(row.sentAt instanceof Date);
  assert.equal(row.attempts, 1);
  assert.match(row.statusReason ?? "", /^250 .*OK queued as Q1/);

  assert.equal(sink.received.length, 1);
  const delivered = sink.received[0]!;
  assert.equal(delivered.from, "ott@dossier.test");
  assert.deepEqual(delivered.to, ["anh.nguyen@example.com"]);

  const [edoc] = await database.db.select().from(edocs).where(eq(edocs.correspondenceId, queued.id));
  assert.ok(edoc);
  assert.equal(edoc.kind, "sent-email");
  assert.equal(edoc.mediaType, "message/rfc822");
  assert.equal(edoc.fileName, `${queued.id}.eml`);
  assert.equal(edoc.applicationId, seed.application.id);
  assert.equal(edoc.clientId, seed.client.id);
  assert.equal(edoc.size, delivered.raw.byteLength);
  const [blob] = await database.db.select().from(blobs).where(eq(blobs.sha256, edoc.sha256));
  assert.ok(Buffer.from(blob!.content).equals(delivered.raw), "the eDoc holds the bytes that went over SMTP");
  assert.equal(edoc.sha256, createHash("sha256").update(delivered.raw).digest("hex"));

  const parsed = await simpleParser(delivered.raw);
  assert.equal(parsed.messageId, queued.messageId);
  assert.deepEqual(parsed.from?.value, [{ name: "Bureau OTT", address: "ott@dossier.test" }]);
  assert.equal(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : "", "anh.nguyen@example.com");
  assert.equal(parsed.subject, "Demande de documents supplémentaires");
  assert.match(parsed.text ?? "", /relevés bancaires d'ici le 2 avril 2026\.\n\n\.\nBureau OTT\nOttawa\n/);
  assert.equal(parsed.headers.get("content-language"), "fr-CA");

  // The sending shows in the application's history, each event naming the correspondence.
  const actions = await database.db
    .select({ action: auditEvents.action })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.entityType, "application"),
        eq(auditEvents.entityId, seed.application.id),
        sql`${auditEvents.after}->>'correspondenceId' = ${queued.id}`,
      ),
    )
    .orderBy(auditEvents.seq);
  assert.deepEqual(
    actions.map((a) => a.action),
    ["correspondence.queued", "correspondence.sending", "correspondence.sent"],
  );
});

test("a permanent refusal makes the correspondence undelivered, in the server's own words", async () => {
  const queued = await queue();
  sink.refuseRecipients({
    code: 550,
    text: "<anh.nguyen@example.com>: Recipient address rejected: User unknown",
  });
  const transport = transportTo(sink.port);
  try {
    assert.deepEqual(await dispatchOnce(database.db, transport), {
      claimed: 1,
      sent: 0,
      retrying: 0,
      undelivered: 1,
    });
  } finally {
    transport.close();
  }
  const row = await rowOf(queued.id);
  assert.equal(row.status, "undelivered");
  assert.match(
    row.statusReason ?? "",
    /550 5\.1\.1 <anh\.nguyen@example\.com>: Recipient address rejected: User unknown/,
  );
  assert.equal(row.nextAttemptAt, null);
  assert.equal(
    (await database.db.select().from(edocs).where(eq(edocs.correspondenceId, queued.id))).length,
    0,
  );
});

test("a permanent refusal at the end of DATA is undelivered too", async () => {
  const queued = await queue();
  answers = [{ code: 554, text: "Message rejected as spam" }];
  const transport = transportTo(sink.port);
  try {
    await dispatchOnce(database.db, transport);
  } finally {
    transport.close();
  }
  const row = await rowOf(queued.id);
  assert.equal(row.status, "undelivered");
  assert.match(row.statusReason ?? "", /554 .*Message rejected as spam/);
});

test("a temporary refusal is retried later with the same Message-ID, then sent", async () => {
  const queued = await queue();
  answers = [{ code: 451, text: "Greylisted, come back in 5 minutes" }];
  const transport = transportTo(sink.port);
  try {
    assert.deepEqual(await dispatchOnce(database.db, transport), {
      claimed: 1,
      sent: 0,
      retrying: 1,
      undelivered: 0,
    });
    let row = await rowOf(queued.id);
    assert.equal(row.status, "generate");
    assert.equal(row.attempts, 1);
    assert.match(row.statusReason ?? "", /Attempt 1 failed, will retry: 451 4\.3\.0 Greylisted/);
    const waitMs = row.nextAttemptAt!.getTime() - Date.now();
    assert.ok(waitMs > 50_000 && waitMs <= 60_000, `first retry after about a minute, not ${waitMs} ms`);

    // Not due yet: a pass now leaves it alone.
    assert.equal((await dispatchOnce(database.db, transport)).claimed, 0);
    // A minute later (the clock is moved by moving the row's retry time)…
    await database.db
      .update(correspondence)
      .set({ nextAttemptAt: sql`now() - interval '1 second'` })
      .where(eq(correspondence.id, queued.id));
    assert.deepEqual(await dispatchOnce(database.db, transport), {
      claimed: 1,
      sent: 1,
      retrying: 0,
      undelivered: 0,
    });
    row = await rowOf(queued.id);
    assert.equal(row.status, "sent");
    assert.equal(row.attempts, 2);
  } finally {
    transport.close();
  }
  assert.equal(sink.received.length, 2);
  assert.deepEqual(sink.received.map(messageIdOf), [queued.messageId, queued.messageId]);
  assert.deepEqual(
    sink.received.map((r) => r.answeredWith),
    [451, 250],
  );
});

test("when the mail server cannot be reached, the correspondence waits and is retried", async () => {
  const queued = await queue();
  const closed = await startSmtpSink();
  await closed.close();
  const transport = transportTo(closed.port);
  try {
    assert.equal((await dispatchOnce(database.db, transport)).retrying, 1);
  } finally {
    transport.close();
  }
  const row = await rowOf(queued.id);
  assert.equal(row.status, "generate");
  assert.match(row.statusReason ?? "", /ECONNREFUSED|connect/i);
});

test("temporary failures past the time limit end as undelivered with the last reason", async () => {
  const queued = await queue();
  await database.db
    .update(correspondence)
    .set({ createdAt: sql`now() - interval '25 hours'`, attempts: 11 })
    .where(eq(correspondence.id, queued.id));
  answers = [{ code: 452, text: "Mailbox full" }];
  const transport = transportTo(sink.port);
  try {
    assert.equal((await dispatchOnce(database.db, transport)).undelivered, 1);
  } finally {
    transport.close();
  }
  const row = await rowOf(queued.id);
  assert.equal(row.status, "undelivered");
  assert.match(
    row.statusReason ?? "",
    /^Not delivered within 24 h after 12 attempts; last answer: 452 .*Mailbox full/,
  );
});

test("a row left in sending by a crashed dispatcher is taken over after its lease, with the same Message-ID", async () => {
  const crashed = await queue("Convocation à une entrevue");
  const working = await queue("Accusé de réception");
  // One dispatcher claimed both and died: one lease ran out, the other is still running.
  await database.db
    .update(correspondence)
    .set({ status: "sending", attempts: 1, nextAttemptAt: sql`now() - interval '1 second'` })
    .where(eq(correspondence.id, crashed.id));
  await database.db
    .update(correspondence)
    .set({ status: "sending", attempts: 1, nextAttemptAt: sql`now() + interval '4 minutes'` })
    .where(eq(correspondence.id, working.id));
  const transport = transportTo(sink.port);
  try {
    assert.deepEqual(await dispatchOnce(database.db, transport), {
      claimed: 1,
      sent: 1,
      retrying: 0,
      undelivered: 0,
    });
  } finally {
    transport.close();
  }
  assert.equal((await rowOf(crashed.id)).status, "sent");
  assert.equal((await rowOf(crashed.id)).attempts, 2);
  assert.equal((await rowOf(working.id)).status, "sending");
  assert.deepEqual(sink.received.map(messageIdOf), [crashed.messageId]);
  const [reclaim] = await database.db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, "correspondence.reclaimed"),
        sql`${auditEvents.after}->>'correspondenceId' = ${crashed.id}`,
      ),
    );
  assert.ok(reclaim);
});

test("paper correspondence is never picked up by the dispatcher", async () => {
  const queued = await queue();
  await database.db.update(correspondence).set({ channel: "paper" }).where(eq(correspondence.id, queued.id));
  const transport = transportTo(sink.port);
  try {
    assert.equal((await dispatchOnce(database.db, transport)).claimed, 0);
  } finally {
    transport.close();
  }
  assert.equal((await rowOf(queued.id)).status, "generate");
});

test("two dispatchers working the same queue at once never send a row twice", async () => {
  const slowSink = await startSmtpSink({ delayMs: 15 });
  const ids: string[] = [];
  for (let i = 1; i <= 24; i++) ids.push((await queue(`Lettre ${i}`)).id);
  const first = transportTo(slowSink.port);
  const second = transportTo(slowSink.port);
  try {
    const drain = async (transport: ReturnType<typeof transportTo>) => {
      let claimed = 0;
      for (;;) {
        const result = await dispatchOnce(database.db, transport, { batchSize: 3, inFlight: 3 });
        if (result.claimed === 0) return claimed;
        claimed += result.claimed;
      }
    };
    const [a, b] = await Promise.all([drain(first), drain(second)]);
    assert.equal(a + b, 24);
  } finally {
    first.close();
    second.close();
    await slowSink.close();
  }
  const messageIds = slowSink.received.map(messageIdOf);
  assert.equal(messageIds.length, 24);
  assert.equal(new Set(messageIds).size, 24, "every message reached the server exactly once");
  const rows = await database.db.select().from(correspondence).where(inArray(correspondence.id, ids));
  assert.ok(rows.every((r) => r.status === "sent" && r.attempts === 1));
  const archived = await database.db.select().from(edocs).where(inArray(edocs.correspondenceId, ids));
  assert.equal(archived.length, 24);
  assert.deepEqual(await verifyAuditChain(database.db).then((v) => v.intact), true);
});

test("a pass records every send even when its groups are recorded while other messages are still leaving", async () => {
  const slowSink = await startSmtpSink({ delayMs: 3 });
  const ids: string[] = [];
  for (let i = 1; i <= 60; i++) ids.push((await queue(`Lettre ${i}`)).id);
  const transport = transportTo(slowSink.port);
  try {
    // Groups of 4 with 6 messages in flight: a group is handed to the recorder while sends go on.
    const result = await dispatchOnce(database.db, transport, { batchSize: 60, inFlight: 6, recordEvery: 4 });
    assert.deepEqual(result, { claimed: 60, sent: 60, retrying: 0, undelivered: 0 });
  } finally {
    transport.close();
    await slowSink.close();
  }
  assert.equal(slowSink.received.length, 60);
  const rows = await database.db.select().from(correspondence).where(inArray(correspondence.id, ids));
  assert.deepEqual(
    rows.filter((r) => r.status !== "sent").map((r) => r.subject),
    [],
    "every letter the server accepted is recorded as sent",
  );
  const archived = await database.db.select().from(edocs).where(inArray(edocs.correspondenceId, ids));
  assert.equal(archived.length, 60);
});

test("the running dispatcher sends what is queued, and drain waits until the queue is empty", async () => {
  const ids = [(await queue("Premier")).id, (await queue("Deuxième")).id, (await queue("Troisième")).id];
  const dispatcher = startDispatcher({ db: database.db, smtpUrl: sink.url, pollMs: 60_000, inFlight: 2 });
  try {
    await dispatcher.drain();
  } finally {
    await dispatcher.stop();
  }
  const rows = await database.db.select().from(correspondence).where(inArray(correspondence.id, ids));
  assert.deepEqual(
    rows.map((r) => r.status),
    ["sent", "sent", "sent"],
  );
  assert.equal(sink.received.length, 3);
});

test("retries back off exponentially up to a ceiling", () => {
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelayMs(n, 60_000, 3_600_000)),
    [60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000],
  );
});
