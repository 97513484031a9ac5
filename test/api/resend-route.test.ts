import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import type { Hono } from "hono";
import { addContactDetail } from "../../src/clients/add-contact-detail.ts";
import type { Database } from "../../src/db/database.ts";
import { correspondence } from "../../src/db/schema.ts";
import { SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { createApiKey } from "../../src/users/api-keys.ts";
import { correspondenceApiRoutes } from "../../src/web/api/correspondence-routes.ts";
import type { AppEnv } from "../../src/web/env.ts";
import { startSmtpSink } from "../correspondence/smtp-sink.ts";
import { newFile, sendThroughDispatcher } from "../evidence/evidence-fixtures.ts";
import { apiTestApp } from "../support/api-app.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
let app: Hono<AppEnv>;
let ottawaKey: string;
let londonKey: string;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;

before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
  ottawaKey = (await createApiKey(database.db, SYSTEM_ACTOR, { userEmail: "ana@dossier.test" })).key;
  londonKey = (await createApiKey(database.db, SYSTEM_ACTOR, { userEmail: "liam@dossier.test" })).key;
  app = apiTestApp(database, correspondenceApiRoutes());
  sink = await startSmtpSink();
});
after(async () => {
  await sink.close();
  await database.close();
});

function post(path: string, key: string) {
  return app.request(path, { method: "POST", headers: { authorization: `Bearer ${key}` } });
}

test("POST /correspondence/{id}/resend sends an undelivered email again to the address the file holds now, once", async () => {
  const file = await newFile(database.db, seed.ottawa, { email: "t.obi@example.com" });
  const { queued } = await sendThroughDispatcher(
    database.db,
    seed.ottawa,
    sink,
    file.application.fileNumber,
    "Request for documents",
  );
  // Marked undelivered as a bounce would (the bounce path has its own tests).
  await database.db
    .update(correspondence)
    .set({ status: "undelivered", statusReason: "550 5.1.1 no such user" })
    .where(eq(correspondence.id, queued.id));

  const refused = await post(`/api/v1/correspondence/${queued.id}/resend`, ottawaKey);
  assert.equal(refused.status, 409, "the file still holds only the address that bounced");

  await addContactDetail(database.db, seed.ottawa, file.client.uci, {
    kind: "email",
    value: "tobi.obi@example.org",
    consentSource: "client-wrote-first",
  });
  const elsewhere = await post(`/api/v1/correspondence/${queued.id}/resend`, londonKey);
  assert.equal(elsewhere.status, 404);

  const response = await post(`/api/v1/correspondence/${queued.id}/resend`, ottawaKey);
  assert.equal(response.status, 201);
  const resent = (await response.json()) as { id: string; address: string; status: string; subject: string };
  assert.equal(resent.address, "tobi.obi@example.org");
  assert.equal(resent.status, "generate");
  assert.equal(resent.subject, "Request for documents");

  const again = await post(`/api/v1/correspondence/${queued.id}/resend`, ottawaKey);
  assert.equal(again.status, 409);
  const body = (await again.json()) as { error: { message: string } };
  assert.match(body.error.message, /already sent again/);
});
