import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.ts";
import type { Database } from "../../src/db/database.ts";
import {
  activities,
  caughtMail,
  correspondence,
  edocs,
  enquiries,
  inboundMessages,
} from "../../src/db/schema.ts";
import { type RunningDemo, startDemo } from "../../src/demo/start-demo.ts";
import { configFromEnv } from "../../src/server/config.ts";
import { openTestDatabase } from "../support/database.ts";

// The demo as `dossier demo` runs it, in this process, on a database of the test's own.
let database: Database;
let demo: RunningDemo;

before(async () => {
  database = await openTestDatabase();
  demo = await startDemo({ database, config: { ...configFromEnv({}), port: 0, smtpPort: 0 } });
});
after(async () => {
  await demo?.stop();
  await database?.close();
});

const BOUNCING = "kwame.mensah@nowhere.dossier.demo";

async function waitFor<T>(what: string, read: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test("on its first start the demo sends a letter, the bounce comes back, and the paper fallback appears", async () => {
  assert.equal(demo.fresh, true);
  assert.match(demo.addresses.web ?? "", /^http:\/\/localhost:\d+$/);
  assert.match(demo.addresses.mail ?? "", /^smtp:\/\/127\.0\.0\.1:\d+$/);

  const email = await waitFor("the letter to Kwame Mensah to come back undelivered", async () => {
    const [row] = await database.db
      .select()
      .from(correspondence)
      .where(and(eq(correspondence.address, BOUNCING), eq(correspondence.status, "undelivered")));
    return row;
  });
  assert.equal(email.channel, "email");
  assert.ok(email.sentAt instanceof Date, "it was sent first");
  assert.match(
    email.statusReason ?? "",
    new RegExp(`^Undelivered to ${BOUNCING.replaceAll(".", "\\.")}, 5\\.1\\.1: `),
  );

  // What went out, as the Mail page shows it, and the report that came back to the office mailbox.
  const caught = await database.db.select().from(caughtMail);
  assert.ok(caught.some((m) => m.envelopeTo.includes(BOUNCING) && m.envelopeFrom === "ottawa@dossier.demo"));
  const [report] = await database.db
    .select()
    .from(inboundMessages)
    .where(eq(inboundMessages.correspondenceId, email.id));
  assert.equal(report?.classification, "bounce");
  assert.equal(report?.mailbox, "ottawa@dossier.demo");
  assert.equal(report?.envelopeFrom, "");

  const [paper] = await database.db
    .select()
    .from(correspondence)
    .where(and(eq(correspondence.applicationId, email.applicationId), eq(correspondence.channel, "paper")));
  assert.ok(paper, "a paper letter record exists");
  assert.equal(paper.status, "generate");
  assert.equal(paper.address, "27 Independence Avenue\nAccra\nGhana");
  assert.equal(paper.statusReason, `Paper copy of undelivered email correspondence ${email.id}`);
  const [pdf] = await database.db.select().from(edocs).where(eq(edocs.correspondenceId, paper.id));
  assert.equal(pdf?.kind, "paper-letter");
  assert.equal(pdf?.mediaType, "application/pdf");
  const [mail] = await database.db
    .select()
    .from(activities)
    .where(
      and(eq(activities.applicationId, email.applicationId), eq(activities.activity, "Mail paper letter")),
    );
  assert.equal(mail?.status, "review-required");
  assert.equal(mail?.correspondenceId, paper.id);

  // The other letter of the demo data went to a mailbox that exists, and stays sent.
  const [kept] = await database.db
    .select()
    .from(correspondence)
    .where(eq(correspondence.address, "anh.t.nguyen@example.org"));
  assert.equal(kept?.status, "sent");
  assert.equal((await verifyAuditChain(database.db)).intact, true);
});

test("on its first start the demo's mailboxes hold enquiries: one identified in French, one asked for what it lacks, one escalated after 35 days", async () => {
  const rows = await database.db
    .select({
      reference: enquiries.reference,
      state: enquiries.state,
      language: enquiries.language,
      escalatedTo: enquiries.escalatedTo,
      applicationId: enquiries.applicationId,
    })
    .from(enquiries)
    .orderBy(enquiries.reference);
  assert.equal(rows.length, 3);
  const [zoe, stranger, old] = rows;
  assert.deepEqual(
    { state: zoe?.state, language: zoe?.language, matched: Boolean(zoe?.applicationId) },
    { state: "open", language: "fr", matched: true },
  );
  assert.equal(stranger?.state, "awaiting-information");
  assert.equal(old?.escalatedTo, "case-management-branch");
  const [escalation] = await database.db
    .select()
    .from(activities)
    .where(eq(activities.activity, "Enquiry escalation"));
  assert.equal(escalation?.status, "review-required");
  // The automatic request for the missing details leaves through the dispatcher to the catcher.
  const asked = await waitFor("the automatic reply to reach the catcher", async () => {
    const caught = await database.db.select().from(caughtMail);
    return caught.find((m) => m.envelopeTo.includes("m.okafor@mail.example"));
  });
  assert.equal(asked.envelopeFrom, "ottawa@dossier.demo");
});
