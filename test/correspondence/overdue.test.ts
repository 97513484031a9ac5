import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { and, eq } from "drizzle-orm";
import { createActivity } from "../../src/activities/create-activity.ts";
import { changeApplicationStatus } from "../../src/applications/change-application-status.ts";
import { createApplication } from "../../src/applications/create-application.ts";
import { createClient } from "../../src/clients/create-client.ts";
import {
  confirmNonCompliance,
  loadNonComplianceDraft,
} from "../../src/correspondence/confirm-non-compliance.ts";
import {
  detectOverdueResponses,
  overdueRequestOf,
} from "../../src/correspondence/detect-overdue-responses.ts";
import {
  draftNonComplianceNote,
  type NonComplianceFacts,
} from "../../src/correspondence/draft-non-compliance-note.ts";
import { extendResponseDate } from "../../src/correspondence/extend-response-date.ts";
import { queueLetter } from "../../src/correspondence/queue-letter.ts";
import type { Database } from "../../src/db/database.ts";
import { activities, auditEvents, correspondence, inboundMessages, notes } from "../../src/db/schema.ts";
import { storeBlob } from "../../src/edocs/store-blob.ts";
import { responseOverdueJob } from "../../src/scheduler/jobs/response-overdue.ts";
import { SCHEDULED_JOBS } from "../../src/server/scheduled-jobs.ts";
import { addDays, todayIn } from "../../src/shared/dates.ts";
import { AppError } from "../../src/shared/errors.ts";
import { tableCounts } from "../support/counts.ts";
import { openTestDatabase } from "../support/database.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

const zone = "America/Toronto";
const inDays = (days: number) => addDays(todayIn(zone), days);
/** 06:00 UTC on a day is 01:00 or 02:00 that same day in Toronto: the day has begun there. */
const morningOf = (day: string) => new Date(`${day}T06:00:00Z`);

// ---------------------------------------------------------------------------------------------
// The note's wording (pure)

const facts: NonComplianceFacts = {
  templateId: "request-documents",
  channel: "email",
  lineOfBusiness: "permanent-residence",
  sentOn: "2026-03-02",
  address: "anh.nguyen@example.com",
  dueDate: "2026-04-01",
  correspondenceId: "0b9e3c1e-8f0e-4c59-9d7a-2f7d7b0b5a11",
};

test("the note is the seed's wording, with the ending the officer chose", () => {
  assert.equal(
    draftNonComplianceNote(facts, "failed-to-comply", "en"),
    "An email, requesting additional documentation, was sent to the applicant. The applicant was advised that failure to provide the requested documentation may result in a refusal of their application. The applicant failed to comply with the request.\n\n" +
      "Email sent on 2026-03-02 to anh.nguyen@example.com (correspondence 0b9e3c1e-8f0e-4c59-9d7a-2f7d7b0b5a11); response requested by 2026-04-01.",
  );
  assert.match(
    draftNonComplianceNote(facts, "requested-extension", "en"),
    /The applicant requested an extension to provide the requested information\.\n\n/,
  );
});

test("a citizenship application is abandoned, not refused; a convocation speaks of the interview; paper of a letter", () => {
  const note = draftNonComplianceNote(
    {
      ...facts,
      templateId: "interview-convocation",
      lineOfBusiness: "citizenship",
      channel: "paper",
      address: "88 Elgin Street\nOttawa ON  K1P 5K6",
    },
    null,
    "en",
  );
  assert.equal(
    note,
    "A letter, convoking the applicant for an interview, was sent to the applicant. The applicant was advised that failure to attend a scheduled interview may result in an abandonment of their application. [The applicant failed to comply with the request. | The applicant requested an extension: another date for the interview.]\n\n" +
      "Letter sent on 2026-03-02 to 88 Elgin Street, Ottawa ON  K1P 5K6 (correspondence 0b9e3c1e-8f0e-4c59-9d7a-2f7d7b0b5a11); interview on 2026-04-01.",
  );
});

