import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Database } from "../../src/db/database.ts";
import { configFromEnv } from "../../src/server/config.ts";
import { SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { createApiKey } from "../../src/users/api-keys.ts";
import { createApp } from "../../src/web/app.ts";
import { tableCounts } from "../support/counts.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
let app: ReturnType<typeof createApp>;
let ottawaKey: string;
let londonKey: string;
before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
  app = createApp({ database, config: configFromEnv({}) });
  ottawaKey = (await createApiKey(database.db, SYSTEM_ACTOR, { userEmail: "ana@dossier.test" })).key;
  londonKey = (await createApiKey(database.db, SYSTEM_ACTOR, { userEmail: "liam@dossier.test" })).key;
});
after(() => database.close());

function call(
  path: string,
  key: string | null,
  init: {
    method?: string;
    json?: unknown;
    body?: string | Uint8Array;
    headers?: Record<string, string>;
  } = {},
) {
  const headers: Record<string, string> = { ...init.headers };
  if (key) headers.authorization = `Bearer ${key}`;
  if (init.json !== undefined) headers["content-type"] = "application/json";
  const body = init.json !== undefined ? JSON.stringify(init.json) : init.body;
  return app.request(path, {
    method: init.method ?? (body ? "POST" : "GET"),
    headers,
    ...(body ? { body } : {}),
  });
}

test("without a valid key the API answers 401 with a JSON error", async () => {
  for (const key of [null, "dsr_nope", `${ottawaKey.slice(0, -1)}x`]) {
    const response = await call("/api/v1/me", key);
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), {
      error: {
        code: "unauthenticated",
        message: "Send a valid API key as 'Authorization: Bearer <key>'.",
        messageFr: "Envoyez une clé d'API valide dans l'en-tête « Authorization: Bearer <clé> ».",
      },
    });
  }
});

test("search, create a client and an application, add a note, read the file", async () => {
  const search = await call("/api/v1/search?name=nguyen%20anh", ottawaKey);
  assert.equal(search.status, 200);
  assert.deepEqual(
    ((await search.json()) as { results: { uci: string }[] }).results.map((r) => r.uci),
    [seed.client.uci],
  );

  const created = await call("/api/v1/clients", ottawaKey, {
    json: {
      officeCode: "OTT",
      familyName: "Okonkwo",
      givenNames: "Chidinma",
      dateOfBirth: "1979-07-21",
      sex: "F",
      countryOfBirth: "NGA",
      citizenships: ["NGA"],
    },
  });
  assert.equal(created.status, 201);
  const { client } = (await created.json()) as { client: { uci: string } };

  const application = await call("/api/v1/applications", ottawaKey, {
    json: {
      uci: client.uci,
      officeCode: "OTT",
      lineOfBusiness: "family-sponsorship",
      receivedDate: "2026-06-30",
      language: "en",
    },
  });
  assert.equal(application.status, 201);
  const { application: app1 } = (await application.json()) as { application: { fileNumber: string } };
  assert.match(app1.fileNumber, /^F\d{9}$/);

  const note = await call(`/api/v1/applications/${app1.fileNumber}/notes`, ottawaKey, {
    json: { body: "Sponsor's income documents requested." },
  });
  assert.equal(note.status, 201);
  const file = (await (await call(`/api/v1/applications/${app1.fileNumber}`, ottawaKey)).json()) as {
    notes: { body: string }[];
    client: { familyName: string };
  };
  assert.equal(file.client.familyName, "Okonkwo");
  assert.deepEqual(
    file.notes.map((n) => n.body),
    ["Sponsor's income documents requested."],
  );
});

