import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { bulkJobs, correspondence } from "../../src/db/schema.ts";
import type { AppEnv } from "../../src/web/env.ts";
import { registerBulkPages } from "../../src/web/pages/bulk-pages.tsx";
import { tableCounts } from "../support/counts.ts";
import { Agent, shownText, textOf } from "./agent.ts";
import { openWebFixture } from "./fixtures.ts";

let fixture: Awaited<ReturnType<typeof openWebFixture>>;
let ana: Agent;
let liam: Agent;
before(async () => {
  fixture = await openWebFixture();
  // Mounted as routes.tsx will mount them: behind the sign-in check and the CSRF check.
  const bulk = new Hono<AppEnv>();
  registerBulkPages(bulk);
  fixture.app.route("/", bulk);
  ana = new Agent(fixture.app);
  await ana.signIn("ana@dossier.test");
  liam = new Agent(fixture.app);
  await liam.signIn("liam@dossier.test");
});
after(() => fixture.database.close());

const csvFile = (text: string) => new File([text], "files.csv", { type: "text/csv" });

test("an officer previews, creates and follows a bulk job from an uploaded CSV, then pauses, resumes and cancels it", async () => {
  const form = await ana.page("/bulk/new?templateId=free-text");
  assert.equal(form.status, 200);
  assert.ok(form.html.includes(`label="Subject"`));
  const fields = {
    templateId: "free-text",
    officeCode: "OTT",
    subject: "Your application",
    body: "Send us your passport.",
    file: csvFile(`file_number\r\n${fixture.seed.application.fileNumber}\r\n`),
  };
  const before = await tableCounts(fixture.database.db);
  const preview = await ana.post("/bulk/new", { ...fields, intent: "preview" });
  assert.equal(preview.status, 200);
  assert.ok(shownText(await preview.text()).includes("1 letters: 1 by email, 0 on paper"));
  assert.deepEqual(await tableCounts(fixture.database.db), before);

  const created = await ana.post("/bulk/new", { ...fields, intent: "create" });
  assert.equal(created.status, 303);
  const location = created.headers.get("location")!;
  assert.match(location, /^\/bulk\/[0-9a-f-]{36}$/);
  const jobId = location.split("/")[2]!;

  const page = await ana.page(location);
  const text = textOf(page.html);
  assert.ok(text.includes("within 24 hours"), "the seed's rule is stated");
  assert.ok(text.includes("0 of 1 finished"));
  assert.ok(text.includes("anh.nguyen@example.com"));
  assert.ok(text.includes(fixture.seed.application.fileNumber));

  assert.equal((await ana.post(`${location}/pause`, {})).status, 303);
  const [held] = await fixture.database.db
    .select({ status: correspondence.status })
    .from(correspondence)
    .where(eq(correspondence.bulkJobId, jobId));
  assert.equal(held?.status, "held");
  assert.ok(textOf((await ana.page(location)).html).includes("Resume sending"));
  await ana.post(`${location}/resume`, {});
  await ana.page(location);
  await ana.post(`${location}/cancel`, {});
  const [job] = await fixture.database.db.select().from(bulkJobs).where(eq(bulkJobs.id, jobId));
  assert.equal(job?.status, "cancelled");

  const list = await ana.page("/bulk");
  assert.ok(textOf(list.html).includes("Cancelled"));

  // Another office's officer cannot see it.
  assert.equal((await liam.page(location)).status, 404);
});

test("a CSV with a file number of another office: the rows are listed, in French too, and nothing is created", async () => {
  await ana.page("/bulk/new?templateId=free-text&lang=fr");
  const before = await tableCounts(fixture.database.db);
  const response = await ana.post("/bulk/new", {
    templateId: "free-text",
    officeCode: "OTT",
    subject: "Votre demande",
    body: "x",
    intent: "create",
    file: csvFile(`${fixture.seed.application.fileNumber}\nV999999999\n`),
  });
  assert.equal(response.status, 400);
  const text = shownText(await response.text());
  assert.ok(text.includes("1 demande(s) ne peuvent pas recevoir cette lettre"), text);
  assert.ok(text.includes("V999999999"));
  assert.ok(text.includes("est inconnu ou n’est pas dans vos bureaux"));
  assert.deepEqual(await tableCounts(fixture.database.db), before);
});

test("a CSV that is not UTF-8 is refused with its line", async () => {
  await ana.page("/bulk/new?lang=en");
  const latin1 = new File([new Uint8Array([0x56, 0x30, 0xe9, 0x0a])], "latin1.csv");
  const response = await ana.post("/bulk/new", {
    templateId: "free-text",
    officeCode: "OTT",
    subject: "Your application",
    body: "x",
    intent: "preview",
    file: latin1,
  });
  assert.equal(response.status, 400);
  assert.ok(shownText(await response.text()).includes("is not valid UTF-8"));
});

test("the new job page offers no decision letter, and a posted one is refused naming templateId, in French too, with nothing created", async () => {
  const written = async () => {
    const rows = await fixture.database.db.select({ id: correspondence.id }).from(correspondence);
    const jobs = await fixture.database.db.select({ id: bulkJobs.id }).from(bulkJobs);
    return {
      ...(await tableCounts(fixture.database.db)),
      correspondence: rows.length,
      bulkJobs: jobs.length,
    };
  };
  const form = await ana.page("/bulk/new?templateId=approval&lang=en");
  assert.equal(form.status, 200);
  const offered = [...form.html.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]);
  for (const id of ["request-documents", "interview-convocation", "free-text"])
    assert.ok(offered.includes(id), id);
  for (const id of ["approval", "refusal", "withdrawal", "file-transfer"])
    assert.ok(!offered.includes(id), id);
  assert.ok(!form.html.includes(`label="Next steps"`), "the approval's fields are not shown");
  assert.ok(
    textOf(form.html).includes(
      "Decision letters (approval, refusal, abandonment, withdrawal) are not sent in bulk: each is produced by recording the decision, application by application, on that application's page Decisions and reconsideration",
    ),
  );

  const before = await written();
  for (const [lang, templateId, expected] of [
    ["en", "approval", "decision letters (here, an approval letter) cannot be sent in bulk"],
    [
      "fr",
      "decision-refusal",
      "les lettres de décision (ici, une lettre de refus) ne peuvent pas être envoyées en masse",
    ],
  ] as const) {
    // The form's notice names the field by its label ("Letter", "Lettre") before the message.
    await ana.page(`/bulk/new?lang=${lang}`);
    const response = await ana.post("/bulk/new", {
      templateId,
      officeCode: "OTT",
      nextSteps: "Send us your passport.",
      intent: "create",
      file: csvFile(`${fixture.seed.application.fileNumber}\n`),
    });
    assert.equal(response.status, 400, templateId);
    const text = shownText(await response.text());
    assert.ok(text.includes(expected), text);
  }
  assert.deepEqual(await written(), before);
});
