import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import { completeAccessRequest } from "../../src/access-requests/complete-access-request.ts";
import { extendAccessRequest } from "../../src/access-requests/extend-access-request.ts";
import { listAccessRequests } from "../../src/access-requests/list-access-requests.ts";
import { recordAccessRequest } from "../../src/access-requests/record-access-request.ts";
import { createClient } from "../../src/clients/create-client.ts";
import type { Database } from "../../src/db/database.ts";
import { blobs, edocs } from "../../src/db/schema.ts";
import { uploadEdoc } from "../../src/edocs/upload-edoc.ts";
import { RESTRICTED_TEXT, seedExportableFile } from "../file-export/file-export-fixtures.ts";
import { tableCounts } from "../support/counts.ts";
import { openTestDatabase } from "../support/database.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedExportableFile>>;
before(async () => {
  database = await openTestDatabase();
  seed = await seedExportableFile(database.db);
});
after(() => database.close());

const at = (day: string) => new Date(`${day}T15:00:00Z`);

test("an applicant's request is due 30 days after receipt, under the Privacy Act, and is listed with its days left", async () => {
  const request = await recordAccessRequest(database.db, seed.ottawa, {
    target: seed.fileNumber,
    receivedDate: "2026-02-05",
    requesterName: "Thị Ánh Nguyễn",
    requesterEmail: "anh.nguyen@example.com",
    requesterKind: "applicant",
  });
  assert.equal(request.act, "privacy-act");
  // 7 March 2026 is a Saturday.
  assert.equal(request.dueDate, "2026-03-09");
  const listed = await listAccessRequests(database.db, seed.ottawa, {}, at("2026-03-02"));
  const item = listed.find((r) => r.id === request.id);
  assert.deepEqual(item && [item.fileNumber, item.officeCode, item.dueDate, item.daysLeft, item.overdue], [
    seed.fileNumber,
    "OTT",
    "2026-03-09",
    7,
    false,
  ]);
  const late = await listAccessRequests(database.db, seed.ottawa, {}, at("2026-03-12"));
  assert.deepEqual(
    late.filter((r) => r.id === request.id).map((r) => [r.daysLeft, r.overdue]),
    [[-3, true]],
  );
  assert.deepEqual(await listAccessRequests(database.db, seed.london, {}, at("2026-03-02")), []);
});

test("a representative needs the applicant's consent (IMM 5744), and a consent eDoc must be on the client's file", async () => {
  const beforeCounts = await tableCounts(database.db);
  await assert.rejects(
    recordAccessRequest(database.db, seed.ottawa, {
      target: seed.fileNumber,
      receivedDate: "2026-02-05",
      requesterName: "Maître Tremblay",
      requesterKind: "representative",
    }),
    /^AppError: consentReference: a representative or another person needs the applicant's consent \(IMM 5744\): give its eDoc id or a reference$/,
  );
  const other = await createClient(database.db, seed.ottawa, {
    officeCode: "OTT",
    familyName: "Autre",
    givenNames: "Personne",
    dateOfBirth: "1970-01-01",
    sex: "M",
    countryOfBirth: "FRA",
    citizenships: ["FRA"],
  });
  const foreign = await uploadEdoc(
    database.db,
    seed.ottawa,
    { uci: other.uci },
    { fileName: "imm5744.pdf", bytes: new TextEncoder().encode("%PDF-1.4 consent") },
  );
  const afterUpload = await tableCounts(database.db);
  await assert.rejects(
    recordAccessRequest(database.db, seed.ottawa, {
      target: seed.fileNumber,
      receivedDate: "2026-02-05",
      requesterName: "Maître Tremblay",
      requesterKind: "representative",
      consentEdocId: foreign.id,
    }),
    /^AppError: consentEdocId: must be the id of an eDoc on the client's file$/,
  );
  assert.equal((await tableCounts(database.db)).audit_events, afterUpload.audit_events);
  assert.ok((beforeCounts.audit_events ?? 0) < (afterUpload.audit_events ?? 0));
  const withConsent = await recordAccessRequest(database.db, seed.ottawa, {
    target: seed.client.uci,
    receivedDate: "2026-02-02",
    requesterName: "Maître Tremblay",
    requesterKind: "representative",
    consentReference: "IMM 5744 signed 2026-01-30, received by mail",
  });
  assert.equal(withConsent.act, "access-to-information-act");
  assert.equal(withConsent.applicationId, null);
});

