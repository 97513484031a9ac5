/**
 * Identity review integrity: matching an applicant to a client on file merges the client intake
 * created into it (one person, one file), unless that client holds something else; the identity
 * index sees clients created after it loaded, by this process or another, and never offers a merged
 * client as itself.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { createClient } from "../../src/clients/create-client.ts";
import { searchClients } from "../../src/clients/search-clients.ts";
import { type Database, openDatabase, queryRows } from "../../src/db/database.ts";
import { clients, infoAlerts } from "../../src/db/schema.ts";
import { forgetEtaIdentityIndex } from "../../src/eta/eta-identity-index.ts";
import { submitEtaApplication } from "../../src/eta/submit-eta-applications.ts";
import { formatUci, uciFromNumber } from "../../src/shared/identifiers.ts";
import { Agent, shownText } from "../web/agent.ts";
import { openWebFixture } from "../web/fixtures.ts";

let fixture: Awaited<ReturnType<typeof openWebFixture>>;
let ana: Agent;
/** A second connection to the same database, as another server process would hold (server only). */
let other: Database | null = null;

interface Person {
  familyName: string;
  givenNames: string;
  dateOfBirth: string;
  sex: "F" | "M";
  country: string;
  passport: string;
}

function form(person: Person, purpose = "tourism") {
  return {
    language: "en" as const,
    applicant: {
      familyName: person.familyName,
      givenNames: person.givenNames,
      dateOfBirth: person.dateOfBirth,
      sex: person.sex,
      countryOfBirth: person.country,
      citizenship: person.country,
    },
    passport: {
      number: person.passport,
      type: "regular" as const,
      country: person.country,
      expiryDate: "2034-05-31",
    },
    email: `${person.passport.toLowerCase()}@example.org`,
    address: { line1: "4 Quay Street", city: "Lviv", country: person.country },
    answers: { purpose },
  };
}

function steps(outcome: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    requirements: "The applicant is a foreign national, holds a valid passport and is not inadmissible.",
    facts: "Identity as declared on the form, against the client record on file.",
    "evidence.0.description": "Client record in the case system, with its passport history.",
    "evidence.0.credibility": "credible",
    "evidence.0.credibilityReasons": "Official record, consistent with the form.",
    "evidence.0.probativeValue": "strong",
    "evidence.0.probativeReasons": "Issued by an objective authority and directly on the point.",
    sufficiency: "sufficient",
    sufficiencyReasons: "The record establishes the facts on a balance of probabilities.",
    informationRequested: "",
    outcome,
    responseDate: "",
    reasons: "The applicant renewed the passport; name, date and place of birth are those on file.",
    ...extra,
  };
}

/** Two clients on file who look alike (twins, a duplicate), so that an eTA goes to identity review. */
async function addLookalikes(person: Omit<Person, "passport">, passports: [string, string]) {
  const ucis: string[] = [];
  for (const passport of passports) {
    const client = await createClient(fixture.database.db, fixture.seed.ottawa, {
      officeCode: "OTT",
      familyName: person.familyName,
      givenNames: person.givenNames,
      dateOfBirth: person.dateOfBirth,
      sex: person.sex,
      countryOfBirth: person.country,
      citizenships: [person.country],
      statusInCanada: "foreign-national",
      passports: [{ number: passport, type: "regular", country: person.country, expiryDate: "2033-01-31" }],
    });
    ucis.push(client.uci);
  }
  return ucis as [string, string];
}

async function searchUcis(name: string): Promise<string[]> {
  const hits = await searchClients(fixture.database.db, fixture.seed.ottawa, { name });
  return hits.map((hit) => hit.uci).sort();
}

before(async () => {
  fixture = await openWebFixture();
  const url = (fixture.database as { url?: string }).url;
  if (url) other = await openDatabase({ url });
  ana = new Agent(fixture.app);
  await ana.signIn("ana@dossier.test");
});
after(async () => {
  await other?.close();
  await fixture.database.close();
});