test("the note exists in French", () => {
  assert.equal(
    draftNonComplianceNote({ ...facts, lineOfBusiness: "citizenship" }, "failed-to-comply", "fr"),
    "Un courriel demandant des documents supplémentaires a été envoyé au demandeur. Le demandeur a été avisé que le défaut de fournir les documents demandés pourrait entraîner l’abandon de sa demande. Le demandeur n’a pas donné suite à la demande.\n\n" +
      "Courriel envoyé le 2026-03-02 à anh.nguyen@example.com (correspondance 0b9e3c1e-8f0e-4c59-9d7a-2f7d7b0b5a11) ; réponse demandée au plus tard le 2026-04-01.",
  );
  assert.match(
    draftNonComplianceNote(
      { ...facts, channel: "paper", templateId: "interview-convocation" },
      "requested-extension",
      "fr",
    ),
    /^Une lettre convoquant le demandeur à une entrevue a été envoyée au demandeur\. .*le refus de sa demande\. Le demandeur a demandé une prolongation/,
  );
});

// ---------------------------------------------------------------------------------------------
// The no-response check, the extension and the confirmation (database)

let database: Database;
let seed: Awaited<ReturnType<typeof seedTwoOffices>>;
before(async () => {
  database = await openTestDatabase();
  seed = await seedTwoOffices(database.db);
});
after(() => database.close());

async function counts() {
  const rows = await database.db.select({ id: correspondence.id }).from(correspondence);
  return { ...(await tableCounts(database.db)), correspondence: rows.length };
}

async function newApplication(
  familyName: string,
  lineOfBusiness: "citizenship" | "permanent-residence" = "permanent-residence",
) {
  const client = await createClient(database.db, seed.ottawa, {
    officeCode: "OTT",
    familyName,
    givenNames: "Amina",
    dateOfBirth: "1985-01-20",
    sex: "F",
    countryOfBirth: "SEN",
    citizenships: ["SEN"],
    email: `${familyName.toLowerCase()}@example.com`,
    emailConsentSource: "application-form",
  });
  return createApplication(database.db, seed.ottawa, {
    uci: client.uci,
    officeCode: "OTT",
    lineOfBusiness,
    receivedDate: "2026-01-05",
    language: "en",
  });
}

/** A request queued today and recorded sent (as the dispatcher would), due in `days`. */
async function sentRequest(fileNumber: string, days = 10) {
  const { correspondence: row } = await queueLetter(database.db, seed.ottawa, fileNumber, {
    templateId: "request-documents",
    values: { documents: ["Police certificate"], responseDate: inDays(days) },
  });
  const [sent] = await database.db
    .update(correspondence)
    .set({ status: "sent", sentAt: new Date() })
    .where(eq(correspondence.id, row.id))
    .returning();
  return sent!;
}

async function overdueActivities(correspondenceId: string) {
  const rows = await database.db.select().from(activities).where(eq(activities.activity, "Response overdue"));
  return rows.filter((a) => overdueRequestOf(a.details)?.correspondenceId === correspondenceId);
}

