import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { PDFDocument } from "pdf-lib";
import { type CliDatabase, prepareCliDatabase } from "../support/cli.ts";
import { RESTRICTED_TEXT, seedExportableFile } from "./file-export-fixtures.ts";

// The CLI runs as its own process on the database the test prepares.
let cli: CliDatabase;
let dataDir: string;
let fileNumber: string;
let uci: string;
const dossier = (args: string[]) => cli.dossier(args);

before(async () => {
  cli = await prepareCliDatabase("export-cli", async (db) => {
    const seed = await seedExportableFile(db);
    fileNumber = seed.fileNumber;
    uci = seed.client.uci;
  });
  dataDir = cli.dir;
});
after(() => cli.remove());

test("dossier export-file FILE_NUMBER --out DIR --as EMAIL writes the PDF and the JSON", async () => {
  const out = join(dataDir, "export");
  const result = await dossier(["export-file", fileNumber, "--out", out, "--as", "ana@dossier.test"]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(readdirSync(out).sort(), [`file-${fileNumber}.json`, `file-${fileNumber}.pdf`]);
  const facts = JSON.parse(readFileSync(join(out, `file-${fileNumber}.json`), "utf8"));
  assert.equal(facts.applications[0].fileNumber, fileNumber);
  assert.equal(facts.withheldNotes, 1);
  assert.ok(!JSON.stringify(facts).includes(RESTRICTED_TEXT));
  const pdf = await PDFDocument.load(readFileSync(join(out, `file-${fileNumber}.pdf`)));
  assert.ok(pdf.getPageCount() >= 1);
  assert.match(result.stdout, /1 application\(s\); 1 restricted note\(s\) withheld/);
});

test("export-file by UCI, in English, and refusals: no --as, another office, a bad target", async () => {
  const out = join(dataDir, "export-uci");
  const byUci = await dossier(["export-file", uci, "--out", out, "--as", "ana@dossier.test", "--lang", "en"]);
  assert.equal(byUci.code, 0, byUci.stderr);
  assert.equal(JSON.parse(readFileSync(join(out, `client-${uci}.json`), "utf8")).language, "en");

  const noAs = await dossier(["export-file", fileNumber, "--out", out]);
  assert.equal(noAs.code, 2);
  assert.match(noAs.stderr, /--as: is required/);
  const london = join(dataDir, "export-london");
  const other = await dossier(["export-file", fileNumber, "--out", london, "--as", "liam@dossier.test"]);
  assert.equal(other.code, 2);
  assert.match(other.stderr, new RegExp(`fileNumber: no application ${fileNumber} in your offices`));
  assert.throws(() => readdirSync(london), /ENOENT/, "nothing is written for a refused export");
  const bad = await dossier(["export-file", "nonsense", "--out", out, "--as", "ana@dossier.test"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /target: must be a file number/);
});

test("dossier access-requests add, list and complete", async () => {
  const added = await dossier([
    "access-requests",
    "add",
    fileNumber,
    "--received",
    "2026-02-05",
    "--requester",
    "Maître Tremblay",
    "--kind",
    "representative",
    "--consent-ref",
    "IMM 5744 received by mail",
    "--as",
    "ana@dossier.test",
  ]);
  assert.equal(added.code, 0, added.stderr);
  const request = JSON.parse(added.stdout);
  assert.equal(request.dueDate, "2026-03-09");
  assert.equal(request.act, "access-to-information-act");

  const noConsent = await dossier([
    "access-requests",
    "add",
    fileNumber,
    "--received",
    "2026-02-05",
    "--requester",
    "Someone",
    "--kind",
    "other",
    "--as",
    "ana@dossier.test",
  ]);
  assert.equal(noConsent.code, 2);
  assert.match(noConsent.stderr, /needs the applicant's consent \(IMM 5744\)/);

  const listed = await dossier(["access-requests", "list", "--json", "--as", "ana@dossier.test"]);
  assert.equal(listed.code, 0, listed.stderr);
  const items = JSON.parse(listed.stdout).accessRequests;
  assert.deepEqual(
    items.map((i: { id: string; dueDate: string }) => [i.id, i.dueDate]),
    [[request.id, "2026-03-09"]],
  );

  const out = join(dataDir, "answer");
  const done = await dossier([
    "access-requests",
    "complete",
    request.id,
    "--out",
    out,
    "--date",
    "2026-03-02",
    "--as",
    "ana@dossier.test",
  ]);
  assert.equal(done.code, 0, done.stderr);
  assert.match(done.stdout, /answered on 2026-03-02; eDoc [0-9a-f-]{36}/);
  assert.deepEqual(readdirSync(out).sort(), [`file-${fileNumber}.json`, `file-${fileNumber}.pdf`]);
  const empty = await dossier(["access-requests", "list", "--as", "ana@dossier.test"]);
  assert.equal(empty.stdout.trim(), "No open access request in your offices.");
});
