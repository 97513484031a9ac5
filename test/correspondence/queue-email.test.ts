import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { addRepresentative } from "../../src/applications/add-representative.ts";
import { createApplication } from "../../src/applications/create-application.ts";
import { createClient } from "../../src/clients/create-client.ts";
import { queueCorrespondence } from "../../src/correspondence/queue-email.ts";
import type { Database } from "../../src/db/database.ts";
import { auditEvents, correspondence } from "../../src/db/schema.ts";
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

const letter = {
  subject: "Demande de documents supplémentaires",
  body: "Madame,\n\nVeuillez nous faire parvenir vos trois derniers relevés bancaires d'ici le 2 avril 2026.\n\nBureau OTT",
};

async function counts() {
  const rows = await database.db.select({ id: correspondence.id }).from(correspondence);
  return { ...(await tableCounts(database.db)), correspondence: rows.length };
}

async function newApplication(client: { email?: string; postalAddress?: string; familyName: string }) {
  const created = await createClient(database.db, seed.ottawa, {
    officeCode: "OTT",
    familyName: client.familyName,
    givenNames: "Karim",
    dateOfBirth: "1979-06-30",
    sex: "M",
    countryOfBirth: "MAR",
    citizenships: ["MAR"],
    ...(client.email ? { email: client.email, emailConsentSource: "client-wrote-first" as const } : {}),
    ...(client.postalAddress ? { postalAddress: client.postalAddress } : {}),
  });
  return createApplication(database.db, seed.ottawa, {
    uci: created.uci,
    officeCode: "OTT",
    lineOfBusiness: "permanent-residence",
    receivedDate: "2026-02-10",
    language: "en",
  });
}

test("free-text correspondence to a client who gave an email on the form is queued as email, ready to send", async () => {
  const row = await queueCorrespondence(database.db, seed.ottawa, seed.application.fileNumber, letter);
  assert.equal(row.direction, "out");
  assert.equal(row.channel, "email");
  assert.equal(row.status, "generate");
  assert.equal(row.address, "anh.nguyen@example.com");
  assert.equal(row.language, "fr");
  assert.equal(row.subject, letter.subject);
  assert.equal(row.bodyText, letter.body);
  assert.equal(row.messageId, `<${row.id}@dossier.test>`);
  assert.equal(row.createdBy, seed.ottawa.userId);
  const [event] = await database.db
    .select()
    .from(auditEvents)
    .where(
      and(eq(auditEvents.action, "correspondence.queued"), eq(auditEvents.entityId, seed.application.id)),
    );
  assert.ok(event, "the queueing is in the audit trail");
  assert.deepEqual(event.after, {
    correspondenceId: row.id,
    channel: "email",
    address: "anh.nguyen@example.com",
    addressee: "client",
    subject: letter.subject,
    messageId: row.messageId,
  });
});

test("with a representative's email on an IMM 5476 in force, the correspondence goes to the representative", async () => {
  const application = await newApplication({ familyName: "Benali", email: "karim.benali@example.com" });
  await addRepresentative(database.db, seed.ottawa, application.fileNumber, {
    name: "Me Sophie Tremblay",
    email: "s.tremblay@tremblay-immigration.ca",
    validFrom: "2026-01-01",
  });
  const row = await queueCorrespondence(database.db, seed.ottawa, application.fileNumber, letter);
  assert.equal(row.channel, "email");
  assert.equal(row.address, "s.tremblay@tremblay-immigration.ca");
});

test("without an email, a paper letter to the postal address is queued for a person to print", async () => {
  const application = await newApplication({
    familyName: "Haddad",
    postalAddress: "88 Elgin Street\nOttawa ON K1P 5K6",
  });
  const row = await queueCorrespondence(database.db, seed.ottawa, application.fileNumber, letter);
  assert.equal(row.channel, "paper");
  assert.equal(row.status, "generate");
  assert.equal(row.address, "88 Elgin Street\nOttawa ON K1P 5K6");
  assert.equal(row.messageId, null);
});

test("with no address on file, nothing is queued and the officer is told what to record", async () => {
  const application = await newApplication({ familyName: "Sans-Adresse" });
  const before = await counts();
  await assert.rejects(
    queueCorrespondence(database.db, seed.ottawa, application.fileNumber, letter),
    (error: unknown) =>
      error instanceof AppError && error.code === "invalid_state" && /no address/.test(error.message),
  );
  assert.deepEqual(await counts(), before);
});

test("bad subjects and bodies are refused before anything is written", async () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ...letter, subject: "Hello\r\nBcc: everyone@example.com" }, /^subject: must be on one line/],
    [{ ...letter, subject: "x".repeat(201) }, /^subject: must be at most 200 characters/],
    [{ ...letter, subject: "   " }, /^subject: is required/],
    [{ ...letter, body: "y".repeat(50_001) }, /^body: must be at most 50000 characters/],
    [{ ...letter, body: "bell \u0007" }, /^body: must not contain control characters/],
    [{ subject: letter.subject }, /^body: is required/],
  ];
  const before = await counts();
  for (const [input, message] of cases) {
    await assert.rejects(
      queueCorrespondence(database.db, seed.ottawa, seed.application.fileNumber, input as typeof letter),
      (error: unknown) =>
        error instanceof AppError && error.code === "invalid_input" && message.test(error.message),
    );
  }
  assert.deepEqual(await counts(), before);
});

test("an officer of another office cannot write on the file", async () => {
  await assert.rejects(
    queueCorrespondence(database.db, seed.london, seed.application.fileNumber, letter),
    (error: unknown) => error instanceof AppError && error.code === "not_found",
  );
  const rows = await database.db
    .select()
    .from(correspondence)
    .where(eq(correspondence.createdBy, seed.london.userId!));
  assert.equal(rows.length, 0);
});
