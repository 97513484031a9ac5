import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { and, asc, eq, inArray } from "drizzle-orm";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.ts";
import type { Database } from "../../src/db/database.ts";
import { auditEvents, inboundMessages } from "../../src/db/schema.ts";
import { createInboundStore } from "../../src/mail/group-inbound-storage.ts";
import {
  findOfficeMailbox,
  type InboundDelivery,
  type OfficeMailbox,
} from "../../src/mail/store-inbound-message.ts";
import { SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { openTestDatabase } from "../support/database.ts";
import { addOffice } from "../support/fixtures.ts";

let database: Database;
let ottawa: OfficeMailbox;

before(async () => {
  database = await openTestDatabase();
  await addOffice(database.db, "OTT");
  ottawa = (await findOfficeMailbox(database.db, "ott@dossier.test"))!;
});
after(async () => {
  await database.close();
});

const RECEIVER = { ...SYSTEM_ACTOR, label: "smtp-receiver" };

function delivery(messageId: string, subject: string, mailbox: OfficeMailbox = ottawa): InboundDelivery {
  return {
    mailboxes: [mailbox],
    envelopeFrom: "sender@mail.example",
    envelopeTo: [mailbox.mailbox],
    raw: Buffer.from(
      `From: sender@mail.example\r\nTo: ${mailbox.mailbox}\r\nSubject: ${subject}\r\nMessage-ID: ${messageId}\r\n\r\nHello ${subject}\r\n`,
    ),
    actor: RECEIVER,
  };
}

async function receivedEvents(ids: string[]) {
  return database.db
    .select({ seq: auditEvents.seq, at: auditEvents.at, entityId: auditEvents.entityId })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "inbound-message.received"), inArray(auditEvents.entityId, ids)))
    .orderBy(asc(auditEvents.seq));
}

test("messages handed over together are stored in one transaction with one append to the audit chain, in arrival order, and a second copy of a Message-ID is stored once", async () => {
  const store = createInboundStore(database.db, { windowMs: 50 });
  const ids = Array.from({ length: 4 }, () => `<${randomUUID()}@mail.example>`);
  const results = await Promise.all([
    store.store(delivery(ids[0]!, "first")),
    store.store(delivery(ids[1]!, "second")),
    // The same message again, as a sender retrying on another connection would hand it over.
    store.store(delivery(ids[1]!, "second")),
    store.store(delivery(ids[2]!, "third")),
    store.store(delivery(ids[3]!, "fourth")),
  ]);
  assert.deepEqual(
    results.map((rows) => rows.map((row) => row.subject)),
    [["first"], ["second"], [], ["third"], ["fourth"]],
  );

  const rows = await database.db
    .select()
    .from(inboundMessages)
    .where(inArray(inboundMessages.messageId, ids))
    .orderBy(asc(inboundMessages.receivedAt));
  assert.deepEqual(
    rows.map((row) => row.subject),
    ["first", "second", "third", "fourth"],
  );

  const events = await receivedEvents(rows.map((row) => row.id));
  assert.equal(events.length, 4);
  // One append: consecutive links of the chain, all stamped with the same moment.
  assert.deepEqual(
    events.map((e) => e.seq - events[0]!.seq),
    [0, 1, 2, 3],
  );
  assert.equal(new Set(events.map((e) => e.at.getTime())).size, 1);
  assert.deepEqual(
    events.map((e) => e.entityId),
    rows.map((row) => row.id),
  );
  assert.equal((await verifyAuditChain(database.db)).intact, true);
});

test("a message alone is stored and committed before its promise resolves", async () => {
  const store = createInboundStore(database.db);
  const messageId = `<${randomUUID()}@mail.example>`;
  const [row] = await store.store(delivery(messageId, "alone"));
  assert.ok(row);
  const [stored] = await database.db.select().from(inboundMessages).where(eq(inboundMessages.id, row.id));
  assert.equal(stored?.messageId, messageId);
  assert.equal(stored?.processedAt, null);
});

test("when the group's transaction fails, each message is stored on its own: only the refused one fails", async () => {
  const store = createInboundStore(database.db, { windowMs: 50 });
  // A mailbox whose office does not exist: the database refuses its row (foreign key).
  const nowhere: OfficeMailbox = { officeId: randomUUID(), mailbox: "nowhere@dossier.test" };
  const good = [`<${randomUUID()}@mail.example>`, `<${randomUUID()}@mail.example>`];
  const outcomes = await Promise.allSettled([
    store.store(delivery(good[0]!, "kept one")),
    store.store(delivery(`<${randomUUID()}@mail.example>`, "refused", nowhere)),
    store.store(delivery(good[1]!, "kept two")),
  ]);
  assert.deepEqual(
    outcomes.map((o) => o.status),
    ["fulfilled", "rejected", "fulfilled"],
  );
  const rows = await database.db
    .select()
    .from(inboundMessages)
    .where(inArray(inboundMessages.messageId, good));
  assert.deepEqual(rows.map((row) => row.subject).sort(), ["kept one", "kept two"]);
  assert.equal(
    (
      await database.db
        .select()
        .from(inboundMessages)
        .where(eq(inboundMessages.mailbox, "nowhere@dossier.test"))
    ).length,
    0,
  );
  assert.equal((await verifyAuditChain(database.db)).intact, true);
});
