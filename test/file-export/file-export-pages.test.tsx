import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { recordAccessRequest } from "../../src/access-requests/record-access-request.ts";
import type { FileExport } from "../../src/file-export/file-export.schema.ts";
import { addNote } from "../../src/notes/add-note.ts";
import { SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { createApiKey } from "../../src/users/api-keys.ts";
import { tableCounts } from "../support/counts.ts";
import { Agent, shownText } from "../web/agent.ts";
import { openWebFixture } from "../web/fixtures.ts";

const SECRET = "Hit on a watch list; do not disclose until the check is closed.";

let fixture: Awaited<ReturnType<typeof openWebFixture>>;
let ana: Agent;
let liam: Agent;
let fileNumber: string;

before(async () => {
  fixture = await openWebFixture();
  fileNumber = fixture.seed.application.fileNumber;
  await addNote(fixture.database.db, fixture.seed.ottawa, { fileNumber }, { body: "Interview booked." });
  await addNote(
    fixture.database.db,
    fixture.seed.ottawa,
    { fileNumber },
    { body: SECRET, restricted: true, exemption: "security" },
  );
  ana = new Agent(fixture.app);
  await ana.signIn("ana@dossier.test");
  liam = new Agent(fixture.app);
  await liam.signIn("liam@dossier.test");
});
after(() => fixture.database.close());

test("the application page offers the file export, in English and in French", async () => {
  const en = await ana.page(`/applications/${fileNumber}?lang=en`);
  assert.equal(en.status, 200);
  const text = shownText(en.html);
  assert.ok(text.includes("Access to information"));
  assert.ok(en.html.includes(`href="/applications/${fileNumber}/export.pdf"`));
  assert.ok(text.includes("Export the file (PDF)") && text.includes("Export the file (JSON)"));
  const fr = await ana.page(`/applications/${fileNumber}?lang=fr`);
  assert.ok(shownText(fr.html).includes("Exporter le dossier (PDF)"));
});

test("the export downloads as PDF or JSON, is audited, and withholds the restricted note", async () => {
  const before = await tableCounts(fixture.database.db);
  const pdf = await ana.get(`/applications/${fileNumber}/export.pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get("content-type"), "application/pdf");
  assert.equal(pdf.headers.get("content-disposition"), `attachment; filename="file-${fileNumber}.pdf"`);
  assert.equal(pdf.headers.get("cache-control"), "private, no-store");
  assert.equal((await tableCounts(fixture.database.db)).audit_events, (before.audit_events ?? 0) + 1);

  const json = await ana.get(`/applications/${fileNumber}/export.json`);
  assert.equal(json.status, 200);
  const body = await json.text();
  assert.ok(!body.includes("watch list"));
  const facts = JSON.parse(body) as FileExport;
  // The seed file is in French; a security exemption names Privacy Act s. 21 and ATIA s. 15(1).
  assert.deepEqual(
    facts.applications[0]?.notes.map((n) => n.body ?? n.withheld?.marker),
    [
      "Interview booked.",
      "[Retenu en vertu de : Loi sur la protection des renseignements personnels, art. 21 / Loi sur l’accès à l’information, par. 15(1)]",
    ],
  );
});

test("another office's officer gets not found and nothing is recorded", async () => {
  const before = await tableCounts(fixture.database.db);
  for (const format of ["pdf", "json"]) {
    const response = await liam.get(`/applications/${fileNumber}/export.${format}`);
    assert.equal(response.status, 404);
    assert.notEqual(response.headers.get("content-type"), "application/pdf");
  }
  assert.deepEqual(await tableCounts(fixture.database.db), before);
});

test("the access requests page lists the open requests of the officer's offices with their due dates", async () => {
  await recordAccessRequest(fixture.database.db, fixture.seed.ottawa, {
    target: fileNumber,
    receivedDate: "2026-02-05",
    requesterName: "Maître Tremblay",
    requesterKind: "representative",
    consentReference: "IMM 5744 on paper",
  });
  const en = await ana.page("/access-requests?lang=en");
  assert.equal(en.status, 200);
  const text = shownText(en.html);
  assert.ok(text.includes("Open access requests, office OTT"));
  assert.ok(text.includes("2026-03-09"));
  assert.ok(text.includes("Maître Tremblay (representative)"));
  assert.ok(text.includes("Access to Information Act"));
  // The due date is past on any day these tests run after 9 March 2026.
  assert.match(text, /Overdue by \d+ days/);
  const fr = await ana.page("/access-requests?lang=fr");
  assert.match(shownText(fr.html), /En retard de \d+ jours/);
  const london = await liam.page("/access-requests?lang=en");
  assert.ok(shownText(london.html).includes("No open access request in your offices."));
});

test("GET /api/v1/applications/:fileNumber/export answers the export as JSON; another office gets 404", async () => {
  const ottawaKey = (await createApiKey(fixture.database.db, SYSTEM_ACTOR, { userEmail: "ana@dossier.test" }))
    .key;
  const londonKey = (
    await createApiKey(fixture.database.db, SYSTEM_ACTOR, { userEmail: "liam@dossier.test" })
  ).key;
  const ok = await fixture.app.request(`/api/v1/applications/${fileNumber}/export?lang=en`, {
    headers: { authorization: `Bearer ${ottawaKey}` },
  });
  assert.equal(ok.status, 200);
  const facts = (await ok.json()) as FileExport;
  assert.equal(facts.language, "en");
  assert.equal(facts.applications[0]?.fileNumber, fileNumber);
  assert.equal(
    facts.applications[0]?.notes[1]?.withheld?.marker,
    "[Withheld under Privacy Act s. 21 / Access to Information Act s. 15(1)]",
  );
  const foreign = await fixture.app.request(`/api/v1/applications/${fileNumber}/export`, {
    headers: { authorization: `Bearer ${londonKey}` },
  });
  assert.equal(foreign.status, 404);
  const list = await fixture.app.request("/api/v1/access-requests", {
    headers: { authorization: `Bearer ${ottawaKey}` },
  });
  const { accessRequests } = (await list.json()) as { accessRequests: { dueDate: string }[] };
  assert.deepEqual(
    accessRequests.map((r) => r.dueDate),
    ["2026-03-09"],
  );
});
