import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { uploadEdoc } from "../../src/edocs/upload-edoc.ts";
import { tableCounts } from "../support/counts.ts";
import { Agent, shownText } from "./agent.ts";
import { openWebFixture } from "./fixtures.ts";

let fixture: Awaited<ReturnType<typeof openWebFixture>>;
let liam: Agent;
let ana: Agent;
before(async () => {
  fixture = await openWebFixture();
  liam = new Agent(fixture.app);
  await liam.signIn("liam@dossier.test");
  ana = new Agent(fixture.app);
  await ana.signIn("ana@dossier.test");
});
after(() => fixture.database.close());

test("an officer of LON does not see OTT's client or application", async () => {
  const { client, application } = fixture.seed;
  const clientPage = await liam.page(`/clients/${client.uci}`);
  assert.equal(clientPage.status, 404);
  assert.ok(!clientPage.html.includes("Nguyễn"), "the client's name is not shown");
  for (const tab of ["correspondence", "notes", "edocs", "activities", "history"]) {
    const page = await liam.page(`/applications/${application.fileNumber}?tab=${tab}`);
    assert.equal(page.status, 404, tab);
    assert.ok(!page.html.includes("Nguyễn"));
  }
  const search = await liam.page("/search?name=nguyen+anh");
  assert.ok(shownText(search.html).includes("No client in your offices matches this search."));
  assert.ok(!search.html.includes(client.uci));
  const queue = await liam.page("/");
  assert.ok(!queue.html.includes("Candidate ID Decision"), "OTT's queue is not in LON's");
});

test("an officer of LON cannot add a note, upload an eDoc or act on an activity of OTT; nothing is written", async () => {
  const { client, application } = fixture.seed;
  await liam.page("/");
  const before = await tableCounts(fixture.database.db);
  const clientNote = await liam.post(`/clients/${client.uci}/notes`, { body: "From London" });
  assert.equal(clientNote.status, 404);
  const fileNote = await liam.post(`/applications/${application.fileNumber}/notes`, { body: "From London" });
  assert.equal(fileNote.status, 404);
  const upload = await liam.post(`/applications/${application.fileNumber}/edocs`, {
    file: new File(["%PDF-1.4 letter"], "letter.pdf", { type: "application/pdf" }),
  });
  assert.equal(upload.status, 404);
  for (const verb of ["take", "complete", "reassign"]) {
    const response = await liam.post(`/activities/${fixture.queued.id}/${verb}`, { back: "/" });
    assert.equal(response.status, 403, verb);
  }
  assert.deepEqual(await tableCounts(fixture.database.db), before);
});

test("an eDoc of OTT cannot be downloaded from LON", async () => {
  const edoc = await uploadEdoc(
    fixture.database.db,
    fixture.seed.ottawa,
    { fileNumber: fixture.seed.application.fileNumber },
    {
      fileName: "passport.pdf",
      bytes: new TextEncoder().encode("%PDF-1.4 passport"),
    },
  );
  const response = await liam.get(`/edocs/${edoc.id}`);
  assert.equal(response.status, 404);
  assert.equal(response.headers.get("content-disposition"), null);
  const own = await ana.get(`/edocs/${edoc.id}`);
  assert.equal(own.status, 200);
});

test("a form sent without its CSRF token, or with another session's, is refused with 403 and nothing is written", async () => {
  const { client, application } = fixture.seed;
  await ana.page("/");
  const before = await tableCounts(fixture.database.db);
  const forms: [string, Record<string, string | File>][] = [
    [`/clients/${client.uci}/notes`, { body: "Forged" }],
    [`/applications/${application.fileNumber}/notes`, { body: "Forged", restricted: "on" }],
    [`/applications/${application.fileNumber}/edocs`, { file: new File(["%PDF-1.4 x"], "x.pdf") }],
    [`/activities/${fixture.queued.id}/take`, { back: "/" }],
    [`/activities/${fixture.assigned.id}/complete`, { back: "/" }],
    [`/activities/${fixture.assigned.id}/reassign`, { assigneeEmail: "", back: "/" }],
    [
      "/admin/users",
      {
        email: "x@dossier.test",
        displayName: "X",
        password: "a long enough password",
        "roles.OTT": "officer",
      },
    ],
    ["/admin/offices", { code: "MTL", nameEn: "Montréal", nameFr: "Montréal" }],
  ];
  for (const [path, fields] of forms) {
    const without = await ana.post(path, fields, { csrf: false });
    assert.equal(without.status, 403, `${path} without a token`);
    assert.ok(shownText(await without.text()).includes("the form has expired or did not come from Dossier"));
    const foreign = await ana.post(path, { ...fields, _csrf: liam.csrf }, { csrf: false });
    assert.equal(foreign.status, 403, `${path} with another session's token`);
  }
  const signOut = await ana.post("/sign-out", {}, { csrf: false });
  assert.equal(signOut.status, 403, "signing someone out takes the token too");
  assert.deepEqual(await tableCounts(fixture.database.db), before);
});

test("administration pages are refused to officers, with a 403 page, and their forms write nothing", async () => {
  const before = await tableCounts(fixture.database.db);
  for (const path of ["/admin/users", "/admin/offices", "/admin/offices/OTT"]) {
    const page = await ana.page(`${path}?lang=fr`);
    assert.equal(page.status, 403, path);
    assert.ok(shownText(page.html).includes("Seul un administrateur peut faire cela."));
  }
  await ana.page("/?lang=en");
  const user = await ana.post("/admin/users", {
    email: "x@dossier.test",
    displayName: "X",
    password: "a long enough password",
    "roles.OTT": "administrator",
  });
  assert.equal(user.status, 403);
  const office = await ana.post("/admin/offices/OTT", { nameEn: "Taken over" });
  assert.equal(office.status, 403);
  assert.deepEqual(await tableCounts(fixture.database.db), before);
  const { html } = await ana.page("/");
  assert.ok(!html.includes('href="/admin/users"'), "officers are not offered the administration menu");
});
