import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { transferApplication } from "../../src/applications/transfer-application.ts";
import { addContactDetail } from "../../src/clients/add-contact-detail.ts";
import { compareWithFile, NOT_SENT_ACTIVITY } from "../../src/correspondence/claim-due-emails.ts";
import { queueCorrespondence } from "../../src/correspondence/queue-email.ts";
import type { Database } from "../../src/db/database.ts";
import { activities, auditEvents, contactDetails, correspondence, edocs } from "../../src/db/schema.ts";
import { AppError } from "../../src/shared/errors.ts";
import { dispatch, newFile } from "../evidence/evidence-fixtures.ts";
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

async function rowOf(id: string) {
  const [row] = await database.db.select().from(correspondence).where(eq(correspondence.id, id));
  return row!;
}

const letter = { subject: "Request for documents", body: "Please send us your police certificate." };

test("the address is decided again when the email leaves: a newer email given in the meantime is the one used", async () => {
  const file = await newFile(database.db, seed.ottawa, { email: "m.okafor@example.com" });
  const queued = await queueCorrespondence(database.db, seed.ottawa, file.application.fileNumber, letter);
  await addContactDetail(database.db, seed.ottawa, file.client.uci, {
    kind: "email",
    value: "marguerite.okafor@example.org",
    consentSource: "client-wrote-first",
  });

  const received = await dispatch(database.db, sink);
  assert.deepEqual(
    received.map((m) => m.to),
    [["marguerite.okafor@example.org"]],
  );
  const row = await rowOf(queued.id);
  assert.equal(row.status, "sent");
  assert.equal(row.address, "marguerite.okafor@example.org");
  const [edoc] = await database.db.select().from(edocs).where(eq(edocs.correspondenceId, queued.id));
  assert.equal(edoc?.description, "Sent, via Email, to marguerite.okafor@example.org");
  // The audit trail keeps the address it was queued with.
  const [claim] = await database.db
    .select({ before: auditEvents.before, after: auditEvents.after })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, "correspondence.sending"),
        sql`${auditEvents.after}->>'correspondenceId' = ${queued.id}`,
      ),
    );
  assert.deepEqual(claim?.before, { status: "generate", address: "m.okafor@example.com" });
  assert.equal(
    (claim?.after as { addressChangedSinceQueued?: boolean } | undefined)?.addressChangedSinceQueued,
    true,
  );
});

test("an email whose file no longer has an address the office may email is not sent, and an officer is asked to act", async () => {
  const file = await newFile(database.db, seed.ottawa, { email: "k.abara@example.com" });
  const queued = await queueCorrespondence(database.db, seed.ottawa, file.application.fileNumber, letter);
  // No operation withdraws an email; a correction made in the database can, and the dispatcher
  // must still not write to an address the file no longer holds.
  await database.db
    .update(contactDetails)
    .set({ supersededAt: new Date() })
    .where(and(eq(contactDetails.clientId, file.client.id), eq(contactDetails.kind, "email")));

  const received = await dispatch(database.db, sink);
  assert.equal(received.length, 0);
  const row = await rowOf(queued.id);
  assert.equal(row.status, "undelivered");
  assert.match(row.statusReason ?? "", /no longer names an email address the office may write to/);
  const [activity] = await database.db
    .select()
    .from(activities)
    .where(eq(activities.correspondenceId, queued.id));
  assert.equal(activity?.activity, NOT_SENT_ACTIVITY);
  assert.equal(activity?.status, "review-required");
  assert.equal(activity?.applicationId, file.application.id);
});

test("a letter queued before a file transfer still comes from the office that wrote it", async () => {
  const file = await newFile(database.db, seed.ottawa, { email: "d.mensah@example.com" });
  const queued = await queueCorrespondence(database.db, seed.ottawa, file.application.fileNumber, letter);
  await transferApplication(database.db, seed.ottawa, file.application.fileNumber, {
    toOfficeCode: "LON",
    reason: "Interview needed at the London office",
  });

  const received = await dispatch(database.db, sink);
  const first = received.find((m) => m.raw.toString("latin1").includes(queued.messageId!));
  assert.equal(first?.from, "ott@dossier.test");
  assert.equal((await rowOf(queued.id)).officeId, file.application.officeId);
  assert.match(first?.raw.toString("latin1") ?? "", /^From: .*<ott@dossier\.test>/m);
});

test("compareWithFile: same address, a changed one, or none the office may email", () => {
  const email = (address: string) => () =>
    ({ channel: "email", address, addressee: "client", consentSource: "application-form" }) as const;
  assert.deepEqual(compareWithFile("a@example.com", email("a@example.com")), {
    kind: "same",
    address: "a@example.com",
  });
  assert.deepEqual(compareWithFile("a@example.com", email("b@example.com")), {
    kind: "changed",
    address: "b@example.com",
    was: "a@example.com",
  });
  const paper = compareWithFile(
    "a@example.com",
    () => ({ channel: "paper", address: "1 Main St", addressee: "client" }) as const,
  );
  assert.equal(paper.kind, "none");
  const nothing = compareWithFile("a@example.com", () => {
    throw new AppError("invalid_state", "There is no address to write to");
  });
  assert.deepEqual(nothing, { kind: "none", reason: "There is no address to write to" });
});
