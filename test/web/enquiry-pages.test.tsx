import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import { processInboundMail } from "../../src/correspondence/process-inbound-message.ts";
import { enquiries, enquiryMessages } from "../../src/db/schema.ts";
import { submitEnquiryForm } from "../../src/enquiries/submit-enquiry-form.ts";
import { findOfficeMailbox, storeInboundMessage } from "../../src/mail/store-inbound-message.ts";
import { SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { Agent, shownText, textOf, titleOf } from "./agent.ts";
import { openWebFixture } from "./fixtures.ts";

const DAY_MS = 24 * 3600_000;
let fixture: Awaited<ReturnType<typeof openWebFixture>>;
const reference: Record<"due" | "breached" | "paused" | "met", string> = {
  due: "",
  breached: "",
  paused: "",
  met: "",
};

function form(enquirerName: string, message: string) {
  return {
    channel: "web-form",
    enquirerName,
    enquirerRole: "applicant",
    enquirerEmail: "anh.nguyen@example.com",
    applicantGivenName: "Thị Ánh",
    applicantFamilyName: "Nguyễn",
    applicantDateOfBirth: "1990-04-12",
    fileNumber: fixture.seed.application.fileNumber,
    language: "en",
    message,
  };
}

before(async () => {
  fixture = await openWebFixture();
  const { db } = fixture.database;
  const now = Date.now();
  const send = async (name: string, message: string, daysAgo: number, address: string) =>
    (
      await submitEnquiryForm(db, "OTT", form(name, message), {
        clientAddress: address,
        now: new Date(now - daysAgo * DAY_MS),
      })
    ).reference;
  reference.due = await send(
    "<script>alert('name')</script>",
    "<b>Where</b> is my file?<script>x()</script>",
    2,
    "a",
  );
  reference.breached = await send("Breached Enquirer", "Still waiting after forty days.", 40, "b");
  reference.paused = await send("Paused Enquirer", "Which documents do you need?", 5, "c");
  reference.met = await send("Met Enquirer", "Thank you for the answer.", 10, "d");
  await db
    .update(enquiries)
    .set({
      state: "awaiting-information",
      slaPauses: [{ from: new Date(now - 4 * DAY_MS).toISOString(), to: null }],
      responseDueAt: null,
    })
    .where(eq(enquiries.reference, reference.paused));
  await db
    .update(enquiries)
    .set({ state: "answered", firstResponseAt: new Date(now - 8 * DAY_MS) })
    .where(eq(enquiries.reference, reference.met));
});
after(() => fixture.database.close());

/** The row of the list that holds this reference, as text. */
function rowOf(html: string, ref: string): string {
  const row = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].find((match) => match[1]!.includes(ref));
  assert.ok(row, `a row for ${ref}`);
  return textOf(row[1]!).trim();
}

test("the list shows each enquiry's response-time state, with the due date in the office's zone, and filters by it", async () => {
  const agent = new Agent(fixture.app);
  await agent.signIn("ana@dossier.test");
  const page = await agent.page("/enquiries?lang=en");
  assert.equal(page.status, 200);
  assert.equal(titleOf(page.html), "Enquiries — Dossier");
  assert.match(page.html, /<gcds-nav-link href="\/enquiries" current="true">Enquiries<\/gcds-nav-link>/);
  assert.match(rowOf(page.html, reference.due), /Due, due \d{4}-\d{2}-\d{2} \d{2}:\d{2} E[DS]T$/);
  assert.match(rowOf(page.html, reference.breached), /Breached, due \d{4}-\d{2}-\d{2} \d{2}:\d{2} E[DS]T$/);
  assert.match(
    rowOf(page.html, reference.paused),
    /Waiting for the enquirer Paused: waiting for the enquirer$/,
  );
  assert.match(rowOf(page.html, reference.met), /Answered Met$/);
  assert.ok(rowOf(page.html, reference.breached).includes("Breached Enquirer Case-specific enquiry"));

  const breached = await agent.page("/enquiries?sla=breached");
  assert.ok(breached.html.includes(reference.breached));
  for (const other of [reference.due, reference.paused, reference.met]) {
    assert.ok(!breached.html.includes(other), `${other} is not breached`);
  }
  const waiting = await agent.page("/enquiries?state=awaiting-information&lang=fr");
  assert.ok(waiting.html.includes(reference.paused));
  assert.ok(!waiting.html.includes(reference.due));
  assert.match(
    rowOf(waiting.html, reference.paused),
    /En attente de l'auteur Suspendu : en attente de l'auteur$/,
  );
  assert.match(waiting.html, />Demandes de renseignements<\/gcds-nav-link>/);
});

