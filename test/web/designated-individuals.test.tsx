import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import { designatedIndividuals } from "../../src/db/schema.ts";
import { tableCounts } from "../support/counts.ts";
import { Agent, shownText } from "./agent.ts";
import { openWebFixture } from "./fixtures.ts";

let fixture: Awaited<ReturnType<typeof openWebFixture>>;
let ana: Agent;
before(async () => {
  fixture = await openWebFixture();
  ana = new Agent(fixture.app);
  await ana.signIn("ana@dossier.test");
});
after(() => fixture.database.close());

const clientPath = () => `/clients/${fixture.seed.client.uci}`;

test("an officer records a designated individual on the client page, and sees it valid today", async () => {
  const empty = await ana.page(clientPath());
  assert.match(shownText(empty.html), /No designated individual is on this file\./);

  const response = await ana.post(`${clientPath()}/designated-individuals`, {
    name: "Minh Nguyen",
    email: "Minh.Nguyen@Example.com",
    scope: fixture.seed.application.fileNumber,
    consentEdocId: "",
    consentReference: "Paper file OTT-2026-0412, consent signed 2026-01-20",
    validFrom: "2026-01-20",
    validTo: "",
  });
  assert.equal(response.status, 303);
  assert.match(response.headers.get("location") ?? "", /done=designated-added#designated-individuals$/);

  const shown = shownText((await ana.page(`${clientPath()}?done=designated-added`)).html);
  assert.match(shown, /The designated individual was recorded\./);
  assert.match(shown, /Minh Nguyen\s+minh\.nguyen@example\.com/);
  assert.match(shown, new RegExp(`Application ${fixture.seed.application.fileNumber}`));
  assert.match(shown, /Paper file OTT-2026-0412/);
  assert.match(shown, /from 2026-01-20, no end date\s+Valid/);
});

test("a consent that has ended is shown as not valid, in French too", async () => {
  await ana.post(`${clientPath()}/designated-individuals`, {
    name: "Lan Tran",
    email: "lan.tran@example.com",
    scope: "whole-file",
    consentReference: "Letter of 2025-02-01",
    validFrom: "2025-02-01",
    validTo: "2025-12-31",
  });
  const shown = shownText((await ana.page(`${clientPath()}?lang=fr`)).html);
  assert.match(shown, /Personnes désignées/);
  assert.match(shown, /Lan Tran\s+lan\.tran@example\.com\s+Toutes les demandes de ce client/);
  assert.match(shown, /du 2025-02-01 au 2025-12-31\s+Non valide/);
  await ana.page(`${clientPath()}?lang=en`);
});

test("without written consent the form comes back naming the field, and nothing is stored", async () => {
  const before = await tableCounts(fixture.database.db);
  const response = await ana.post(`${clientPath()}/designated-individuals`, {
    name: "Someone Else",
    email: "someone@example.com",
    scope: "whole-file",
    consentEdocId: "",
    consentReference: "",
    validFrom: "2026-02-01",
  });
  assert.equal(response.status, 400);
  const html = await response.text();
  assert.match(shownText(html), /Signed consent: give the eDoc or the reference of the written consent/);
  assert.match(html, /value="someone@example\.com"/, "what the officer typed is shown back");
  assert.deepEqual(await tableCounts(fixture.database.db), before);
  const stored = await fixture.database.db
    .select()
    .from(designatedIndividuals)
    .where(eq(designatedIndividuals.email, "someone@example.com"));
  assert.equal(stored.length, 0);
});

test("an officer of another office cannot add anyone to the file", async () => {
  const liam = new Agent(fixture.app);
  await liam.signIn("liam@dossier.test");
  await liam.page("/");
  const response = await liam.post(`${clientPath()}/designated-individuals`, {
    name: "Intruder",
    email: "intruder@example.com",
    scope: "whole-file",
    consentReference: "none",
    validFrom: "2026-02-01",
  });
  assert.equal(response.status, 404);
  const stored = await fixture.database.db
    .select()
    .from(designatedIndividuals)
    .where(eq(designatedIndividuals.email, "intruder@example.com"));
  assert.equal(stored.length, 0);
});
