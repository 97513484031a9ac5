import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import { createApplication } from "../../src/applications/create-application.ts";
import { createClient } from "../../src/clients/create-client.ts";
import { detectOverdueResponses } from "../../src/correspondence/detect-overdue-responses.ts";
import { correspondence, notes } from "../../src/db/schema.ts";
import { defaultResponseDate } from "../../src/letters/default-response-date.ts";
import { addDays, todayIn } from "../../src/shared/dates.ts";
import { tableCounts } from "../support/counts.ts";
import { Agent, shownText, textOf } from "./agent.ts";
import { openWebFixture } from "./fixtures.ts";

let fixture: Awaited<ReturnType<typeof openWebFixture>>;
let ana: Agent;
before(async () => {
  fixture = await openWebFixture();
  ana = new Agent(fixture.app);
  await ana.signIn("ana@dossier.test");
});
after(() => fixture.database.close());

const zone = "America/Toronto";
const inDays = (days: number) => addDays(todayIn(zone), days);
const fileOf = () => `/applications/${fixture.seed.application.fileNumber}`;

async function counts() {
  const rows = await fixture.database.db.select({ id: correspondence.id }).from(correspondence);
  return { ...(await tableCounts(fixture.database.db)), correspondence: rows.length };
}

async function paperApplication(familyName: string) {
  const client = await createClient(fixture.database.db, fixture.seed.ottawa, {
    officeCode: "OTT",
    familyName,
    givenNames: "Omar",
    dateOfBirth: "1970-08-14",
    sex: "M",
    countryOfBirth: "EGY",
    citizenships: ["EGY"],
    postalAddress: "12 Bank Street\nOttawa ON  K1P 5N2",
  });
  return createApplication(fixture.database.db, fixture.seed.ottawa, {
    uci: client.uci,
    officeCode: "OTT",
    lineOfBusiness: "permanent-residence",
    receivedDate: "2026-01-20",
    language: "en",
  });
}

test("the Correspondence tab offers to write a letter and to transfer the file", async () => {
  const { status, html } = await ana.page(`${fileOf()}?tab=correspondence&lang=en`);
  assert.equal(status, 200);
  assert.ok(html.includes(`href="${fileOf()}/letters/new"`));
  assert.ok(html.includes(`href="${fileOf()}/transfer"`));
  assert.ok(shownText(html).includes("Write a letter"));
});

test("the compose page says who the letter goes to and why, and fills in the office's default date", async () => {
  const { status, html } = await ana.page(`${fileOf()}/letters/new?lang=en`);
  assert.equal(status, 200);
  const text = shownText(html);
  assert.ok(
    text.includes(
      "By email to anh.nguyen@example.com: the client's current email, given with consent (Email given on the application form).",
    ),
    text,
  );
  assert.ok(text.includes("The recipient is never typed"));
  assert.match(html, new RegExp(`name="responseDate"[^>]*value="${defaultResponseDate(todayIn(zone), 30)}"`));
  assert.doesNotMatch(html, /name="(to|address|email)"/, "no field for a recipient");
  assert.doesNotMatch(html, /<option value="file-transfer"/, "the transfer notice goes with a transfer only");

  const convocation = await ana.page(`${fileOf()}/letters/new?template=interview-convocation`);
  assert.match(convocation.html, /name="interviewDate"/);
  assert.match(convocation.html, /name="interviewTime"/);
  assert.match(convocation.html, /name="interviewPlace"/);

  const fr = await ana.page(`${fileOf()}/letters/new?lang=fr`);
  assert.ok(shownText(fr.html).includes("Rédiger une lettre"));
  assert.ok(shownText(fr.html).includes("Par courriel à anh.nguyen@example.com"));
  await ana.get("/?lang=en");
});

