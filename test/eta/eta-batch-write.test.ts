/**
 * The batch write of eTA intake: every row of a batch goes in with one statement, the keys it
 * makes are time-ordered, and what an officer and the audit see is the same as one by one.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.ts";
import { queryRows } from "../../src/db/database.ts";
import type { EtaApplicationData } from "../../src/eta/eta.schema.ts";
import { parseEtaApplication, submitEtaApplications, utcDay } from "../../src/eta/submit-eta-applications.ts";
import { timeOrderedUuid } from "../../src/eta/time-ordered-uuid.ts";
import type { Actor } from "../../src/users/actor.ts";
import { openTestDatabase, type TestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

let database: TestDatabase;
let ottawa: Actor;
const now = new Date();
const today = utcDay(now);

before(async () => {
  database = await openTestDatabase();
  ({ ottawa } = await seedTwoOffices(database.db));
});
after(() => database.close());

function application(
  familyName: string,
  givenNames: string,
  passport: string,
  answers: Record<string, unknown> = { purpose: "tourism" },
): EtaApplicationData {
  return parseEtaApplication(
    {
      applicant: {
        familyName,
        givenNames,
        dateOfBirth: "1983-09-02",
        sex: "F",
        countryOfBirth: "NZL",
        citizenship: "NZL",
      },
      passport: { number: passport, type: "regular", country: "NZL", expiryDate: "2035-03-31" },
      email: `${passport.toLowerCase()}@example.org`,
      address: { line1: "12 Kauri Road", city: "Wellington", postalCode: "6011", country: "NZL" },
      answers,
    },
    today,
  );
}

test("time-ordered ids sort in the order they were made, within one millisecond and past 4,096 of them", () => {
  const ids = Array.from({ length: 5000 }, () => timeOrderedUuid(1_764_633_600_000));
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, 5000);
  for (const id of [ids[0]!, ids[4999]!]) {
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  }
  // The first 48 bits are the millisecond (2025-12-02T00:00:00Z), so ids sort by when they were made.
  const ms = (1_764_633_600_000).toString(16).padStart(12, "0");
  assert.equal(ids[0]!.slice(0, 13), `${ms.slice(0, 8)}-${ms.slice(8)}`);
  // A clock that steps back does not make an id that sorts before the last one.
  const later = timeOrderedUuid(1_764_633_599_000);
  assert.ok(later > ids[4999]!);
});

test("a batch of new applicants: each a client with name, passport, email and postal address, one file each, audit intact", async () => {
  const results = await submitEtaApplications(
    database.db,
    ottawa,
    [
      application("Te Whata", "Aroha", "LM0000001"),
      application("Parata", "Hemi", "LM0000002"),
      application("Ngata", "Mere", "LM0000003"),
    ],
    { now },
  );
  assert.deepEqual(
    results.map((r) => [r.status, r.duplicate]),
    [
      ["approved", false],
      ["approved", false],
      ["approved", false],
    ],
  );
  assert.equal(new Set(results.map((r) => r.uci)).size, 3);
  const rows = await queryRows<{
    family_name: string;
    names: number;
    passport: string;
    email: string;
    postal: string;
    file_number: string;
  }>(
    database.db,
    sql`select c.family_name,
          (select count(*)::int from client_names n where n.client_id = c.id and n.kind = 'primary') as names,
          (select p.number from passports p where p.client_id = c.id) as passport,
          (select d.value from contact_details d where d.client_id = c.id and d.kind = 'email' and d.consent_source = 'application-form') as email,
          (select d.value from contact_details d where d.client_id = c.id and d.kind = 'postal') as postal,
          a.file_number
        from clients c join applications a on a.client_id = c.id and a.line_of_business = 'eta'
        where c.uci = any(${sql.param(results.map((r) => r.uci))}::text[])
        order by a.file_number`,
  );
  assert.deepEqual(
    rows.map((r) => [r.family_name, r.names, r.passport, r.email, r.postal, r.file_number]),
    results.map((r, i) => [
      ["Te Whata", "Parata", "Ngata"][i],
      1,
      `LM000000${i + 1}`,
      `lm000000${i + 1}@example.org`,
      "12 Kauri Road\nWellington 6011\nNZL",
      r.fileNumber,
    ]),
  );
  const verdict = await verifyAuditChain(database.db);
  assert.equal(verdict.intact, true);
  const [created] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from audit_events where action = 'client.created' and after->>'uci' = any(${sql.param(results.map((r) => r.uci))}::text[])`,
  );
  assert.equal(created!.n, 3);
});

test("one person issued two eTAs in the same batch: the first ends that day, superseded by the second", async () => {
  const [first, second] = await submitEtaApplications(
    database.db,
    ottawa,
    [
      application("Tane", "Wiremu", "LM0000010", { purpose: "tourism" }),
      application("Tane", "Wiremu", "LM0000010", { purpose: "business" }),
    ],
    { now },
  );
  assert.equal(first!.status, "approved");
  assert.equal(second!.status, "approved");
  assert.equal(second!.uci, first!.uci);
  const rows = await queryRows<{
    file_number: string;
    ended_on: string | null;
    end_reason: string | null;
    superseded_by: string | null;
  }>(
    database.db,
    sql`select a.file_number, e.ended_on::text as ended_on, e.end_reason, s.file_number as superseded_by
        from eta_applications e join applications a on a.id = e.application_id
        left join applications s on s.id = e.superseded_by
        where a.file_number in (${first!.fileNumber}, ${second!.fileNumber}) order by a.file_number`,
  );
  assert.deepEqual(rows, [
    {
      file_number: first!.fileNumber,
      ended_on: today,
      end_reason: "superseded",
      superseded_by: second!.fileNumber,
    },
    { file_number: second!.fileNumber, ended_on: null, end_reason: null, superseded_by: null },
  ]);
  assert.equal((await verifyAuditChain(database.db)).intact, true);
});