test("an enquiry's page shows what was typed as text, never as markup, with where each item came from", async () => {
  const agent = new Agent(fixture.app);
  await agent.signIn("ana@dossier.test");
  const page = await agent.page(`/enquiries/${reference.due}?lang=en`);
  assert.equal(page.status, 200);
  assert.ok(!page.html.includes("<script>alert"), "the name is not markup");
  assert.ok(!page.html.includes("<b>Where"), "the message is not markup");
  assert.ok(page.html.includes("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;"));
  assert.ok(page.html.includes("&lt;b&gt;Where&lt;/b&gt; is my file?&lt;script&gt;x()&lt;/script&gt;"));
  const shown = shownText(page.html);
  assert.ok(shown.includes("Your full name <script>alert('name')</script> The web form web form"), shown);
  assert.ok(shown.includes("Nothing is missing"));
  assert.ok(shown.includes("Response time Due Published response time 30 days"));
  assert.ok(shown.includes("No automatic reply was needed."));
  assert.match(page.html, new RegExp(`href="/applications/${fixture.seed.application.fileNumber}"`));
});

test("another office's officer gets not found, and does not see the enquiry in the list", async () => {
  const agent = new Agent(fixture.app);
  await agent.signIn("liam@dossier.test");
  const page = await agent.page(`/enquiries/${reference.due}?lang=en`);
  assert.equal(page.status, 404);
  assert.equal(titleOf(page.html), "Page not found (404) — Dossier");
  const list = await agent.page("/enquiries?lang=en");
  assert.equal(list.status, 200);
  assert.ok(!list.html.includes(reference.due));
  assert.ok(shownText(list.html).includes("No enquiry matches."));
});

test("an emailed enquiry shows its envelope sender, marked when it is not the From address", async () => {
  const { db } = fixture.database;
  const mailbox = await findOfficeMailbox(db, "ott@dossier.test");
  assert.ok(mailbox, "OTT has an enquiries mailbox");
  const raw = (messageId: string) =>
    Buffer.from(
      [
        "From: Thi Anh Nguyen <anh.nguyen@example.com>",
        "To: OTT office <ott@dossier.test>",
        "Subject: My file",
        `Message-ID: ${messageId}`,
        "Date: Mon, 02 Mar 2026 10:15:00 -0500",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Is there any news on my application?",
        "",
      ].join("\r\n"),
    );
  for (const [messageId, envelopeFrom] of [
    ["<spoofed-1@mail.example>", "bulk@spoofer.example"],
    ["<genuine-1@mail.example>", "Anh.Nguyen@example.com"],
  ] as const) {
    await storeInboundMessage(db, {
      mailboxes: [mailbox],
      envelopeFrom,
      envelopeTo: ["ott@dossier.test"],
      raw: raw(messageId),
      actor: SYSTEM_ACTOR,
    });
  }
  await processInboundMail(db);
  const pageOf = async (messageId: string, lang: "en" | "fr") => {
    const [row] = await db
      .select({ reference: enquiries.reference })
      .from(enquiryMessages)
      .innerJoin(enquiries, eq(enquiries.id, enquiryMessages.enquiryId))
      .where(eq(enquiryMessages.messageId, messageId));
    assert.ok(row, `an enquiry holds ${messageId}`);
    const agent = new Agent(fixture.app);
    await agent.signIn("ana@dossier.test");
    return shownText((await agent.page(`/enquiries/${row.reference}?lang=${lang}`)).html);
  };
  const spoofed = await pageOf("<spoofed-1@mail.example>", "en");
  assert.ok(
    spoofed.includes(
      "Envelope sender (MAIL FROM): bulk@spoofer.example Not the From address: check who sent it",
    ),
    spoofed,
  );
  const spoofedFr = await pageOf("<spoofed-1@mail.example>", "fr");
  assert.ok(spoofedFr.includes("Expéditeur de l'enveloppe (MAIL FROM) : bulk@spoofer.example Diffère"));
  const genuine = await pageOf("<genuine-1@mail.example>", "en");
  assert.ok(genuine.includes("Envelope sender (MAIL FROM): Anh.Nguyen@example.com"));
  assert.ok(!genuine.includes("Not the From address"));
});