function refusal(code: string, pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof AppError, `an AppError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  };
}

test("the job is in the scheduler's list, and a run creates the activities due now", async () => {
  assert.ok(SCHEDULED_JOBS.includes(responseOverdueJob));
  const application = await newApplication("Dieng");
  const request = await sentRequest(application.fileNumber, 10);
  // As if the request had been sent weeks ago with a date that has now passed.
  await database.db
    .update(correspondence)
    .set({ responseDueDate: inDays(-1) })
    .where(eq(correspondence.id, request.id));
  await responseOverdueJob.run(database.db);
  await responseOverdueJob.run(database.db);
  assert.equal((await overdueActivities(request.id)).length, 1);
});

test("a request becomes overdue the day after its date, in the office's time zone, once only", async () => {
  const application = await newApplication("Diallo");
  const request = await sentRequest(application.fileNumber, 10);
  const due = request.responseDueDate!;

  assert.deepEqual(
    (await detectOverdueResponses(database.db, { now: morningOf(due) })).created,
    [],
    "the due day is the client's",
  );
  // 03:00 UTC the next day is still the due day in Toronto (22:00 or 23:00).
  const lateOnDueDay = new Date(`${addDays(due, 1)}T03:00:00Z`);
  assert.deepEqual((await detectOverdueResponses(database.db, { now: lateOnDueDay })).created, []);

  const run = await detectOverdueResponses(database.db, { now: morningOf(addDays(due, 1)) });
  assert.equal(run.created.length, 1);
  assert.deepEqual(run.failed, []);
  const [activity] = await overdueActivities(request.id);
  assert.ok(activity);
  assert.equal(activity.subActivity, "Request for additional documents");
  assert.equal(activity.status, "review-required");
  assert.equal(activity.officeId, application.officeId);
  assert.equal(activity.applicationId, application.id);
  assert.equal(activity.dueDate, addDays(due, 1));
  const details = activity.details ?? "";
  assert.match(details, new RegExp(`No response by ${due} to the request for additional documents`));
  assert.match(details, /may be refused for non-compliance \(IRPR s\. 10\)/);
  assert.match(
    details,
    /An email, requesting additional documentation, was sent to the applicant\. .* \[The applicant failed to comply with the request\. \| The applicant requested an extension to provide the requested information\.\]/,
  );
  assert.match(details, new RegExp(`Overdue correspondence: ${request.id} \\(due ${due}\\)`));
  assert.equal(activity.correspondenceId, request.id);

  // Later runs, and several at once (as several processes would), add nothing.
  const later = morningOf(addDays(due, 3));
  const runs = await Promise.all([1, 2, 3].map(() => detectOverdueResponses(database.db, { now: later })));
  assert.deepEqual(
    runs.flatMap((r) => r.created),
    [],
  );
  assert.equal((await overdueActivities(request.id)).length, 1);
});

test("several checks racing on a new overdue request create one activity", async () => {
  const application = await newApplication("Ndiaye");
  const request = await sentRequest(application.fileNumber, 5);
  const now = morningOf(addDays(request.responseDueDate!, 2));
  const runs = await Promise.all([1, 2, 3, 4].map(() => detectOverdueResponses(database.db, { now })));
  assert.equal(runs.flatMap((r) => r.created).filter((c) => c.correspondenceId === request.id).length, 1);
  assert.equal((await overdueActivities(request.id)).length, 1);
});

test("an answer tied to the request, or incoming correspondence on the file, means nothing is overdue; an out-of-office does not count", async () => {
  const answered = await newApplication("Sow");
  const answeredRequest = await sentRequest(answered.fileNumber, 7);
  const autoReplied = await newApplication("Ba");
  const autoRepliedRequest = await sentRequest(autoReplied.fileNumber, 7);
  const written = await newApplication("Fall");
  const writtenRequest = await sentRequest(written.fileNumber, 7);
  const sha256 = await database.db.transaction((tx) =>
    storeBlob(tx, Buffer.from("Subject: Re: request\r\n\r\nAttached.\r\n")),
  );
  const receivedAt = new Date(Date.now() + 60_000);
  await database.db.insert(inboundMessages).values([
    {
      mailbox: "ott@dossier.test",
      envelopeTo: ["ott@dossier.test"],
      messageId: "<answer-1@example.com>",
      sha256,
      size: 40,
      receivedAt,
      processedAt: receivedAt,
      classification: "other",
      correspondenceId: answeredRequest.id,
    },
    {
      mailbox: "ott@dossier.test",
      envelopeTo: ["ott@dossier.test"],
      messageId: "<ooo-1@example.com>",
      sha256,
      size: 40,
      receivedAt,
      processedAt: receivedAt,
      classification: "auto-reply",
      correspondenceId: autoRepliedRequest.id,
    },
  ]);
  await database.db.insert(correspondence).values({
    applicationId: written.id,
    direction: "in",
    channel: "paper",
    status: "received",
    subject: "Documents by mail",
    language: "en",
  });
  const now = morningOf(addDays(answeredRequest.responseDueDate!, 1));
  const run = await detectOverdueResponses(database.db, { now });
  const ids = run.created.map((c) => c.correspondenceId);
  assert.ok(!ids.includes(answeredRequest.id), "an answer arrived");
  assert.ok(!ids.includes(writtenRequest.id), "the applicant wrote");
  assert.ok(ids.includes(autoRepliedRequest.id), "an automatic reply is not an answer");
});

test("a convocation is overdue once the interview day has passed; a decided file or an unsent request never is", async () => {
  const application = await newApplication("Camara", "citizenship");
  const { correspondence: convocation } = await queueLetter(
    database.db,
    seed.ottawa,
    application.fileNumber,
    {
      templateId: "interview-convocation",
      values: { interviewDate: inDays(12), interviewTime: "23:30", interviewPlace: "1 Main Street" },
    },
  );
  await database.db
    .update(correspondence)
    .set({ status: "sent", sentAt: new Date() })
    .where(eq(correspondence.id, convocation.id));
  const unsent = await newApplication("Keita");
  const { correspondence: waiting } = await queueLetter(database.db, seed.ottawa, unsent.fileNumber, {
    templateId: "request-documents",
    values: { documents: ["Passport"], responseDate: inDays(3) },
  });
  const decided = await newApplication("Traore");
  const decidedRequest = await sentRequest(decided.fileNumber, 3);
  await changeApplicationStatus(database.db, seed.ottawa, decided.fileNumber, { status: "refused" });

  // 23:30 in Toronto is the next day in UTC: the interview's day is read in the office's zone.
  const interviewDay = inDays(12);
  const onTheDay = await detectOverdueResponses(database.db, {
    now: new Date(`${addDays(interviewDay, 1)}T04:30:00Z`),
  });
  assert.ok(!onTheDay.created.some((c) => c.correspondenceId === convocation.id));

  const run = await detectOverdueResponses(database.db, { now: morningOf(addDays(interviewDay, 1)) });
  const ids = run.created.map((c) => c.correspondenceId);
  assert.ok(ids.includes(convocation.id));
  assert.ok(!ids.includes(waiting.id));
  assert.ok(!ids.includes(decidedRequest.id));
  const [activity] = await overdueActivities(convocation.id);
  assert.equal(activity?.subActivity, "Interview convocation");
  assert.match(activity?.details ?? "", new RegExp(`The interview of ${interviewDay} has passed`));
  assert.match(activity?.details ?? "", /may be treated as abandoned \(Citizenship Act s\. 13\.2\)/);
  assert.match(
    activity?.details ?? "",
    /failure to attend a scheduled interview may result in an abandonment/,
  );
});

test("an extension moves the date, is recorded, cancels the open overdue activity, and the new date is checked in turn", async () => {
  const application = await newApplication("Barry");
  const request = await sentRequest(application.fileNumber, 4);
  const oldDate = request.responseDueDate!;
  // The date passed, but the extension is granted (the clock of the test is "now": push the date back).
  await database.db
    .update(correspondence)
    .set({ responseDueDate: inDays(-2) })
    .where(eq(correspondence.id, request.id));
  await detectOverdueResponses(database.db);
  const [open] = await overdueActivities(request.id);
  assert.equal(open?.status, "review-required");

  const newDate = inDays(20);
  const extended = await extendResponseDate(database.db, seed.ottawa, request.id, {
    responseDate: newDate,
    reason: "The client wrote on 2026-03-28: the police certificate takes six weeks.",
  });
  assert.equal(extended.correspondence.responseDueDate, newDate);
  assert.deepEqual(extended.cancelledActivityIds, [open!.id]);
  const [cancelled] = await database.db.select().from(activities).where(eq(activities.id, open!.id));
  assert.equal(cancelled?.status, "cancelled");
  const [note] = await database.db.select().from(notes).where(eq(notes.id, extended.note.id));
  assert.match(note?.body ?? "", new RegExp(`is extended from ${inDays(-2)} to ${newDate}`));
  assert.match(note?.body ?? "", /Reason: The client wrote on 2026-03-28/);
  const [event] = await database.db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, "correspondence.response-date-extended"),
        eq(auditEvents.entityId, application.id),
      ),
    );
  assert.deepEqual(event?.before, { correspondenceId: request.id, responseDueDate: inDays(-2) });
  assert.equal((event!.after as { responseDueDate: string }).responseDueDate, newDate);
  assert.notEqual(oldDate, newDate);

  assert.deepEqual(
    (await detectOverdueResponses(database.db)).created.filter((c) => c.correspondenceId === request.id),
    [],
    "not overdue before the new date",
  );
  const run = await detectOverdueResponses(database.db, { now: morningOf(addDays(newDate, 1)) });
  assert.equal(run.created.filter((c) => c.correspondenceId === request.id).length, 1, "the new date passed");
  const all = await overdueActivities(request.id);
  assert.deepEqual(all.map((a) => a.status).sort(), ["cancelled", "review-required"]);
});

test("extensions that make no sense are refused and nothing is written", async () => {
  const application = await newApplication("Kane");
  const request = await sentRequest(application.fileNumber, 10);
  const { correspondence: convocation } = await queueLetter(
    database.db,
    seed.ottawa,
    application.fileNumber,
    {
      templateId: "interview-convocation",
      values: { interviewDate: inDays(9), interviewTime: "10:00", interviewPlace: "1 Main Street" },
    },
  );
  const { correspondence: unsent } = await queueLetter(database.db, seed.ottawa, application.fileNumber, {
    templateId: "request-documents",
    values: { documents: ["Passport"], responseDate: inDays(9) },
  });
  const before = await counts();
  const reason = "Asked by phone.";
  await assert.rejects(
    extendResponseDate(database.db, seed.ottawa, request.id, {
      responseDate: request.responseDueDate!,
      reason,
    }),
    refusal("invalid_input", new RegExp(`^responseDate: must be a date after ${request.responseDueDate}`)),
  );
  await assert.rejects(
    extendResponseDate(database.db, seed.ottawa, request.id, { responseDate: "2026-13-01", reason }),
    refusal("invalid_input", /^responseDate: must be a real date/),
  );
  await assert.rejects(
    extendResponseDate(database.db, seed.ottawa, request.id, { responseDate: inDays(30), reason: "" }),
    refusal("invalid_input", /^reason: is required/),
  );
  await assert.rejects(
    extendResponseDate(database.db, seed.ottawa, convocation.id, { responseDate: inDays(30), reason }),
    refusal("invalid_state", /send a new convocation/),
  );
  await assert.rejects(
    extendResponseDate(database.db, seed.ottawa, unsent.id, { responseDate: inDays(30), reason }),
    refusal("invalid_state", /not sent/),
  );
  await assert.rejects(
    extendResponseDate(database.db, seed.london, request.id, { responseDate: inDays(30), reason }),
    refusal("not_found", /no such correspondence in your offices/),
  );
  await assert.rejects(
    extendResponseDate(database.db, seed.ottawa, "not-an-id", { responseDate: inDays(30), reason }),
    refusal("invalid_input", /^correspondenceId: must be a correspondence id/),
  );
  assert.deepEqual(await counts(), before);
});

test("the officer confirms the drafted note with the ending they chose; the activity is completed", async () => {
  const application = await newApplication("Sylla", "citizenship");
  const request = await sentRequest(application.fileNumber, 3);
  await detectOverdueResponses(database.db, { now: morningOf(addDays(request.responseDueDate!, 1)) });
  const [activity] = await overdueActivities(request.id);
  const draft = await loadNonComplianceDraft(database.db, seed.ottawa, activity!.id);
  assert.equal(draft.facts.dueDate, request.responseDueDate);
  assert.equal(draft.fileNumber, application.fileNumber);

  const before = await counts();
  await assert.rejects(
    confirmNonCompliance(database.db, seed.ottawa, activity!.id, {
      outcome: "ignored" as "failed-to-comply",
    }),
    refusal("invalid_input", /^outcome: must be one of failed-to-comply, requested-extension/),
  );
  await assert.rejects(
    confirmNonCompliance(database.db, seed.london, activity!.id, { outcome: "failed-to-comply" }),
    refusal("forbidden", /do not work in the office/),
  );
  assert.deepEqual(await counts(), before);

  const { note, activity: done } = await confirmNonCompliance(database.db, seed.ottawa, activity!.id, {
    outcome: "failed-to-comply",
    remarks: "No call or letter received either.",
    language: "fr",
  });
  assert.equal(done.status, "completed");
  assert.equal(done.assigneeUserId, seed.ottawa.userId);
  assert.match(done.details ?? "", /Outcome: the applicant failed to comply with the request \(note /);
  assert.equal(note.applicationId, application.id);
  assert.equal(
    note.body,
    `${draftNonComplianceNote(draft.facts, "failed-to-comply", "fr")}\n\nNo call or letter received either.`,
  );
  assert.match(note.body, /l’abandon de sa demande\. Le demandeur n’a pas donné suite à la demande\./);

  await assert.rejects(
    confirmNonCompliance(database.db, seed.ottawa, activity!.id, { outcome: "requested-extension" }),
    refusal("invalid_state", /already completed/),
  );
});

test("another activity has no note to confirm, and nothing is written", async () => {
  const other = await createActivity(database.db, seed.ottawa, {
    activity: "Review enquiry",
    officeCode: "OTT",
    fileNumber: seed.application.fileNumber,
  });
  const before = await counts();
  await assert.rejects(
    confirmNonCompliance(database.db, seed.ottawa, other.id, { outcome: "failed-to-comply" }),
    refusal("invalid_state", /not a “Response overdue”/),
  );
  assert.deepEqual(await counts(), before);
  const [still] = await database.db.select().from(activities).where(eq(activities.id, other.id));
  assert.equal(still?.status, "review-required");
});
