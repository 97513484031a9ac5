import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { createClient } from "../../src/clients/create-client.ts";
import { queryRows } from "../../src/db/database.ts";
import { clientAdverseInformation, clients, usVisaVerifications } from "../../src/db/schema.ts";
import { addYears } from "../../src/eta/eta-validity.ts";
import { submitEtaApplication } from "../../src/eta/submit-eta-applications.ts";
import { tableCounts } from "../support/counts.ts";
import { Agent, shownText } from "../web/agent.ts";
import { openWebFixture } from "../web/fixtures.ts";

let fixture: Awaited<ReturnType<typeof openWebFixture>>;
let ana: Agent;
const today = new Date().toISOString().slice(0, 10);
const files: Record<string, string> = {};
const ucis: Record<string, string> = {};

type Person = {
  familyName: string;
  givenNames: string;
  dateOfBirth: string;
  sex: "F" | "M";
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
  twinA: {
    familyName: "Kovalenko",
    givenNames: "Olena",
    dateOfBirth: "1979-06-15",
    sex: "F",
    country: "UKR",
    passport: "FA1100221",
  },
  twinC: {
    familyName: "Haddad",
    givenNames: "Farah",
    dateOfBirth: "1982-01-27",
    sex: "F",
    country: "LBN",
    passport: "RL2019934",
  },
  twinD: {
    familyName: "Haddad",
    givenNames: "Farah",
    dateOfBirth: "1982-01-27",
    sex: "F",
    country: "LBN",
    passport: "RL6612047",
  },
  twinB: {
    familyName: "Kovalenko",
    givenNames: "Olena",
    dateOfBirth: "1979-06-15",
    sex: "F",
    country: "UKR",
    passport: "FB7700339",
  },
};

function form(person: Person, language: "en" | "fr" = "en") {
  return {
    language,
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
    address: { line1: "12 Harbour Road", city: "Springfield", country: person.country },
    answers: { purpose: "tourism" },
  };
}

/** The nine steps, filled as an officer would, with one piece of evidence. */
function steps(outcome: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    requirements: "The applicant is a foreign national, holds a valid passport and is not inadmissible.",
    facts: "Identity, nationality and status in Canada as declared on the form.",
    "evidence.0.description": "Client record in the case system, and the passport declared on the form.",
    "evidence.0.credibility": "credible",
    "evidence.0.credibilityReasons": "Official record, consistent with the form; no sign of alteration.",
    "evidence.0.probativeValue": "strong",
    "evidence.0.probativeReasons": "Issued by an objective authority and directly on the point.",
    "evidence.1.description": "",
    "evidence.1.credibility": "",
    "evidence.1.credibilityReasons": "",
    "evidence.1.probativeValue": "",
    "evidence.1.probativeReasons": "",
    sufficiency: "sufficient",
    sufficiencyReasons: "The record establishes the facts on a balance of probabilities.",
    informationRequested: "",
    outcome,
    responseDate: "",
    reasons: "Decided on the record as weighed above.",
    ...extra,
  };
}

async function lettersOf(fileNumber: string) {
  return queryRows<{ subject: string; language: string; body_text: string; status: string }>(
    fixture.database.db,
    sql`select c.subject, c.language, c.body_text, c.status from correspondence c
        join applications a on a.id = c.application_id where a.file_number = ${fileNumber} order by c.created_at`,
  );
}

async function openActivities(fileNumber: string) {
  return queryRows<{ activity: string; status: string }>(
    fixture.database.db,
    sql`select t.activity, t.status from activities t join applications a on a.id = t.application_id
        where a.file_number = ${fileNumber} order by t.created_at`,
  );
}

