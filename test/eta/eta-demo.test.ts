import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { queryRows } from "../../src/db/database.ts";
import { seedEtaDemo } from "../../src/eta/seed-eta-demo.ts";
import { openTestDatabase, type TestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

let database: TestDatabase;
before(async () => {
  database = await openTestDatabase();
  await seedTwoOffices(database.db);
});
after(() => database.close());

test("the demo batch ends in approvals and one referral of each kind, each waiting in the Ottawa queue", async () => {
  const results = await seedEtaDemo(database.db, "2026-12-01");
  const outcome = results.map((r) => `${r.status}${r.referralReasons.map((x) => `:${x.code}`).join("")}`);
  assert.deepEqual(outcome.sort(), [
    "approved",
    "approved",
    "approved",
    "approved",
    "approved",
    "referred:adverse-information",
    "referred:expansion-eligibility",
    "referred:identity-review",
    "referred:naturalized-citizen",
    "referred:permanent-resident",
  ]);
  const queue = await queryRows<{ activity: string; sub_activity: string | null; n: number }>(
    database.db,
    sql`select activity, sub_activity, count(*)::int as n from activities where status = 'review-required'
        and application_id is not null group by 1, 2 order by 1`,
  );
  assert.deepEqual(queue, [
    { activity: "Candidate ID Decision", sub_activity: null, n: 1 },
    { activity: "Derogatory information", sub_activity: "Client Derogatory Information", n: 3 },
    { activity: "eTA Expansion Eligibility", sub_activity: null, n: 1 },
  ]);
  const passportLimited = results.find((r) => r.validity?.limitedBy === "passport-expiry");
  assert.equal(passportLimited?.validity?.validUntil, "2028-06-01");
});
