import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { createClient } from "../../src/clients/create-client.ts";
import { queryRows } from "../../src/db/database.ts";
import { etaRevalidationReports, infoAlerts } from "../../src/db/schema.ts";
import { submitEtaApplication } from "../../src/eta/submit-eta-applications.ts";
import { withdrawUnansweredRelinquishments } from "../../src/eta/withdraw-unanswered-relinquishments.ts";
import { etaRevalidationJob } from "../../src/scheduler/jobs/eta-revalidation.ts";
import { SYSTEM_ACTOR } from "../../src/users/actor.ts";
import { createApiKey } from "../../src/users/api-keys.ts";
import { etaReviewApiRoutes } from "../../src/web/api/eta-review-routes.ts";
import { apiTestApp } from "../support/api-app.ts";
import { tableCounts } from "../support/counts.ts";
import { Agent, shownText } from "../web/agent.ts";
import { openWebFixture } from "../web/fixtures.ts";

let fixture: Awaited<ReturnType<typeof openWebFixture>>;
let ana: Agent;
let api: ReturnType<typeof apiTestApp>;
let key: string;
let mensahUci: string;
const today = new Date().toISOString().slice(0, 10);
const holders: Record<string, { fileNumber: string; uci: string; validFrom: string; validUntil: string }> =
  {};

function form(
  familyName: string,
  givenNames: string,
  country: string,
  passport: string,
  dateOfBirth: string,
  expiryDate = "2034-05-31",
) {
  return {
    applicant: {
      familyName,
      givenNames,
      dateOfBirth,
      sex: "F" as const,
      countryOfBirth: country,
      citizenship: country,
    },
    passport: { number: passport, type: "regular" as const, country, expiryDate },
    email: `${passport.toLowerCase()}@example.org`,
    address: { line1: "4 Quay Street", city: "Dublin", country },
    answers: { purpose: "business" },
  };
}

/** The fields of the API's answers these tests read; each answer holds some of them. */
interface ApiBody {
  eta: { status: string; validity: { validUntil: string; limitedBy: string } };
  revalidations: { fileNumber: string }[];
  infoAlertId: string;
  error: { message: string; field?: string };
  decisions: { outcome: string; steps: { reasons: string } }[];
  relinquishment: { answer: string };
}

async function call(method: string, path: string, body?: unknown) {
  const response = await api.request(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as ApiBody };
}

const NINE_STEPS = {
  requirements: "A foreign national with a valid passport who is not inadmissible.",
  facts: "Status in Canada and willingness to relinquish permanent residence.",
  evidence: [
    {
      description: "Landing record of 2014 in the case system.",
      credibility: "credible",
      credibilityReasons: "Official record, unaltered.",
      probativeValue: "strong",
      probativeReasons: "Direct proof of the status.",
    },
  ],
  sufficiency: "insufficient",
  sufficiencyReasons: "Nothing shows the status was relinquished.",
};

before(async () => {
  fixture = await openWebFixture();
  key = (await createApiKey(fixture.database.db, SYSTEM_ACTOR, { userEmail: "ana@dossier.test" })).key;
  api = apiTestApp(fixture.database, etaReviewApiRoutes());
  // Before any submission: the identity index is read once, at the first.
  mensahUci = (
    await createClient(fixture.database.db, fixture.seed.ottawa, {
      officeCode: "OTT",
      familyName: "Mensah",
      givenNames: "Kwame",
      dateOfBirth: "1984-10-02",
      sex: "M",
      countryOfBirth: "GHA",
      citizenships: ["GHA"],
      statusInCanada: "permanent-resident",
      passports: [{ number: "G8812345", type: "regular", country: "GHA", expiryDate: "2034-05-31" }],
    })
  ).uci;
  const people = {
    kept: form("O'Sullivan", "Aoife", "IRL", "PE3391022", "1984-10-02"),
    alerted: form("Brennan", "Siobhan", "IRL", "PE3391077", "1971-03-19", "2028-02-29"),
    ineligible: form("Sharma", "Priya", "GBR", "533018876", "1996-07-11"),
  };
  for (const [name, input] of Object.entries(people)) {
    const result = await submitEtaApplication(fixture.database.db, fixture.seed.ottawa, input);
    assert.equal(result.status, "approved", `${name}: ${result.referralReasons.map((r) => r.en).join(" ")}`);
    holders[name] = {
      fileNumber: result.fileNumber,
      uci: result.uci,
      validFrom: result.validity!.validFrom,
      validUntil: result.validity!.validUntil,
    };
  }
  ana = new Agent(fixture.app);
  await ana.signIn("ana@dossier.test");
});
after(() => fixture.database.close());

