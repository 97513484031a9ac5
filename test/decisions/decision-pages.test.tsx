import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import { createApplication } from "../../src/applications/create-application.ts";
import { addContactDetail } from "../../src/clients/add-contact-detail.ts";
import { createClient } from "../../src/clients/create-client.ts";
import { queueLetter } from "../../src/correspondence/queue-letter.ts";
import { applications, correspondence, reconsiderationRequests } from "../../src/db/schema.ts";
import { addDays, todayIn } from "../../src/shared/dates.ts";
import { Agent, shownText } from "../web/agent.ts";
import { openWebFixture } from "../web/fixtures.ts";

const zone = "America/Toronto";
const inDays = (days: number) => addDays(todayIn(zone), days);

let fixture: Awaited<ReturnType<typeof openWebFixture>>;
let ana: Agent;
let liam: Agent;
before(async () => {
  fixture = await openWebFixture();
  ana = new Agent(fixture.app);
  await ana.signIn("ana@dossier.test");
  liam = new Agent(fixture.app);
  await liam.signIn("liam@dossier.test");
});
after(() => fixture.database.close());

/** A citizenship file whose request went to the old address after the client gave a new one. */
async function citizenshipFileSentToOldAddress() {
  const db = fixture.database.db;
  const officer = fixture.seed.ottawa;
  const client = await createClient(db, officer, {
    officeCode: "OTT",
    familyName: "Haddad",
    givenNames: "Rania",
    dateOfBirth: "1988-09-14",
    sex: "F",
    countryOfBirth: "LBN",
    citizenships: ["LBN"],
    email: "rania.haddad@example.com",
    emailConsentSource: "application-form",
  });
  const application = await createApplication(db, officer, {
    uci: client.uci,
    officeCode: "OTT",
    lineOfBusiness: "citizenship",
    receivedDate: "2026-01-05",
    language: "en",
  });
  const { correspondence: request } = await queueLetter(db, officer, application.fileNumber, {
    templateId: "request-documents",
    values: { documents: ["Proof of residence"], responseDate: inDays(10) },
  });
  await addContactDetail(db, officer, client.uci, {
    kind: "email",
    value: "rania.h@example.org",
    consentSource: "client-wrote-first",
  });
  await db
    .update(correspondence)
    .set({ status: "sent", sentAt: new Date(), smtpResponse: "250 2.0.0 Ok", responseDueDate: inDays(-1) })
    .where(eq(correspondence.id, request.id));
  return { application, requestId: request.id };
}

test("an officer takes a file from the unanswered request to an abandonment, then reopens it on non-receipt", async () => {
  const { application, requestId } = await citizenshipFileSentToOldAddress();
  const base = `/applications/${application.fileNumber}`;

  const file = await ana.page(base);
  assert.match(file.html, new RegExp(`href="${base}/decisions"`));

  const screen = await ana.page(`${base}/decisions`);
  assert.equal(screen.status, 200);
  const text = shownText(screen.html);
  assert.match(text, /A decision for non-compliance can be recorded on this request\./);
  assert.match(text, /Citizenship Act s\. 13\.2/);
  assert.match(text, /Accepted by the mail server/);
  assert.match(text, /may result in an abandonment of their application/, "the note's draft");
  // The request went to the address the client had replaced: the screen warns before deciding.
  assert.match(text, /This request did not go to the applicant's latest address/);
  assert.match(text, /most recent address the applicant had given was rania\.h@example\.org/);

  // Without a rationale the form comes back, naming the field, and nothing changes.
  const refused = await ana.post(`${base}/decisions`, {
    outcome: "abandoned",
    requestCorrespondenceId: requestId,
    grounds: "No proof of residence was received.",
    rationale: "",
  });
  assert.equal(refused.status, 400);
  assert.match(shownText(await refused.text()), /Rationale: is required/);

  const recorded = await ana.post(`${base}/decisions`, {
    outcome: "abandoned",
    requestCorrespondenceId: requestId,
    grounds: "No proof of residence was received.",
    rationale: "Request accepted by the mail server on the date shown; nothing received by the date.",
  });
  assert.equal(recorded.status, 303);
  const [abandoned] = await fixture.database.db
    .select()
    .from(applications)
    .where(eq(applications.id, application.id));
  assert.equal(abandoned!.status, "abandoned");

  // The application page now lists the recourse of the abandonment.
  const withRecourse = shownText((await ana.page(base)).html);
  assert.match(withRecourse, /Recourse after the refusal/);
  assert.match(withRecourse, /Leave and judicial review at the Federal Court/);

  // Another office's officer sees nothing of it.
  assert.equal((await liam.page(`${base}/decisions`)).status, 404);

  await ana.page(`${base}/decisions`);
  const claim = await ana.post(`${base}/reconsiderations`, {
    requestedBy: "Rania Haddad (applicant)",
    receivedOn: todayIn(zone),
    channel: "by-hand",
    groundsKind: "non-receipt",
    grounds: "I never received the email: I had given you my new address.",
  });
  assert.equal(claim.status, 303);
  const location = claim.headers.get("location")!;
  const page = await ana.page(location);
  const facts = shownText(page.html);
  assert.match(facts, /The facts show an office error/);
  assert.match(facts, /sent to a superseded address/);
  assert.match(facts, /Proposal: reopen the file and give the applicant a new response date\./);

  const fr = shownText((await ana.page(`${location.split("?")[0]}?lang=fr`)).html);
  assert.match(fr, /Les faits montrent une erreur du bureau/);
  assert.match(fr, /adresse remplacée/);

  const newDate = inDays(30);
  const decided = await ana.post(`${location.split("?")[0]}/decision`, {
    outcome: "reopen",
    newResponseDate: newDate,
    rationale: "The request went to an address the applicant had replaced: an administrative error.",
  });
  assert.equal(decided.status, 303);
  const [row] = await fixture.database.db
    .select()
    .from(reconsiderationRequests)
    .where(eq(reconsiderationRequests.applicationId, application.id));
  assert.equal(row!.status, "reopened");
  const [request] = await fixture.database.db
    .select()
    .from(correspondence)
    .where(eq(correspondence.id, requestId));
  assert.equal(request!.responseDueDate, newDate);
});

test("the screen says why a decision cannot be recorded yet, in French too", async () => {
  const db = fixture.database.db;
  const { application, requestId } = await citizenshipFileSentToOldAddress();
  await db
    .update(correspondence)
    .set({ responseDueDate: inDays(3) })
    .where(eq(correspondence.id, requestId));
  const fr = shownText((await ana.page(`/applications/${application.fileNumber}/decisions?lang=fr`)).html);
  assert.match(fr, /ne peut pas encore être inscrite/);
  assert.match(fr, new RegExp(`jusqu’au ${inDays(3)} pour répondre`));
});