test("decision letters are not offered on the compose page, and one posted anyway is refused in English and French", async () => {
  const { html } = await ana.page(`${fileOf()}/letters/new?lang=en`);
  const offered = [...html.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(offered, ["request-documents", "interview-convocation", "free-text"]);
  assert.ok(
    shownText(html).includes(
      "Decision letters (approval, refusal, abandonment, withdrawal) are not written here: recording the decision produces its letter, with the recourse annex. See Decisions and reconsideration",
    ),
  );
  assert.ok(html.includes(`href="${fileOf()}/decisions"`));

  const before = await counts();
  const refused = await ana.post(`${fileOf()}/letters`, {
    templateId: "refusal",
    grounds: "You did not show ties to your country of residence.",
    intent: "send",
  });
  assert.equal(refused.status, 400);
  const text = shownText(await refused.text());
  assert.ok(
    text.includes(
      `decision letters (here, a refusal letter) are produced only by recording the decision, on the page Decisions and reconsideration (${fileOf()}/decisions), which adds the recourse annex`,
    ),
    text,
  );
  const preview = await ana.post(`${fileOf()}/letters`, {
    templateId: "approval",
    nextSteps: "x",
    intent: "preview",
  });
  assert.equal(preview.status, 400);

  await ana.get("/?lang=fr");
  const french = await ana.post(`${fileOf()}/letters`, {
    templateId: "decision-abandonment",
    intent: "send",
  });
  assert.equal(french.status, 400);
  assert.ok(
    shownText(await french.text()).includes(
      "les lettres de décision (ici, une lettre d’abandon) sont produites uniquement en consignant la décision, à la page Décisions et réexamen",
    ),
  );
  assert.deepEqual(await counts(), before);
  await ana.get("/?lang=en");
});

test("the preview shows the letter as text, values with HTML or placeholders as typed, and writes nothing", async () => {
  await ana.page(`${fileOf()}/letters/new`);
  const before = await counts();
  const response = await ana.post(`${fileOf()}/letters`, {
    templateId: "request-documents",
    documents: "<script>alert('x')</script>\n{{clientName}}",
    responseDate: inDays(20),
    intent: "preview",
  });
  assert.equal(response.status, 200);
  const html = await response.text();
  assert.ok(shownText(html).includes("Preview: the letter as it will be sent"));
  assert.ok(shownText(html).includes("It will be sent by email to anh.nguyen@example.com."));
  assert.ok(textOf(html).includes("• <script>alert('x')</script>"), "shown as typed");
  assert.ok(textOf(html).includes("• {{clientName}}"), "not filled in again");
  assert.ok(!html.includes("<script>alert"), "never as markup");
  assert.ok(
    textOf(html).includes(
      `Demande de documents supplémentaires – Dossier ${fixture.seed.application.fileNumber}`,
    ),
  );
  assert.deepEqual(await counts(), before);
});

test("a refused letter names the field, keeps what was typed, and writes nothing", async () => {
  await ana.page(`${fileOf()}/letters/new`);
  const before = await counts();
  const missing = await ana.post(`${fileOf()}/letters`, {
    templateId: "request-documents",
    documents: "  ",
    responseDate: inDays(20),
    intent: "send",
  });
  assert.equal(missing.status, 400);
  const missingHtml = await missing.text();
  assert.ok(
    shownText(missingHtml).includes("Documents requested: must name at least one document"),
    shownText(missingHtml),
  );

  const past = await ana.post(`${fileOf()}/letters`, {
    templateId: "request-documents",
    documents: "Passport",
    responseDate: inDays(-1),
    intent: "send",
  });
  assert.equal(past.status, 400);
  const pastHtml = await past.text();
  assert.ok(shownText(pastHtml).includes("Response date: must be a date after the date of the letter"));
  assert.match(pastHtml, new RegExp(`name="responseDate"[^>]*value="${inDays(-1)}"`), "kept as typed");

  const typedAddress = await ana.post(`${fileOf()}/letters`, {
    templateId: "free-text",
    subject: "Your application",
    body: "Send us your passport.",
    to: "attacker@example.com",
    intent: "send",
  });
  assert.equal(typedAddress.status, 400);
  assert.ok(shownText(await typedAddress.text()).includes("a letter's recipient is never typed"));

  const freeText = await ana.post(`${fileOf()}/letters`, {
    templateId: "free-text",
    subject: "Hello",
    body: " ",
    intent: "send",
  });
  assert.equal(freeText.status, 400);
  assert.ok(shownText(await freeText.text()).includes("Text of the letter: is required"));
  assert.deepEqual(await counts(), before);
});

test("sending queues the letter and the tab shows it with its response date", async () => {
  await ana.page(`${fileOf()}/letters/new`);
  const responseDate = inDays(25);
  const response = await ana.post(`${fileOf()}/letters`, {
    templateId: "request-documents",
    documents: "Passeport\nRelevés bancaires",
    responseDate,
    intent: "send",
  });
  assert.equal(response.status, 303);
  assert.equal(response.headers.get("location"), `${fileOf()}?tab=correspondence&done=letter-queued`);
  const page = await ana.page(response.headers.get("location")!);
  const text = shownText(page.html);
  assert.ok(text.includes("The letter is queued."));
  assert.ok(text.includes(`Response due ${responseDate}`));
  assert.ok(text.includes("Waiting to be sent"));
});

test("a paper letter can be downloaded and recorded as mailed from the tab", async () => {
  const application = await paperApplication("Mansour");
  const file = `/applications/${application.fileNumber}`;
  await ana.page(`${file}/letters/new?template=free-text`);
  const sent = await ana.post(`${file}/letters`, {
    templateId: "free-text",
    subject: "Your application",
    body: "Send us your passport.",
    intent: "send",
  });
  assert.equal(sent.status, 303);
  const tab = await ana.page(`${file}?tab=correspondence`);
  const [row] = await fixture.database.db
    .select()
    .from(correspondence)
    .where(eq(correspondence.applicationId, application.id));
  assert.equal(row?.channel, "paper");
  assert.ok(tab.html.includes(`action="/correspondence/${row!.id}/mailed"`));
  const pdfLink = new RegExp(`href="(/edocs/[0-9a-f-]+)" download="letter-${row!.id}\\.pdf"`).exec(tab.html);
  assert.ok(pdfLink, "the PDF is offered");
  const pdf = await ana.get(pdfLink[1]!);
  assert.equal(pdf.status, 200);
  assert.equal(
    Buffer.from(await pdf.arrayBuffer())
      .subarray(0, 5)
      .toString("latin1"),
    "%PDF-",
  );

  const mailed = await ana.post(`/correspondence/${row!.id}/mailed`, { back: `${file}?tab=correspondence` });
  assert.equal(mailed.status, 303);
  assert.equal(mailed.headers.get("location"), `${file}?tab=correspondence&done=letter-mailed`);
  const after = await ana.page(mailed.headers.get("location")!);
  const text = shownText(after.html);
  assert.ok(text.includes("The paper letter is recorded as mailed."));
  assert.ok(text.includes("Sent, via paper mail, to 12 Bank Street"));
  assert.ok(!after.html.includes(`action="/correspondence/${row!.id}/mailed"`));

  const again = await ana.post(`/correspondence/${row!.id}/mailed`, { back: `${file}?tab=correspondence` });
  assert.equal(again.status, 409);
  assert.ok(shownText(await again.text()).includes("already recorded as mailed"));
});

test("an overdue request: the officer records the note from the tab, then extends another's date", async () => {
  const application = await paperApplication("Farouk");
  const file = `/applications/${application.fileNumber}`;
  await ana.page(`${file}/letters/new`);
  await ana.post(`${file}/letters`, {
    templateId: "request-documents",
    documents: "Police certificate",
    responseDate: inDays(10),
    intent: "send",
  });
  const [request] = await fixture.database.db
    .select()
    .from(correspondence)
    .where(eq(correspondence.applicationId, application.id));
  await ana.post(`/correspondence/${request!.id}/mailed`, { back: `${file}?tab=correspondence` });
  await detectOverdueResponses(fixture.database.db, { now: new Date(`${inDays(11)}T12:00:00Z`) });

  const tab = await ana.page(`${file}?tab=correspondence`);
  const link = /href="(\/activities\/[0-9a-f-]+\/response-overdue)"/.exec(tab.html);
  assert.ok(link, "the tab links to the activity's note");
  const page = await ana.page(link[1]!);
  assert.equal(page.status, 200);
  const text = shownText(page.html);
  assert.ok(text.includes("What did the applicant do?"));
  assert.ok(text.includes("A letter, requesting additional documentation, was sent to the applicant."));
  assert.ok(text.includes("may result in a refusal of their application"));

  const before = await counts();
  const none = await ana.post(link[1]!, { remarks: "" });
  assert.equal(none.status, 400);
  assert.ok(
    shownText(await none.text()).includes("Outcome: must be one of failed-to-comply, requested-extension"),
  );
  assert.deepEqual(await counts(), before);

  const done = await ana.post(link[1]!, { outcome: "failed-to-comply", remarks: "Nothing by mail either." });
  assert.equal(done.status, 303);
  assert.equal(done.headers.get("location"), `${file}?tab=notes&done=note-added`);
  const notesTab = await ana.page(done.headers.get("location")!);
  assert.ok(textOf(notesTab.html).includes("The applicant failed to comply with the request."));
  assert.ok(textOf(notesTab.html).includes("Nothing by mail either."));
  const closed = await ana.page(link[1]!);
  assert.ok(shownText(closed.html).includes("This activity is Completed"));

  // The extension form on the same request.
  const form = await ana.page(`/correspondence/${request!.id}/extend`);
  assert.equal(form.status, 200);
  assert.ok(shownText(form.html).includes(`Current response date ${request!.responseDueDate}`));
  const early = await ana.post(`/correspondence/${request!.id}/extend`, {
    responseDate: request!.responseDueDate!,
    reason: "Asked by phone.",
  });
  assert.equal(early.status, 400);
  assert.ok(
    shownText(await early.text()).includes(`Response date: must be a date after ${request!.responseDueDate}`),
  );
  const extended = await ana.post(`/correspondence/${request!.id}/extend`, {
    responseDate: inDays(40),
    reason: "Asked by phone on the due date.",
  });
  assert.equal(extended.status, 303);
  assert.equal(extended.headers.get("location"), `${file}?tab=correspondence&done=response-date-extended`);
  const after = await ana.page(extended.headers.get("location")!);
  assert.ok(shownText(after.html).includes(`Response due ${inDays(40)}`));
  const written = await fixture.database.db
    .select()
    .from(notes)
    .where(eq(notes.applicationId, application.id));
  assert.ok(written.some((n) => n.body.includes(`to ${inDays(40)}`)));
});

test("a transfer: the form lists the other offices, triage is refused, the result says where the notice went", async () => {
  const client = await createClient(fixture.database.db, fixture.seed.ottawa, {
    officeCode: "OTT",
    familyName: "Ferreira",
    givenNames: "Lucia",
    dateOfBirth: "1988-02-11",
    sex: "F",
    countryOfBirth: "BRA",
    citizenships: ["BRA"],
    email: "lucia.ferreira@example.com",
    emailConsentSource: "application-form",
  });
  const application = await createApplication(fixture.database.db, fixture.seed.ottawa, {
    uci: client.uci,
    officeCode: "OTT",
    lineOfBusiness: "temporary-residence",
    receivedDate: "2026-02-01",
    language: "en",
  });
  const file = `/applications/${application.fileNumber}`;
  const form = await ana.page(`${file}/transfer?lang=en`);
  assert.equal(form.status, 200);
  assert.match(form.html, /<option value="LON"/);
  assert.doesNotMatch(form.html, /<option value="OTT"/);
  assert.ok(shownText(form.html).includes("By email to lucia.ferreira@example.com"));

  const before = await counts();
  const triage = await ana.post(`${file}/transfer`, { toOfficeCode: "OTT", reason: "Send to team B" });
  assert.equal(triage.status, 400);
  assert.ok(shownText(await triage.text()).includes("a move within an office (triage) is not a transfer"));
  assert.deepEqual(await counts(), before);

  const done = await ana.post(`${file}/transfer`, {
    toOfficeCode: "LON",
    reason: "Interview at the visa office",
  });
  assert.equal(done.status, 200);
  const text = shownText(await done.text());
  assert.ok(text.includes(`File ${application.fileNumber} is now held by LON — LON office.`), text);
  assert.ok(text.includes("The file transfer notice is queued by email to lucia.ferreira@example.com."));
  assert.equal((await ana.page(file)).status, 404, "the file is London's now");
});

test("every form of these pages needs the session's CSRF token", async () => {
  const response = await ana.post(
    `${fileOf()}/letters`,
    { templateId: "free-text", subject: "x", body: "x", intent: "send" },
    { csrf: false },
  );
  assert.equal(response.status, 403);
});
