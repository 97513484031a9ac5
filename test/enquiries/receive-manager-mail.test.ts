import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { and, eq, sql } from "drizzle-orm";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.ts";
import type { Database } from "../../src/db/database.ts";
import { activities, enquiries, enquiryMessages, inboundMessages } from "../../src/db/schema.ts";
import {
  MANAGER_MAILBOX_ESCALATION_ACTIVITY,
  MANAGER_REDIRECT_KIND,
} from "../../src/enquiries/receive-manager-mail.ts";
import { type SmtpListener, startSmtpReceiver } from "../../src/mail/smtp-receiver.ts";
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
const MANAGER = "ott-manager@dossier.test";

before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
  receiver = await startSmtpReceiver({ db: database.db, host: "127.0.0.1", port: 0 });
});
after(async () => {
  await receiver.close();
  await database.close();
});

async function managerActivities(reference: string) {
  return database.db
    .select()
    .from(activities)
    .where(
      and(
        eq(activities.activity, MANAGER_MAILBOX_ESCALATION_ACTIVITY),
        sql`${activities.details} like ${`%Enquiry: ${reference}%`}`,
      ),
    );
}

async function outgoing(enquiryId: string) {
  return database.db
    .select()
    .from(enquiryMessages)
    .where(and(eq(enquiryMessages.enquiryId, enquiryId), eq(enquiryMessages.direction, "out")));
}

