import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import type { Hono } from "hono";
import { createApplication } from "../../src/applications/create-application.ts";
import { createClient } from "../../src/clients/create-client.ts";
import { queueLetter } from "../../src/correspondence/queue-letter.ts";
import type { Database } from "../../src/db/database.ts";
import { correspondence } from "../../src/db/schema.ts";
import { listRecourseOptions } from "../../src/recourse/list-recourse-options.ts";
import { loadHolidayCalendar } from "../../src/recourse/load-holiday-calendar.ts";
import { addDays, todayIn } from "../../src/shared/dates.ts";
import { SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { createApiKey } from "../../src/users/api-keys.ts";
import { decisionApiRoutes } from "../../src/web/api/decision-routes.ts";
import type { AppEnv } from "../../src/web/env.ts";
import { apiTestApp } from "../support/api-app.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

const zone = "America/Toronto";
const inDays = (days: number) => addDays(todayIn(zone), days);

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
let app: Hono<AppEnv>;
let ottawaKey: string;
let londonKey: string;
before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
  app = apiTestApp(database, decisionApiRoutes());
  ottawaKey = (await createApiKey(database.db, SYSTEM_ACTOR, { userEmail: "ana@dossier.test" })).key;
  londonKey = (await createApiKey(database.db, SYSTEM_ACTOR, { userEmail: "liam@dossier.test" })).key;
});
after(() => database.close());

function call(method: "GET" | "POST", path: string, body?: unknown, key = ottawaKey) {
  return app.request(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function fileWithSentRequest(familyName: string) {
  const client = await createClient(database.db, seed.ottawa, {
    officeCode: "OTT",
    familyName,
    givenNames: "Omar",
    dateOfBirth: "1979-06-02",
    sex: "M",
    countryOfBirth: "MAR",
    citizenships: ["MAR"],
    email: `${familyName.toLowerCase()}@example.com`,
    emailConsentSource: "application-form",
  });
  const application = await createApplication(database.db, seed.ottawa, {
    uci: client.uci,
    officeCode: "OTT",
    lineOfBusiness: "temporary-residence",
    receivedDate: "2026-01-05",
    language: "fr",
  });
  const { correspondence: row } = await queueLetter(database.db, seed.ottawa, application.fileNumber, {
    templateId: "request-documents",
    values: { documents: [`Relevés bancaires ${familyName}`], responseDate: inDays(10) },
  });
  await database.db
    .update(correspondence)
    .set({ status: "sent", sentAt: new Date(), smtpResponse: "250 Ok", responseDueDate: inDays(-1) })
    .where(eq(correspondence.id, row.id));
  return { application, requestId: row.id };
}

test("the decision API: 200 screen, 201 decision, 400 bad input, 409 not allowed, 404 other office and no refusal", async () => {
  const { application, requestId } = await fileWithSentRequest("Benali");
  const base = `/applications/${application.fileNumber}`;

  const noRefusal = await call("GET", `${base}/recourse`);
  assert.equal(noRefusal.status, 404);
  assert.match(((await noRefusal.json()) as { error: { message: string } }).error.message, /has no refusal/);

  const screen = await call("GET", `${base}/decisions`);
  assert.equal(screen.status, 200);
  const body = (await screen.json()) as {
    requests: { correspondenceId: string; decisionAllowed: boolean }[];
  };
  assert.deepEqual(
    body.requests.map((r) => [r.correspondenceId, r.decisionAllowed]),
    [[requestId, true]],
  );

  const refusal = {
    outcome: "refused",
    basis: "non-compliance",
    requestCorrespondenceId: requestId,
    grounds: "Les relevés bancaires demandés n’ont pas été fournis.",
    rationale: "Demande acceptée par le serveur de courriel ; aucun retour ; rien reçu.",
    arising: "canada",
  };
  const noRationale = await call("POST", `${base}/decisions`, { ...refusal, rationale: undefined });
  assert.equal(noRationale.status, 400);
  assert.match(
    ((await noRationale.json()) as { error: { message: string } }).error.message,
    /^rationale: is required/,
  );

  const elsewhere = await call("POST", `${base}/decisions`, refusal, londonKey);
  assert.equal(elsewhere.status, 404);

  const created = await call("POST", `${base}/decisions`, refusal);
  assert.equal(created.status, 201);
  const { decision, letterCorrespondenceId } = (await created.json()) as {
    decision: { legalBasis: string };
    letterCorrespondenceId: string;
  };
  assert.equal(decision.legalBasis, "irpr-s10");

  const again = await call("POST", `${base}/decisions`, refusal);
  assert.equal(again.status, 409, "already decided");

  // The refusal's recourse: in Canada, leave for judicial review within 15 days (IRPA s. 72(2)(b)),
  // counted from today while the letter waits to be sent.
  const recourse = await call("GET", `${base}/recourse`);
  assert.equal(recourse.status, 200);
  const options = (await recourse.json()) as {
    notifiedOn: string | null;
    options: { kind: string; available: boolean; deadline: string | null }[];
  };
  assert.equal(options.notifiedOn, null);
  const expected = listRecourseOptions(
    {
      decision: "refusal",
      line: "temporary-residence",
      notified: todayIn(zone),
      arising: "canada",
      today: todayIn(zone),
    },
    await loadHolidayCalendar(),
  );
  const leave = options.options.find((o) => o.kind === "judicial-review-leave");
  assert.equal(leave?.available, true);
  assert.equal(leave?.deadline, expected.find((o) => o.kind === "judicial-review-leave")?.deadline);
  assert.ok(leave!.deadline! >= addDays(todayIn(zone), 15));
  assert.equal(options.options.find((o) => o.kind === "iad-appeal")?.available, false);

  // The French letter carries the annex with the same deadline.
  const [letter] = await database.db
    .select()
    .from(correspondence)
    .where(eq(correspondence.id, letterCorrespondenceId));
  assert.equal(letter!.language, "fr");
  assert.match(letter!.bodyText!, /Autorisation et contrôle judiciaire à la Cour fédérale/);
  assert.match(letter!.bodyText!, /article 10 du Règlement sur l’immigration et la protection des réfugiés/);

  // Reconsideration: 201 recorded with its facts, 400 without grounds, then decided.
  const claim = {
    requestedBy: "Omar Benali (demandeur)",
    receivedOn: todayIn(zone),
    channel: "web-form",
    groundsKind: "non-receipt",
    grounds: "Je n’ai jamais reçu le courriel.",
  };
  const bad = await call("POST", `${base}/reconsiderations`, { ...claim, grounds: "" });
  assert.equal(bad.status, 400);
  const recorded = await call("POST", `${base}/reconsiderations`, claim);
  assert.equal(recorded.status, 201);
  const { reconsideration, facts } = (await recorded.json()) as {
    reconsideration: { id: string };
    facts: { officeError: unknown; proposal: string };
  };
  assert.equal(facts.officeError, null);
  assert.equal(facts.proposal, "assess");
  const decided = await call("POST", `/reconsiderations/${reconsideration.id}/decision`, {
    outcome: "maintain",
    rationale: "Le courriel est parti à l’adresse la plus récente et rien n’est revenu.",
  });
  assert.equal(decided.status, 200);
  const twice = await call("POST", `/reconsiderations/${reconsideration.id}/decision`, {
    outcome: "maintain",
    rationale: "Encore.",
  });
  assert.equal(twice.status, 409);
  const unknown = await call("POST", "/reconsiderations/6f1c1e2a-0000-4000-8000-000000000000/decision", {
    outcome: "maintain",
    rationale: "x",
  });
  assert.equal(unknown.status, 404);
});
