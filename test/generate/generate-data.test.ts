import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { verifyAuditChain } from "../../src/audit/verify-audit-chain.ts";
import { searchClients } from "../../src/clients/search-clients.ts";
import { type Database, type Db, queryRows } from "../../src/db/database.ts";
import { generateData } from "../../src/generate/generate-data.ts";
import { syntheticPerson } from "../../src/generate/synthetic-person.ts";
import { listOffices } from "../../src/offices/find-office.ts";
import { parseUci } from "../../src/shared/identifiers.ts";
import { nameKey } from "../../src/shared/names.ts";
import { SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { openTestDatabase } from "../support/database.ts";
import { addActor, addOffice } from "../support/fixtures.ts";

let database: Database;
const progress: [number, number][] = [];
let result: Awaited<ReturnType<typeof generateData>>;
before(async () => {
  database = await openTestDatabase();
  result = await generateData(database.db, {
    clients: 2000,
    applications: 3000,
    seed: 42,
    onProgress: (done, total) => progress.push([done, total]),
  });
});
after(() => database.close());

const count = async (db: Db, query: string) => (await queryRows<{ n: number }>(db, sql.raw(query)))[0]!.n;

test("writes the clients and applications asked for, with their names, passports and contacts", async () => {
  const db = database.db;
  assert.deepEqual(
    { clients: result.clients, applications: result.applications },
    { clients: 2000, applications: 3000 },
  );
  assert.equal(await count(db, "select count(*)::int as n from clients"), 2000);
  assert.equal(await count(db, "select count(*)::int as n from applications"), 3000);
  assert.equal(await count(db, "select count(distinct uci)::int as n from clients"), 2000);
  assert.equal(await count(db, "select count(distinct file_number)::int as n from applications"), 3000);
  assert.ok((await count(db, "select count(*)::int as n from passports")) > 1500);
  assert.ok((await count(db, "select count(*)::int as n from contact_details where kind = 'email'")) > 1400);
  assert.ok((await count(db, "select count(*)::int as n from contact_details where kind = 'postal'")) > 400);
  assert.equal(
    await count(
      db,
      "select count(*)::int as n from contact_details where kind = 'email' and consent_source is null",
    ),
    0,
  );
  const lines = await queryRows<{ line: string }>(
    db,
    sql`select distinct line_of_business as line from applications`,
  );
  assert.equal(lines.length, 5);
  assert.deepEqual(progress.at(-1), [5000, 5000]);
  assert.ok(progress.length >= 1);
});

test("every client has its primary name with search keys, and aliases are searchable too", async () => {
  const db = database.db;
  assert.equal(
    await count(
      db,
      "select count(*)::int as n from clients c where not exists (select 1 from client_names n where n.client_id = c.id and n.kind = 'primary' and n.family_name = c.family_name)",
    ),
    0,
  );
  const names = await queryRows<{
    familyName: string;
    givenNames: string;
    familyKey: string;
    givenKey: string;
  }>(
    db,
    sql`select family_name as "familyName", given_names as "givenNames", family_key as "familyKey", given_key as "givenKey" from client_names`,
  );
  assert.ok(names.length > 2000, "some aliases");
  for (const name of names) {
    assert.equal(name.familyKey, nameKey(name.familyName));
    assert.equal(name.givenKey, nameKey(name.givenNames));
  }
  assert.ok(names.some((n) => n.familyName !== n.familyKey && /[^\x00-\x7f]/.test(n.familyName)));
  const [client] = await queryRows<{ uci: string; familyName: string; givenNames: string }>(
    db,
    sql`select uci, family_name as "familyName", given_names as "givenNames" from clients where given_names <> '' order by uci limit 1`,
  );
  assert.equal(parseUci(client!.uci), client!.uci);
  const hits = await searchClients(db, SYSTEM_ACTOR, {
    name: `${nameKey(client!.givenNames)} ${nameKey(client!.familyName)}`,
    limit: 100,
  });
  assert.ok(hits.some((hit) => hit.uci === client!.uci));
});

test("creates a set of offices when there is none, and spreads the files over them", async () => {
  const offices = await listOffices(database.db);
  assert.deepEqual(offices.map((o) => o.code).sort(), ["LOS", "MNL", "MTL", "NDL", "OTT", "VAN"]);
  assert.ok(offices.every((o) => o.mailboxEmail.endsWith("@dossier.example")));
  assert.equal(offices.find((o) => o.code === "MNL")?.timeZone, "Asia/Manila");
  const used = await count(database.db, "select count(distinct office_id)::int as n from applications");
  assert.equal(used, 6);
});

test("one audit event per batch, and the chain still verifies", async () => {
  const batches = await queryRows<{ after: { seed: number; clients: number } }>(
    database.db,
    sql`select "after" from audit_events where action = 'generate.batch' order by seq`,
  );
  assert.ok(batches.length >= 1);
  assert.equal(
    batches.reduce((sum, b) => sum + b.after.clients, 0),
    2000,
  );
  assert.ok(batches.every((b) => b.after.seed === 42));
  const verdict = await verifyAuditChain(database.db);
  assert.equal(verdict.intact, true);
});

test("the same seed on a fresh database gives the same records; another seed does not", async () => {
  const snapshot = async (db: Db) =>
    queryRows(
      db,
      sql`select c.uci, c.family_name, c.given_names, c.date_of_birth, c.country_of_birth, a.file_number, a.received_date
          from clients c left join applications a on a.client_id = c.id order by c.uci, a.file_number limit 50`,
    );
  const first = await openTestDatabase();
  const second = await openTestDatabase();
  try {
    await generateData(first.db, { clients: 300, applications: 300, seed: 7 });
    await generateData(second.db, { clients: 300, applications: 300, seed: 7 });
    const a = await snapshot(first.db);
    assert.equal(a.length, 50);
    assert.deepEqual(await snapshot(second.db), a);
    // The generated people are those of the pure function, in UCI order.
    const [top] = await queryRows<{ family_name: string }>(
      first.db,
      sql`select family_name from clients order by uci limit 1`,
    );
    assert.equal(top!.family_name, syntheticPerson(7, 0).familyName);

    await generateData(second.db, { clients: 300, applications: 0, seed: 8 });
    const eight = await queryRows<{ family_name: string; date_of_birth: string }>(
      second.db,
      sql`select family_name, date_of_birth::text from clients order by uci offset 300 limit 20`,
    );
    const seven = await queryRows<{ family_name: string; date_of_birth: string }>(
      second.db,
      sql`select family_name, date_of_birth::text from clients order by uci limit 20`,
    );
    assert.notDeepEqual(eight, seven);
  } finally {
    await first.close();
    await second.close();
  }
});

test("--office puts every client and application in that office", async () => {
  const other = await openTestDatabase();
  try {
    await addOffice(other.db, "OTT");
    await addOffice(other.db, "LON");
    await generateData(other.db, { clients: 100, applications: 150, seed: 1, officeCode: "LON" });
    const offices = await queryRows<{ code: string }>(
      other.db,
      sql`select distinct o.code from applications a join offices o on o.id = a.office_id
          union select distinct o.code from clients c join offices o on o.id = c.office_id`,
    );
    assert.deepEqual(
      offices.map((o) => o.code),
      ["LON"],
    );
    // An officer of London finds the generated clients; one of Ottawa does not.
    const london = await addActor(other.db, "lena@dossier.test", "LON");
    const ottawa = await addActor(other.db, "omar@dossier.test", "OTT");
    const [client] = await queryRows<{ uci: string }>(other.db, sql`select uci from clients limit 1`);
    assert.equal((await searchClients(other.db, london, { uci: client!.uci })).length, 1);
    assert.equal((await searchClients(other.db, ottawa, { uci: client!.uci })).length, 0);
    await assert.rejects(
      generateData(other.db, { clients: 1, applications: 0, seed: 1, officeCode: "XYZ" }),
      /officeCode: no office has the code XYZ$/,
    );
  } finally {
    await other.close();
  }
});

test("bad counts and seeds are refused before anything is written", async () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ clients: 0, applications: 0, seed: 1 }, /^clients: must be at least 1$/],
    [{ clients: 1.5, applications: 0, seed: 1 }, /^clients: must be a whole number$/],
    [{ clients: 10, applications: -1, seed: 1 }, /^applications: must be 0 or more$/],
    [{ clients: 10, applications: 0, seed: 0.5 }, /^seed: must be a whole number$/],
  ];
  const before = await count(database.db, "select count(*)::int as n from clients");
  for (const [options, message] of cases) {
    await assert.rejects(generateData(database.db, options as never), (error: Error) => {
      assert.match(error.message, message);
      return true;
    });
  }
  assert.equal(await count(database.db, "select count(*)::int as n from clients"), before);
});