test("manager mail about a file whose enquiry went unanswered past the response time is accepted as an escalation", async () => {
  const first = newMessageId();
  await deliver(database.db, receiver, frenchEnquiry(seed.application.fileNumber, first), "ott@dossier.test");
  const prior = await enquiryByMessageId(database.db, first);
  await database.db
    .update(enquiries)
    .set({ receivedAt: new Date(Date.now() - 35 * DAY_MS) })
    .where(eq(enquiries.id, prior.id));

  const messageId = newMessageId();
  await deliver(
    database.db,
    receiver,
    email({
      from: "Sophie Tremblay <s.tremblay@avocats.example>",
      to: MANAGER,
      subject: `Dossier ${seed.application.fileNumber} : aucune réponse`,
      messageId,
      body: `Bonjour,\n\nMa demande ${prior.reference} sur le dossier ${seed.application.fileNumber} est restée sans réponse depuis plus d'un mois.\n\nSophie Tremblay`,
    }),
    MANAGER,
  );
  const enquiry = await enquiryByMessageId(database.db, messageId);
  assert.notEqual(enquiry.id, prior.id);
  assert.equal(enquiry.escalatedTo, "program-manager");
  assert.equal(enquiry.escalationTrigger, "manager-mailbox");
  assert.match(
    (enquiry.escalationReason as { en: string }).en,
    new RegExp(`${prior.reference} .* past the published response time`),
  );
  const queued = await managerActivities(enquiry.reference);
  assert.equal(queued.length, 1);
  assert.equal(queued[0]!.subActivity, "Regular channel tried first");
  assert.match(queued[0]!.details ?? "", new RegExp(`Earlier enquiry: ${prior.reference}`));
  assert.match(queued[0]!.details ?? "", /la décision sur le dossier demeure celle de l'agent/);
  assert.equal((await outgoing(enquiry.id)).length, 0, "no redirect to someone whose mail was accepted");
  const [inbound] = await database.db
    .select()
    .from(inboundMessages)
    .where(eq(inboundMessages.messageId, messageId));
  assert.equal(inbound?.mailbox, MANAGER);
  assert.match(inbound?.processingNote ?? "", /accepted as an escalation/);
});

test("urgent manager mail with a reason (a flight) is accepted", async () => {
  const messageId = newMessageId();
  await deliver(
    database.db,
    receiver,
    email({
      from: "Mark Ellis <m.ellis@law.example>",
      to: MANAGER,
      subject: "URGENT - flight on 14 March, file V000099999",
      messageId,
      body: "Hello,\n\nThis is urgent: my client's flight leaves on 14 March for his father's funeral, and the visa is still pending.\n\nMark Ellis, authorised representative",
    }),
    MANAGER,
  );
  const enquiry = await enquiryByMessageId(database.db, messageId);
  assert.equal(enquiry.escalatedTo, "program-manager");
  assert.match((enquiry.escalationReason as { en: string }).en, /Marked urgent, with a reason/);
  const queued = await managerActivities(enquiry.reference);
  assert.equal(queued[0]?.subActivity, "Urgent, with a reason");
});

test("an ordinary question in French gets the polite redirect in French and is filed as an enquiry of the office's mailbox", async () => {
  const messageId = newMessageId();
  await deliver(
    database.db,
    receiver,
    email({
      from: "Julie Roy <julie.roy@example.ca>",
      to: MANAGER,
      subject: "Question sur ma demande",
      messageId,
      body: "Bonjour,\n\nJe voudrais savoir où en est ma demande de permis d'études. Pouvez-vous me donner des nouvelles?\n\nMerci,\nJulie Roy",
    }),
    MANAGER,
  );
  const enquiry = await enquiryByMessageId(database.db, messageId);
  assert.equal(enquiry.escalatedAt, null);
  assert.equal(enquiry.queue, "office-enquiries");
  assert.equal(enquiry.state, "open");
  assert.equal(enquiry.language, "fr");
  assert.ok(enquiry.responseDueAt, "its response clock runs as any enquiry's");
  assert.equal((await managerActivities(enquiry.reference)).length, 0);

  const replies = await outgoing(enquiry.id);
  assert.equal(replies.length, 1);
  const reply = replies[0]!;
  assert.equal(reply.kind, MANAGER_REDIRECT_KIND);
  assert.equal(reply.status, "generate");
  assert.equal(reply.automatic, true);
  assert.equal(reply.language, "fr");
  assert.deepEqual(reply.toAddresses, ["julie.roy@example.ca"]);
  assert.equal(reply.inReplyTo, messageId);
  assert.equal(reply.subject, "Votre message au gestionnaire du programme de migration");
  assert.match(reply.bodyText, /ott@dossier\.test/);
  assert.match(reply.bodyText, /le courriel n'est pas un moyen de communication sécurisé/);
  assert.equal((await verifyAuditChain(database.db)).intact, true);
});

test("a reply to the manager address that answers an enquiry's message joins that enquiry instead of opening one", async () => {
  const first = newMessageId();
  await deliver(
    database.db,
    receiver,
    email({
      from: "Marc Dubé <marc.dube@example.ca>",
      to: MANAGER,
      subject: "Question sur mon permis",
      messageId: first,
      body: "Bonjour,\n\nOù en est ma demande de permis de travail?\n\nMarc Dubé",
    }),
    MANAGER,
  );
  const enquiry = await enquiryByMessageId(database.db, first);
  const [redirect] = await outgoing(enquiry.id);
  assert.equal(redirect?.kind, MANAGER_REDIRECT_KIND);
  const countBefore = (await database.db.select({ id: enquiries.id }).from(enquiries)).length;

  // He answers the automatic reply, which came from the manager address he wrote to.
  const answer = newMessageId();
  await deliver(
    database.db,
    receiver,
    email({
      from: "Marc Dubé <marc.dube@example.ca>",
      to: MANAGER,
      subject: `Re: ${redirect!.subject}`,
      messageId: answer,
      headers: [`In-Reply-To: ${redirect!.messageId}`, `References: ${first} ${redirect!.messageId}`],
      body: "Merci, mais j'attends depuis trois mois.\n\nMarc Dubé",
    }),
    MANAGER,
  );
  assert.equal((await enquiryByMessageId(database.db, answer)).id, enquiry.id);
  assert.equal((await database.db.select({ id: enquiries.id }).from(enquiries)).length, countBefore);
  assert.equal((await outgoing(enquiry.id)).length, 1, "no second redirect");
  const [stored] = await database.db
    .select({ note: inboundMessages.processingNote })
    .from(inboundMessages)
    .where(eq(inboundMessages.messageId, answer));
  assert.match(
    stored?.note ?? "",
    new RegExp(`^Added to enquiry ${enquiry.reference}: it answers message <`),
  );
  assert.equal((await verifyAuditChain(database.db)).intact, true);
});
