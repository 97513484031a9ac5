import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, test } from "node:test";
import { and, eq } from "drizzle-orm";
import type { Database } from "../../src/db/database.ts";
import { auditEvents } from "../../src/db/schema.ts";
import { exportFile } from "../../src/file-export/export-file.ts";
import { tableCounts } from "../support/counts.ts";
import { openTestDatabase } from "../support/database.ts";
import {
  FIRST_NOTE,
  LAST_NOTE,
  RESTRICTED_TEXT,
  SUBJECT,
  seedExportableFile,
} from "./file-export-fixtures.ts";

const noPdftotext =
  spawnSync("pdftotext", ["-v"]).error === undefined
    ? false
    : "pdftotext is not installed (Debian: apt-get install poppler-utils); the PDF's text is not checked";

function pdfText(pdf: Uint8Array): string {
  const result = spawnSync("pdftotext", ["-layout", "-", "-"], { input: pdf, encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  // Lines wrap where the page ends: read the words, not the layout.
  return result.stdout.replace(/\s+/g, " ");
}

let database: Database;
let seed: Awaited<ReturnType<typeof seedExportableFile>>;
before(async () => {
  database = await openTestDatabase();
  seed = await seedExportableFile(database.db);
});
after(() => database.close());

test("the export of a file holds its header, assessments, correspondence with eDocs, history and notes in date order", async () => {
  const { facts, files } = await exportFile(database.db, seed.ottawa, { target: seed.fileNumber });
  assert.deepEqual(
    files.map((f) => f.name),
    [`file-${seed.fileNumber}.pdf`, `file-${seed.fileNumber}.json`],
  );
  // The file's language is French, so the copy is.
  assert.equal(facts.language, "fr");
  assert.equal(facts.client.uci, seed.client.uci);
  const [application] = facts.applications;
  assert.ok(application);
  assert.equal(application.fileNumber, seed.fileNumber);
  assert.deepEqual(application.office, { code: "OTT", name: "Bureau OTT" });
  assert.equal(application.statusText, "En cours");
  assert.equal(application.statusReason, "Documents requested");
  assert.equal(application.lineOfBusinessText, "Résidence temporaire");
  assert.equal(application.receivedDate, "2026-01-15");
  assert.deepEqual(
    application.assessments.map((a) => [a.activity, a.subActivity, a.statusText, a.dueDate]),
    [["Eligibility assessment", "Financial means", "Examen requis", "2026-03-01"]],
  );
  const [email] = application.correspondence;
  assert.equal(email?.subject, SUBJECT);
  assert.equal(email?.statusText, "Envoyée, courriel, à anh.nguyen@example.com");
  assert.equal(email?.edocs.length, 1);
  assert.match(email?.edocs[0]?.fileName ?? "", /\.eml$/);
  assert.deepEqual(
    application.history.map((h) => h.text),
    [
      "Dossier ouvert (Résidence temporaire, reçu le 2026-01-15)",
      "État changé de « Reçue » à « En cours » : Documents requested",
    ],
  );
  assert.deepEqual(
    application.notes.map((n) => n.body ?? n.withheld?.marker),
    [
      FIRST_NOTE,
      "[Retenu en vertu de : Loi sur la protection des renseignements personnels, al. 22(1)b) / Loi sur l’accès à l’information, al. 16(1)c)]",
      LAST_NOTE,
    ],
  );
  const times = application.notes.map((n) => n.at);
  assert.deepEqual(times, [...times].sort());
  assert.equal(facts.withheldNotes, 1);
  assert.deepEqual(application.notes[1]?.withheld, {
    exemption: "law-enforcement",
    exemptionRecorded: true,
    marker: application.notes[1]?.withheld?.marker,
  });

  const json = new TextDecoder().decode(files[1].bytes);
  assert.deepEqual(JSON.parse(json), JSON.parse(JSON.stringify(facts)));
  assert.ok(!json.includes("document vendor"), "the restricted note's text is not in the JSON");
});

test("the PDF reads as the case file and never holds a withheld note's text", {
  skip: noPdftotext,
}, async () => {
  const { files, facts } = await exportFile(database.db, seed.ottawa, { target: seed.fileNumber });
  const text = pdfText(files[0].bytes);
  assert.ok(text.includes("Dossier du client"));
  assert.ok(text.includes(`Demande ${seed.fileNumber}`));
  assert.ok(text.includes("NGUYỄN, Thị Ánh"));
  assert.ok(text.includes(SUBJECT));
  assert.ok(text.includes(facts.applications[0]!.correspondence[0]!.edocs[0]!.fileName));
  assert.ok(text.includes(FIRST_NOTE) && text.includes(LAST_NOTE));
  assert.ok(text.indexOf(FIRST_NOTE) < text.indexOf("Retenu en vertu de"));
  assert.ok(text.indexOf("Retenu en vertu de") < text.indexOf(LAST_NOTE));
  assert.ok(!text.includes(RESTRICTED_TEXT.slice(0, 30)) && !text.includes("document vendor"));
  assert.ok(text.includes("État changé de « Reçue » à « En cours »"));
});

test("--lang en gives the English copy, with the English marker", async () => {
  const { facts } = await exportFile(database.db, seed.ottawa, { target: seed.fileNumber, lang: "en" });
  assert.equal(facts.language, "en");
  assert.equal(
    facts.applications[0]?.notes[1]?.withheld?.marker,
    "[Withheld under Privacy Act s. 22(1)(b) / Access to Information Act s. 16(1)(c)]",
  );
  assert.equal(facts.applications[0]?.statusText, "In progress");
});

test("a client's export by UCI holds every application of the officer's offices", async () => {
  const { facts, files } = await exportFile(database.db, seed.ottawa, { target: seed.client.uci });
  assert.equal(files[0].name, `client-${seed.client.uci}.pdf`);
  assert.deepEqual(
    facts.applications.map((a) => a.fileNumber),
    [seed.fileNumber],
  );
});

test("each export is in the audit trail of the file", async () => {
  const events = await database.db
    .select()
    .from(auditEvents)
    .where(
      and(eq(auditEvents.action, "application.file-exported"), eq(auditEvents.entityId, seed.application.id)),
    );
  assert.ok(events.length >= 1);
  assert.equal(events[0]?.actorLabel, seed.ottawa.label);
});

test("another office's officer gets not found, and nothing is written", async () => {
  const beforeCounts = await tableCounts(database.db);
  await assert.rejects(
    exportFile(database.db, seed.london, { target: seed.fileNumber }),
    (error: Error & { code?: string }) =>
      error.code === "not_found" &&
      error.message === `fileNumber: no application ${seed.fileNumber} in your offices`,
  );
  await assert.rejects(
    exportFile(database.db, seed.london, { target: seed.client.uci }),
    (error: Error & { code?: string }) => error.code === "not_found",
  );
  assert.deepEqual(await tableCounts(database.db), beforeCounts);
});

test("a target that is neither a file number nor a UCI is refused, naming the rule", async () => {
  await assert.rejects(
    exportFile(database.db, seed.ottawa, { target: "X12" }),
    /^AppError: target: must be a file number \(one letter and nine digits, e\.g\. V000012345\) or a UCI \(10 digits\)$/,
  );
  await assert.rejects(
    exportFile(database.db, seed.ottawa, { target: seed.fileNumber, lang: "de" as "en" }),
    /^AppError: lang: must be en or fr$/,
  );
});