test("another office's officer cannot record, extend or complete a request on the file", async () => {
  await assert.rejects(
    recordAccessRequest(database.db, seed.london, {
      target: seed.fileNumber,
      receivedDate: "2026-02-05",
      requesterName: "X",
      requesterKind: "applicant",
    }),
    (error: Error & { code?: string }) => error.code === "not_found",
  );
  const request = await recordAccessRequest(database.db, seed.ottawa, {
    target: seed.fileNumber,
    receivedDate: "2026-02-02",
    requesterName: "Thị Ánh Nguyễn",
    requesterKind: "applicant",
  });
  const beforeCounts = await tableCounts(database.db);
  await assert.rejects(
    extendAccessRequest(database.db, seed.london, request.id, {
      newDueDate: "2026-03-20",
      ground: "volume",
      reason: "x",
    }),
    (error: Error & { code?: string }) => error.code === "not_found",
  );
  await assert.rejects(
    completeAccessRequest(database.db, seed.london, request.id, {}, at("2026-03-01")),
    (error: Error & { code?: string }) => error.code === "not_found",
  );
  assert.deepEqual(await tableCounts(database.db), beforeCounts);
});

test("a Privacy Act request is extended once, by at most 30 days, within the first 30", async () => {
  const request = await recordAccessRequest(database.db, seed.ottawa, {
    target: seed.fileNumber,
    receivedDate: "2026-02-02",
    requesterName: "Thị Ánh Nguyễn",
    requesterKind: "applicant",
  });
  assert.equal(request.dueDate, "2026-03-04");
  await assert.rejects(
    extendAccessRequest(
      database.db,
      seed.ottawa,
      request.id,
      { newDueDate: "2026-04-10", ground: "volume", reason: "Many pages" },
      at("2026-02-20"),
    ),
    /^AppError: newDueDate: the Privacy Act \(s\. 15\) allows at most 30 more days: 2026-04-07 at the latest$/,
  );
  const extended = await extendAccessRequest(
    database.db,
    seed.ottawa,
    request.id,
    { newDueDate: "2026-04-03", ground: "consultation", reason: "The CBSA is consulted on one page" },
    at("2026-02-20"),
  );
  assert.equal(extended.request.extendedDueDate, "2026-04-03");
  assert.equal(extended.provision, "Privacy Act s. 15(a)(ii)");
  await assert.rejects(
    extendAccessRequest(
      database.db,
      seed.ottawa,
      request.id,
      { newDueDate: "2026-04-02", ground: "volume", reason: "again" },
      at("2026-02-21"),
    ),
    /already extended to 2026-04-03/,
  );
  const listed = await listAccessRequests(database.db, seed.ottawa, {}, at("2026-03-30"));
  assert.deepEqual(
    listed.filter((r) => r.id === request.id).map((r) => [r.dueDate, r.extended, r.daysLeft]),
    [["2026-04-03", true, 4]],
  );
});

test("completing a request keeps the released copy as an eDoc, without the withheld note, and closes it", async () => {
  const request = await recordAccessRequest(database.db, seed.ottawa, {
    target: seed.fileNumber,
    receivedDate: "2026-02-10",
    requesterName: "Thị Ánh Nguyễn",
    requesterKind: "applicant",
  });
  await assert.rejects(
    completeAccessRequest(
      database.db,
      seed.ottawa,
      request.id,
      { completedDate: "2026-02-01" },
      at("2026-03-01"),
    ),
    /^AppError: completedDate: must be between the day the request was received \(2026-02-10\) and today \(2026-03-01\)$/,
  );
  const done = await completeAccessRequest(database.db, seed.ottawa, request.id, {}, at("2026-03-01"));
  assert.equal(done.request.completedDate, "2026-03-01");
  assert.equal(done.request.exportEdocId, done.edocId);
  const [edoc] = await database.db.select().from(edocs).where(eq(edocs.id, done.edocId));
  assert.deepEqual(
    [edoc?.fileName, edoc?.kind, edoc?.applicationId],
    [`file-${seed.fileNumber}.pdf`, "file-export", seed.application.id],
  );
  const [blob] = await database.db.select().from(blobs).where(eq(blobs.sha256, edoc!.sha256));
  assert.ok(Buffer.from(blob!.content).equals(Buffer.from(done.export.files[0].bytes)));
  assert.ok(!new TextDecoder().decode(done.export.files[1].bytes).includes(RESTRICTED_TEXT));
  const text = spawnSync("pdftotext", ["-", "-"], { input: blob!.content, encoding: "utf8" });
  if (text.error === undefined) {
    assert.ok(text.stdout.includes("Retenu en vertu de"));
    assert.ok(!text.stdout.includes("document vendor"));
  }
  assert.equal(done.export.facts.withheldNotes, 1);
  const open = await listAccessRequests(database.db, seed.ottawa, {}, at("2026-03-01"));
  assert.ok(!open.some((r) => r.id === request.id));
  await assert.rejects(
    completeAccessRequest(database.db, seed.ottawa, request.id, {}, at("2026-03-02")),
    /already answered on 2026-03-01/,
  );
});