test("new adverse information on an eTA holder opens a revalidation in the queue and on the daily report", async () => {
  const { status, body } = await call("POST", `/clients/${holders.kept!.uci}/adverse-information`, {
    source: "port-of-entry",
    details: '=Refused entry at YUL, 2026-11-30: undeclared conviction, "impaired driving".',
  });
  assert.equal(status, 201);
  assert.deepEqual(
    body.revalidations.map((r: { fileNumber: string }) => r.fileNumber),
    [holders.kept!.fileNumber],
  );
  assert.match(shownText((await ana.page("/")).html), /eTA Revalidation\s+New adverse information/);

  const report = shownText((await ana.page("/eta/revalidation")).html);
  assert.match(report, new RegExp(`${holders.kept!.fileNumber}\\s+O'Sullivan, Aoife`));
  assert.match(report, /Port of entry examination, \d{4}-\d\d-\d\d: =Refused entry at YUL/);
  const csv = await (await ana.get("/eta/revalidation.csv")).text();
  const [header, line] = csv.split("\r\n");
  assert.equal(
    header,
    "fileNumber,uci,familyName,givenNames,passportNumber,passportCountry,validUntil,officeCode,openedOn,adverseSource,adverseRecordedOn,adverseDetails",
  );
  assert.equal(
    line,
    `${holders.kept!.fileNumber},${holders.kept!.uci},O'Sullivan,Aoife,PE3391022,IRL,${holders.kept!.validUntil},OTT,${today},port-of-entry,${today},"'=Refused entry at YUL, 2026-11-30: undeclared conviction, ""impaired driving""."`,
  );

  await etaRevalidationJob.run(fixture.database.db);
  const [kept] = await fixture.database.db
    .select()
    .from(etaRevalidationReports)
    .where(eq(etaRevalidationReports.reportDate, today));
  assert.equal(
    (kept!.rows as { fileNumber: string }[]).map((r) => r.fileNumber).join(),
    holders.kept!.fileNumber,
  );

  const decided = await ana.post(`/eta/${holders.kept!.fileNumber}/revalidation`, {
    decision: "keep",
    ground: "",
    notes: "The conviction is more than ten years old and the holder is deemed rehabilitated.",
  });
  assert.equal(decided.status, 303);
  const page = shownText((await ana.page(`/eta/${holders.kept!.fileNumber}/review`)).html);
  assert.match(page, /Keep the eTA on \d{4}-\d\d-\d\d — The conviction is more than ten years old/);
  assert.match(
    shownText((await ana.page("/eta/revalidation")).html),
    /No eTA awaits a revalidation decision\./,
  );
});

test("a holder who does not answer: the eTA is kept under an eTA Revalidation info-alert as long as the eTA", async () => {
  await call("POST", `/clients/${holders.alerted!.uci}/adverse-information`, {
    source: "intelligence",
    details: "Letter alleging membership in a criminal organization; unverified.",
  });
  const { status, body } = await call(
    "POST",
    `/eta/applications/${holders.alerted!.fileNumber}/revalidation`,
    {
      decision: "info-alert",
      notes: "Asked the holder for information on 2026-11-02; no answer, and attendance cannot be compelled.",
    },
  );
  assert.equal(status, 200);
  assert.equal(body.eta.status, "approved");
  const [alert] = await fixture.database.db
    .select()
    .from(infoAlerts)
    .where(eq(infoAlerts.id, body.infoAlertId));
  assert.deepEqual(
    { type: alert?.type, validFrom: alert?.validFrom, validTo: alert?.validTo },
    { type: "eTA Revalidation", validFrom: holders.alerted!.validFrom, validTo: "2028-02-29" },
  );
});

test("an eTA issued to someone not eligible is cancelled under R12.06(b) and the person told to apply for the right document", async () => {
  const refused = await ana.post(`/eta/${holders.ineligible!.fileNumber}/revalidation`, {
    decision: "cancel",
    ground: "",
    notes: "Travelled on an emergency document of a visa-required country.",
  });
  assert.equal(refused.status, 400);
  assert.match(shownText(await refused.text()), /is required to cancel an eTA: the R12\.06 ground/);

  const response = await ana.post(`/eta/${holders.ineligible!.fileNumber}/revalidation`, {
    decision: "cancel",
    ground: "r12.06-b-not-eligible",
    notes: "Travelled on an emergency document of a visa-required country.",
  });
  assert.equal(response.status, 303);
  const [letter] = await queryRows<{ subject: string; body_text: string }>(
    fixture.database.db,
    sql`select c.subject, c.body_text from correspondence c join applications a on a.id = c.application_id
        where a.file_number = ${holders.ineligible!.fileNumber}`,
  );
  assert.match(letter?.subject ?? "", /Your eTA has been cancelled/);
  assert.match(
    letter?.body_text ?? "",
    /apply for the document that fits your situation, for example a temporary resident visa/,
  );
  const again = await call("POST", `/eta/applications/${holders.ineligible!.fileNumber}/revalidation`, {
    decision: "keep",
    notes: "Second look.",
  });
  assert.equal(again.status, 409);
  assert.match(again.body.error.message, /holds no eTA in force \(status cancelled\)/);
});

