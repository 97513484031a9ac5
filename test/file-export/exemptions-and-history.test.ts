import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { transferApplication } from "../../src/applications/transfer-application.ts";
import type { Database } from "../../src/db/database.ts";
import { notes } from "../../src/db/schema.ts";
import { exemptionOf, withheldMarker } from "../../src/file-export/exemptions.ts";
import { exportFile } from "../../src/file-export/export-file.ts";
import { historyEntryText } from "../../src/file-export/file-export-wording.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

test("each exemption names its provision in both Acts, in both languages", () => {
  assert.equal(
    withheldMarker("third-party", "en"),
    "[Withheld under Privacy Act s. 26 / Access to Information Act s. 19(1)]",
  );
  assert.equal(
    withheldMarker("solicitor-client", "fr"),
    "[Retenu en vertu de : Loi sur la protection des renseignements personnels, art. 27 / Loi sur l’accès à l’information, art. 23]",
  );
  assert.deepEqual(exemptionOf({ exemption: null }), { exemption: "law-enforcement", recorded: false });
  assert.deepEqual(exemptionOf({ exemption: "security" }), { exemption: "security", recorded: true });
});

test("a decision that changes the status is history whatever its action is called; other events are not", () => {
  assert.deepEqual(
    historyEntryText(
      {
        action: "application.decision-recorded",
        before: { status: "in-progress" },
        after: { status: "refused", statusReason: "Non-compliance (IRPR s. 10)" },
      },
      "en",
    ),
    { kind: "status", text: "Status changed from “In progress” to “Refused”: Non-compliance (IRPR s. 10)" },
  );
  assert.equal(
    historyEntryText({ action: "note.added", before: null, after: { restricted: true } }, "en"),
    null,
  );
});

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
});
after(() => database.close());

test("a restricted note written before exemptions were recorded is withheld under the default one", async () => {
  const { application } = seed;
  await database.db.insert(notes).values({
    clientId: application.clientId,
    applicationId: application.id,
    officeId: application.officeId,
    body: "Old restricted note about a pending security check.",
    restricted: true,
    authorLabel: "former officer",
  });
  const { facts, files } = await exportFile(database.db, seed.ottawa, {
    target: application.fileNumber,
    lang: "en",
  });
  assert.deepEqual(facts.applications[0]?.notes[0]?.withheld, {
    exemption: "law-enforcement",
    exemptionRecorded: false,
    marker: "[Withheld under Privacy Act s. 22(1)(b) / Access to Information Act s. 16(1)(c)]",
  });
  assert.ok(!new TextDecoder().decode(files[1].bytes).includes("pending security check"));
});

test("a transferred file shows the move in its history, and only the office that holds it can export it", async () => {
  const { fileNumber } = seed.application;
  await transferApplication(database.db, seed.ottawa, fileNumber, {
    toOfficeCode: "LON",
    reason: "Interview needed at the visa office",
  });
  const { facts } = await exportFile(database.db, seed.london, { target: fileNumber, lang: "en" });
  const application = facts.applications[0]!;
  assert.deepEqual(application.office, { code: "LON", name: "LON office" });
  assert.deepEqual(
    application.history.map((h) => [h.kind, h.text]),
    [
      ["opened", "File opened (Temporary residence, received 2026-01-15)"],
      ["location", "File transferred from office OTT to office LON"],
    ],
  );
  // The transfer notice is correspondence of the file too.
  assert.ok(application.correspondence.some((c) => c.subject.length > 0 && c.direction === "out"));
  await assert.rejects(
    exportFile(database.db, seed.ottawa, { target: fileNumber }),
    (error: Error & { code?: string }) => error.code === "not_found",
  );
});
