import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import type { Hono } from "hono";
import { PDFDocument } from "pdf-lib";
import type { Database } from "../../src/db/database.ts";
import { contactDetails } from "../../src/db/schema.ts";
import type { EvidenceFacts } from "../../src/evidence/evidence.schema.ts";
import { SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { createApiKey } from "../../src/users/api-keys.ts";
import { correspondenceApiRoutes } from "../../src/web/api/correspondence-routes.ts";
import type { AppEnv } from "../../src/web/env.ts";
import { startSmtpSink } from "../correspondence/smtp-sink.ts";
import { apiTestApp } from "../support/api-app.ts";
import { tableCounts } from "../support/counts.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";
import { sendThroughDispatcher } from "./evidence-fixtures.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
let app: Hono<AppEnv>;
let ottawaKey: string;
let londonKey: string;
let sentId: string;

before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
  ottawaKey = (await createApiKey(database.db, SYSTEM_ACTOR, { userEmail: "ana@dossier.test" })).key;
  londonKey = (await createApiKey(database.db, SYSTEM_ACTOR, { userEmail: "liam@dossier.test" })).key;
  app = apiTestApp(database, correspondenceApiRoutes());
  const sink = await startSmtpSink();
  try {
    sentId = (
      await sendThroughDispatcher(database.db, seed.ottawa, sink, seed.application.fileNumber, "Demande")
    ).queued.id;
  } finally {
    await sink.close();
  }
});
after(() => database.close());

type ErrorBody = { error: { code: string; message: string } };
const read = async <T>(response: Response) => (await response.json()) as T;

const call = (path: string, key: string | null, init: RequestInit = {}) =>
  app.request(path, {
    ...init,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...init.headers },
  });

test("GET /correspondence/:id/evidence answers the package's facts, and .pdf the PDF", async () => {
  const json = await call(`/api/v1/correspondence/${sentId}/evidence`, ottawaKey);
  assert.equal(json.status, 200);
  const facts = await read<EvidenceFacts>(json);
  assert.equal(facts.kind, "dossier-evidence-of-sent-email");
  assert.equal(facts.correspondence.id, sentId);
  assert.equal(facts.message.source === "edoc" && facts.message.copy.hashMatches, true);
  assert.equal(facts.generatedBy, "ana <ana@dossier.test>");

  const pdf = await call(`/api/v1/correspondence/${sentId}/evidence.pdf`, ottawaKey);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.headers.get("content-type"), "application/pdf");
  assert.equal(pdf.headers.get("content-disposition"), `attachment; filename="evidence-${sentId}.pdf"`);
  assert.match(pdf.headers.get("x-content-sha256") ?? "", /^[0-9a-f]{64}$/);
  const document = await PDFDocument.load(new Uint8Array(await pdf.arrayBuffer()));
  assert.ok(document.getPageCount() >= 2);
});

test("another office, an unknown id, a bad id and no key are refused", async () => {
  for (const path of [
    `/api/v1/correspondence/${sentId}/evidence`,
    `/api/v1/correspondence/${sentId}/evidence.pdf`,
  ]) {
    const foreign = await call(path, londonKey);
    assert.equal(foreign.status, 404);
    assert.deepEqual(await read<ErrorBody>(foreign), {
      error: {
        code: "not_found",
        message: `correspondenceId: no correspondence ${sentId} in your offices`,
        messageFr: `correspondenceId : aucune correspondance ${sentId} dans vos bureaux`,
        field: "correspondenceId",
      },
    });
  }
  const bad = await call("/api/v1/correspondence/not-an-id/evidence", ottawaKey);
  assert.equal(bad.status, 400);
  assert.equal(
    (await read<ErrorBody>(bad)).error.message,
    "correspondenceId: must be a correspondence id (a UUID)",
  );
  assert.equal((await call(`/api/v1/correspondence/${sentId}/evidence`, null)).status, 401);
});

test("POST /applications/:fileNumber/correspondence/manual records an uploaded Outlook message", async () => {
  // The client's email was on file when the fixture was sent (2 March 2026).
  await database.db
    .update(contactDetails)
    .set({ recordedAt: new Date("2026-01-15T14:00:00Z") })
    .where(eq(contactDetails.clientId, seed.client.id));
  const bytes = await readFile(
    new URL("../fixtures/saved-messages/request-for-documents.msg", import.meta.url),
  );
  const form = new FormData();
  form.append("file", new File([bytes], "Demande de documents.msg", { type: "application/vnd.ms-outlook" }));
  const response = await call(
    `/api/v1/applications/${seed.application.fileNumber}/correspondence/manual`,
    ottawaKey,
    {
      method: "POST",
      body: form,
    },
  );
  assert.equal(response.status, 201);
  const body = await read<{
    correspondence: { id: string; status: string; templateId: string; address: string; sentAt: string };
    edocId: string;
    warnings: string[];
  }>(response);
  assert.deepEqual(body.warnings, []);
  assert.equal(body.correspondence.status, "sent");
  assert.equal(body.correspondence.templateId, "manual");
  assert.equal(body.correspondence.address, "anh.nguyen@example.com");
  assert.equal(body.correspondence.sentAt, "2026-03-02T15:04:05.000Z");
  assert.match(body.edocId, /^[0-9a-f-]{36}$/);

  // Its evidence package is available at once.
  const evidence = await call(`/api/v1/correspondence/${body.correspondence.id}/evidence`, ottawaKey);
  const facts = await read<EvidenceFacts>(evidence);
  assert.equal(facts.message.source === "edoc" && facts.message.format, "msg");
});

test("an upload over 4 MB is refused with the rule, another office's file with 404, and nothing is written", async () => {
  const counts = await tableCounts(database.db);
  const upload = (bytes: Uint8Array, key: string) => {
    const form = new FormData();
    form.append("file", new File([bytes], "big.eml", { type: "message/rfc822" }));
    return call(`/api/v1/applications/${seed.application.fileNumber}/correspondence/manual`, key, {
      method: "POST",
      body: form,
    });
  };
  const header = new TextEncoder().encode(
    "To: anh.nguyen@example.com\r\nDate: Mon, 2 Mar 2026 10:04:05 -0500\r\n\r\n",
  );
  const justOver = new Uint8Array(4 * 1024 * 1024 + 10);
  justOver.fill(0x61);
  justOver.set(header);
  const refused = await upload(justOver, ottawaKey);
  assert.equal(refused.status, 413);
  assert.match(
    (await read<ErrorBody>(refused)).error.message,
    /^file: email messages over 4 MB cannot be stored as eDocs \(this one is 4\.0 MB\)/,
  );
  const huge = new Uint8Array(9 * 1024 * 1024);
  huge.set(header);
  assert.equal((await upload(huge, ottawaKey)).status, 413);
  assert.equal((await upload(header, londonKey)).status, 404);
  assert.deepEqual(await tableCounts(database.db), counts);
});