before(async () => {
  fixture = await openWebFixture();
  const officer = fixture.seed.ottawa;
  for (const [name, person] of Object.entries(PEOPLE)) {
    const client = await createClient(fixture.database.db, officer, {
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
    if (name === "adverse" || name === "twinD") {
      await fixture.database.db.insert(clientAdverseInformation).values({
        clientId: client.id,
        source: "port-of-entry",
        recordedOn: "2025-08-14",
        details: "Refused entry at Pearson: undeclared employment.",
      });
    }
  }
  await fixture.database.db
    .insert(usVisaVerifications)
    .values({ passportNumber: "BG7730015", passportCountry: "BGR", result: "revoked", checkedOn: today });
  const submit = async (name: string, input: ReturnType<typeof form>) => {
    const result = await submitEtaApplication(fixture.database.db, officer, input);
    assert.equal(result.status, "referred", name);
    files[name] = result.fileNumber;
  };
  await submit("citizen", form(PEOPLE.citizen!, "fr"));
  await submit("resident", form(PEOPLE.resident!));
  await submit("adverse", form(PEOPLE.adverse!));
  await submit("identity", form({ ...PEOPLE.twinA!, passport: "FC5500117" }));
  await submit("identityAdverse", form({ ...PEOPLE.twinC!, passport: "RL9900311" }));
  await submit(
    "expansion",
    form({
      familyName: "Dimitrova",
      givenNames: "Elena",
      dateOfBirth: "1987-09-04",
      sex: "F",
      country: "BGR",
      passport: "BG7730015",
    }),
  );
  ana = new Agent(fixture.app);
  await ana.signIn("ana@dossier.test");
});
after(() => fixture.database.close());

test("a referred eTA is in the officers' queue, and its page leads to the review", async () => {
  const queue = shownText((await ana.page("/")).html);
  assert.match(queue, /Derogatory information/);
  assert.match(queue, /Candidate ID Decision/);
  assert.match(queue, /eTA Expansion Eligibility/);
  const page = shownText((await ana.page(`/applications/${files.citizen}`)).html);
  assert.match(page, /Open the eTA review/);
  const french = shownText((await ana.page(`/eta/${files.identity}/review?lang=fr`)).html);
  assert.match(french, /Examen de l'AVE/);
  assert.match(french, /Candidats à l'identité/);
  assert.match(french, /3\. Norme de preuve Prépondérance des probabilités/);
  assert.match(french, /9\. Motifs de la décision/);
  assert.match(french, /Le demandeur est peut-être un client déjà inscrit/);
  await ana.page(`/eta/${files.identity}/review?lang=en`);
});

test("citizen: the review shows the referral; withdrawing queues the French notice to use a Canadian passport", async () => {
  const review = await ana.page(`/eta/${files.citizen}/review`);
  assert.equal(review.status, 200);
  const shown = shownText(review.html);
  assert.match(shown, /Canadian citizenship granted by naturalization/);
  assert.match(shown, /3\. Standard of proof Balance of probabilities/);
  assert.match(shown, /9\. Reasons for the decision/);

  const response = await ana.post(
    `/eta/${files.citizen}/review`,
    steps("withdraw", { reasons: "The citizenship certificate of 2011 is on file and was never revoked." }),
  );
  assert.equal(response.status, 303);
  const after = shownText((await ana.page(`/eta/${files.citizen}/review?done=decided`)).html);
  assert.match(after, /The decision was recorded\./);
  assert.match(after, /Status\s+Withdrawn/);
  const [letter] = await lettersOf(files.citizen!);
  assert.equal(letter?.language, "fr");
  assert.match(letter?.subject ?? "", /Retrait de votre demande d'AVE/);
  assert.match(letter?.body_text ?? "", /utilisez votre passeport canadien/);
  assert.deepEqual(await openActivities(files.citizen!), [
    { activity: "Derogatory information", status: "completed" },
  ]);
  const [note] = await queryRows<{ body: string }>(
    fixture.database.db,
    sql`select n.body from notes n join applications a on a.id = n.application_id where a.file_number = ${files.citizen}`,
  );
  assert.match(note?.body ?? "", /1\. Requirements and their elements: The applicant is a foreign national/);
  assert.match(
    note?.body ?? "",
    /9\. Reasons: The citizenship certificate of 2011 is on file and was never revoked\./,
  );
});

test("a decision without reasons comes back naming step 9, and nothing is written", async () => {
  const before = await tableCounts(fixture.database.db);
  const response = await ana.post(`/eta/${files.adverse}/review`, steps("refuse", { reasons: "  " }));
  assert.equal(response.status, 400);
  const html = await response.text();
  assert.match(shownText(html), /is required \(step 9 of a fair decision: the reasons for the decision\)/);
  assert.match(html, /Refused entry at Pearson/, "the page is shown again with the file");
  assert.deepEqual(await tableCounts(fixture.database.db), before);
  const [row] = await queryRows<{ n: number }>(
    fixture.database.db,
    sql`select count(*)::int as n from eta_review_decisions`,
  );
  assert.equal(row?.n, 1);
});

test("adverse information: the history shows it; refusing queues the refusal with the reasons", async () => {
  const shown = shownText((await ana.page(`/eta/${files.adverse}/review`)).html);
  assert.match(
    shown,
    /Port of entry examination\s+2025-08-14\s+Refused entry at Pearson: undeclared employment\./,
  );
  const response = await ana.post(
    `/eta/${files.adverse}/review`,
    steps("refuse", {
      sufficiency: "insufficient",
      reasons: "The applicant worked without authorization in 2025 and gave no explanation.",
    }),
  );
  assert.equal(response.status, 303);
  const [letter] = await lettersOf(files.adverse!);
  assert.equal(letter?.language, "en");
  assert.match(
    letter?.body_text ?? "",
    /refused, for these reasons:\s+The applicant worked without authorization/,
  );
});

test("identity: the candidates are ranked with each field's level and weight; matching files the eTA under the UCI", async () => {
  const shown = shownText((await ana.page(`/eta/${files.identity}/review`)).html);
  assert.match(shown, /Identity candidates/);
  assert.match(shown, /familyName: exact \(weight -?\d+\.\d\d\)/);
  assert.match(shown, /documentNumber: different/);
  const missing = await ana.post(`/eta/${files.identity}/review`, steps("approve"));
  assert.equal(missing.status, 400);
  assert.match(shownText(await missing.text()), /choose a candidate's UCI or new-client/);

  const response = await ana.post(
    `/eta/${files.identity}/review`,
    steps("approve", { identity: ucis.twinB! }),
  );
  assert.equal(response.status, 303);
  const [row] = await queryRows<{ uci: string; status: string; valid_until: string }>(
    fixture.database.db,
    sql`select c.uci, e.status, e.valid_until::text from eta_applications e join applications a on a.id = e.application_id
        join clients c on c.id = e.client_id where a.file_number = ${files.identity}`,
  );
  assert.deepEqual(row, { uci: ucis.twinB, status: "approved", valid_until: addYears(today, 5) });
});

test("expansion eligibility: the US check result is shown, and the officer approves on evidence of a valid visa", async () => {
  const shown = shownText((await ana.page(`/eta/${files.expansion}/review`)).html);
  assert.match(shown, /document revoked/);
  assert.match(shown, new RegExp(`${today}\\s+revoked`));
  const response = await ana.post(
    `/eta/${files.expansion}/review`,
    steps("approve", {
      reasons: "A renewed US visa was verified with the issuing post; the revoked one was replaced.",
    }),
  );
  assert.equal(response.status, 303);
  const after = shownText((await ana.page(`/eta/${files.expansion}/review?lang=fr`)).html);
  assert.match(after, /Statut\s+Approuvée/);
  assert.match(after, /Validité de l'AVE\s+du \d{4}-\d\d-\d\d au \d{4}-\d\d-\d\d/);
  await ana.page(`/eta/${files.expansion}/review?lang=en`);
});

test("permanent resident: asked to relinquish, approval waits for it, then the eTA is issued", async () => {
  const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const asked = await ana.post(
    `/eta/${files.resident}/review`,
    steps("request-information", {
      sufficiency: "insufficient",
      informationRequested: "Whether you wish to relinquish your permanent resident status.",
      responseDate: due,
    }),
  );
  assert.equal(asked.status, 303);
  const [letter] = await lettersOf(files.resident!);
  assert.match(letter?.subject ?? "", /Your permanent resident status and your eTA application/);

  const early = await ana.post(`/eta/${files.resident}/review`, steps("approve"));
  assert.equal(early.status, 409);
  assert.match(shownText(await early.text()), /record the relinquishment of the status before approving/);

  const answered = await ana.post(`/eta/${files.resident}/relinquishment`, {
    answer: "relinquished",
    answeredOn: today,
    details: "Relinquished through the secure account, confirmation IMM 5782 received.",
  });
  assert.equal(answered.status, 303);
  const [client] = await fixture.database.db.select().from(clients).where(eq(clients.uci, ucis.resident!));
  assert.equal(client?.statusInCanada, "foreign-national");
  const approved = await ana.post(`/eta/${files.resident}/review`, steps("approve"));
  assert.equal(approved.status, 303);
  const shown = shownText((await ana.page(`/eta/${files.resident}/review`)).html);
  assert.match(shown, /Status\s+Approved/);
  assert.match(shown, /Answer: Relinquished, on/);
});

test("identity: matching a client whose file holds adverse information brings that referral before any eTA", async () => {
  const path = `/eta/${files.identityAdverse}/review`;
  const blocked = await ana.post(path, steps("approve", { identity: ucis.twinD! }));
  assert.equal(blocked.status, 409);
  assert.match(
    shownText(await blocked.text()),
    /the client matched brings reasons to review before an eTA can be issued: Adverse information is on file/,
  );
  const matched = await ana.post(
    path,
    steps("request-information", {
      identity: ucis.twinD!,
      sufficiency: "insufficient",
      informationRequested: "Explain the refusal of entry at Pearson in 2025.",
      responseDate: addYears(today, 1),
    }),
  );
  assert.equal(matched.status, 303);
  assert.deepEqual(await openActivities(files.identityAdverse!), [
    { activity: "Candidate ID Decision", status: "review-required" },
    { activity: "Derogatory information", status: "review-required" },
  ]);
  const shown = shownText((await ana.page(path)).html);
  assert.match(shown, /Adverse information is on file \(from a port of entry examination\)/);
  assert.match(shown, /Refused entry at Pearson: undeclared employment\./);
  const approved = await ana.post(
    path,
    steps("approve", {
      identity: ucis.twinD!,
      reasons: "The employment was authorized after all; letter from the employer.",
    }),
  );
  assert.equal(approved.status, 303);
  assert.deepEqual(await openActivities(files.identityAdverse!), [
    { activity: "Candidate ID Decision", status: "completed" },
    { activity: "Derogatory information", status: "completed" },
  ]);
});
