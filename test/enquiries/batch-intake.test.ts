import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { and, eq, inArray, sql } from "drizzle-orm";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.ts";
import {
  processInboundMail,
  processInboundMessages,
} from "../../src/correspondence/process-inbound-message.ts";
import type { Database } from "../../src/db/database.ts";
import { auditEvents, enquiries, enquiryMessages, inboundMessages } from "../../src/db/schema.ts";
import {
  findOfficeMailbox,
  type InboundDelivery,
  type OfficeMailbox,
  storeInboundMessages,
} from "../../src/mail/store-inbound-message.ts";
import { SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

let database: Database;
let mailbox: OfficeMailbox;

before(async () => {
  database = await openTestDatabase();
  await seedTwoOffices(database.db);
  mailbox = (await findOfficeMailbox(database.db, "ott@dossier.test"))!;
});
after(async () => {
  await database.close();
});

function newMessageId(): string {
  return `<${randomUUID()}@mail.example>`;
}

function delivery(options: {
  from: string;
  subject: string;
  body: string;
  messageId: string;
  headers?: string[];
}): InboundDelivery {
  return {
    mailboxes: [mailbox],
    envelopeFrom: "sender@mail.example",
    envelopeTo: [mailbox.mailbox],
    raw: Buffer.from(
      [
        `From: ${options.from}`,
        "To: ott@dossier.test",
        `Subject: ${options.subject}`,
        `Message-ID: ${options.messageId}`,
        "Date: Mon, 02 Mar 2026 10:15:00 -0500",
        ...(options.headers ?? []),
        "Content-Type: text/plain; charset=utf-8",
        "",
        options.body,
      ].join("\r\n"),
    ),
    actor: { ...SYSTEM_ACTOR, label: "smtp-receiver" },
  };
}

const STATED = [
  "Family name: Okafor",
  "Given name: Chidi",
  "Date of birth: 1985-06-01",
  "File number: W300000001",
].join("\r\n");

async function threadOf(messageId: string) {
  const [row] = await database.db
    .select({ enquiryId: enquiryMessages.enquiryId })
    .from(enquiryMessages)
    .where(and(eq(enquiryMessages.messageId, messageId), eq(enquiryMessages.direction, "in")));
  assert.ok(row, `${messageId} is on a thread`);
  return row.enquiryId;
}

test("a reply stored and processed in the same batch as the message it answers joins the enquiry that message opens", async () => {
  const original = newMessageId();
  const reply = newMessageId();
  const stored = await storeInboundMessages(database.db, [
    delivery({
      from: "Chidi Okafor <chidi.okafor@example.org>",
      subject: "Where is my application?",
      body: `I am the applicant.\r\n${STATED}\r\n`,
      messageId: original,
    }),
    delivery({
      from: "Chidi Okafor <chidi.okafor@example.org>",
      subject: "Re: Where is my application?",
      body: "I forgot to attach my passport page; here it is.\r\n",
      messageId: reply,
      headers: [`In-Reply-To: ${original}`, `References: ${original}`],
    }),
  ]);
  const ids = stored.flat().map((row) => row.id);
  assert.equal(ids.length, 2);

  const results = await processInboundMessages(database.db, ids);
  assert.deepEqual(
    results.map((r) => r.status),
    ["processed", "processed"],
  );
  assert.match(results[0]!.note, /^New enquiry ENQ-\d{4}-\d{6} /);
  assert.match(
    results[1]!.note,
    new RegExp(`^Added to enquiry ENQ-\\d{4}-\\d{6}: it answers message ${original}`),
  );

  const enquiryId = await threadOf(original);
  assert.equal(await threadOf(reply), enquiryId);
  const opened = await database.db
    .select()
    .from(enquiries)
    .where(inArray(enquiries.id, [enquiryId]));
  assert.equal(opened.length, 1);

  // One transaction: both marked processed at its moment, their events appended together.
  const rows = await database.db.select().from(inboundMessages).where(inArray(inboundMessages.id, ids));
  assert.equal(new Set(rows.map((row) => row.processedAt?.getTime())).size, 1);
  const processed = await database.db
    .select({ at: auditEvents.at })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "inbound-message.processed"), inArray(auditEvents.entityId, ids)));
  assert.equal(processed.length, 2);
  assert.equal(new Set(processed.map((e) => e.at.getTime())).size, 1);
  assert.equal((await verifyAuditChain(database.db)).intact, true);
});

test("the same Message-ID twice in one batch is stored once and opens one enquiry", async () => {
  const messageId = newMessageId();
  const copy = () =>
    delivery({
      from: "Amina Mensah <amina.mensah@example.org>",
      subject: "Status of my file",
      body: `I am the applicant.\r\n${STATED}\r\n`,
      messageId,
    });
  const stored = await storeInboundMessages(database.db, [copy(), copy()]);
  assert.deepEqual(
    stored.map((rows) => rows.length),
    [1, 0],
  );
  await processInboundMail(database.db);
  const thread = await database.db
    .select()
    .from(enquiryMessages)
    .where(and(eq(enquiryMessages.messageId, messageId), eq(enquiryMessages.direction, "in")));
  assert.equal(thread.length, 1);
});

test("a message that makes its batch fail is retried alone and counted once; the rest of the batch is processed", async () => {
  await database.db.execute(
    sql.raw(`create function refuse_poison() returns trigger language plpgsql as $$
      begin
        if new.description like '%Poison Pill%' then raise exception 'storage refused the eDoc'; end if;
        return new;
      end $$`),
  );
  await database.db.execute(
    sql.raw(
      "create trigger refuse_poison before insert on edocs for each row execute function refuse_poison()",
    ),
  );
  const ids = [newMessageId(), newMessageId(), newMessageId()];
  try {
    await storeInboundMessages(database.db, [
      delivery({
        from: "Liam Smith <liam.smith@example.org>",
        subject: "My file",
        body: STATED,
        messageId: ids[0]!,
      }),
      delivery({
        from: "Poison Pill <poison@example.org>",
        subject: "My file",
        body: STATED,
        messageId: ids[1]!,
      }),
      delivery({
        from: "Wei Chen <wei.chen@example.org>",
        subject: "My file",
        body: STATED,
        messageId: ids[2]!,
      }),
    ]);
    assert.deepEqual(await processInboundMail(database.db), {
      processed: 2,
      retry: 1,
      givenUp: 0,
      undelivered: 0,
    });
  } finally {
    await database.db.execute(sql`drop trigger refuse_poison on edocs`);
    await database.db.execute(sql`drop function refuse_poison()`);
  }
  await threadOf(ids[0]!);
  await threadOf(ids[2]!);
  const [poison] = await database.db
    .select()
    .from(inboundMessages)
    .where(eq(inboundMessages.messageId, ids[1]!));
  assert.equal(poison?.processedAt, null);
  assert.match(
    poison?.processingNote ?? "",
    /^Processing failed 1 time\(s\), will be retried\. Last error: storage refused the eDoc$/,
  );

  // Once the fault is gone, the job takes it, alone.
  assert.equal((await processInboundMail(database.db)).processed, 1);
  await threadOf(ids[1]!);
  assert.equal((await verifyAuditChain(database.db)).intact, true);
});