test("matching the applicant on review merges the client intake created: one person in search, the old UCI leads to the survivor", async () => {
  const olena = {
    familyName: "Kovalenko",
    givenNames: "Olena",
    dateOfBirth: "1979-06-15",
    sex: "F",
    country: "UKR",
  } as const;
  const [uciA, uciB] = await addLookalikes(olena, ["FA1100221", "FB7700339"]);
  const eta = await submitEtaApplication(
    fixture.database.db,
    fixture.seed.ottawa,
    form({ ...olena, passport: "FC5500117" }),
  );
  assert.equal(eta.status, "referred");
  const provisional = eta.uci;
  assert.deepEqual(
    await searchUcis("Olena Kovalenko"),
    [provisional, uciA, uciB].sort(),
    "three before the review",
  );

  const decided = await ana.post(`/eta/${eta.fileNumber}/review`, steps("approve", { identity: uciB }));
  assert.equal(decided.status, 303);

  assert.deepEqual(
    await searchUcis("Olena Kovalenko"),
    [uciA, uciB].sort(),
    "the provisional client is gone from search",
  );
  const byOldUci = await searchClients(fixture.database.db, fixture.seed.ottawa, { uci: provisional });
  assert.deepEqual(
    byOldUci.map((hit) => hit.uci),
    [uciB],
  );

  const page = await ana.page(`/clients/${provisional}`);
  assert.equal(page.status, 200);
  const shown = shownText(page.html);
  assert.match(
    shown,
    new RegExp(
      `UCI ${formatUci(provisional)} was merged into this client: it now leads to UCI ${formatUci(uciB)}`,
    ),
  );
  // The survivor now holds the passport and the contact details given on the eTA form.
  assert.match(shown, /FC5500117/);
  assert.match(shown, /FB7700339/);
  assert.match(shown, /fc5500117@example\.org/);
  assert.match(shown, /4 Quay Street/);

  const [merged] = await fixture.database.db.select().from(clients).where(eq(clients.uci, provisional));
  const [survivor] = await fixture.database.db.select().from(clients).where(eq(clients.uci, uciB));
  assert.equal(merged?.mergedIntoClientId, survivor?.id);
  assert.ok(merged?.mergedAt);

  const [event] = await queryRows<{ after: { mergedIntoUci: string; applicationId: string } }>(
    fixture.database.db,
    sql`select after from audit_events where action = 'client.merged' and entity_id = ${merged!.id}`,
  );
  assert.equal(event?.after.mergedIntoUci, uciB);
  const [note] = await queryRows<{ body: string }>(
    fixture.database.db,
    sql`select n.body from notes n join applications a on a.id = n.application_id where a.file_number = ${eta.fileNumber}`,
  );
  assert.match(
    note?.body ?? "",
    new RegExp(`the client created at intake \\(UCI ${provisional}\\) was merged into it`),
  );
  const review = shownText((await ana.page(`/eta/${eta.fileNumber}/review`)).html);
  assert.match(
    review,
    new RegExp(
      `the client created at intake \\(UCI ${formatUci(provisional)}\\) was merged into UCI ${formatUci(uciB)}`,
    ),
  );

  // The same applicant again: the candidates are the two clients on file, the survivor first with
  // the passport it took over; the merged client is never offered as itself.
  const candidatesOf = async (fileNumber: string) => {
    const [row] = await queryRows<{
      candidates: { uci: string; comparisons: { field: string; level: string }[] }[];
    }>(
      fixture.database.db,
      sql`select e.identity_candidates as candidates from eta_applications e
          join applications a on a.id = e.application_id where a.file_number = ${fileNumber}`,
    );
    const candidates = typeof row?.candidates === "string" ? JSON.parse(row.candidates) : row?.candidates;
    return (candidates as { uci: string; comparisons: { field: string; level: string }[] }[]).map((c) => ({
      uci: c.uci,
      passport: c.comparisons.find((x) => x.field === "documentNumber")?.level,
    }));
  };
  const again = await submitEtaApplication(
    fixture.database.db,
    fixture.seed.ottawa,
    form({ ...olena, passport: "FC5500117" }, "business"),
  );
  assert.deepEqual(await candidatesOf(again.fileNumber), [
    { uci: uciB, passport: "exact" },
    { uci: uciA, passport: "different" },
  ]);
  // A process that loads the index afresh sees the same (the second application is still in review).
  forgetEtaIdentityIndex(fixture.database.db);
  const fresh = await submitEtaApplication(
    fixture.database.db,
    fixture.seed.ottawa,
    form({ ...olena, passport: "FC5500117" }, "visiting family"),
  );
  // The survivor once (its passport ties it with the second application's client), never the merged one.
  assert.deepEqual(
    (await candidatesOf(fresh.fileNumber)).map((c) => c.uci).sort(),
    [uciA, uciB, again.uci].sort(),
  );
});

