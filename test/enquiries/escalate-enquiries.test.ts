import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.ts";
import type { Database } from "../../src/db/database.ts";
import {
  activities,
  auditEvents,
  enquiries,
  enquiryMessages,
  enquiryQueueContacts,
} from "../../src/db/schema.ts";
import { escalateEnquiries } from "../../src/enquiries/escalate-enquiries.ts";
import {
  ENQUIRY_ESCALATION_ACTIVITY,
  ESCALATION_FORWARD_KIND,
} from "../../src/enquiries/escalate-enquiry.ts";
import { findQueueContact } from "../../src/enquiries/find-queue-contact.ts";
import { recordDisagreement } from "../../src/enquiries/record-disagreement.ts";
import { setQueueContact } from "../../src/enquiries/set-queue-contact.ts";
import { type SmtpListener, startSmtpReceiver } from "../../src/mail/smtp-receiver.ts";
import { escalateEnquiriesJob } from "../../src/scheduler/jobs/escalate-enquiries.ts";
import { isAppError } from "../../src/shared/errors.ts";
import { SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";
import {
  DAY_MS,
  deliver,
  email,
  enquiryByMessageId,
  frenchEnquiry,
  newMessageId,
} from "./escalation-support.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
let receiver: SmtpListener;
const CMB = "case-review@cmb.example";

before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
  receiver = await startSmtpReceiver({ db: database.db, host: "127.0.0.1", port: 0 });
  // The Case Management Branch's one address, for every office.
  await database.db.insert(enquiryQueueContacts).values({ queue: "case-management-branch", email: CMB });
});
after(async () => {
  await receiver.close();
  await database.close();
});

async function receivedDaysAgo(enquiryId: string, days: number, pauses: unknown[] = []) {
  await database.db
    .update(enquiries)
    .set({
      receivedAt: new Date(Date.now() - days * DAY_MS),
      state: "open",
      slaPauses: pauses,
      missingFields: [],
    })
    .where(eq(enquiries.id, enquiryId));
}

async function reload(enquiryId: string) {
  const [row] = await database.db.select().from(enquiries).where(eq(enquiries.id, enquiryId));
  return row!;
}

async function forwardsOf(enquiryId: string) {
  return database.db
    .select()
    .from(enquiryMessages)
    .where(and(eq(enquiryMessages.enquiryId, enquiryId), eq(enquiryMessages.kind, ESCALATION_FORWARD_KIND)));
}

async function escalationActivities(reference: string) {
  return database.db
    .select()
    .from(activities)
    .where(
      and(
        eq(activities.activity, ENQUIRY_ESCALATION_ACTIVITY),
        sql`${activities.details} like ${`%Enquiry: ${reference}%`}`,
      ),
    );
}

test("a case-specific enquiry left 30 days goes up to the Case Management Branch once, however many runs, with the whole thread", async () => {
  const messageId = newMessageId();
  await deliver(
    database.db,
    receiver,
    frenchEnquiry(seed.application.fileNumber, messageId),
    "ott@dossier.test",
  );
  const opened = await enquiryByMessageId(database.db, messageId);
  assert.equal(opened.category, "case-specific");
  await receivedDaysAgo(opened.id, 31);

  await escalateEnquiriesJob.run(database.db);
  await escalateEnquiriesJob.run(database.db);

  const enquiry = await reload(opened.id);
  assert.equal(enquiry.escalatedTo, "case-management-branch");
  assert.equal(enquiry.escalationTrigger, "no-reply-30-days");
  assert.ok(enquiry.escalatedAt);
  assert.match((enquiry.escalationReason as { en: string }).en, /No reply after 30 days/);
  assert.match((enquiry.escalationReason as { fr: string }).fr, /Aucune réponse après 30 jours/);

  const forwards = await forwardsOf(enquiry.id);
  assert.equal(forwards.length, 1, "forwarded once");
  const forward = forwards[0]!;
  assert.deepEqual(forward.toAddresses, [CMB]);
  assert.equal(forward.status, "generate", "queued for the dispatcher");
  assert.equal(forward.automatic, true, "sending it does not count as a reply to the enquirer");
  assert.match(forward.subject, new RegExp(enquiry.reference));
  assert.match(forward.bodyText, /escalated to the Case Management Branch/);
  assert.match(forward.bodyText, /Direction générale du règlement des cas/);
  assert.match(forward.bodyText, /toujours en attente/, "the enquirer's own words are forwarded");
  assert.match(forward.bodyText, /s\.tremblay@avocats\.example/);

  const queued = await escalationActivities(enquiry.reference);
  assert.equal(queued.length, 1);
  assert.equal(queued[0]!.officeId, enquiry.officeId);
  assert.equal(queued[0]!.applicationId, seed.application.id);
  assert.match(queued[0]!.details ?? "", new RegExp(`forwarded to ${CMB.replace(/\./g, "\\.")}`));

  const events = await database.db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "enquiry.escalated"), eq(auditEvents.entityId, enquiry.id)));
  assert.equal(events.length, 1);
  assert.equal((await verifyAuditChain(database.db)).intact, true);
});

