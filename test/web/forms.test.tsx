import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import { activities, edocs, notes, offices, users } from "../../src/db/schema.ts";
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

const fileOf = () => `/applications/${fixture.seed.application.fileNumber}`;

test("adding a note on the application redirects with 303 and the note is shown, escaped, with a notice", async () => {
  await ana.page(`${fileOf()}?tab=notes`);
  const body = "Called the client. <script>alert('x')</script> She will send the passport.";
  const response = await ana.post(`${fileOf()}/notes`, { body, restricted: "on" });
  assert.equal(response.status, 303);
  assert.equal(response.headers.get("location"), `${fileOf()}?tab=notes&done=note-added`);
  const page = await ana.page(response.headers.get("location")!);
  assert.ok(shownText(page.html).includes("The note was added."));
  assert.ok(textOf(page.html).includes(body), "the note is shown as typed");
  assert.ok(!page.html.includes("<script>alert"), "and never as markup");
  assert.ok(page.html.includes("&lt;script&gt;alert"));
  const [stored] = await fixture.database.db.select().from(notes).where(eq(notes.body, body));
  assert.equal(stored?.restricted, true);
});

test("a note added on the client page appears there", async () => {
  const { client } = fixture.seed;
  await ana.page(`/clients/${client.uci}`);
  const response = await ana.post(`/clients/${client.uci}/notes`, {
    body: "Client phoned about her address.",
  });
  assert.equal(response.status, 303);
  assert.equal(response.headers.get("location"), `/clients/${client.uci}?done=note-added#notes`);
  const page = await ana.page(`/clients/${client.uci}`);
  assert.ok(textOf(page.html).includes("Client phoned about her address."));
});

test("an empty note is refused in the page's language, naming the field, keeping the restricted box", async () => {
  await ana.page(`${fileOf()}?tab=notes`);
  const before = await tableCounts(fixture.database.db);
  const en = await ana.post(`${fileOf()}/notes`, { body: "   ", restricted: "on" });
  assert.equal(en.status, 400);
  const html = await en.text();
  assert.match(html, /<gcds-notice type="danger"/);
  assert.ok(shownText(html).includes("Note: is required"));
  assert.match(html, /error-message="Note: is required"/);
  assert.match(html, /&quot;checked&quot;:true/);
  await ana.get("/?lang=fr");
  const fr = await ana.post(`${fileOf()}/notes`, { body: "x".repeat(20_001) });
  assert.equal(fr.status, 400);
  const frHtml = await fr.text();
  assert.ok(shownText(frHtml).includes("Note : doit compter au plus 20000 caractères"));
  assert.ok(frHtml.includes("x".repeat(20_001)), "what was typed is kept");
  await ana.get("/?lang=en");
  assert.deepEqual(await tableCounts(fixture.database.db), before);
});

test("uploading an eDoc stores it, lists it, and downloads it as an attachment, never inline", async () => {
  await ana.page(`${fileOf()}?tab=edocs`);
  const bytes = new TextEncoder().encode("%PDF-1.4\n% Lettre signée\n");
  const response = await ana.post(`${fileOf()}/edocs`, {
    file: new File([bytes], "Lettre d'Ánh.pdf", { type: "text/html" }),
    description: "Signed letter",
  });
  assert.equal(response.status, 303);
  assert.equal(response.headers.get("location"), `${fileOf()}?tab=edocs&done=edoc-uploaded`);
  const page = await ana.page(response.headers.get("location")!);
  assert.ok(shownText(page.html).includes("The eDoc was stored."));
  const [stored] = await fixture.database.db
    .select()
    .from(edocs)
    .where(eq(edocs.fileName, "Lettre d'Ánh.pdf"));
  assert.ok(stored);
  assert.equal(stored.mediaType, "application/pdf", "the type comes from the content, not from the browser");
  assert.ok(page.html.includes(`href="/edocs/${stored.id}"`));

  const download = await ana.get(`/edocs/${stored.id}`);
  assert.equal(download.status, 200);
  assert.equal(download.headers.get("content-type"), "application/pdf");
  assert.equal(
    download.headers.get("content-disposition"),
    `attachment; filename="Lettre d'Anh.pdf"; filename*=UTF-8''Lettre%20d%27%C3%81nh.pdf`,
  );
  assert.equal(download.headers.get("x-content-type-options"), "nosniff");
  assert.deepEqual(new Uint8Array(await download.arrayBuffer()), bytes);
});

