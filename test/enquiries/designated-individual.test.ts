import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import { createClient } from "../../src/clients/create-client.ts";
import type { Database } from "../../src/db/database.ts";
import { auditEvents, designatedIndividuals } from "../../src/db/schema.ts";
import { uploadEdoc } from "../../src/edocs/upload-edoc.ts";
import { replyToEnquiry } from "../../src/enquiries/reply-to-enquiry.ts";
import { submitEnquiryForm } from "../../src/enquiries/submit-enquiry-form.ts";
import { configFromEnv } from "../../src/server/config.ts";
import { AppError } from "../../src/shared/errors.ts";
import { SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { createApiKey } from "../../src/users/api-keys.ts";
import { createApp } from "../../src/web/app.ts";
import { tableCounts } from "../support/counts.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
let app: ReturnType<typeof createApp>;
let ottawaKey: string;
let londonKey: string;
let submissions = 0;

before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
  app = createApp({ database, config: configFromEnv({}) });
  ottawaKey = (await createApiKey(database.db, SYSTEM_ACTOR, { userEmail: "ana@dossier.test" })).key;
  londonKey = (await createApiKey(database.db, SYSTEM_ACTOR, { userEmail: "liam@dossier.test" })).key;
});
after(() => database.close());

function post(path: string, key: string, json: unknown) {
  return app.request(path, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(json),
  });
}

/** An enquiry about the seeded OTT file, through the public web form, from `email`. */
async function enquiryFrom(email: string): Promise<string> {
  submissions += 1;
  const { reference } = await submitEnquiryForm(
    database.db,
    "OTT",
    {
      channel: "web-form",
      enquirerName: "Minh Nguyen",
      enquirerRole: "designated-individual",
      enquirerEmail: email,
      applicantGivenName: "Thị Ánh",
      applicantFamilyName: "Nguyễn",
      applicantDateOfBirth: "1990-04-12",
      fileNumber: seed.application.fileNumber,
      language: "en",
      message: "Hello, my sister asked me to follow up on her application.",
    },
    { clientAddress: `198.51.100.${submissions}` },
  );
  return reference;
}

const REPLY = {
  kind: "case-specific" as const,
  text: "Hello,\n\nThe application is waiting for the police certificate.",
  containsPersonalInformation: true,
};

test("a designated individual recorded with the applicant's signed consent is identified for a case-specific reply, until the consent ends", async () => {
  const consent = await uploadEdoc(
    database.db,
    seed.ottawa,
    { fileNumber: seed.application.fileNumber },
    {
      fileName: "consent-minh-nguyen.pdf",
      description: "Signed consent",
      bytes: Buffer.from("%PDF-1.4 consent"),
    },
  );
  const created = await post(
    `/api/v1/applications/${seed.application.fileNumber}/designated-individuals`,
    ottawaKey,
    {
      name: "Minh Nguyen",
      email: "Minh.Nguyen@example.com",
      consentEdocId: consent.id,
      validFrom: "2026-01-01",
      validTo: "2099-06-30",
    },
  );
  assert.equal(created.status, 201);
  const { designatedIndividual } = (await created.json()) as {
    designatedIndividual: { id: string; email: string };
  };
  assert.equal(designatedIndividual.email, "minh.nguyen@example.com");
  const [event] = await database.db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, "designated-individual.added"));
  assert.equal(event?.entityId, seed.application.id);

  const reference = await enquiryFrom("minh.nguyen@example.com");
  const queued = await replyToEnquiry(database.db, seed.ottawa, reference, REPLY);
  assert.equal(queued.release.mayRelease && queued.release.as, "designated-individual");
  assert.match(
    queued.release.reason.en,
    /Minh Nguyen, a designated individual whose written consent is on file/,
  );

  const later = await enquiryFrom("minh.nguyen@example.com");
  await assert.rejects(
    replyToEnquiry(database.db, seed.ottawa, later, REPLY, { now: new Date("2099-07-01T12:00:00Z") }),
    (error: unknown) =>
      error instanceof AppError &&
      error.code === "forbidden" &&
      /matches no one entitled to the file's information/.test(error.message),
  );
});

test("a designated individual without written consent, with another file's eDoc, or on another office's file is refused; nothing is written", async () => {
  const before = await tableCounts(database.db);
  const path = `/api/v1/applications/${seed.application.fileNumber}/designated-individuals`;

  const noConsent = await post(path, ottawaKey, {
    name: "Minh Nguyen",
    email: "minh@example.com",
    validFrom: "2026-01-01",
  });
  assert.equal(noConsent.status, 400);
  assert.deepEqual(await noConsent.json(), {
    error: {
      code: "invalid_input",
      message: "consentEdocId: give the eDoc or the reference of the written consent",
      messageFr: "consentEdocId : donnez l'eDoc ou la référence du consentement écrit",
      field: "consentEdocId",
    },
  });

  const ended = await post(path, ottawaKey, {
    name: "Minh Nguyen",
    email: "minh@example.com",
    consentReference: "Paper file, tab 4",
    validFrom: "2026-01-01",
    validTo: "2025-12-31",
  });
  assert.equal(ended.status, 400);
  assert.equal(((await ended.json()) as { error: { field: string } }).error.field, "validTo");

  const other = await createClient(database.db, seed.ottawa, {
    officeCode: "OTT",
    familyName: "Tremblay",
    givenNames: "Luc",
    dateOfBirth: "1985-02-03",
    sex: "M",
    countryOfBirth: "CAN",
    citizenships: ["CAN"],
  });
  const foreign = await uploadEdoc(
    database.db,
    seed.ottawa,
    { uci: other.uci },
    { fileName: "consent.pdf", bytes: Buffer.from("%PDF-1.4 another consent") },
  );
  const afterUpload = await tableCounts(database.db);
  const wrongFile = await post(path, ottawaKey, {
    name: "Minh Nguyen",
    email: "minh@example.com",
    consentEdocId: foreign.id,
    validFrom: "2026-01-01",
  });
  assert.equal(wrongFile.status, 400);
  assert.match(
    ((await wrongFile.json()) as { error: { message: string } }).error.message,
    /^consentEdocId: no eDoc/,
  );

  const london = await post(path, londonKey, {
    name: "Minh Nguyen",
    email: "minh@example.com",
    consentReference: "Paper file, tab 4",
    validFrom: "2026-01-01",
  });
  assert.equal(london.status, 404);
  assert.deepEqual(await tableCounts(database.db), afterUpload);
  assert.notDeepEqual(before, afterUpload, "only the other client and its eDoc were written");
  assert.equal((await database.db.select().from(designatedIndividuals)).length, 1);
});