test("a local-procedure enquiry left 30 days goes up to the program manager, in the office's queue", async () => {
  const messageId = newMessageId();
  await deliver(
    database.db,
    receiver,
    email({
      from: "Ravi Kumar <ravi.kumar@example.org>",
      to: "ott@dossier.test",
      subject: "Office hours",
      messageId,
      body: "Hello,\n\nWhat are your office hours for passport pickup? Can I book an appointment?\n\nRavi Kumar",
    }),
    "ott@dossier.test",
  );
  const opened = await enquiryByMessageId(database.db, messageId);
  assert.equal(opened.category, "local-procedures");
  await receivedDaysAgo(opened.id, 29);
  await escalateEnquiriesJob.run(database.db);
  assert.equal((await reload(opened.id)).escalatedAt, null, "29 days: not yet");

  await receivedDaysAgo(opened.id, 30.5);
  await escalateEnquiriesJob.run(database.db);
  const enquiry = await reload(opened.id);
  assert.equal(enquiry.escalatedTo, "program-manager");
  assert.equal(
    (await forwardsOf(enquiry.id)).length,
    0,
    "no forwarding address recorded for the program manager",
  );
  const queued = await escalationActivities(enquiry.reference);
  assert.equal(queued.length, 1);
  assert.equal(queued[0]!.subActivity, "migration program manager");
  assert.match(queued[0]!.details ?? "", /No forwarding address is recorded/);
});

test("the 30 days stand still while the office waits for the enquirer", async () => {
  const messageId = newMessageId();
  await deliver(
    database.db,
    receiver,
    frenchEnquiry(seed.application.fileNumber, messageId),
    "ott@dossier.test",
  );
  const opened = await enquiryByMessageId(database.db, messageId);
  // Received 31 days ago; waited 9 days for the enquirer: 22 days on the clock.
  const from = new Date(Date.now() - 30 * DAY_MS).toISOString();
  const to = new Date(Date.now() - 21 * DAY_MS).toISOString();
  await receivedDaysAgo(opened.id, 31, [{ from, to }]);
  await escalateEnquiriesJob.run(database.db);
  assert.equal((await reload(opened.id)).escalatedAt, null, "paused time is not counted");

  // Still waiting for the enquirer, long past 30 days: the office cannot answer what it lacks.
  await receivedDaysAgo(opened.id, 45, [
    { from: new Date(Date.now() - 44 * DAY_MS).toISOString(), to: null },
  ]);
  await database.db
    .update(enquiries)
    .set({ state: "awaiting-information" })
    .where(eq(enquiries.id, opened.id));
  await escalateEnquiriesJob.run(database.db);
  assert.equal((await reload(opened.id)).escalatedAt, null, "waiting for the enquirer");

  // The pause ends and 40 days have gone by with 9 paused: 31 days on the clock.
  await receivedDaysAgo(opened.id, 40, [{ from, to }]);
  await escalateEnquiriesJob.run(database.db);
  assert.equal((await reload(opened.id)).escalatedTo, "case-management-branch");
});

