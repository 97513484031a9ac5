import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import type { Database } from "../../src/db/database.ts";
import { enquiries } from "../../src/db/schema.ts";
import { DEFAULT_CATEGORY_RULES } from "../../src/enquiries/categorise-enquiry.ts";
import { correctCategory, queueForCategory } from "../../src/enquiries/correct-category.ts";
import { replaceCategoryRules } from "../../src/enquiries/replace-category-rules.ts";
import { submitEnquiryForm } from "../../src/enquiries/submit-enquiry-form.ts";
import { isAppError } from "../../src/shared/errors.ts";
import { SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;

before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
});
after(() => database.close());

async function newEnquiry(message: string): Promise<string> {
  const { reference } = await submitEnquiryForm(
    database.db,
    "OTT",
    {
      channel: "web-form",
      enquirerName: "Sophie Tremblay",
      enquirerRole: "representative",
      enquirerEmail: "s.tremblay@avocats.example",
      applicantGivenName: "Thị Ánh",
      applicantFamilyName: "Nguyễn",
      applicantDateOfBirth: "1990-04-12",
      fileNumber: seed.application.fileNumber,
      language: "en",
      message,
    },
    { clientAddress: "192.0.2.10" },
  );
  return reference;
}

test("seed 001's table gives each category its queue; a rule set that leaves a category out falls back to it", () => {
  assert.equal(queueForCategory("case-specific"), "office-enquiries");
  assert.equal(queueForCategory("biometrics-complaint"), "program-manager");
  assert.equal(queueForCategory("general-policy"), "policy-directorate");
  const withoutPolicy = DEFAULT_CATEGORY_RULES.filter((rule) => rule.category !== "general-policy");
  assert.equal(queueForCategory("general-policy", withoutPolicy), "policy-directorate");
});

test("the corrected enquiry goes to the queue the office's own rules give its new category, and keeps the rules' decision it replaced", async () => {
  await replaceCategoryRules(database.db, SYSTEM_ACTOR, {
    officeCode: "OTT",
    rules: DEFAULT_CATEGORY_RULES.map((rule) =>
      rule.category === "local-procedures" ? { ...rule, queue: "program-manager" } : rule,
    ),
  });
  const reference = await newEnquiry("Where is my application? Still waiting, no news.");
  const corrected = await correctCategory(
    database.db,
    seed.ottawa,
    reference,
    { category: "local-procedures", reason: "Asks only how to book an appointment at the counter." },
    { now: new Date("2026-03-04T15:00:00Z") },
  );
  assert.equal(corrected.queue, "program-manager");
  const [row] = await database.db.select().from(enquiries).where(eq(enquiries.reference, reference));
  assert.equal(row?.categorySource, "officer");
  const decision = row?.categoryReason as {
    en: string;
    fr: string;
    correction: { at: string; previous: { category: string; reason: { en: string } } };
  };
  assert.equal(
    decision.en,
    'Corrected from "case-specific enquiry": Asks only how to book an appointment at the counter.',
  );
  assert.equal(decision.correction.at, "2026-03-04T15:00:00.000Z");
  assert.equal(decision.correction.previous.category, "case-specific");
  assert.match(decision.correction.previous.reason.en, /the enquiry says/);

  await assert.rejects(
    correctCategory(database.db, seed.london, reference, { category: "general-policy", reason: "Policy." }),
    (error) => isAppError(error) && error.code === "not_found" && error.field === "reference",
  );
  await assert.rejects(
    correctCategory(database.db, seed.ottawa, reference, { category: "complaint" as never, reason: "x" }),
    (error) => isAppError(error) && error.code === "invalid_input" && error.field === "category",
  );
});
