import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import type { Hono } from "hono";
import { createApplication } from "../../src/applications/create-application.ts";
import { createClient } from "../../src/clients/create-client.ts";
import { type Database, queryRows } from "../../src/db/database.ts";
import { SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { createApiKey } from "../../src/users/api-keys.ts";
import { bulkApiRoutes } from "../../src/web/api/bulk-routes.ts";
import type { AppEnv } from "../../src/web/env.ts";
import { apiTestApp } from "../support/api-app.ts";
import { tableCounts } from "../support/counts.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
let app: Hono<AppEnv>;
let ottawaKey: string;
let londonKey: string;

before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
  ottawaKey = (await createApiKey(database.db, SYSTEM_ACTOR, { userEmail: "ana@dossier.test" })).key;
  londonKey = (await createApiKey(database.db, SYSTEM_ACTOR, { userEmail: "liam@dossier.test" })).key;
  app = apiTestApp(database, bulkApiRoutes());
});
after(() => database.close());

const call = (key: string, method: string, path: string, body?: unknown) =>
  app.request(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

test("POST /bulk-jobs with file numbers, then progress, pause, resume and cancel", async () => {
  const body = {
    officeCode: "OTT",
    templateId: "free-text",
    values: { subject: "Your application", body: "Send us your passport." },
    fileNumbers: [seed.application.fileNumber.toLowerCase()],
  };
  const preview = await call(ottawaKey, "POST", "/bulk-jobs/preview", body);
  assert.deepEqual(await preview.json(), { officeCode: "OTT", total: 1, email: 1, paper: 0 });

  const created = await call(ottawaKey, "POST", "/bulk-jobs", body);
  assert.equal(created.status, 201);
  const { job } = (await created.json()) as { job: { id: string; total: number } };
  assert.equal(job.total, 1);

  const progress = (await (await call(ottawaKey, "GET", `/bulk-jobs/${job.id}`)).json()) as {
    counts: Record<string, number>;
    recipients: { address: string; channel: string; status: string }[];
  };
  assert.deepEqual(progress.counts, { generate: 1 });
  assert.deepEqual(
    progress.recipients.map((r) => [r.address, r.channel, r.status]),
    [["anh.nguyen@example.com", "email", "generate"]],
  );

  const paused = await call(ottawaKey, "POST", `/bulk-jobs/${job.id}/pause`);
  assert.equal(((await paused.json()) as { changed: number }).changed, 1);
  const resumed = await call(ottawaKey, "POST", `/bulk-jobs/${job.id}/resume`);
  assert.equal(((await resumed.json()) as { job: { status: string } }).job.status, "active");
  const cancelled = await call(ottawaKey, "POST", `/bulk-jobs/${job.id}/cancel`);
  assert.equal(((await cancelled.json()) as { job: { status: string } }).job.status, "cancelled");
  const again = await call(ottawaKey, "POST", `/bulk-jobs/${job.id}/resume`);
  assert.equal(again.status, 409);

  const list = (await (await call(ottawaKey, "GET", "/bulk-jobs")).json()) as { jobs: { id: string }[] };
  assert.deepEqual(
    list.jobs.map((j) => j.id),
    [job.id],
  );
  // Another office's officer neither sees nor stops it.
  assert.equal((await call(londonKey, "GET", `/bulk-jobs/${job.id}`)).status, 404);
  assert.equal((await call(londonKey, "POST", `/bulk-jobs/${job.id}/pause`)).status, 404);
  assert.deepEqual(await (await call(londonKey, "GET", "/bulk-jobs")).json(), { jobs: [] });
});

test("a file number of another office: 400 with the rows at fault, nothing created", async () => {
  const lonClient = await createClient(database.db, seed.london, {
    officeCode: "LON",
    familyName: "Evans",
    givenNames: "Rhys",
    dateOfBirth: "1970-01-01",
    sex: "M",
    countryOfBirth: "GBR",
    citizenships: ["GBR"],
    email: "evans@example.com",
    emailConsentSource: "application-form",
  });
  const london = await createApplication(database.db, seed.london, {
    uci: lonClient.uci,
    officeCode: "LON",
    lineOfBusiness: "citizenship",
    receivedDate: "2026-01-20",
    language: "en",
  });
  const before = await tableCounts(database.db);
  const response = await call(ottawaKey, "POST", "/bulk-jobs", {
    officeCode: "OTT",
    templateId: "free-text",
    values: { subject: "Your application", body: "x" },
    fileNumbers: [seed.application.fileNumber, london.fileNumber],
  });
  assert.equal(response.status, 400);
  const { error } = (await response.json()) as {
    error: { code: string; rows: { line: number; message: string }[]; totalErrors: number };
  };
  assert.equal(error.code, "invalid_input");
  assert.equal(error.totalErrors, 1);
  assert.deepEqual(
    error.rows.map((row) => [row.line, row.message]),
    [[2, "is unknown or not in your offices"]],
  );
  assert.deepEqual(await tableCounts(database.db), before);

  const both = await call(ottawaKey, "POST", "/bulk-jobs", {
    officeCode: "OTT",
    templateId: "free-text",
    values: { subject: "Your application", body: "x" },
    status: "received",
    fileNumbers: [seed.application.fileNumber],
  });
  assert.equal(both.status, 400);
  assert.match(
    ((await both.json()) as { error: { message: string } }).error.message,
    /either fileNumbers or filters/,
  );
});

test("POST /bulk-jobs and its preview refuse a decision letter, naming templateId in English and French; nothing created", async () => {
  const counts = async () => {
    const [rows] = await queryRows<{ correspondence: number; jobs: number }>(
      database.db,
      sql`select (select count(*)::int from correspondence) as correspondence, (select count(*)::int from bulk_jobs) as jobs`,
    );
    return { ...(await tableCounts(database.db)), ...rows };
  };
  const before = await counts();
  for (const [templateId, letter, lettre] of [
    ["approval", "an approval letter", "une lettre d’approbation"],
    ["decision-refusal", "a refusal letter", "une lettre de refus"],
  ] as const) {
    for (const path of ["/bulk-jobs", "/bulk-jobs/preview"]) {
      const response = await call(ottawaKey, "POST", path, {
        officeCode: "OTT",
        templateId,
        values: { nextSteps: "Send us your passport.", grounds: "x" },
        fileNumbers: [seed.application.fileNumber],
      });
      assert.equal(response.status, 400, `${path} ${templateId}`);
      const { error } = (await response.json()) as {
        error: { code: string; field: string; message: string; messageFr: string };
      };
      assert.deepEqual([error.code, error.field], ["invalid_input", "templateId"]);
      assert.equal(
        error.message,
        `templateId: decision letters (here, ${letter}) cannot be sent in bulk: each is produced by recording the decision, application by application, on that application's page Decisions and reconsideration (/applications/<file number>/decisions), which adds the recourse annex`,
      );
      assert.match(
        error.messageFr,
        new RegExp(
          `^templateId : les lettres de décision \\(ici, ${lettre}\\) ne peuvent pas être envoyées en masse`,
        ),
      );
      assert.match(error.messageFr, /Décisions et réexamen/);
    }
  }
  assert.deepEqual(await counts(), before);
  const letters = (await (await call(ottawaKey, "GET", "/bulk-jobs")).json()) as {
    jobs: { templateId: string }[];
  };
  assert.ok(letters.jobs.every((job) => job.templateId === "free-text"));
});

test("a job id that only looks like one is not found, never an internal error", async () => {
  for (const id of [
    "------------------------------------",
    "0f6c1e2a-0000-0000-0000-00000000000g",
    "12345",
  ]) {
    const response = await call(ottawaKey, "GET", `/bulk-jobs/${id}`);
    assert.equal(response.status, 404, id);
  }
});