test("an email message over 4 MB is refused with the rule, in French, naming the field", async () => {
  await ana.page(`/clients/${fixture.seed.client.uci}?lang=fr`);
  const before = await tableCounts(fixture.database.db);
  const big = new Uint8Array(4 * 1024 * 1024 + 1024).fill(0x61);
  big.set(new TextEncoder().encode("From: anh.nguyen@example.com\r\nSubject: Documents\r\n\r\n"));
  const response = await ana.post(`/clients/${fixture.seed.client.uci}/edocs`, {
    file: new File([big], "documents.eml"),
    description: "Documents envoyés par la cliente",
  });
  assert.equal(response.status, 413);
  const html = await response.text();
  assert.match(html, /<html lang="fr">/);
  const text = shownText(html);
  assert.ok(
    text.includes(
      "Document : un courriel de plus de 4 Mo ne peut pas être versé comme eDoc (celui-ci fait 4,0 Mo)",
    ),
    text,
  );
  assert.match(html, /value="Documents envoyés par la cliente"/, "the description typed is kept");
  assert.deepEqual(await tableCounts(fixture.database.db), before);

  await ana.get("/?lang=en");
  const wrong = await ana.post(`/clients/${fixture.seed.client.uci}/edocs`, {
    file: new File(["<html><script>alert(1)</script></html>"], "page.html"),
  });
  assert.equal(wrong.status, 415);
  assert.ok(shownText(await wrong.text()).includes("Document: page.html is not an accepted type"));
});

test("take, complete and reassign work from the queue, each with a notice after a 303", async () => {
  const { queued, assigned } = fixture;
  let queue = await ana.page("/");
  assert.match(queue.html, new RegExp(`action="/activities/${queued.id}/take"`));

  const take = await ana.post(`/activities/${queued.id}/take`, { back: "/" });
  assert.equal(take.status, 303);
  assert.equal(take.headers.get("location"), "/?done=taken");
  queue = await ana.page("/?done=taken");
  assert.ok(shownText(queue.html).includes("You took the activity."));
  let [row] = await fixture.database.db.select().from(activities).where(eq(activities.id, queued.id));
  assert.equal(row?.status, "in-progress");
  assert.equal(row?.assigneeUserId, fixture.seed.ottawa.userId);
  assert.ok(!queue.html.includes(`action="/activities/${queued.id}/take"`), "no Take button once it is mine");

  const back = await ana.post(`/activities/${queued.id}/reassign`, { assigneeEmail: "", back: "/" });
  assert.equal(back.status, 303);
  [row] = await fixture.database.db.select().from(activities).where(eq(activities.id, queued.id));
  assert.equal(row?.assigneeUserId, null);
  assert.equal(row?.status, "review-required");

  const toAda = await ana.post(`/activities/${queued.id}/reassign`, {
    assigneeEmail: "ada@dossier.test",
    back: "/",
  });
  assert.equal(toAda.status, 303);
  [row] = await fixture.database.db.select().from(activities).where(eq(activities.id, queued.id));
  const [ada] = await fixture.database.db.select().from(users).where(eq(users.email, "ada@dossier.test"));
  assert.equal(row?.assigneeUserId, ada?.id);

  const complete = await ana.post(`/activities/${assigned.id}/complete`, {
    back: `${fileOf()}?tab=activities`,
  });
  assert.equal(complete.status, 303);
  assert.equal(complete.headers.get("location"), `${fileOf()}?tab=activities&done=completed`);
  [row] = await fixture.database.db.select().from(activities).where(eq(activities.id, assigned.id));
  assert.equal(row?.status, "completed");
  const history = await ana.page(`${fileOf()}?tab=history`);
  assert.ok(textOf(history.html).includes("Completed an activity"));
});

