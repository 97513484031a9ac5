import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import { processInboundMail } from "../../../src/correspondence/process-inbound-message.ts";
import { auditEvents, enquiries, enquiryMessages, enquiryQueueContacts } from "../../../src/db/schema.ts";
import { submitEnquiryForm } from "../../../src/enquiries/submit-enquiry-form.ts";
import { findOfficeMailbox, storeInboundMessage } from "../../../src/mail/store-inbound-message.ts";
import { SYSTEM_ACTOR } from "../../../src/users/actor.ts";
import { tableCounts } from "../../support/counts.ts";
import { Agent, shownText } from "../agent.ts";
import { openWebFixture } from "../fixtures.ts";

let fixture: Awaited<ReturnType<typeof openWebFixture>>;
let ada: Agent;
let ana: Agent;
before(async () => {
  fixture = await openWebFixture();
  ada = new Agent(fixture.app);
  await ada.signIn("ada@dossier.test");
  ana = new Agent(fixture.app);
  await ana.signIn("ana@dossier.test");
});
after(() => fixture.database.close());

/** An email to OTT's enquiries mailbox, stored and processed as intake does; resolves with its enquiry. */
async function emailToOttawa(body: string) {
  const db = fixture.database.db;
  const messageId = `<${randomUUID()}@mail.example>`;
  const raw = Buffer.from(
    [
      "From: Thi Anh Nguyen <anh.nguyen@example.com>",
      "To: OTT office <ott@dossier.test>",
      "Subject: Question",
      `Message-ID: ${messageId}`,
      "Date: Mon, 02 Mar 2026 10:15:00 -0500",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "",
      body,
      "",
    ].join("\r\n"),
  );
  const mailbox = await findOfficeMailbox(db, "ott@dossier.test");
  assert.ok(mailbox, "OTT has an enquiries mailbox");
  await storeInboundMessage(db, {
    mailboxes: [mailbox],
    envelopeFrom: "anh.nguyen@example.com",
    envelopeTo: ["ott@dossier.test"],
    raw,
    actor: SYSTEM_ACTOR,
  });
  await processInboundMail(db);
  const [row] = await db
    .select({ enquiry: enquiries })
    .from(enquiryMessages)
    .innerJoin(enquiries, eq(enquiries.id, enquiryMessages.enquiryId))
    .where(eq(enquiryMessages.messageId, messageId));
  assert.ok(row, `an enquiry holds ${messageId}`);
  return row.enquiry;
}

const QUESTION = "Where is the visa application centre in Ottawa?";

function rulesForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    officeCode: "OTT",
    "queue-biometrics-complaint": "program-manager",
    "en-biometrics-complaint": "mistaken identity\nfalse match",
    "fr-biometrics-complaint": "erreur d'identité",
    "queue-service-complaint": "program-manager",
    "en-service-complaint": "complaint\nrude",
    "fr-service-complaint": "plainte",
    "queue-local-procedures": "office-enquiries",
    "en-local-procedures": "office hours\nvisa application centre",
    "fr-local-procedures": "heures d'ouverture\ncentre de réception des demandes de visa",
    "queue-case-specific": "office-enquiries",
    "en-case-specific": "my application",
    "fr-case-specific": "ma demande",
    "queue-general-policy": "policy-directorate",
    "en-general-policy": "processing times",
    "fr-general-policy": "délais de traitement",
    ...overrides,
  };
}

test("a phrase an administrator adds for OTT puts OTT's next enquiry in that category", async () => {
  const shown = await ada.page("/admin/enquiry-rules?office=OTT");
  assert.equal(shown.status, 200);
  assert.ok(shownText(shown.html).includes("Dossier's default rules are in use; saving replaces them."));

  const first = await emailToOttawa(QUESTION);
  assert.equal(
    first.category,
    "case-specific",
    "with the default rules nothing matches: the office reads it",
  );

  const saved = await ada.post("/admin/enquiry-rules", rulesForm());
  assert.equal(saved.status, 303);
  assert.equal(saved.headers.get("location"), "/admin/enquiry-rules?office=OTT&done=rules-saved");
  const page = await ada.page(saved.headers.get("location")!);
  const text = shownText(page.html);
  assert.ok(text.includes("The rules are saved; the next enquiry is categorised by them."));
  assert.ok(text.includes("This office's own rules are in use."));
  assert.ok(text.includes("office hours, visa application centre"));

  const next = await emailToOttawa(QUESTION);
  assert.equal(next.category, "local-procedures");
  assert.equal(next.queue, "office-enquiries");
  assert.match(JSON.stringify(next.categoryReason), /visa application centre/);

  const [event] = await fixture.database.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, "enquiry-category-rules.replaced"));
  assert.equal(event?.entityId, "OTT");

  // The public form reads the same rules as mail.
  const { reference } = await submitEnquiryForm(
    fixture.database.db,
    "OTT",
    {
      channel: "web-form",
      enquirerName: "Thị Ánh Nguyễn",
      enquirerRole: "applicant",
      enquirerEmail: "anh.nguyen@example.com",
      applicantGivenName: "Thị Ánh",
      applicantFamilyName: "Nguyễn",
      applicantDateOfBirth: "1990-04-12",
      fileNumber: fixture.seed.application.fileNumber,
      language: "en",
      message: QUESTION,
    },
    { clientAddress: "203.0.113.77" },
  );
  const [fromForm] = await fixture.database.db
    .select({ category: enquiries.category })
    .from(enquiries)
    .where(eq(enquiries.reference, reference));
  assert.equal(fromForm?.category, "local-procedures");
});

