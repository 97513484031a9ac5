import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { and, eq, inArray, sql } from "drizzle-orm";
import { createApplication } from "../../src/applications/create-application.ts";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.ts";
import { BulkRowsError } from "../../src/bulk/bulk-rows-error.ts";
import { createBulkJob } from "../../src/bulk/create-bulk-job.ts";
import { createClient } from "../../src/clients/create-client.ts";
import { type Database, queryRows } from "../../src/db/database.ts";
import { activities, auditEvents, bulkJobs, correspondence, edocs } from "../../src/db/schema.ts";
import { generateData } from "../../src/generate/generate-data.ts";
import { findOfficeByCode } from "../../src/offices/find-office.ts";
import { tableCounts } from "../support/counts.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

// A job of some hundreds of files, checked and written set by set, must behave as one letter at a
// time did: all rows or none, each with its office, eDoc and activity.
let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
let ottawaId: string;
/** Files with an address, in file number order, the two paper-only files last. */
const files: string[] = [];
let paperFiles: string[];
let noAddress: string;

before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
  ottawaId = (await findOfficeByCode(database.db, "OTT")).id;
  await generateData(database.db, { clients: 320, applications: 320, seed: 7, officeCode: "OTT" });
  const withAddress = await queryRows<{ fileNumber: string }>(
    database.db,
    sql`select a.file_number as "fileNumber" from applications a
        where a.office_id = ${ottawaId} and a.id <> ${seed.application.id} and exists (
          select 1 from contact_details cd where cd.client_id = a.client_id and cd.superseded_at is null
            and (cd.kind = 'postal' or cd.consent_source is not null))
        order by a.file_number limit 300`,
  );
  files.push(...withAddress.map((row) => row.fileNumber));
  paperFiles = [
    await newFile("Moreau", "fr", "12 rue Principale\nGatineau QC  J8X 1A1"),
    await newFile("Walker", "en", "40 Bank Street\nOttawa ON  K1P 5N2"),
  ];
  files.push(...paperFiles);
  noAddress = await newFile("Kowalski", "en", null);
});
after(async () => {
  await database.close();
});

async function newFile(familyName: string, language: "en" | "fr", postalAddress: string | null) {
  const client = await createClient(database.db, seed.ottawa, {
    officeCode: "OTT",
    familyName,
    givenNames: "Alex",
    dateOfBirth: "1981-09-14",
    sex: "X",
    countryOfBirth: "CAN",
    citizenships: ["FRA"],
    ...(postalAddress ? { postalAddress } : {}),
  });
  const application = await createApplication(database.db, seed.ottawa, {
    uci: client.uci,
    officeCode: "OTT",
    lineOfBusiness: "permanent-residence",
    receivedDate: "2026-01-20",
    language,
  });
  return application.fileNumber;
}

async function written() {
  const [jobs] = await database.db.select({ n: sql<number>`count(*)::int` }).from(bulkJobs);
  const [rows] = await database.db.select({ n: sql<number>`count(*)::int` }).from(correspondence);
  return { ...(await tableCounts(database.db)), bulkJobs: jobs?.n, correspondence: rows?.n };
}

test("one file without an address at the end of a list of hundreds refuses the job, and nothing is written", async () => {
  const before = await written();
  const list = [...files, noAddress];
  await assert.rejects(
    createBulkJob(
      database.db,
      seed.ottawa,
      {
        officeCode: "OTT",
        fileNumbers: list,
        templateId: "free-text",
        values: { subject: "Your application", body: "Send us your passport." },
      },
      { lines: list.map((_, index) => index + 2) },
    ),
    (error: unknown) => {
      assert.ok(error instanceof BulkRowsError, `a BulkRowsError, got ${String(error)}`);
      assert.equal(error.totalErrors, 1);
      assert.deepEqual(
        error.rows.map((row) => [row.line, row.fileNumber, row.field]),
        [[list.length + 1, noAddress, "file"]],
      );
      assert.match(error.rows[0]?.message ?? "", /no address to write to/);
      return true;
    },
  );
  assert.deepEqual(await written(), before);
});

test("every row of a large job is written from its office, tied to the job; paper rows get their eDoc and an activity naming them", async () => {
  const created = await createBulkJob(database.db, seed.ottawa, {
    officeCode: "OTT",
    fileNumbers: files,
    templateId: "request-documents",
    values: { documents: ["Police certificate"] },
  });
  assert.equal(created.job.total, files.length);
  assert.equal(created.email + created.paper, files.length);
  assert.ok(created.paper >= paperFiles.length);

  const rows = await database.db
    .select()
    .from(correspondence)
    .where(eq(correspondence.bulkJobId, created.job.id));
  assert.equal(rows.length, files.length);
  assert.deepEqual(new Set(rows.map((row) => row.officeId)), new Set([ottawaId]));
  assert.deepEqual(new Set(rows.map((row) => row.status)), new Set(["generate"]));
  // The office's default period gives every request the same response date.
  assert.equal(new Set(rows.map((row) => row.responseDueDate)).size, 1);
  const email = rows.filter((row) => row.channel === "email");
  assert.equal(email.length, created.email);
  for (const row of email) assert.equal(row.messageId, `<${row.id}@dossier.test>`);

  const paper = rows.filter((row) => row.channel === "paper");
  assert.equal(paper.length, created.paper);
  const paperIds = paper.map((row) => row.id);
  const paperEdocs = await database.db.select().from(edocs).where(inArray(edocs.correspondenceId, paperIds));
  assert.deepEqual(paperEdocs.map((edoc) => edoc.correspondenceId).sort(), [...paperIds].sort());
  assert.ok(paperEdocs.every((edoc) => edoc.mediaType === "application/pdf" && edoc.kind === "paper-letter"));
  const mail = await database.db
    .select()
    .from(activities)
    .where(inArray(activities.correspondenceId, paperIds));
  assert.deepEqual(mail.map((a) => a.correspondenceId).sort(), [...paperIds].sort());
  for (const activity of mail) {
    assert.equal(activity.activity, "Mail paper letter");
    assert.equal(activity.status, "review-required");
    assert.equal(activity.officeId, ottawaId);
    assert.match(activity.details ?? "", new RegExp(`Paper correspondence: ${activity.correspondenceId}$`));
  }
  const moreau = paper.find((row) => row.address?.includes("Gatineau"));
  assert.match(moreau?.subject ?? "", /^Demande de documents supplémentaires/);

  const count = async (action: string) => {
    const [row] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, action),
          inArray(
            sql`(${auditEvents.after}->>'correspondenceId')::uuid`,
            rows.map((r) => r.id),
          ),
        ),
      );
    return row?.n;
  };
  assert.equal(await count("correspondence.queued"), files.length);
  assert.equal(await count("correspondence.added-to-bulk-job"), files.length);
  assert.equal(await count("activity.created"), created.paper);
  assert.equal((await verifyAuditChain(database.db)).intact, true);
});
