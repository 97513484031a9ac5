import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { eq } from "drizzle-orm";
import { createApplication } from "../../src/applications/create-application.ts";
import { addContactDetail } from "../../src/clients/add-contact-detail.ts";
import { createClient } from "../../src/clients/create-client.ts";
import { queueLetter } from "../../src/correspondence/queue-letter.ts";
import type { Database } from "../../src/db/database.ts";
import {
  applications,
  auditEvents,
  correspondence,
  decisions,
  notes,
  reconsiderationRequests,
} from "../../src/db/schema.ts";
import { decideReconsideration } from "../../src/decisions/decide-reconsideration.ts";
import { recordDecision } from "../../src/decisions/record-decision.ts";
import { recordReconsideration } from "../../src/decisions/record-reconsideration.ts";
import { addDays, todayIn } from "../../src/shared/dates.ts";
import { AppError } from "../../src/shared/errors.ts";
import { tableCounts } from "../support/counts.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

const zone = "America/Toronto";
const inDays = (days: number) => addDays(todayIn(zone), days);

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
});
after(() => database.close());

async function counts() {
  const db = database.db;
  return {
    ...(await tableCounts(db)),
    correspondence: (await db.select({ id: correspondence.id }).from(correspondence)).length,
    decisions: (await db.select({ id: decisions.id }).from(decisions)).length,
  };
}

async function newFile(
  familyName: string,
  lineOfBusiness: "citizenship" | "permanent-residence" = "permanent-residence",
  contact: { email?: boolean } = { email: true },
) {
  const client = await createClient(database.db, seed.ottawa, {
    officeCode: "OTT",
    familyName,
    givenNames: "Amina",
    dateOfBirth: "1985-01-20",
    sex: "F",
    countryOfBirth: "SEN",
    citizenships: ["SEN"],
    ...(contact.email
      ? { email: `${familyName.toLowerCase()}@example.com`, emailConsentSource: "application-form" as const }
      : {}),
  });
  const application = await createApplication(database.db, seed.ottawa, {
    uci: client.uci,
    officeCode: "OTT",
    lineOfBusiness,
    receivedDate: "2026-01-05",
    language: "en",
  });
  return { client, application };
}

let requests = 0;

/** A request queued today, then, as the dispatcher would have it, accepted by the mail server. */
async function request(
  fileNumber: string,
  state: "accepted" | "unproven" | "queued" | "bounced" = "accepted",
) {
  requests += 1;
  const { correspondence: row } = await queueLetter(database.db, seed.ottawa, fileNumber, {
    templateId: "request-documents",
    values: { documents: [`Police certificate (request ${requests})`], responseDate: inDays(10) },
  });
  if (state === "queued") return row;
  const [sent] = await database.db
    .update(correspondence)
    .set({
      status: state === "bounced" ? "undelivered" : "sent",
      sentAt: new Date(),
      smtpResponse: state === "unproven" ? null : "250 2.0.0 Ok: queued as 4F2A1",
      undeliveredAt: state === "bounced" ? new Date() : null,
      // As if sent weeks ago with a date that has now passed.
      responseDueDate: inDays(-1),
    })
    .where(eq(correspondence.id, row.id))
    .returning();
  return sent!;
}