test("a disagreement an officer records sends a case-specific enquiry up at once; it cannot be recorded before a reply, nor twice", async () => {
  const messageId = newMessageId();
  await deliver(
    database.db,
    receiver,
    frenchEnquiry(seed.application.fileNumber, messageId),
    "ott@dossier.test",
  );
  const opened = await enquiryByMessageId(database.db, messageId);
  const input = {
    reference: opened.reference,
    note: "Conteste le refus : les relevés bancaires n'ont pas été lus.",
  };

  await assert.rejects(recordDisagreement(database.db, seed.ottawa, input), (error) => {
    assert.ok(isAppError(error));
    assert.equal(error.code, "invalid_state");
    assert.match(error.messageFr ?? "", /pas encore répondu/);
    return true;
  });
  await assert.rejects(recordDisagreement(database.db, seed.london, input), (error) => {
    assert.ok(isAppError(error));
    assert.equal(error.code, "not_found", "another office's enquiry is not found");
    return true;
  });

  // An officer replied two days after receipt.
  await database.db
    .update(enquiries)
    .set({ firstResponseAt: new Date(opened.receivedAt.getTime() + 2 * DAY_MS), state: "answered" })
    .where(eq(enquiries.id, opened.id));
  const recorded = await recordDisagreement(database.db, seed.ottawa, input);
  assert.equal(recorded.escalation?.to, "case-management-branch");
  assert.equal(recorded.escalation?.forward?.address, CMB);

  const enquiry = await reload(opened.id);
  assert.equal(enquiry.escalationTrigger, "disagreement");
  assert.ok(enquiry.disagreementAt);
  assert.equal(enquiry.disagreementNote, input.note);
  assert.match((enquiry.escalationReason as { en: string }).en, /disagrees with the reply/);

  await assert.rejects(recordDisagreement(database.db, seed.ottawa, input), (error) => {
    assert.ok(isAppError(error));
    assert.equal(error.code, "conflict");
    return true;
  });
  await escalateEnquiriesJob.run(database.db);
  assert.equal((await forwardsOf(enquiry.id)).length, 1, "the job does not escalate it again");
  const [event] = await database.db
    .select()
    .from(auditEvents)
    .where(
      and(eq(auditEvents.action, "enquiry.disagreement-recorded"), eq(auditEvents.entityId, enquiry.id)),
    );
  assert.equal(event?.actorId, seed.ottawa.userId);
  assert.equal((await verifyAuditChain(database.db)).intact, true);
});

test("an office's own address for a queue comes before the one for every office; only administrators set them", async () => {
  const [ottawa] = await database.db
    .select({ id: enquiries.officeId })
    .from(enquiries)
    .where(eq(enquiries.applicationId, seed.application.id))
    .limit(1);
  const office = { id: ottawa!.id };
  assert.deepEqual(await findQueueContact(database.db, office, "case-management-branch"), {
    email: CMB,
    source: "every-office",
  });
  await assert.rejects(
    setQueueContact(database.db, seed.ottawa, { queue: "case-management-branch", email: "x@cmb.example" }),
    (error) => isAppError(error) && error.code === "forbidden",
  );
  await setQueueContact(database.db, SYSTEM_ACTOR, {
    queue: "case-management-branch",
    officeCode: "OTT",
    email: "Ottawa-Review@CMB.example",
  });
  assert.deepEqual(await findQueueContact(database.db, office, "case-management-branch"), {
    email: "ottawa-review@cmb.example",
    source: "office",
  });
  await setQueueContact(database.db, SYSTEM_ACTOR, {
    queue: "case-management-branch",
    officeCode: "OTT",
    email: null,
  });
  assert.equal((await findQueueContact(database.db, office, "case-management-branch"))?.email, CMB);
  assert.equal(await findQueueContact(database.db, office, "program-manager"), null);
});

test("a backlog is read in pages from where the last stopped, so enquiries still waiting do not hold the others back", async () => {
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const messageId = newMessageId();
    await deliver(
      database.db,
      receiver,
      frenchEnquiry(seed.application.fileNumber, messageId),
      "ott@dossier.test",
    );
    ids.push((await enquiryByMessageId(database.db, messageId)).id);
  }
  // The oldest still waits for the enquirer; the two after it are past their 30 days.
  await receivedDaysAgo(ids[0]!, 60, [{ from: new Date(Date.now() - 59 * DAY_MS).toISOString(), to: null }]);
  await database.db.update(enquiries).set({ state: "awaiting-information" }).where(eq(enquiries.id, ids[0]!));
  await receivedDaysAgo(ids[1]!, 59);
  await receivedDaysAgo(ids[2]!, 58);

  let page = await escalateEnquiries(database.db, { limit: 1 });
  const escalated = [...page.escalated];
  let pages = 1;
  while (page.next) {
    page = await escalateEnquiries(database.db, { limit: 1, after: page.next });
    escalated.push(...page.escalated);
    pages += 1;
  }
  assert.ok(pages >= 3);
  assert.deepEqual(escalated.map((e) => e.enquiryId).sort(), [ids[1]!, ids[2]!].sort());
  assert.equal((await reload(ids[0]!)).escalatedAt, null);
});