test("a refused activity change shows the rule on the page it came from, keeping the email typed", async () => {
  const before = await tableCounts(fixture.database.db);
  const liamEmail = "liam@dossier.test";
  const refused = await ana.post(`/activities/${fixture.queued.id}/reassign`, {
    assigneeEmail: liamEmail,
    back: `${fileOf()}?tab=activities`,
  });
  assert.equal(refused.status, 400);
  const html = await refused.text();
  assert.ok(
    shownText(html).includes(
      "Colleague's email: liam@dossier.test is not an active user of the activity's office",
    ),
  );
  assert.match(html, new RegExp(`value="${liamEmail}"`));
  assert.match(html, /<a href="[^"]*tab=activities" aria-current="page">/);

  const closed = await ana.post(`/activities/${fixture.assigned.id}/complete`, { back: "/" });
  assert.equal(closed.status, 409);
  assert.ok(
    shownText(await closed.text()).includes("This activity is already completed; it cannot be changed."),
  );
  assert.deepEqual(await tableCounts(fixture.database.db), before);
});

test("an administrator adds a user with office roles and creates and edits an office", async () => {
  const ada = new Agent(fixture.app);
  await ada.signIn("ada@dossier.test");
  const page = await ada.page("/admin/users");
  assert.equal(page.status, 200);
  assert.ok(textOf(page.html).includes("ana@dossier.test"));

  const refused = await ada.post("/admin/users", {
    email: "ben@dossier.test",
    displayName: "Ben",
    password: "short",
    locale: "fr",
    "roles.OTT": ["officer", "decision-maker-1"],
  });
  assert.equal(refused.status, 400);
  const refusedHtml = await refused.text();
  assert.ok(shownText(refusedHtml).includes("Password: must be at least 12 characters"));
  assert.match(refusedHtml, /value="ben@dossier.test"/);
  assert.ok(!refusedHtml.includes('value="short"'), "a password is never sent back");

  const added = await ada.post("/admin/users", {
    email: "ben@dossier.test",
    displayName: "Ben",
    password: "a long enough password",
    locale: "fr",
    "roles.OTT": ["officer", "decision-maker-1"],
    "roles.LON": "officer",
  });
  assert.equal(added.status, 303);
  const list = await ada.page(added.headers.get("location")!);
  assert.ok(textOf(list.html).includes("LON — Officer; OTT — Decision maker (level 1); OTT — Officer"));

  const office = await ada.post("/admin/offices", {
    code: "MTL",
    nameEn: "Montréal office",
    nameFr: "Bureau de Montréal",
    mailboxEmail: "mtl@dossier.test",
    managerEmail: "",
    postalAddress: "1 rue Sainte-Catherine, Montréal",
    timeZone: "America/Montreal",
    responseStandardDays: "30",
  });
  assert.equal(office.status, 303);
  const edit = await ada.page("/admin/offices/MTL");
  assert.match(edit.html, /value="America\/Montreal"/);
  const badZone = await ada.post("/admin/offices/MTL", {
    nameEn: "Montréal office",
    timeZone: "Mars/Olympus",
  });
  assert.equal(badZone.status, 400);
  assert.ok(shownText(await badZone.text()).includes("Time zone: must be an IANA time zone"));
  const saved = await ada.post("/admin/offices/MTL", {
    nameEn: "Montreal office",
    nameFr: "Bureau de Montréal",
    mailboxEmail: "mtl@dossier.test",
    postalAddress: "1 rue Sainte-Catherine, Montréal",
    timeZone: "America/Toronto",
    responseStandardDays: "20",
  });
  assert.equal(saved.status, 303);
  const [mtl] = await fixture.database.db.select().from(offices).where(eq(offices.code, "MTL"));
  assert.equal(mtl?.responseStandardDays, 20);
  assert.equal(mtl?.nameEn, "Montreal office");
});
