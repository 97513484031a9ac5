import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { createActivity } from "../../src/activities/create-activity.ts";
import { createApplication } from "../../src/applications/create-application.ts";
import { findVisibleApplication } from "../../src/applications/find-visible-application.ts";
import { transferApplication } from "../../src/applications/transfer-application.ts";
import { createClient } from "../../src/clients/create-client.ts";
import type { Database } from "../../src/db/database.ts";
import { activities, applications, auditEvents, correspondence } from "../../src/db/schema.ts";
import { AppError } from "../../src/shared/errors.ts";
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

async function counts() {
  const rows = await database.db.select({ id: correspondence.id }).from(correspondence);
  return { ...(await tableCounts(database.db)), correspondence: rows.length };
}

async function newApplication(familyName: string, contact: { email?: string; postalAddress?: string }) {
  const client = await createClient(database.db, seed.ottawa, {
    officeCode: "OTT",
    familyName,
    givenNames: "Mateo",
    dateOfBirth: "1992-11-03",
    sex: "M",
    countryOfBirth: "COL",
    citizenships: ["COL"],
    ...(contact.email ? { email: contact.email, emailConsentSource: "client-wrote-first" as const } : {}),
    ...(contact.postalAddress ? { postalAddress: contact.postalAddress } : {}),
  });
  return createApplication(database.db, seed.ottawa, {
    uci: client.uci,
    officeCode: "OTT",
    lineOfBusiness: "temporary-residence",
    receivedDate: "2026-02-01",
    language: "en",
  });
}

function refusal(code: string, pattern: RegExp, field?: string) {
  return (error: unknown) => {
    assert.ok(error instanceof AppError, `an AppError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    if (field) assert.equal(error.field, field);
    return true;
  };
}

test("a transfer to another office moves the file and queues the notice to the client in the same step", async () => {
  const file = seed.application.fileNumber;
  const open = await createActivity(database.db, seed.ottawa, {
    activity: "Review documents",
    officeCode: "OTT",
    fileNumber: file,
    assigneeEmail: "ana@dossier.test",
  });
  const result = await transferApplication(database.db, seed.ottawa, file, {
    toOfficeCode: "lon",
    reason: "Interview needed at the visa office",
  });
  const [lon] = await database.db
    .select({ officeId: applications.officeId })
    .from(applications)
    .where(eq(applications.id, seed.application.id));
  assert.equal(result.application.officeId, lon?.officeId);
  assert.notEqual(result.application.officeId, seed.application.officeId);

  const notice = result.notice.correspondence;
  assert.equal(notice.templateId, "file-transfer");
  assert.equal(notice.channel, "email");
  assert.equal(notice.status, "generate");
  assert.equal(notice.address, "anh.nguyen@example.com");
  assert.equal(notice.subject, `Votre dossier a été confié à un autre bureau – Dossier ${file}`);
  assert.match(notice.bodyText ?? "", /Bureau précédent : Bureau OTT\nNouveau bureau : Bureau LON/);

  const [event] = await database.db
    .select()
    .from(auditEvents)
    .where(
      and(eq(auditEvents.action, "application.transferred"), eq(auditEvents.entityId, seed.application.id)),
    );
  assert.deepEqual(event?.before, { officeId: seed.application.officeId, officeCode: "OTT" });
  assert.deepEqual(event?.after, {
    officeId: result.application.officeId,
    officeCode: "LON",
    reason: "Interview needed at the visa office",
    noticeCorrespondenceId: notice.id,
  });

  assert.ok(result.movedActivityIds.includes(open.id));
  const [moved] = await database.db.select().from(activities).where(eq(activities.id, open.id));
  assert.equal(moved?.officeId, result.application.officeId);
  assert.equal(moved?.assigneeUserId, null, "Ana no longer works on the file");
  assert.equal(moved?.status, "review-required");

  // The file is now London's.
  assert.equal((await findVisibleApplication(database.db, seed.london, file)).id, seed.application.id);
  await assert.rejects(
    findVisibleApplication(database.db, seed.ottawa, file),
    refusal("not_found", /no application/),
  );
});

test("a client without email gets the notice on paper; the letter to mail is in the new office's queue", async () => {
  const application = await newApplication("Restrepo", {
    postalAddress: "40 Rideau Street\nOttawa ON  K1N 5W8",
  });
  const result = await transferApplication(database.db, seed.ottawa, application.fileNumber, {
    toOfficeCode: "LON",
    reason: "Processing moved to the visa office",
  });
  const notice = result.notice;
  assert.equal(notice.correspondence.channel, "paper");
  assert.equal(notice.correspondence.status, "generate");
  assert.ok(notice.edocId);
  assert.equal(notice.letter.heading.officeName, "OTT office", "the office the file leaves signs it");
  const [mail] = await database.db.select().from(activities).where(eq(activities.id, notice.activityId!));
  assert.equal(mail?.activity, "Mail paper letter");
  assert.equal(mail?.officeId, result.application.officeId);
});

test("a move within the same office is triage, not a transfer: refused, nothing written", async () => {
  const application = await newApplication("Gomez", { email: "m.gomez@example.com" });
  const before = await counts();
  await assert.rejects(
    transferApplication(database.db, seed.ottawa, application.fileNumber, {
      toOfficeCode: "OTT",
      reason: "Triage",
    }),
    refusal(
      "invalid_input",
      /^toOfficeCode: the file is already held by OTT; a move within an office \(triage\)/,
      "toOfficeCode",
    ),
  );
  await assert.rejects(
    transferApplication(database.db, seed.ottawa, application.fileNumber, {
      toOfficeCode: "PAR",
      reason: "x",
    }),
    refusal("invalid_input", /^toOfficeCode: no office has the code PAR/, "toOfficeCode"),
  );
  await assert.rejects(
    transferApplication(database.db, seed.ottawa, application.fileNumber, {
      toOfficeCode: "LON",
      reason: " ",
    }),
    refusal("invalid_input", /^reason: is required/, "reason"),
  );
  await assert.rejects(
    transferApplication(database.db, seed.london, application.fileNumber, {
      toOfficeCode: "LON",
      reason: "Mine now",
    }),
    refusal("not_found", /no application/),
  );
  assert.deepEqual(await counts(), before);
});

test("a file with no address to notify is not transferred at all", async () => {
  const application = await newApplication("Sin-Direccion", {});
  const before = await counts();
  await assert.rejects(
    transferApplication(database.db, seed.ottawa, application.fileNumber, {
      toOfficeCode: "LON",
      reason: "Moving",
    }),
    refusal("invalid_state", /no address to write to/),
  );
  assert.deepEqual(await counts(), before);
  const [still] = await database.db.select().from(applications).where(eq(applications.id, application.id));
  assert.equal(still?.officeId, application.officeId, "the file stays where it was");
});