test("errors are JSON with a code, a message naming the field, and the right status; nothing is written", async () => {
  const beforeCounts = await tableCounts(database.db);
  const cases: [string, Parameters<typeof call>[2], number, string, RegExp][] = [
    [
      "/api/v1/clients",
      {
        json: {
          officeCode: "OTT",
          familyName: "X",
          dateOfBirth: "1990-13-01",
          sex: "F",
          countryOfBirth: "CAN",
          citizenships: ["CAN"],
        },
      },
      400,
      "invalid_input",
      /^dateOfBirth: must be a real date/,
    ],
    [
      "/api/v1/clients",
      { body: "{not json", headers: { "content-type": "application/json" } },
      400,
      "invalid_input",
      /^body: must be a JSON object/,
    ],
    [
      "/api/v1/applications",
      {
        json: {
          uci: seed.client.uci,
          officeCode: "OTT",
          lineOfBusiness: "eta",
          receivedDate: "2026-01-01",
          language: "en",
          fileNumber: seed.application.fileNumber,
        },
      },
      409,
      "conflict",
      /^fileNumber: .* is already the number/,
    ],
    ["/api/v1/search?uci=12", {}, 400, "invalid_input", /^uci: must be 10 digits/],
    [
      `/api/v1/applications/${seed.application.fileNumber}/edocs?fileName=virus.exe`,
      { body: "MZ" },
      415,
      "unsupported_media_type",
      /^file: virus\.exe is not an accepted type/,
    ],
    ["/api/v1/nothing-here", {}, 404, "not_found", /No such API route/],
  ];
  for (const [path, init, status, code, message] of cases) {
    const response = await call(path, ottawaKey, init);
    const text = await response.text();
    assert.ok(text.startsWith("{"), `${path} answered ${response.status}: ${text.slice(0, 200)}`);
    const body = JSON.parse(text) as { error: { code: string; message: string } };
    assert.equal(response.status, status, `${path}: ${body.error.message}`);
    assert.equal(body.error.code, code);
    assert.match(body.error.message, message);
  }
  // The same refusal in French, for a client that shows it to a person in French.
  const refused = await call("/api/v1/search?uci=12", ottawaKey);
  const { error } = (await refused.json()) as { error: { field: string; messageFr: string } };
  assert.equal(error.field, "uci");
  assert.match(error.messageFr, /^uci : doit être un IUC : 10 chiffres avec un chiffre de contrôle valide/);
  // London's officer cannot read or write Ottawa's file.
  const note = await call(`/api/v1/applications/${seed.application.fileNumber}/notes`, londonKey, {
    json: { body: "x" },
  });
  assert.equal(note.status, 404);
  assert.deepEqual(await tableCounts(database.db), beforeCounts);
});

test("an eDoc uploaded as raw bytes comes back byte for byte with its SHA-256", async () => {
  const pdf = new TextEncoder().encode("%PDF-1.7\n% Dossier test\n%%EOF\n");
  const upload = await call(
    `/api/v1/applications/${seed.application.fileNumber}/edocs?fileName=letter.pdf`,
    ottawaKey,
    {
      body: pdf,
      headers: { "content-type": "application/pdf" },
    },
  );
  assert.equal(upload.status, 201);
  const { edoc } = (await upload.json()) as { edoc: { id: string; sha256: string } };
  const content = await call(`/api/v1/edocs/${edoc.id}/content`, ottawaKey);
  assert.equal(content.headers.get("x-content-sha256"), edoc.sha256);
  assert.match(content.headers.get("content-disposition") ?? "", /^attachment;/);
  assert.deepEqual(new Uint8Array(await content.arrayBuffer()), pdf);
});

test("activities through the API: create, take, complete", async () => {
  const created = await call("/api/v1/activities", ottawaKey, {
    json: {
      activity: "Derogatory information",
      subActivity: "Client Derogatory Information",
      officeCode: "OTT",
      fileNumber: seed.application.fileNumber,
    },
  });
  assert.equal(created.status, 201);
  const { activity } = (await created.json()) as { activity: { id: string } };
  assert.equal(
    (await call(`/api/v1/activities/${activity.id}/take`, ottawaKey, { method: "POST" })).status,
    200,
  );
  const done = await call(`/api/v1/activities/${activity.id}/complete`, ottawaKey, {
    json: { outcome: "No concern." },
  });
  assert.equal(((await done.json()) as { activity: { status: string } }).activity.status, "completed");
  const again = await call(`/api/v1/activities/${activity.id}/take`, ottawaKey, { method: "POST" });
  assert.equal(again.status, 409);
});

test("only an administrator may create offices or verify the audit chain", async () => {
  const response = await call("/api/v1/audit/verify", ottawaKey);
  assert.equal(response.status, 403);
});
