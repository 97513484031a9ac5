import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { sql } from "drizzle-orm";
import { createClient } from "../../src/clients/create-client.ts";
import { queryRows } from "../../src/db/database.ts";
import {
  clientAdverseInformation,
  temporaryResidentVisas,
  usVisaVerifications,
} from "../../src/db/schema.ts";
import type { EtaResult } from "../../src/eta/eta-result.ts";
import { addYears } from "../../src/eta/eta-validity.ts";
import { parseUci } from "../../src/shared/identifiers.ts";
import { SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { createApiKey } from "../../src/users/api-keys.ts";
import { etaApiRoutes } from "../../src/web/api/eta-routes.ts";
import { apiTestApp } from "../support/api-app.ts";
import { tableCounts } from "../support/counts.ts";
import { openTestDatabase, type TestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

let database: TestDatabase;
let app: ReturnType<typeof apiTestApp>;
let ottawaKey: string;
let londonKey: string;
const today = new Date().toISOString().slice(0, 10);
const ucis: Record<string, string> = {};
let ottawa: Awaited<ReturnType<typeof seedTwoOffices>>["ottawa"];

type Person = {
  familyName: string;
  givenNames: string;
  dateOfBirth: string;
  sex: "F" | "M" | "X";
  country: string;
  passport: string;
};
const PEOPLE: Record<string, Person & { status?: "citizen-by-naturalization" | "permanent-resident" }> = {
  citizen: {
    familyName: "Kowalczyk",
    givenNames: "Agnieszka",
    dateOfBirth: "1979-02-14",
    sex: "F",
    country: "POL",
    passport: "EK4471023",
    status: "citizen-by-naturalization",
  },
  resident: {
    familyName: "Okonkwo",
    givenNames: "Chinedu",
    dateOfBirth: "1988-07-30",
    sex: "M",
    country: "GBR",
    passport: "531998204",
    status: "permanent-resident",
  },
  adverse: {
    familyName: "Lindqvist",
    givenNames: "Henrik",
    dateOfBirth: "1965-12-01",
    sex: "M",
    country: "SWE",
    passport: "90215567",
  },
  brazilianWithVisa: {
    familyName: "Carvalho",
    givenNames: "Thiago",
    dateOfBirth: "1992-03-09",
    sex: "M",
    country: "BRA",
    passport: "FX318274",
  },
};

function form(
  person: Person,
  change: {
    answers?: Record<string, unknown>;
    passport?: Record<string, unknown>;
    applicant?: Record<string, unknown>;
  } = {},
) {
  return {
    applicant: {
      familyName: person.familyName,
      givenNames: person.givenNames,
      dateOfBirth: person.dateOfBirth,
      sex: person.sex,
      countryOfBirth: person.country,
      citizenship: person.country,
      ...change.applicant,
    },
    passport: {
      number: person.passport,
      type: "regular",
      country: person.country,
      expiryDate: "2034-05-31",
      ...change.passport,
    },
    email: `${person.passport.toLowerCase()}@example.org`,
    address: { line1: "12 Harbour Road", city: "Springfield", country: person.country },
    answers: { refusedVisaBefore: false, criminalOffence: false, purpose: "tourism", ...change.answers },
  };
}

before(async () => {
  database = await openTestDatabase();
  const seed = await seedTwoOffices(database.db);
  ottawa = seed.ottawa;
  ottawaKey = (await createApiKey(database.db, SYSTEM_ACTOR, { userEmail: "ana@dossier.test" })).key;
  londonKey = (await createApiKey(database.db, SYSTEM_ACTOR, { userEmail: "liam@dossier.test" })).key;
  for (const [name, person] of Object.entries(PEOPLE)) {
    const client = await createClient(database.db, seed.ottawa, {
      officeCode: "OTT",
      familyName: person.familyName,
      givenNames: person.givenNames,
      dateOfBirth: person.dateOfBirth,
      sex: person.sex,
      countryOfBirth: person.country,
      citizenships: [person.country],
      statusInCanada: person.status ?? "foreign-national",
      passports: [
        { number: person.passport, type: "regular", country: person.country, expiryDate: "2034-05-31" },
      ],
    });
    ucis[name] = client.uci;
    if (name === "adverse") {
      await database.db.insert(clientAdverseInformation).values({
        clientId: client.id,
        source: "port-of-entry",
        recordedOn: "2025-08-14",
        details: "Refused entry at Pearson: undeclared employment.",
      });
    }
    if (name === "brazilianWithVisa") {
      await database.db
        .insert(temporaryResidentVisas)
        .values({ clientId: client.id, issuedOn: "2019-06-01", expiryDate: "2024-06-01" });
    }
  }
  await database.db.insert(usVisaVerifications).values([
    { passportNumber: "YR0047711", passportCountry: "ROU", result: "valid", checkedOn: today },
    { passportNumber: "BG7730015", passportCountry: "BGR", result: "revoked", checkedOn: today },
  ]);
  app = apiTestApp(database, etaApiRoutes());
});
after(() => database.close());

/** An EtaResult, or the error of a refused request. */
type Answer = EtaResult & {
  validity: NonNullable<EtaResult["validity"]>;
  cancellation: NonNullable<EtaResult["cancellation"]>;
  error: { code: string; message: string };
};

async function call(method: string, path: string, body?: unknown, key = ottawaKey) {
  const response = await app.request(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Answer };
}
const submit = (body: unknown, key?: string) => call("POST", "/eta/applications", body, key);

async function etaCount(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from eta_applications`,
  );
  return row!.n;
}

test("a clean applicant unknown to the office is approved at once, as a new client, valid five years", async () => {
  const maria = {
    familyName: "Hernández",
    givenNames: "María José",
    dateOfBirth: "1990-05-17",
    sex: "F" as const,
    country: "MEX",
    passport: "G31884412",
  };
  const { status, body } = await submit(form(maria));
  assert.equal(status, 201);
  assert.match(body.fileNumber, /^A\d{9}$/);
  assert.equal(body.status, "approved");
  assert.equal(parseUci(body.uci), body.uci);
  assert.deepEqual(body.identity, { decision: "new" });
  assert.deepEqual(body.referralReasons, []);
  assert.deepEqual(
    { ...body.validity, issuedAt: undefined },
    {
      issuedAt: undefined,
      validFrom: today,
      validUntil: addYears(today, 5),
      limitedBy: "five-years",
      active: true,
      endedOn: null,
      endReason: null,
    },
  );
  const again = await call("GET", `/eta/applications/${body.fileNumber}`);
  assert.equal(again.status, 200);
  assert.equal(again.body.validity.validUntil, addYears(today, 5));
});

test("a passport expiring in two years limits the eTA to the passport's expiry", async () => {
  const expiry = addYears(today, 2);
  const kenji = {
    familyName: "Watanabe",
    givenNames: "Kenji",
    dateOfBirth: "1984-10-02",
    sex: "M" as const,
    country: "JPN",
    passport: "TK2290417",
  };
  const { body } = await submit(form(kenji, { passport: { expiryDate: expiry } }));
  assert.equal(body.status, "approved");
  assert.equal(body.validity.validUntil, expiry);
  assert.equal(body.validity.limitedBy, "passport-expiry");
});

test("a naturalized citizen, a permanent resident and a client with adverse information are each referred under their own UCI", async () => {
  const expected: Record<string, string> = {
    citizen: "naturalized-citizen",
    resident: "permanent-resident",
    adverse: "adverse-information",
  };
  for (const [name, code] of Object.entries(expected)) {
    const { status, body } = await submit(form(PEOPLE[name]!));
    assert.equal(status, 201, name);
    assert.equal(body.status, "referred", name);
    assert.equal(body.uci, ucis[name], name);
    assert.deepEqual(body.identity, { decision: "match" });
    assert.deepEqual(
      body.referralReasons.map((r) => [r.code, r.activity, r.subActivity]),
      [[code, "Derogatory information", "Client Derogatory Information"]],
    );
    assert.equal(body.validity, null);
    const [activity] = await queryRows<{ activity: string; sub_activity: string; status: string }>(
      database.db,
      sql`select a.activity, a.sub_activity, a.status from activities a join applications p on p.id = a.application_id where p.file_number = ${body.fileNumber}`,
    );
    assert.deepEqual(activity, {
      activity: "Derogatory information",
      sub_activity: "Client Derogatory Information",
      status: "review-required",
    });
  }
});

test("expansion nationals: a Canadian visa in the last ten years or a valid US visa today approves; otherwise referred", async () => {
  const withVisa = await submit(form(PEOPLE.brazilianWithVisa!));
  assert.equal(withVisa.body.status, "approved");
  const romanian = {
    familyName: "Popescu",
    givenNames: "Ioana",
    dateOfBirth: "1995-01-23",
    sex: "F" as const,
    country: "ROU",
    passport: "YR0047711",
  };
  assert.equal((await submit(form(romanian))).body.status, "approved");
  const bulgarian = {
    familyName: "Dimitrova",
    givenNames: "Elena",
    dateOfBirth: "1987-09-04",
    sex: "F" as const,
    country: "BGR",
    passport: "BG7730015",
  };
  const refused = await submit(form(bulgarian));
  assert.equal(refused.body.status, "referred");
  assert.equal(refused.body.referralReasons[0]?.code, "expansion-eligibility");
  assert.match(refused.body.referralReasons[0]?.en ?? "", /document revoked/);
  assert.match(refused.body.referralReasons[0]?.fr ?? "", /document révoqué/);
});

test("the same application sent twice is stored once and the second sender gets the first file number", async () => {
  const lena = {
    familyName: "Schäfer",
    givenNames: "Lena",
    dateOfBirth: "1993-08-08",
    sex: "F" as const,
    country: "DEU",
    passport: "C01X00T47",
  };
  const first = await submit(form(lena));
  const before = { ...(await tableCounts(database.db)), eta: await etaCount() };
  const second = await submit(form(lena));
  assert.equal(second.status, 200);
  assert.equal(second.body.duplicate, true);
  assert.equal(second.body.fileNumber, first.body.fileNumber);
  assert.deepEqual({ ...(await tableCounts(database.db)), eta: await etaCount() }, before);
});

test("names in other scripts and with combining accents are accepted and kept exactly as given", async () => {
  const combining = "Jose\u0301";
  const { status, body } = await submit(
    form(
      {
        familyName: "Ελευθερίου",
        givenNames: combining,
        dateOfBirth: "1970-04-04",
        sex: "M",
        country: "GRC",
        passport: "AE9931177",
      },
      {},
    ),
  );
  assert.equal(status, 201);
  const [row] = await queryRows<{ family_name: string; given_names: string }>(
    database.db,
    sql`select e.family_name, e.given_names from eta_applications e join applications a on a.id = e.application_id where a.file_number = ${body.fileNumber}`,
  );
  assert.deepEqual(row, { family_name: "Ελευθερίου", given_names: combining });
});

test("each bad input is refused naming its field and rule, and nothing is written", async () => {
  const nadia = {
    familyName: "Haddad",
    givenNames: "Nadia",
    dateOfBirth: "1982-06-15",
    sex: "F" as const,
    country: "LBN",
    passport: "RL5501299",
  };
  const cases: [unknown, string, RegExp][] = [
    [form(nadia, { applicant: { dateOfBirth: "1982-02-30" } }), "applicant.dateOfBirth", /real date/],
    [
      form(nadia, { applicant: { dateOfBirth: "2999-01-01" } }),
      "applicant.dateOfBirth",
      /after the application date/,
    ],
    [{ ...form(nadia), submittedOn: "2026-13-01" }, "submittedOn", /real date/],
    [
      form(nadia, { passport: { expiryDate: "2026-01-31" } }),
      "passport.expiryDate",
      /expired before the application date/,
    ],
    [form(nadia, { passport: { type: "tourist" } }), "passport.type", /regular, diplomatic/],
    [form(nadia, { passport: { country: "XYZ" } }), "passport.country", /ISO 3166-1 alpha-3/],
    [form(nadia, { applicant: { citizenship: "LB" } }), "applicant.citizenship", /ISO 3166-1 alpha-3/],
    [form(nadia, { applicant: { familyName: "H4dd4d" } }), "applicant.familyName", /letters/],
    [{ ...form(nadia), email: "nadia-at-example" }, "email", /email address/],
    [{ ...form(nadia), answers: undefined }, "answers", /required/],
    [{ ...form(nadia), officeCode: "NOPE" }, "officeCode", /no office NOPE/],
  ];
  const before = { ...(await tableCounts(database.db)), eta: await etaCount() };
  for (const [body, field, rule] of cases) {
    const response = await submit(body);
    assert.equal(response.status, 400, field);
    assert.equal(response.body.error.code, "invalid_input", field);
    assert.ok(response.body.error.message.startsWith(`${field}: `), response.body.error.message);
    assert.match(response.body.error.message, rule);
  }
  assert.equal((await submit("{not json")).status, 400);
  assert.deepEqual({ ...(await tableCounts(database.db)), eta: await etaCount() }, before);
});

test("a new eTA on the same passport type ends the earlier one that day; one on a diplomatic passport leaves both valid", async () => {
  const omar = {
    familyName: "Farouk",
    givenNames: "Omar",
    dateOfBirth: "1975-11-11",
    sex: "M" as const,
    country: "EGY",
    passport: "A22918833",
  };
  const first = await submit(form(omar));
  assert.equal(first.body.status, "approved");
  const second = await submit(form(omar, { answers: { purpose: "business" } }));
  assert.equal(second.body.status, "approved");
  assert.equal(second.body.uci, first.body.uci);
  const earlier = await call("GET", `/eta/applications/${first.body.fileNumber}`);
  assert.equal(earlier.body.validity.active, false);
  assert.equal(earlier.body.validity.endedOn, today);
  assert.equal(earlier.body.validity.endReason, "superseded");

  const diplomatic = await submit(
    form(
      { ...omar, passport: "D00071234" },
      { passport: { type: "diplomatic" }, answers: { purpose: "official visit" } },
    ),
  );
  assert.equal(diplomatic.body.status, "approved");
  assert.equal(diplomatic.body.uci, first.body.uci);
  const regular = await call("GET", `/eta/applications/${second.body.fileNumber}`);
  assert.equal(regular.body.validity.active, true);
  assert.equal(diplomatic.body.validity.active, true);
});

test("an eTA in force is cancelled with its R12.06 ground; cancelling it again, or a referred file, is refused", async () => {
  const sofia = {
    familyName: "Rossi",
    givenNames: "Sofia",
    dateOfBirth: "1999-12-24",
    sex: "F" as const,
    country: "ITA",
    passport: "YA8812290",
  };
  const issued = await submit(form(sofia));
  const path = `/eta/applications/${issued.body.fileNumber}/cancel`;
  const missing = await call("POST", path, { ground: "r12.06-a-inadmissible" });
  assert.equal(missing.status, 400);
  assert.match(missing.body.error.message, /^reason: is required/);
  const cancelled = await call("POST", path, {
    ground: "r12.06-a-inadmissible",
    reason: "Serious criminality disclosed by a partner agency.",
  });
  assert.equal(cancelled.status, 200);
  assert.equal(cancelled.body.status, "cancelled");
  assert.deepEqual(
    {
      active: cancelled.body.validity.active,
      endedOn: cancelled.body.validity.endedOn,
      endReason: cancelled.body.validity.endReason,
    },
    { active: false, endedOn: today, endReason: "cancelled" },
  );
  assert.equal(cancelled.body.cancellation.ground, "r12.06-a-inadmissible");
  const again = await call("POST", path, { ground: "r12.06-a-inadmissible", reason: "again" });
  assert.equal(again.status, 409);
  assert.match(again.body.error.message, /has no eTA to cancel \(its status is cancelled\)/);
  const referred = await submit(form(PEOPLE.citizen!, { answers: { purpose: "visiting family" } }));
  const refused = await call("POST", `/eta/applications/${referred.body.fileNumber}/cancel`, {
    ground: "r12.06-b-not-eligible",
    reason: "x",
  });
  assert.equal(refused.status, 409);
});

test("another office's officer does not see the eTA", async () => {
  const li = {
    familyName: "Chen",
    givenNames: "Li",
    dateOfBirth: "2001-03-03",
    sex: "X" as const,
    country: "TWN",
    passport: "312456789",
  };
  const issued = await submit(form(li));
  const response = await call("GET", `/eta/applications/${issued.body.fileNumber}`, undefined, londonKey);
  assert.equal(response.status, 404);
});

test("the email on file counts in identity: an applicant with a new passport, respelled names and another birth date is put to an officer beside the client when the email is theirs, and is a new person when it is not", async () => {
  const seed = { familyName: "Oliveira", givenNames: "Mariana", dateOfBirth: "1990-10-21", country: "PRT" };
  const onFile = await createClient(database.db, ottawa, {
    officeCode: "OTT",
    familyName: seed.familyName,
    givenNames: seed.givenNames,
    dateOfBirth: seed.dateOfBirth,
    sex: "F",
    countryOfBirth: seed.country,
    citizenships: [seed.country],
    email: "mariana.oliveira@example.pt",
    emailConsentSource: "application-form",
    passports: [{ number: "CB123456", type: "regular", country: seed.country, expiryDate: "2031-01-31" }],
  });
  const applicant = (email: string, passport: string) => ({
    ...form(
      {
        familyName: "Olivera",
        givenNames: "Marianne",
        dateOfBirth: "1990-12-01",
        sex: "F",
        country: seed.country,
        passport,
      },
      { applicant: { countryOfBirth: "BRA" } },
    ),
    email,
  });

  const theirs = await submit(applicant("Mariana.Oliveira@example.pt", "CC998877"));
  assert.equal(theirs.status, 201);
  assert.notEqual(theirs.body.identity.decision, "new", "the client on file is a candidate");
  const [stored] = await queryRows<{ candidates: string | null }>(
    database.db,
    sql`select identity_candidates::text as candidates from eta_applications e join applications a on a.id = e.application_id where a.file_number = ${theirs.body.fileNumber}`,
  );
  if (theirs.body.identity.decision === "review")
    assert.match(stored?.candidates ?? "", new RegExp(onFile.uci));
  else assert.equal(theirs.body.uci, onFile.uci);

  const other = await submit(applicant("marianne.o@example.com", "CD445566"));
  assert.equal(other.status, 201);
  assert.deepEqual(other.body.identity, { decision: "new" });
  assert.notEqual(other.body.uci, onFile.uci);
});
