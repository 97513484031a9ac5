import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import { createApplication } from "../../src/applications/create-application.ts";
import { createClient } from "../../src/clients/create-client.ts";
import { detectOverdueResponses } from "../../src/correspondence/detect-overdue-responses.ts";
import type { Database } from "../../src/db/database.ts";
import { activities, correspondence } from "../../src/db/schema.ts";
import { configFromEnv } from "../../src/server/config.ts";
import { addDays, todayIn } from "../../src/shared/dates.ts";
import { AppError, HTTP_STATUS, isAppError } from "../../src/shared/errors.ts";
import { SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { createApiKey } from "../../src/users/api-keys.ts";
import { apiAuth } from "../../src/web/api/api-auth.ts";
import { letterApiRoutes } from "../../src/web/api/letter-routes.ts";
import type { AppEnv } from "../../src/web/env.ts";
import { tableCounts } from "../support/counts.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
let app: Hono<AppEnv>;
let ottawaKey: string;
let londonKey: string;

/** `/api/v1` as the web application mounts it: behind `apiAuth`, errors as JSON. */
function apiApp(db: Database): Hono<AppEnv> {
  const root = new Hono<AppEnv>();
  root.use("*", async (c, next) => {
    c.set("database", db);
    c.set("config", configFromEnv({}));
    c.set("locale", "en");
    c.set("actor", null);
    await next();
  });
  const api = new Hono<AppEnv>();
  api.use("*", apiAuth);
  api.route("/", letterApiRoutes());
  root.route("/api/v1", api);
  root.onError((error, c) => {
    const appError = isAppError(error)
      ? error
      : new AppError("internal", "Something went wrong on our side.");
    return c.json(
      {
        error: {
          code: appError.code,
          message: appError.message,
          ...(appError.field ? { field: appError.field } : {}),
        },
      },
      HTTP_STATUS[appError.code],
    );
  });
  return root;
}

before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
  app = apiApp(database);
  ottawaKey = (await createApiKey(database.db, SYSTEM_ACTOR, { userEmail: "ana@dossier.test" })).key;
  londonKey = (await createApiKey(database.db, SYSTEM_ACTOR, { userEmail: "liam@dossier.test" })).key;
});
after(() => database.close());

const inDays = (days: number) => addDays(todayIn("America/Toronto"), days);

