import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.ts";
import type { Database } from "../../src/db/database.ts";
import { enquiries } from "../../src/db/schema.ts";
import {
  enquiryFormProblems,
  FORM_SUBMISSIONS_PER_WINDOW,
  submitEnquiryForm,
} from "../../src/enquiries/submit-enquiry-form.ts";
import { AppError } from "../../src/shared/errors.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
});
after(() => database.close());

function form(overrides: Record<string, string> = {}) {
  return {
    channel: "web-form",
    enquirerName: "Kwame Mensah",
    enquirerRole: "applicant",
    enquirerEmail: "Kwame.Mensah@example.org",
    applicantGivenName: "Kwame",
    applicantFamilyName: "Mensah",
    applicantDateOfBirth: "1985-07-30",
    uci: seed.client.uci,
    language: "en",
    message: "I sent my passport copy in January. Has it been received?",
    ...overrides,
  };
}

async function enquiryCount(): Promise<number> {
  const [row] = await database.db.select({ n: sql<number>`count(*)::int` }).from(enquiries);
  return row!.n;
}

test("a UCI alone matches the client's file; the answer goes to the address typed, in lower case", async () => {
  const sent = await submitEnquiryForm(database.db, "ott", form(), { clientAddress: "198.51.100.1" });
  assert.match(sent.reference, /^ENQ-\d{4}-\d{6}$/);
  assert.equal(sent.officeCode, "OTT");
  assert.equal(sent.responseDays, 30);
  const [row] = await database.db
    .select()
    .from(enquiries)
    .where(sql`${enquiries.reference} = ${sent.reference}`);
  assert.equal(row!.clientId, seed.client.id);
  assert.equal(row!.applicationId, null);
  assert.equal(row!.enquirerAddress, "kwame.mensah@example.org");
  assert.equal(row!.subject, `Web form enquiry: UCI ${seed.client.uci}`);
  assert.equal((await verifyAuditChain(database.db)).intact, true);
});

test("every problem of a form is listed at once, the file number or UCI rule included", () => {
  assert.deepEqual(
    enquiryFormProblems(
      form({ enquirerEmail: "not an address", applicantDateOfBirth: "30/07/1985", uci: "" }),
    ),
    [
      { field: "enquirerEmail", rule: "must be an email address" },
      { field: "applicantDateOfBirth", rule: "must be a real date written YYYY-MM-DD" },
      { field: "uci", rule: "must be a UCI: 10 digits with a valid check digit, e.g. 10-0000-0003" },
    ],
  );
  const { uci: _none, ...withoutIdentifier } = form();
  assert.deepEqual(enquiryFormProblems(withoutIdentifier), [
    { field: "fileNumber", rule: "give the visa office file number (e.g. V000012345) or the UCI" },
  ]);
});

test(`one address may send ${FORM_SUBMISSIONS_PER_WINDOW} enquiries an hour; the next is refused, and another address is not`, async () => {
  const now = new Date();
  for (let i = 0; i < FORM_SUBMISSIONS_PER_WINDOW; i++) {
    await submitEnquiryForm(database.db, "OTT", form(), { clientAddress: "203.0.113.9", now });
  }
  const before = await enquiryCount();
  await assert.rejects(
    submitEnquiryForm(database.db, "OTT", form(), { clientAddress: "203.0.113.9", now }),
    (error: AppError) =>
      error.code === "rate_limited" &&
      error.message ===
        "Too many enquiries were sent from this connection. Wait an hour, or write to ott@dossier.test." &&
      error.messageFr ===
        "Trop de demandes ont été envoyées depuis cette connexion. Attendez une heure ou écrivez à ott@dossier.test.",
  );
  assert.equal(await enquiryCount(), before, "nothing written");
  const later = new Date(now.getTime() + 61 * 60_000);
  await submitEnquiryForm(database.db, "OTT", form(), { clientAddress: "203.0.113.9", now: later });
  await submitEnquiryForm(database.db, "OTT", form(), { clientAddress: "203.0.113.10", now });
  await assert.rejects(
    submitEnquiryForm(database.db, "NOPE", form(), { clientAddress: "203.0.113.11" }),
    (error: AppError) =>
      error instanceof AppError && error.code === "not_found" && error.field === "officeCode",
  );
});
