import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { addRepresentative } from "../../src/applications/add-representative.ts";
import { changeApplicationStatus } from "../../src/applications/change-application-status.ts";
import { createApplication } from "../../src/applications/create-application.ts";
import { getApplicationFile } from "../../src/applications/get-application-file.ts";
import type { Database } from "../../src/db/database.ts";
import { tableCounts } from "../support/counts.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
});
after(() => database.close());

test("file numbers are generated with the line of business's letter", async () => {
  const eta = await createApplication(database.db, seed.ottawa, {
    uci: seed.client.uci,
    officeCode: "OTT",
    lineOfBusiness: "eta",
    receivedDate: "2026-03-01",
    language: "en",
  });
  assert.match(eta.fileNumber, /^A\d{9}$/);
  assert.equal(eta.status, "received");
});

test("a duplicate file number, an unknown office, a bad date or line are refused and nothing is written", async () => {
  const beforeCounts = await tableCounts(database.db);
  const base = {
    uci: seed.client.uci,
    officeCode: "OTT",
    lineOfBusiness: "permanent-residence",
    receivedDate: "2026-03-01",
    language: "fr",
  } as const;
  await assert.rejects(
    createApplication(database.db, seed.ottawa, { ...base, fileNumber: seed.application.fileNumber }),
    new RegExp(
      `^AppError: fileNumber: ${seed.application.fileNumber} is already the number of another application$`,
    ),
  );
  await assert.rejects(
    createApplication(database.db, seed.ottawa, { ...base, officeCode: "PAR" }),
    /officeCode: no office has the code PAR/,
  );
  await assert.rejects(
    createApplication(database.db, seed.ottawa, { ...base, receivedDate: "01/03/2026" }),
    /receivedDate: must be a real date/,
  );
  await assert.rejects(
    createApplication(database.db, seed.ottawa, { ...base, lineOfBusiness: "asylum" } as never),
    /lineOfBusiness: must be one of/,
  );
  await assert.rejects(
    createApplication(database.db, seed.ottawa, { ...base, uci: "12-3456-7891" }),
    /uci: must be a UCI/,
  );
  await assert.rejects(
    createApplication(database.db, seed.ottawa, { ...base, fileNumber: "V12" }),
    /fileNumber: must be one capital letter and nine digits/,
  );
  assert.deepEqual(await tableCounts(database.db), beforeCounts);
});

test("the application file shows representatives, status history and is closed to other offices", async () => {
  await addRepresentative(database.db, seed.ottawa, seed.application.fileNumber, {
    name: "Maître Julie Tremblay",
    email: "j.tremblay@cabinet.example",
    validFrom: "2026-02-01",
  });
  await changeApplicationStatus(database.db, seed.ottawa, seed.application.fileNumber, {
    status: "in-progress",
    reason: "Assigned for review",
  });
  const file = await getApplicationFile(database.db, seed.ottawa, seed.application.fileNumber);
  assert.equal(file.representatives[0]?.email, "j.tremblay@cabinet.example");
  assert.deepEqual(
    file.history.map((h) => h.action),
    ["application.created", "representative.added", "application.status-changed"],
  );
  assert.equal(file.application.status, "in-progress");
  await assert.rejects(
    getApplicationFile(database.db, seed.london, seed.application.fileNumber),
    /no application .* in your offices/,
  );
  await assert.rejects(
    addRepresentative(database.db, seed.ottawa, seed.application.fileNumber, {
      name: "X",
      validFrom: "2026-02-01",
    }),
    /email: give the representative's email or postal address/,
  );
});