test("bad rules are refused naming the field, in English and French, and nothing is written", async () => {
  const before = await tableCounts(fixture.database.db);
  await ada.page("/admin/enquiry-rules?office=OTT&lang=en");
  const badQueue = await ada.post("/admin/enquiry-rules", rulesForm({ "queue-general-policy": "nowhere" }));
  assert.equal(badQueue.status, 400);
  const badQueueText = shownText(await badQueue.text());
  assert.ok(
    badQueueText.includes(
      "Responsible queue — general procedures and policy: must be one of office-enquiries",
    ),
    badQueueText,
  );

  await ada.page("/admin/enquiry-rules?office=OTT&lang=fr");
  const long = "x".repeat(101);
  const tooLong = await ada.post(
    "/admin/enquiry-rules",
    rulesForm({ "fr-case-specific": `ma demande\n${long}` }),
  );
  assert.equal(tooLong.status, 400);
  const html = await tooLong.text();
  assert.ok(
    shownText(html).includes(
      "Expressions en français — demande de renseignements sur un cas précis : doit compter au plus 100 caractères",
    ),
  );
  assert.ok(html.includes(long), "what was typed is shown back");

  const empty: Record<string, string> = { officeCode: "OTT" };
  const none = await ada.post("/admin/enquiry-rules", empty);
  assert.equal(none.status, 400);
  assert.deepEqual(await tableCounts(fixture.database.db), before);
});

test("an administrator sets and removes a queue's address on the same page", async () => {
  await ada.page("/admin/enquiry-rules?lang=en");
  const set = await ada.post("/admin/enquiry-rules/queue-contacts", {
    officeCode: "",
    queue: "case-management-branch",
    email: "Case-Review@Example.GC.CA",
  });
  assert.equal(set.status, 303);
  const page = await ada.page(set.headers.get("location")!);
  assert.ok(shownText(page.html).includes("case-review@example.gc.ca"));

  const bad = await ada.post("/admin/enquiry-rules/queue-contacts", {
    officeCode: "",
    queue: "case-management-branch",
    email: "not an address",
  });
  assert.equal(bad.status, 400);
  assert.ok(shownText(await bad.text()).includes("Email address: must be an email address"));

  await ada.page("/admin/enquiry-rules");
  const removed = await ada.post("/admin/enquiry-rules/queue-contacts", {
    officeCode: "",
    queue: "case-management-branch",
    email: "",
  });
  assert.equal(removed.status, 303);
  assert.equal((await fixture.database.db.select().from(enquiryQueueContacts)).length, 0);
});

test("an officer is refused the page and its forms, with a 403, and nothing is written", async () => {
  const before = await tableCounts(fixture.database.db);
  const page = await ana.page("/admin/enquiry-rules?lang=fr");
  assert.equal(page.status, 403);
  assert.ok(shownText(page.html).includes("Seul un administrateur peut faire cela."));
  await ana.page("/?lang=en");
  const rules = await ana.post("/admin/enquiry-rules", rulesForm());
  assert.equal(rules.status, 403);
  const contact = await ana.post("/admin/enquiry-rules/queue-contacts", {
    queue: "program-manager",
    officeCode: "OTT",
    email: "pm@example.gc.ca",
  });
  assert.equal(contact.status, 403);
  assert.deepEqual(await tableCounts(fixture.database.db), before);
});

test("an administrator removes OTT's own rules: OTT's next enquiry follows the defaults again", async () => {
  const before = await ada.page("/admin/enquiry-rules?office=OTT");
  assert.ok(shownText(before.html).includes("This office's own rules are in use."));
  assert.ok(shownText(before.html).includes("Stop using these rules"));

  const cleared = await ada.post("/admin/enquiry-rules/clear", { officeCode: "OTT" });
  assert.equal(cleared.status, 303);
  assert.equal(cleared.headers.get("location"), "/admin/enquiry-rules?office=OTT&done=rules-cleared");
  const after = shownText((await ada.page(cleared.headers.get("location")!)).html);
  assert.ok(after.includes("The rules are removed; the next enquiry is categorised by the rules now shown."));
  assert.ok(after.includes("Dossier's default rules are in use; saving replaces them."));
  assert.ok(!after.includes("Stop using these rules"), "nothing is left to remove at this level");

  const next = await emailToOttawa(QUESTION);
  assert.equal(next.category, "case-specific");

  const [event] = await fixture.database.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, "enquiry-category-rules.cleared"));
  assert.equal(event?.entityId, "OTT");
  assert.match(JSON.stringify(event?.before), /visa application centre/, "the removed rules are kept");

  const counts = await tableCounts(fixture.database.db);
  const again = await ada.post("/admin/enquiry-rules/clear", { officeCode: "OTT" });
  assert.equal(again.status, 409);
  assert.ok(shownText(await again.text()).includes("no rules of its own are set at this level"));
  assert.deepEqual(await tableCounts(fixture.database.db), counts);

  const officer = await ana.post("/admin/enquiry-rules/clear", { officeCode: "OTT" });
  assert.equal(officer.status, 403);
});