test("a provisional client that holds something else is kept, and the note says why", async () => {
  const farah = {
    familyName: "Haddad",
    givenNames: "Farah",
    dateOfBirth: "1982-01-27",
    sex: "F",
    country: "LBN",
  } as const;
  const [, uciD] = await addLookalikes(farah, ["RL2019934", "RL6612047"]);
  const eta = await submitEtaApplication(
    fixture.database.db,
    fixture.seed.ottawa,
    form({ ...farah, passport: "RL9900311" }),
  );
  assert.equal(eta.status, "referred");
  const [provisional] = await fixture.database.db.select().from(clients).where(eq(clients.uci, eta.uci));
  // An officer put an alert on the provisional file before the review.
  await fixture.database.db.insert(infoAlerts).values({
    clientId: provisional!.id,
    type: "fraud-concern",
    validFrom: "2026-01-01",
    details: "Same email used by another applicant.",
  });

  const decided = await ana.post(`/eta/${eta.fileNumber}/review`, steps("approve", { identity: uciD }));
  assert.equal(decided.status, 303);
  const [kept] = await fixture.database.db.select().from(clients).where(eq(clients.uci, eta.uci));
  assert.equal(kept?.mergedIntoClientId, null);
  assert.ok((await searchUcis("Farah Haddad")).includes(eta.uci));
  const [note] = await queryRows<{ body: string }>(
    fixture.database.db,
    sql`select n.body from notes n join applications a on a.id = n.application_id where a.file_number = ${eta.fileNumber}`,
  );
  assert.match(
    note?.body ?? "",
    new RegExp(`the client created at intake \\(UCI ${eta.uci}\\) was kept: it also holds info alerts`),
  );
  const [row] = await queryRows<{ uci: string }>(
    fixture.database.db,
    sql`select c.uci from applications a join clients c on c.id = a.client_id where a.file_number = ${eta.fileNumber}`,
  );
  assert.equal(row?.uci, uciD, "the application is filed under the client matched all the same");
});

test("a client created after the index loaded, elsewhere, is matched by the next eTA instead of becoming a new client", async () => {
  // The index is loaded (earlier tests) before this person exists.
  await submitEtaApplication(
    fixture.database.db,
    fixture.seed.ottawa,
    form({
      familyName: "Brennan",
      givenNames: "Ciara",
      dateOfBirth: "1990-03-08",
      sex: "F",
      country: "IRL",
      passport: "PX1234567",
    }),
  );
  // Another process (a second connection on the server; the web's own client form on PGlite).
  const writer = other?.db ?? fixture.database.db;
  const created = await createClient(writer, fixture.seed.ottawa, {
    officeCode: "OTT",
    familyName: "Nakamura",
    givenNames: "Haruto",
    dateOfBirth: "1984-11-23",
    sex: "M",
    countryOfBirth: "JPN",
    citizenships: ["JPN"],
    statusInCanada: "foreign-national",
    passports: [{ number: "TZ4458120", type: "regular", country: "JPN", expiryDate: "2034-05-31" }],
  });
  const eta = await submitEtaApplication(
    fixture.database.db,
    fixture.seed.ottawa,
    form({
      familyName: "Nakamura",
      givenNames: "Haruto",
      dateOfBirth: "1984-11-23",
      sex: "M",
      country: "JPN",
      passport: "TZ4458120",
    }),
  );
  assert.equal(eta.uci, created.uci);
  assert.deepEqual(await searchUcis("Haruto Nakamura"), [created.uci]);

  // A client inserted directly by SQL, as an import by another tool would.
  const uci = uciFromNumber(100099999);
  const [row] = await queryRows<{ id: string }>(
    writer,
    sql`insert into clients (uci, family_name, given_names, date_of_birth, sex, country_of_birth, citizenships, status_in_canada, office_id)
        values (${uci}, 'Okafor', 'Adaeze', '1975-05-19', 'F', 'NGA', array['NGA'], 'foreign-national', ${fixture.seed.client.officeId})
        returning id`,
  );
  await writer.execute(
    sql`insert into passports (client_id, number, type, country, expiry_date) values (${row!.id}, 'A09912345', 'regular', 'NGA', '2031-02-28')`,
  );
  const second = await submitEtaApplication(
    fixture.database.db,
    fixture.seed.ottawa,
    form({
      familyName: "Okafor",
      givenNames: "Adaeze",
      dateOfBirth: "1975-05-19",
      sex: "F",
      country: "NGA",
      passport: "A09912345",
    }),
  );
  assert.equal(second.uci, uci);
});
