import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, test } from "node:test";
import type { Database } from "../../src/db/database.ts";
import { checkEdocUpload } from "../../src/edocs/check-edoc-upload.ts";
import { readEdoc } from "../../src/edocs/read-edoc.ts";
import { uploadEdoc } from "../../src/edocs/upload-edoc.ts";
import { tableCounts } from "../support/counts.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

const pdf = new TextEncoder().encode("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");
const eml = (size: number) => {
  const head = "From: office@example.com\r\nTo: client@example.com\r\nSubject: Request\r\n\r\n";
  return new TextEncoder().encode(head + "x".repeat(Math.max(0, size - head.length)));
};

test("the upload rule: types by name and content, 4 MB for email messages", () => {
  assert.equal(checkEdocUpload("letter.PDF", pdf.length, pdf).mediaType, "application/pdf");
  assert.equal(checkEdocUpload("sent.eml", 4 * 1024 * 1024, eml(100)).isEmail, true);
  assert.throws(
    () => checkEdocUpload("sent.eml", 4 * 1024 * 1024 + 1, eml(100)),
    /file: email messages over 4 MB cannot be stored as eDocs \(this one is 4\.0 MB\)/,
  );
  assert.throws(() => checkEdocUpload("run.exe", 10, pdf), /file: run\.exe is not an accepted type/);
  assert.throws(
    () => checkEdocUpload("fake.pdf", 10, new TextEncoder().encode("<html>")),
    /the content of fake\.pdf is not a \.pdf file/,
  );
  assert.throws(() => checkEdocUpload("photo.png", 0, new Uint8Array()), /the file is empty/);
});

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
});
after(() => database.close());

test("an eDoc keeps the exact bytes under their SHA-256", async () => {
  const edoc = await uploadEdoc(
    database.db,
    seed.ottawa,
    { fileNumber: seed.application.fileNumber },
    { fileName: "passport.pdf", bytes: pdf },
  );
  assert.equal(edoc.sha256, createHash("sha256").update(pdf).digest("hex"));
  const read = await readEdoc(database.db, seed.ottawa, edoc.id);
  assert.deepEqual(Buffer.from(read.content), Buffer.from(pdf));
  await assert.rejects(readEdoc(database.db, seed.london, edoc.id), /no application .* in your offices/);
  // The same bytes uploaded again are stored once.
  const counts = await tableCounts(database.db);
  await uploadEdoc(database.db, seed.ottawa, { uci: seed.client.uci }, { fileName: "copy.pdf", bytes: pdf });
  const after = await tableCounts(database.db);
  assert.equal(after.blobs, counts.blobs);
  assert.equal(after.edocs, (counts.edocs ?? 0) + 1);
});

test("an email message over 4 MB is refused and nothing is written", async () => {
  const beforeCounts = await tableCounts(database.db);
  await assert.rejects(
    uploadEdoc(
      database.db,
      seed.ottawa,
      { fileNumber: seed.application.fileNumber },
      { fileName: "big.eml", bytes: eml(4 * 1024 * 1024 + 10) },
    ),
    /email messages over 4 MB/,
  );
  await assert.rejects(
    uploadEdoc(
      database.db,
      seed.ottawa,
      { fileNumber: seed.application.fileNumber },
      { fileName: "../../etc/passwd.pdf", bytes: pdf },
    ),
    /fileName: must be a file name, not a path/,
  );
  assert.deepEqual(await tableCounts(database.db), beforeCounts);
});