function refused(code: string, pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof AppError, `an AppError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  };
}

const nonCompliance = (requestCorrespondenceId: string) => ({
  outcome: "refused" as const,
  basis: "non-compliance" as const,
  requestCorrespondenceId,
  grounds: "You did not send the police certificate we asked for.",
  rationale: "Request accepted by the mail server; no bounce; nothing received by the date.",
  arising: "outside" as const,
});

test("a non-compliance refusal writes the decision, the status, the note and the letter in one go", async () => {
  const { application } = await newFile("Diallo");
  const req = await request(application.fileNumber);
  const result = await recordDecision(
    database.db,
    seed.ottawa,
    application.fileNumber,
    nonCompliance(req.id),
  );
  assert.equal(result.decision.outcome, "refused");
  assert.equal(result.decision.legalBasis, "irpr-s10");
  assert.equal(result.decision.requestCorrespondenceId, req.id);
  assert.equal(result.decision.letterCorrespondenceId, result.letterCorrespondenceId);

  const [app] = await database.db.select().from(applications).where(eq(applications.id, application.id));
  assert.equal(app!.status, "refused");
  assert.equal(app!.statusReason, "Refused for non-compliance (IRPR s. 10)");

  const [letter] = await database.db
    .select()
    .from(correspondence)
    .where(eq(correspondence.id, result.letterCorrespondenceId));
  assert.equal(letter!.templateId, "decision-refusal");
  assert.equal(letter!.status, "generate", "the dispatcher's work item");
  assert.equal(letter!.address, "diallo@example.com");
  assert.match(letter!.subject, /Decision on your application: refused – File E\d{9}/);
  assert.match(letter!.bodyText!, /Section 10 of the Immigration and Refugee Protection Regulations/);
  assert.match(letter!.bodyText!, /within 60 days/);

  const [note] = await database.db.select().from(notes).where(eq(notes.id, result.noteId));
  assert.match(note!.body, /Rationale:\nRequest accepted by the mail server/);

  const actions = (
    await database.db.select().from(auditEvents).where(eq(auditEvents.entityId, application.id))
  ).map((e) => e.action);
  assert.ok(actions.includes("decision.recorded"));
  assert.ok(actions.includes("correspondence.queued"));

  // The letter's sending is the notification: the trigger dates the decision.
  const sentAt = new Date("2026-05-04T14:00:00Z");
  await database.db
    .update(correspondence)
    .set({ status: "sent", sentAt })
    .where(eq(correspondence.id, result.letterCorrespondenceId));
  const [notified] = await database.db.select().from(decisions).where(eq(decisions.id, result.decision.id));
  assert.equal(notified!.notifiedAt?.toISOString(), sentAt.toISOString());
});

test("refused while the request has no proof of sending, a bounce is unresolved, or the date has not passed", async () => {
  const { application } = await newFile("Sow");
  const queued = await request(application.fileNumber, "queued");
  const unproven = await request(application.fileNumber, "unproven");
  const bounced = await request(application.fileNumber, "bounced");
  const early = await request(application.fileNumber);
  await database.db
    .update(correspondence)
    .set({ responseDueDate: inDays(0) })
    .where(eq(correspondence.id, early.id));
  const before = await counts();
  const cases: [string, RegExp][] = [
    [queued.id, /was never sent \(it is generate\)/],
    [unproven.id, /has no proof of sending: no acceptance by the mail server/],
    [bounced.id, /came back undelivered and has not been sent again/],
    [early.id, new RegExp(`has until ${inDays(0)} to answer`)],
  ];
  for (const [id, pattern] of cases) {
    await assert.rejects(
      recordDecision(database.db, seed.ottawa, application.fileNumber, nonCompliance(id)),
      refused("invalid_state", pattern),
    );
  }
  assert.deepEqual(await counts(), before, "nothing written");
});

test("an abandonment only for citizenship (Citizenship Act s. 13.2)", async () => {
  const { application } = await newFile("Ba");
  const req = await request(application.fileNumber);
  await assert.rejects(
    recordDecision(database.db, seed.ottawa, application.fileNumber, {
      ...nonCompliance(req.id),
      outcome: "abandoned",
    }),
    refused("invalid_state", /Only a citizenship application can be treated as abandoned/),
  );
  const citizenship = await newFile("Fall", "citizenship");
  const creq = await request(citizenship.application.fileNumber);
  const { decision } = await recordDecision(database.db, seed.ottawa, citizenship.application.fileNumber, {
    ...nonCompliance(creq.id),
    outcome: "abandoned",
  });
  assert.equal(decision.legalBasis, "citizenship-act-s13.2");
});

test("without grounds or rationale: invalid_input naming the field, and nothing written", async () => {
  const { application } = await newFile("Ndiaye");
  const req = await request(application.fileNumber);
  const before = await counts();
  const { grounds: _g, ...noGrounds } = nonCompliance(req.id);
  await assert.rejects(
    recordDecision(database.db, seed.ottawa, application.fileNumber, noGrounds),
    (error: unknown) =>
      error instanceof AppError && error.code === "invalid_input" && error.field === "grounds",
  );
  await assert.rejects(
    recordDecision(database.db, seed.ottawa, application.fileNumber, {
      ...nonCompliance(req.id),
      rationale: "  ",
    }),
    (error: unknown) =>
      error instanceof AppError &&
      error.field === "rationale" &&
      /rationale: is required/.test(error.message),
  );
  assert.deepEqual(await counts(), before);
});

test("the letter is queued in the decision's transaction: no letter possible, no decision", async () => {
  // No email and no postal address: the letter has nowhere to go.
  const { application } = await newFile("Kane", "permanent-residence", { email: false });
  const before = await counts();
  await assert.rejects(
    recordDecision(database.db, seed.ottawa, application.fileNumber, {
      outcome: "approved",
      rationale: "All requirements met.",
      nextSteps: "Send us your passport.",
    }),
    (error: unknown) => error instanceof AppError && error.code === "invalid_state",
  );
  assert.deepEqual(await counts(), before);
  const [app] = await database.db.select().from(applications).where(eq(applications.id, application.id));
  assert.equal(app!.status, application.status);
});

test("another office's officer gets not found", async () => {
  const { application } = await newFile("Gueye");
  await assert.rejects(
    recordDecision(database.db, seed.london, application.fileNumber, {
      outcome: "approved",
      rationale: "x",
      nextSteps: "y",
    }),
    refused("not_found", /no application/),
  );
});

test("non-receipt: not sent, sent to a superseded address, sent to the current one with no bounce", async () => {
  // Sent to the current address, accepted, nothing came back: no office error.
  const current = await newFile("Cisse", "citizenship");
  const req = await request(current.application.fileNumber);
  await recordDecision(database.db, seed.ottawa, current.application.fileNumber, {
    ...nonCompliance(req.id),
    outcome: "abandoned",
  });
  const claim = {
    requestedBy: "Amina Cisse (applicant)",
    receivedOn: todayIn(zone),
    channel: "by-hand" as const,
    groundsKind: "non-receipt" as const,
    grounds: "I never received the email asking for documents.",
    documentEdocIds: [],
  };
  const { facts, reconsideration } = await recordReconsideration(
    database.db,
    seed.ottawa,
    current.application.fileNumber,
    claim,
  );
  assert.equal(facts?.officeError, null);
  assert.equal(facts?.proposal, "assess");
  assert.equal(facts?.request?.sendings[0]?.mostRecentAddress, true);
  assert.equal(facts?.request?.sendings[0]?.undeliveredNotices, 0);
  const [stored] = await database.db
    .select()
    .from(reconsiderationRequests)
    .where(eq(reconsiderationRequests.id, reconsideration.id));
  assert.deepEqual(stored!.facts, JSON.parse(JSON.stringify(facts)), "the facts are kept with the record");
  // Citizenship: no administrative error, no reactivation.
  await assert.rejects(
    decideReconsideration(database.db, seed.ottawa, reconsideration.id, {
      outcome: "reopen",
      newResponseDate: inDays(30),
      rationale: "Applicant says so.",
    }),
    refused("invalid_state", /reactivated only on an administrative error/),
  );

  // Sent to an address the client had already replaced.
  const moved = await newFile("Toure", "citizenship");
  const queued = await request(moved.application.fileNumber, "queued");
  await addContactDetail(database.db, seed.ottawa, moved.client.uci, {
    kind: "email",
    value: "toure.new@example.org",
    consentSource: "client-wrote-first",
  });
  const [sent] = await database.db
    .update(correspondence)
    .set({ status: "sent", sentAt: new Date(), smtpResponse: "250 Ok", responseDueDate: inDays(-1) })
    .where(eq(correspondence.id, queued.id))
    .returning();
  await recordDecision(database.db, seed.ottawa, moved.application.fileNumber, {
    ...nonCompliance(sent!.id),
    outcome: "abandoned",
  });
  const superseded = await recordReconsideration(
    database.db,
    seed.ottawa,
    moved.application.fileNumber,
    claim,
  );
  assert.equal(superseded.facts?.officeError?.kind, "superseded-address");
  assert.equal(superseded.facts?.request?.sendings[0]?.address, "toure@example.com");
  assert.equal(superseded.facts?.request?.sendings[0]?.addressOnFileThen, "toure.new@example.org");
  assert.equal(superseded.facts?.proposal, "reopen");

  // Reopening: back in progress, a new response date on the request, the decision set aside.
  const newDate = inDays(30);
  const reopened = await decideReconsideration(database.db, seed.ottawa, superseded.reconsideration.id, {
    outcome: "reopen",
    newResponseDate: newDate,
    rationale: "The request went to an address the applicant had replaced; the error is the office's.",
  });
  assert.equal(reopened.reconsideration.status, "reopened");
  const [app] = await database.db
    .select()
    .from(applications)
    .where(eq(applications.id, moved.application.id));
  assert.equal(app!.status, "in-progress");
  const [moved2] = await database.db.select().from(correspondence).where(eq(correspondence.id, sent!.id));
  assert.equal(moved2!.responseDueDate, newDate);
  const [setAside] = await database.db
    .select()
    .from(decisions)
    .where(eq(decisions.applicationId, moved.application.id));
  assert.equal(setAside!.setAsideBy, superseded.reconsideration.id);
  // A rationale is required to decide.
  await assert.rejects(
    decideReconsideration(database.db, seed.ottawa, reconsideration.id, {
      outcome: "maintain",
      rationale: "",
    }),
    (error: unknown) => error instanceof AppError && error.field === "rationale",
  );
});

test("non-receipt: a request never sent is the office's error", async () => {
  const { application } = await newFile("Mbaye");
  await request(application.fileNumber, "queued");
  // Refused on the merits while the request still waited: the claim of non-receipt is right.
  await recordDecision(database.db, seed.ottawa, application.fileNumber, {
    outcome: "refused",
    grounds: "Insufficient funds.",
    rationale: "Bank statements show less than the required amount.",
    arising: "canada",
  });
  const { facts } = await recordReconsideration(database.db, seed.ottawa, application.fileNumber, {
    requestedBy: "Maître Sall (representative)",
    receivedOn: todayIn(zone),
    channel: "by-hand",
    groundsKind: "non-receipt",
    grounds: "My client never received any request.",
    documentEdocIds: [],
  });
  assert.equal(facts?.officeError?.kind, "not-sent");
  assert.match(facts!.officeError!.en, /was never sent: it is still generate/);
});

test("a reconsideration names an enquiry of the office and eDocs of the client's file, or is refused with nothing written", async () => {
  const { application } = await newFile("Diop");
  await recordDecision(database.db, seed.ottawa, application.fileNumber, {
    outcome: "refused",
    grounds: "Insufficient funds.",
    rationale: "Bank statements show less than the required amount.",
    arising: "outside",
  });
  const claim = {
    requestedBy: "Awa Diop (applicant)",
    receivedOn: todayIn(zone),
    channel: "enquiry" as const,
    groundsKind: "other" as const,
    grounds: "My funds were sufficient; see the attached statement.",
    documentEdocIds: [],
  };
  const before = await counts();
  await assert.rejects(
    recordReconsideration(database.db, seed.ottawa, application.fileNumber, {
      ...claim,
      enquiryReference: "ENQ-2026-999999",
    }),
    (error: unknown) => error instanceof AppError && error.field === "enquiryReference",
  );
  await assert.rejects(
    recordReconsideration(database.db, seed.ottawa, application.fileNumber, {
      ...claim,
      channel: "by-hand",
      documentEdocIds: ["6f1c1e2a-0000-4000-8000-000000000000"],
    }),
    (error: unknown) =>
      error instanceof AppError &&
      error.field === "documentEdocIds" &&
      /is not an eDoc on this client's file/.test(error.message),
  );
  await assert.rejects(
    recordReconsideration(database.db, seed.ottawa, application.fileNumber, {
      ...claim,
      channel: "by-hand",
      receivedOn: inDays(2),
    }),
    (error: unknown) => error instanceof AppError && error.field === "receivedOn",
  );
  assert.deepEqual(await counts(), before);
  const { reconsideration, facts } = await recordReconsideration(
    database.db,
    seed.ottawa,
    application.fileNumber,
    {
      ...claim,
      channel: "by-hand",
    },
  );
  assert.equal(reconsideration.status, "received");
  assert.equal(facts, null, "facts are assembled for a claim of non-receipt only");
});

test("a withdrawal is dated by the applicant's request, never in the future", async () => {
  const { application } = await newFile("Sarr");
  await assert.rejects(
    recordDecision(database.db, seed.ottawa, application.fileNumber, {
      outcome: "withdrawn",
      rationale: "The applicant asked in writing.",
      withdrawalRequestDate: inDays(1),
    }),
    (error: unknown) => error instanceof AppError && error.field === "withdrawalRequestDate",
  );
  const { letterCorrespondenceId } = await recordDecision(database.db, seed.ottawa, application.fileNumber, {
    outcome: "withdrawn",
    rationale: "The applicant asked in writing.",
    withdrawalRequestDate: inDays(-2),
  });
  const [letter] = await database.db
    .select()
    .from(correspondence)
    .where(eq(correspondence.id, letterCorrespondenceId));
  assert.equal(letter!.templateId, "decision-withdrawal");
  assert.match(letter!.subject, /^Your application is withdrawn – File E\d{9}$/);
});