function post(path: string, key: string | null, json?: unknown) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key) headers.authorization = `Bearer ${key}`;
  return app.request(`/api/v1${path}`, {
    method: "POST",
    headers,
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
}

async function counts() {
  const rows = await database.db.select({ id: correspondence.id }).from(correspondence);
  return { ...(await tableCounts(database.db)), correspondence: rows.length };
}

test("without a key nothing is answered but 401", async () => {
  const response = await post(`/applications/${seed.application.fileNumber}/letters`, null, {});
  assert.equal(response.status, 401);
});

test("POST …/letters queues a letter to the address on file and says who it goes to", async () => {
  const responseDate = inDays(14);
  const response = await post(`/applications/${seed.application.fileNumber}/letters`, ottawaKey, {
    templateId: "request-documents",
    values: { documents: ["Passeport"], responseDate },
  });
  assert.equal(response.status, 201);
  const json = (await response.json()) as {
    correspondence: { channel: string; status: string; address: string; responseDueDate: string };
    recipient: { addressee: string; consentSource: string };
    letter: { subject: string; text: string };
  };
  assert.equal(json.correspondence.channel, "email");
  assert.equal(json.correspondence.status, "generate");
  assert.equal(json.correspondence.address, "anh.nguyen@example.com");
  assert.equal(json.correspondence.responseDueDate, responseDate);
  assert.deepEqual(
    { addressee: json.recipient.addressee, consentSource: json.recipient.consentSource },
    { addressee: "client", consentSource: "application-form" },
  );
  assert.match(json.letter.subject, /^Demande de documents supplémentaires/);
});

test("bad letters get a JSON error naming the field, and nothing is written", async () => {
  const before = await counts();
  const file = seed.application.fileNumber;
  const cases: [unknown, number, string, RegExp][] = [
    [
      { templateId: "free-text", values: { subject: "x", body: "x" }, to: "attacker@example.com" },
      400,
      "to",
      /never typed/,
    ],
    [
      { templateId: "free-text", values: { subject: "x", body: "x", address: "x@example.com" } },
      400,
      "values.address",
      /never typed/,
    ],
    [
      { templateId: "interview-convocation", values: { interviewTime: "10:00", interviewPlace: "Here" } },
      400,
      "interviewDate",
      /is required for an interview convocation/,
    ],
    [
      { templateId: "request-documents", values: { documents: ["x"], responseDate: inDays(-5) } },
      400,
      "responseDate",
      /must be a date after the date of the letter/,
    ],
    [{ templateId: "free-text", values: "not an object" }, 400, "values", /must be an object/],
    [
      { templateId: "refusal", values: { grounds: "Funds not shown." } },
      400,
      "templateId",
      /decision letters \(here, a refusal letter\) are produced only by recording the decision, on the page Decisions and reconsideration/,
    ],
    [
      { templateId: "decision-withdrawal", values: {} },
      400,
      "templateId",
      /recording the decision.*adds the recourse annex/,
    ],
  ];
  for (const [input, status, field, message] of cases) {
    const response = await post(`/applications/${file}/letters`, ottawaKey, input);
    assert.equal(response.status, status, JSON.stringify(input));
    const { error } = (await response.json()) as { error: { field: string; message: string } };
    assert.equal(error.field, field);
    assert.match(error.message, message);
  }
  const notJson = await app.request(`/api/v1/applications/${file}/letters`, {
    method: "POST",
    headers: { authorization: `Bearer ${ottawaKey}`, "content-type": "application/json" },
    body: "{",
  });
  assert.equal(notJson.status, 400);
  const otherOffice = await post(`/applications/${file}/letters`, londonKey, {
    templateId: "free-text",
    values: { subject: "x", body: "x" },
  });
  assert.equal(otherOffice.status, 404);
  assert.deepEqual(await counts(), before);
});

test("extend, confirm the overdue note, mark a paper letter mailed, transfer: each through its route", async () => {
  const client = await createClient(database.db, seed.ottawa, {
    officeCode: "OTT",
    familyName: "Quispe",
    givenNames: "Rosa",
    dateOfBirth: "1975-05-05",
    sex: "F",
    countryOfBirth: "PER",
    citizenships: ["PER"],
    postalAddress: "7 Sparks Street\nOttawa ON  K1P 5B5",
  });
  const application = await createApplication(database.db, seed.ottawa, {
    uci: client.uci,
    officeCode: "OTT",
    lineOfBusiness: "citizenship",
    receivedDate: "2026-01-10",
    language: "en",
  });
  const file = application.fileNumber;
  const queued = (await (
    await post(`/applications/${file}/letters`, ottawaKey, {
      templateId: "request-documents",
      values: { documents: ["Proof of residence"], responseDate: inDays(7) },
    })
  ).json()) as { correspondence: { id: string; channel: string }; activityId: string };
  assert.equal(queued.correspondence.channel, "paper");
  const id = queued.correspondence.id;

  const mailed = await post(`/correspondence/${id}/mailed`, ottawaKey);
  assert.equal(mailed.status, 200);
  const mailedJson = (await mailed.json()) as {
    correspondence: { status: string };
    completedActivityIds: string[];
  };
  assert.equal(mailedJson.correspondence.status, "sent");
  assert.deepEqual(mailedJson.completedActivityIds, [queued.activityId]);
  assert.equal((await post(`/correspondence/${id}/mailed`, ottawaKey)).status, 409);

  await detectOverdueResponses(database.db, { now: new Date(`${inDays(8)}T12:00:00Z`) });
  const open = (
    await database.db.select().from(activities).where(eq(activities.applicationId, application.id))
  ).find((a) => a.activity === "Response overdue");
  assert.ok(open);
  const confirmed = await post(`/activities/${open.id}/non-compliance`, ottawaKey, {
    outcome: "requested-extension",
  });
  assert.equal(confirmed.status, 200);
  const confirmedJson = (await confirmed.json()) as { note: { body: string }; activity: { status: string } };
  assert.equal(confirmedJson.activity.status, "completed");
  assert.match(
    confirmedJson.note.body,
    /may result in an abandonment of their application\. The applicant requested an extension/,
  );

  const refused = await post(`/correspondence/${id}/extend`, ottawaKey, {
    responseDate: inDays(3),
    reason: "x",
  });
  assert.equal(refused.status, 400);
  const extended = await post(`/correspondence/${id}/extend`, ottawaKey, {
    responseDate: inDays(30),
    reason: "Granted on the client's request of today.",
  });
  assert.equal(extended.status, 200);
  const extendedJson = (await extended.json()) as { correspondence: { responseDueDate: string } };
  assert.equal(extendedJson.correspondence.responseDueDate, inDays(30));

  const triage = await post(`/applications/${file}/transfer`, ottawaKey, {
    toOfficeCode: "OTT",
    reason: "Team B",
  });
  assert.equal(triage.status, 400);
  const transferred = await post(`/applications/${file}/transfer`, ottawaKey, {
    toOfficeCode: "LON",
    reason: "Oath ceremony in London",
  });
  assert.equal(transferred.status, 200);
  const transferredJson = (await transferred.json()) as {
    notice: { correspondence: { templateId: string; channel: string } };
    application: { officeId: string };
  };
  assert.equal(transferredJson.notice.correspondence.templateId, "file-transfer");
  assert.equal(transferredJson.notice.correspondence.channel, "paper");
  assert.equal(
    (await post(`/applications/${file}/transfer`, ottawaKey, { toOfficeCode: "LON", reason: "x" })).status,
    404,
  );
});
