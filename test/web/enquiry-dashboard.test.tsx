import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import { enquiries } from "../../src/db/schema.ts";
import { submitEnquiryForm } from "../../src/enquiries/submit-enquiry-form.ts";
import { SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { addUser } from "../../src/users/add-user.ts";
import { createApiKey } from "../../src/users/api-keys.ts";
import { PASSWORD } from "../support/fixtures.ts";
import { Agent, shownText, textOf, titleOf } from "./agent.ts";
import { openWebFixture } from "./fixtures.ts";

const HOUR = 3600_000;
let fixture: Awaited<ReturnType<typeof openWebFixture>>;
let managerKey: string;

function form(office: string, address: string) {
  return {
    channel: "web-form",
    enquirerName: "Sophie Tremblay",
    enquirerRole: "representative",
    enquirerEmail: address,
    applicantGivenName: "Thị Ánh",
    applicantFamilyName: "Nguyễn",
    applicantDateOfBirth: "1990-04-12",
    fileNumber: fixture.seed.application.fileNumber,
    language: "en",
    message: `A question for ${office}.`,
  };
}

before(async () => {
  fixture = await openWebFixture();
  const { db } = fixture.database;
  await addUser(db, SYSTEM_ACTOR, {
    email: "paula@dossier.test",
    displayName: "Paula Manager",
    password: PASSWORD,
    memberships: [
      { officeCode: "OTT", role: "program-manager" },
      { officeCode: "LON", role: "program-manager" },
    ],
  });
  managerKey = (await createApiKey(db, SYSTEM_ACTOR, { userEmail: "paula@dossier.test" })).key;
  const now = Date.now();
  // OTT: two enquiries, answered after 1 and 3 hours. LON: one, unanswered.
  for (const [i, hours] of [1, 3].entries()) {
    const receivedAt = new Date(now - (5 + i) * 24 * HOUR);
    const { reference } = await submitEnquiryForm(db, "OTT", form("OTT", `ott${i}@example.com`), {
      clientAddress: `ott-${i}`,
      now: receivedAt,
    });
    await db
      .update(enquiries)
      .set({ state: "answered", firstResponseAt: new Date(receivedAt.getTime() + hours * HOUR) })
      .where(eq(enquiries.reference, reference));
  }
  await submitEnquiryForm(db, "LON", form("LON", "lon@example.com"), {
    clientAddress: "lon",
    now: new Date(now - 3 * 24 * HOUR),
  });
});
after(() => fixture.database.close());

/** The table row of an office, as text. */
function rowOf(html: string, code: string): string {
  const row = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].find((match) => match[1]!.includes(`(${code})`));
  assert.ok(row, `a row for ${code}`);
  return textOf(row[1]!).replace(/\s+/g, " ").trim();
}

test("a program manager of two offices sees both side by side, in English and in French, linked from the enquiries", async () => {
  const agent = new Agent(fixture.app);
  await agent.signIn("paula@dossier.test");
  const list = await agent.page("/enquiries?lang=en");
  assert.match(list.html, /<a href="\/enquiries\/dashboard">Response times by office<\/a>/);

  const page = await agent.page("/enquiries/dashboard?lang=en");
  assert.equal(page.status, 200);
  assert.equal(titleOf(page.html), "Response times by office — Dossier");
  assert.match(page.html, /<caption>Enquiries received from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}/);
  assert.match(page.html, /<th scope="col">Median first response<\/th>/);
  assert.equal(
    rowOf(page.html, "OTT"),
    "OTT office (OTT) standard: 30 days 2 0 2 hours 2.9 hours 100% 2 of 2 0",
  );
  assert.equal(
    rowOf(page.html, "LON"),
    "LON office (LON) standard: 30 days 1 1 none answered none answered nothing due yet 0",
  );
  assert.ok(
    shownText(page.html).includes("Escalations counts the enquiries of the period that went up a level"),
  );

  const fr = await agent.page("/enquiries/dashboard?lang=fr");
  assert.equal(fr.status, 200);
  // fr-CA writes "2,9 heures" and "100 %" (a no-break space, read here as a space).
  assert.equal(
    rowOf(fr.html, "OTT"),
    "Bureau OTT (OTT) délai publié : 30 jours 2 0 2 heures 2,9 heures 100 % 2 sur 2 0",
  );
});

test("a chosen period with no enquiry shows zeros; a date written wrongly is refused", async () => {
  const agent = new Agent(fixture.app);
  await agent.signIn("paula@dossier.test");
  const empty = await agent.page("/enquiries/dashboard?lang=en&from=2020-01-01&to=2020-03-31");
  assert.equal(empty.status, 200);
  assert.match(empty.html, /<caption>Enquiries received from 2020-01-01 to 2020-03-31/);
  assert.equal(
    rowOf(empty.html, "OTT"),
    "OTT office (OTT) standard: 30 days 0 0 none answered none answered nothing due yet 0",
  );
  const wrong = await agent.page("/enquiries/dashboard?lang=en&from=2020-02-30");
  assert.equal(wrong.status, 400);
});

test("an officer without the role is refused, and is not offered the link", async () => {
  const agent = new Agent(fixture.app);
  await agent.signIn("ana@dossier.test");
  const list = await agent.page("/enquiries?lang=en");
  assert.equal(list.status, 200);
  assert.ok(!list.html.includes("/enquiries/dashboard"));
  const page = await agent.page("/enquiries/dashboard?lang=en");
  assert.equal(page.status, 403);
  assert.ok(!page.html.includes("(LON)"));
});

test("the API gives the same figures as JSON for the period asked", async () => {
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 24 * HOUR).toISOString().slice(0, 10);
  const response = await fixture.app.request(`/api/v1/enquiries/dashboard?from=${day(30)}&to=${day(0)}`, {
    headers: { authorization: `Bearer ${managerKey}` },
  });
  assert.equal(response.status, 200);
  const body = (await response.json()) as {
    from: string;
    to: string;
    offices: { officeCode: string; received: number; medianFirstResponseSeconds: number | null }[];
  };
  assert.equal(body.from, day(30));
  assert.deepEqual(
    body.offices.map((o) => [o.officeCode, o.received, o.medianFirstResponseSeconds]),
    [
      ["LON", 1, null],
      ["OTT", 2, 2 * 3600],
    ],
  );
  const bad = await fixture.app.request("/api/v1/enquiries/dashboard?to=31-12-2026", {
    headers: { authorization: `Bearer ${managerKey}` },
  });
  assert.equal(bad.status, 400);
  assert.equal(((await bad.json()) as { error: { field: string } }).error.field, "to");
});
