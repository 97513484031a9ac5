import { createActivity } from "../../src/activities/create-activity.ts";
import { changeApplicationStatus } from "../../src/applications/change-application-status.ts";
import type { Db } from "../../src/db/database.ts";
import { addNote } from "../../src/notes/add-note.ts";
import { startSmtpSink } from "../correspondence/smtp-sink.ts";
import { sendThroughDispatcher } from "../evidence/evidence-fixtures.ts";
import { seedTwoOffices } from "../support/fixtures.ts";

export const RESTRICTED_TEXT = "Possible link to a document vendor in Lagos; hold until CBSA replies.";
export const FIRST_NOTE = "Passport pages checked against the original: they match.";
export const LAST_NOTE = "Bank statements received and read; funds are enough for the stay.";
export const SUBJECT = "Demande de documents supplémentaires";

/**
 * A file as the demo has them: a French temporary residence application in OTT with an email sent
 * (and archived as an eDoc), an assessment, a change of status and three notes, one restricted.
 */
export async function seedExportableFile(db: Db) {
  const seed = await seedTwoOffices(db);
  const { ottawa, application } = seed;
  const fileNumber = application.fileNumber;
  const sink = await startSmtpSink();
  try {
    await sendThroughDispatcher(db, ottawa, sink, fileNumber, SUBJECT);
  } finally {
    await sink.close();
  }
  await createActivity(db, ottawa, {
    activity: "Eligibility assessment",
    subActivity: "Financial means",
    officeCode: "OTT",
    fileNumber,
    dueDate: "2026-03-01",
  });
  await changeApplicationStatus(db, ottawa, fileNumber, {
    status: "in-progress",
    reason: "Documents requested",
  });
  const first = await addNote(db, ottawa, { fileNumber }, { body: FIRST_NOTE });
  const restricted = await addNote(db, ottawa, { fileNumber }, { body: RESTRICTED_TEXT, restricted: true });
  const last = await addNote(db, ottawa, { fileNumber }, { body: LAST_NOTE });
  return { ...seed, fileNumber, notes: { first, restricted, last } };
}
