import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { getApplicationFile } from "../../src/applications/get-application-file.ts";
import { getClientFile } from "../../src/clients/get-client-file.ts";
import type { Database } from "../../src/db/database.ts";
import { addNote } from "../../src/notes/add-note.ts";
import { tableCounts } from "../support/counts.ts";
import { openTestDatabase } from "../support/database.ts";
import { addActor, seedTwoOffices } from "../support/fixtures.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
});
after(() => database.close());

test("a note on another office's file is refused and nothing is written", async () => {
  const beforeCounts = await tableCounts(database.db);
  await assert.rejects(
    addNote(
      database.db,
      seed.london,
      { fileNumber: seed.application.fileNumber },
      { body: "Looked at this file." },
    ),
    /fileNumber: no application .* in your offices/,
  );
  await assert.rejects(
    addNote(database.db, seed.london, { uci: seed.client.uci }, { body: "x" }),
    /no client/,
  );
  await assert.rejects(
    addNote(database.db, seed.ottawa, { fileNumber: seed.application.fileNumber }, { body: "   " }),
    /^AppError: body: is required$/,
  );
  assert.deepEqual(await tableCounts(database.db), beforeCounts);
});

test("notes are kept as typed, corrections are new notes, restricted notes are withheld from other officers", async () => {
  const body = "<script>alert('x')</script> Client called; {{name}} asked about biometrics.";
  const first = await addNote(
    database.db,
    seed.ottawa,
    { fileNumber: seed.application.fileNumber },
    { body },
  );
  await addNote(
    database.db,
    seed.ottawa,
    { fileNumber: seed.application.fileNumber },
    { body: "Correction: the call was on Tuesday.", correctsNoteId: first.id },
  );
  await addNote(
    database.db,
    seed.ottawa,
    { uci: seed.client.uci },
    { body: "Security screening pending.", restricted: true },
  );
  const colleague = await addActor(database.db, "bea@dossier.test", "OTT");
  const file = await getApplicationFile(database.db, colleague, seed.application.fileNumber);
  assert.equal(file.notes.at(-1)?.body, body);
  assert.equal(file.notes[0]?.correctsNoteId, first.id);
  const clientFile = await getClientFile(database.db, colleague, seed.client.uci);
  const restricted = clientFile.notes.find((n) => n.restricted);
  assert.equal(restricted?.body, null);
  const own = await getClientFile(database.db, seed.ottawa, seed.client.uci);
  assert.equal(own.notes.find((n) => n.restricted)?.body, "Security screening pending.");
});