test("API: a decision without reasons is refused naming the step, and nothing is written", async () => {
  const input = form("Mensah", "Kwame", "GHA", "G8812345", "1984-10-02");
  const referred = await submitEtaApplication(fixture.database.db, fixture.seed.ottawa, {
    ...input,
    applicant: { ...input.applicant, sex: "M" },
  });
  assert.equal(referred.uci, mensahUci);
  assert.equal(referred.status, "referred");
  const path = `/eta/applications/${referred.fileNumber}/review-decision`;

  const counts = await tableCounts(fixture.database.db);
  const bad = await call("POST", path, { ...NINE_STEPS, outcome: "withdraw" });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, "reasons");
  assert.equal(
    bad.body.error.message,
    "reasons: is required (step 9 of a fair decision: the reasons for the decision)",
  );
  assert.deepEqual(await tableCounts(fixture.database.db), counts);

  // No answer to the request to relinquish by its date: the application is withdrawn with the notice.
  const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const asked = await call("POST", path, {
    ...NINE_STEPS,
    outcome: "request-information",
    informationRequested: "Tell us whether you wish to relinquish your permanent resident status.",
    responseDate: due,
    reasons: "Permanent residence is on file; the applicant must be asked before any decision.",
  });
  assert.equal(asked.status, 201);
  assert.equal(asked.body.eta.status, "referred");
  assert.deepEqual(await withdrawUnansweredRelinquishments(fixture.database.db), []);
  const dayAfter = new Date(Date.parse(`${due}T12:00:00Z`) + 86_400_000);
  const withdrawn = await withdrawUnansweredRelinquishments(fixture.database.db, { now: dayAfter });
  assert.equal(withdrawn.length, 1);
  const letters = await queryRows<{ subject: string; body_text: string }>(
    fixture.database.db,
    sql`select c.subject, c.body_text from correspondence c join applications a on a.id = c.application_id
        where a.file_number = ${referred.fileNumber} order by c.created_at`,
  );
  assert.deepEqual(
    letters.map((l) => l.subject.replace(/ – File .*/, "")),
    ["Your permanent resident status and your eTA application", "Your eTA application has been withdrawn"],
  );
  assert.match(letters[1]!.body_text, /a travel document that shows your permanent resident status/);
  const record = await call("GET", `/eta/applications/${referred.fileNumber}/review`);
  assert.equal(record.status, 200);
  assert.deepEqual(
    record.body.decisions.map((d: { outcome: string; steps: { reasons: string } }) => [
      d.outcome,
      d.steps.reasons,
    ]),
    [
      [
        "request-information",
        "Permanent residence is on file; the applicant must be asked before any decision.",
      ],
    ],
  );
  assert.equal(record.body.relinquishment.answer, "no-reply");
  const shown = shownText((await ana.page(`/eta/${referred.fileNumber}/review`)).html);
  assert.match(shown, /Status\s+Withdrawn/);
  assert.match(shown, /Answer: No reply by the date/);
});

test("an eTA issued on review ends the holder's earlier one on a passport of the same type that day", async () => {
  const again = form("Brennan", "Siobhan", "IRL", "PE3391077", "1971-03-19", "2028-02-29");
  const referred = await submitEtaApplication(fixture.database.db, fixture.seed.ottawa, {
    ...again,
    answers: { purpose: "family visit" },
  });
  assert.equal(referred.uci, holders.alerted!.uci);
  assert.deepEqual(
    referred.referralReasons.map((r) => r.code),
    ["adverse-information"],
  );
  const { status, body } = await call("POST", `/eta/applications/${referred.fileNumber}/review-decision`, {
    ...NINE_STEPS,
    facts: "Identity, and whether the allegation on file is made out.",
    sufficiency: "sufficient",
    outcome: "approve",
    reasons: "The anonymous letter is unverified and contradicted by a clean police certificate.",
  });
  assert.equal(status, 201);
  assert.equal(body.eta.status, "approved");
  assert.equal(body.eta.validity.validUntil, "2028-02-29");
  assert.equal(body.eta.validity.limitedBy, "passport-expiry");
  const [earlier] = await queryRows<{ ended_on: string; end_reason: string; superseded_by: string }>(
    fixture.database.db,
    sql`select e.ended_on::text, e.end_reason, s.file_number as superseded_by from eta_applications e
        join applications a on a.id = e.application_id join applications s on s.id = e.superseded_by
        where a.file_number = ${holders.alerted!.fileNumber}`,
  );
  assert.deepEqual(earlier, {
    ended_on: today,
    end_reason: "superseded",
    superseded_by: referred.fileNumber,
  });
});
