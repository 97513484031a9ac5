import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { addContactDetail } from "../../src/clients/add-contact-detail.ts";
import type { CreateClientInput } from "../../src/clients/client.schema.ts";
import { createClient } from "../../src/clients/create-client.ts";
import { getClientFile } from "../../src/clients/get-client-file.ts";
import { searchClients } from "../../src/clients/search-clients.ts";
import type { Database } from "../../src/db/database.ts";
import { parseUci } from "../../src/shared/identifiers.ts";
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

const valid: CreateClientInput = {
  officeCode: "OTT",
  familyName: "Lefèvre-Gagnon",
  givenNames: "Zoé",
  dateOfBirth: "1985-11-03",
  sex: "F",
  countryOfBirth: "fra",
  citizenships: ["FRA", "CAN"],
  statusInCanada: "citizen-by-naturalization",
  passports: [{ number: "18ab12345", type: "regular", country: "FRA", expiryDate: "2031-05-01" }],
};

test("a new client gets a UCI with a valid check digit and upper-cased codes", async () => {
  const client = await createClient(database.db, seed.ottawa, valid);
  assert.equal(parseUci(client.uci), client.uci);
  assert.equal(client.countryOfBirth, "FRA");
  const file = await getClientFile(database.db, seed.ottawa, client.uci);
  assert.equal(file.passports[0]?.number, "18AB12345");
});

test("bad input names the field and the rule, and nothing is written", async () => {
  const beforeCounts = await tableCounts(database.db);
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ...valid, dateOfBirth: "1985-02-30" }, /^dateOfBirth: must be a real date written YYYY-MM-DD$/],
    [{ ...valid, dateOfBirth: "2999-01-01" }, /^dateOfBirth: must not be in the future$/],
    [{ ...valid, officeCode: "XYZ" }, /^officeCode: no office has the code XYZ$/],
    [
      { ...valid, countryOfBirth: "France" },
      /^countryOfBirth: must be an ISO 3166 three-letter country code/,
    ],
    [{ ...valid, sex: "Q" }, /^sex: must be F, M or X$/],
    [{ ...valid, familyName: "Smith\r\nBcc: x@example.com" }, /^familyName: must be on one line$/],
    [{ ...valid, email: "zoe@example.com" }, /^emailConsentSource: is required/],
    [
      { ...valid, passports: [{ ...valid.passports?.[0], type: "tourist" }] },
      /^passports\.0\.type: must be one of regular/,
    ],
  ];
  for (const [input, message] of cases) {
    await assert.rejects(createClient(database.db, seed.ottawa, input as never), (error: Error) => {
      assert.match(error.message, message);
      return true;
    });
  }
  // An officer of London cannot create a client in Ottawa.
  await assert.rejects(createClient(database.db, seed.london, valid), /do not work in the office/);
  assert.deepEqual(await tableCounts(database.db), beforeCounts);
});

test("search finds a client by name with or without accents, in any order, and by alias", async () => {
  for (const name of ["Nguyễn", "nguyen", "NGUYEN thi anh", "anh nguyen", "Thị"]) {
    const hits = await searchClients(database.db, seed.ottawa, { name });
    assert.deepEqual(
      hits.map((h) => h.uci),
      [seed.client.uci],
      `search for ${name}`,
    );
  }
  const [byPrimary] = await searchClients(database.db, seed.ottawa, { name: "Nguyen Thi Anh" });
  assert.equal(byPrimary?.matchedAlias, null);
  assert.deepEqual(await searchClients(database.db, seed.ottawa, { name: "garcia" }), []);
});

test("search by UCI (with dashes), file number and date of birth", async () => {
  const dashed = `${seed.client.uci.slice(0, 2)}-${seed.client.uci.slice(2, 6)}-${seed.client.uci.slice(6)}`;
  assert.equal((await searchClients(database.db, seed.ottawa, { uci: dashed }))[0]?.familyName, "Nguyễn");
  const lower = seed.application.fileNumber.toLowerCase();
  assert.equal(
    (await searchClients(database.db, seed.ottawa, { fileNumber: lower }))[0]?.uci,
    seed.client.uci,
  );
  const byDate = await searchClients(database.db, seed.ottawa, { dateOfBirth: "1990-04-12" });
  assert.deepEqual(
    byDate.map((h) => h.uci),
    [seed.client.uci],
  );
  await assert.rejects(
    searchClients(database.db, seed.ottawa, { uci: "1234567890" }),
    /uci: must be 10 digits with a valid check digit/,
  );
  await assert.rejects(
    searchClients(database.db, seed.ottawa, { fileNumber: "12345" }),
    /fileNumber: must be one capital letter/,
  );
  await assert.rejects(
    searchClients(database.db, seed.ottawa, {}),
    /give a UCI, a file number, a name or a date of birth/,
  );
});

test("an officer of another office neither finds nor opens the client", async () => {
  assert.deepEqual(await searchClients(database.db, seed.london, { name: "nguyen" }), []);
  await assert.rejects(
    getClientFile(database.db, seed.london, seed.client.uci),
    /no client .* in your offices/,
  );
});

test("a new email supersedes the old one, which stays in the history", async () => {
  await addContactDetail(database.db, seed.ottawa, seed.client.uci, {
    kind: "email",
    value: "anh.n@example.org",
    consentSource: "client-wrote-first",
  });
  const file = await getClientFile(database.db, seed.ottawa, seed.client.uci);
  const emails = file.contacts.filter((c) => c.kind === "email");
  assert.deepEqual(
    emails.map((e) => [e.value, e.supersededAt === null]),
    [
      ["anh.n@example.org", true],
      ["anh.nguyen@example.com", false],
    ],
  );
});
