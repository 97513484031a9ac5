import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { auditEvents, edocs, enquiries, enquiryMessages } from "../../src/db/schema.ts";
import { Agent, shownText, textOf, titleOf } from "./agent.ts";
import { openWebFixture } from "./fixtures.ts";

// A file of its own: every in-process request comes from one address, which the form limits.
let fixture: Awaited<ReturnType<typeof openWebFixture>>;
before(async () => {
  fixture = await openWebFixture();
});
after(() => fixture.database.close());

async function count(table: typeof enquiries | typeof enquiryMessages): Promise<number> {
  const [row] = await fixture.database.db.select({ n: sql<number>`count(*)::int` }).from(table);
  return row!.n;
}

function frenchForm(fileNumber: string): Record<string, string> {
  return {
    enquirerName: "Sophie Tremblay",
    enquirerRole: "representative",
    enquirerEmail: "s.tremblay@avocats.example",
    applicantGivenName: "Thị Ánh",
    applicantFamilyName: "Nguyễn",
    applicantDateOfBirth: "1990-04-12",
    fileNumber,
    uci: "",
    language: "fr",
    message: "Bonjour, où en est le dossier de ma cliente? Je n'ai reçu aucune nouvelle depuis janvier.",
  };
}

test("the public form, in French, creates an enquiry on the office's clock and shows its reference", async () => {
  const { seed } = fixture;
  const visitor = new Agent(fixture.app);
  const offices = await visitor.page("/enquiry?lang=fr");
  assert.equal(offices.status, 200);
  assert.ok(shownText(offices.html).includes("Bureau OTT (répond dans un délai de 30 jours)"));

  const form = await visitor.page("/enquiry/OTT");
  assert.equal(form.status, 200);
  assert.match(form.html, /<html lang="fr">/);
  assert.equal(titleOf(form.html), "Demande de renseignements — Bureau OTT — Dossier");
  assert.ok(shownText(form.html).includes("Le courriel n'est pas un moyen de communication sécurisé"));
  assert.match(form.html, /<input type="radio" id="language-fr" name="language" value="fr" checked=""/);

  const response = await visitor.post("/enquiry/OTT", frenchForm(seed.application.fileNumber));
  assert.equal(response.status, 200);
  const html = await response.text();
  assert.equal(titleOf(html), "Votre demande a été envoyée — Dossier");
  const reference = /ENQ-\d{4}-\d{6}/.exec(textOf(html))?.[0];
  assert.ok(reference, "the page shows the reference");
  assert.ok(textOf(html).includes("Le bureau (Bureau OTT) répond dans un délai de 30 jours"));

  const [enquiry] = await fixture.database.db
    .select()
    .from(enquiries)
    .where(eq(enquiries.reference, reference));
  assert.ok(enquiry);
  assert.equal(enquiry.channel, "web-form");
  assert.equal(enquiry.language, "fr");
  assert.equal(enquiry.state, "open");
  assert.equal(enquiry.enquirerAddress, "s.tremblay@avocats.example");
  assert.equal(enquiry.applicationId, seed.application.id, "the stated file number matched the file");
  assert.deepEqual(enquiry.missingFields, []);
  assert.equal(
    enquiry.responseDueAt!.getTime() - enquiry.receivedAt.getTime(),
    30 * 24 * 3600_000,
    "the office's 30 days run from receipt",
  );
  const thread = await fixture.database.db
    .select()
    .from(enquiryMessages)
    .where(eq(enquiryMessages.enquiryId, enquiry.id));
  assert.equal(thread.length, 1);
  assert.equal(thread[0]!.direction, "in");
  assert.match(thread[0]!.bodyText, /où en est le dossier de ma cliente/);
  const [edoc] = await fixture.database.db.select().from(edocs).where(eq(edocs.enquiryId, enquiry.id));
  assert.equal(edoc?.kind, "enquiry-web-form");
  const events = await fixture.database.db
    .select({ action: auditEvents.action })
    .from(auditEvents)
    .where(eq(auditEvents.entityId, enquiry.id))
    .orderBy(auditEvents.seq);
  assert.deepEqual(
    events.map((e) => e.action),
    ["enquiry.received", "edoc.uploaded"],
  );
});

test("a missing field is named next to it and in the summary, in French on the French page, and nothing is written", async () => {
  const visitor = new Agent(fixture.app);
  await visitor.page("/enquiry/OTT?lang=fr");
  const before = { enquiries: await count(enquiries), messages: await count(enquiryMessages) };
  const { applicantFamilyName: _left, ...withoutFamilyName } = frenchForm(
    fixture.seed.application.fileNumber,
  );
  const response = await visitor.post("/enquiry/OTT", { ...withoutFamilyName, applicantFamilyName: "  " });
  assert.equal(response.status, 400);
  const html = await response.text();
  assert.equal(
    titleOf(html),
    "Le formulaire contient une erreur — Demande de renseignements — Bureau OTT — Dossier",
  );
  const error = "Nom de famille du demandeur : est obligatoire";
  assert.match(
    html,
    new RegExp(`<a href="#applicantFamilyName">${error}</a>`),
    "in the summary, linked to the field",
  );
  assert.match(
    html,
    new RegExp(`<p id="applicantFamilyName-error" class="dossier-field__error">${error}</p>`),
  );
  assert.match(
    html,
    /id="applicantFamilyName"[^>]*aria-invalid="true"[^>]*aria-describedby="applicantFamilyName-error"/,
  );
  assert.match(html, /name="enquirerName"[^>]*value="Sophie Tremblay"/, "what was typed is kept");
  assert.deepEqual({ enquiries: await count(enquiries), messages: await count(enquiryMessages) }, before);

  const english = new Agent(fixture.app);
  await english.page("/enquiry/OTT?lang=en");
  const none = await english.post("/enquiry/OTT", { message: "Hello" });
  assert.equal(none.status, 400);
  const shown = shownText(await none.text());
  assert.ok(shown.includes("8 fields need your attention:"), shown);
  assert.ok(shown.includes("Who you are: is required"));
  assert.ok(shown.includes("File number: give the visa office file number (e.g. V000012345) or the UCI"));
});

test("typed markup comes back as text; a form without its token, or too large, is refused", async () => {
  const visitor = new Agent(fixture.app);
  await visitor.page("/enquiry/OTT?lang=en");
  const response = await visitor.post("/enquiry/OTT", {
    ...frenchForm(fixture.seed.application.fileNumber),
    enquirerEmail: "<script>alert(1)</script>",
    message: "</textarea><script>alert(2)</script>",
  });
  assert.equal(response.status, 400);
  const html = await response.text();
  assert.ok(!html.includes("<script>alert"), "nothing typed is markup");
  assert.ok(html.includes("&lt;/textarea&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));

  const before = await count(enquiries);
  const forged = await visitor.post("/enquiry/OTT", frenchForm(fixture.seed.application.fileNumber), {
    csrf: false,
  });
  assert.equal(forged.status, 403);
  const huge = await visitor.post("/enquiry/OTT", {
    ...frenchForm(fixture.seed.application.fileNumber),
    message: "é".repeat(300_000),
  });
  assert.equal(huge.status, 413);
  assert.ok(shownText(await huge.text()).includes("The form is too large"));
  assert.equal(await count(enquiries), before);

  const missing = await visitor.get("/enquiry/NOPE");
  assert.equal(missing.status, 404);
});
