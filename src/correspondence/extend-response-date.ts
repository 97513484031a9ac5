/**
 * An extension of the date a request for documents gave the client. Seed 000 lets the applicant
 * "request an extension to provide the requested information"; the officer who grants it moves the
 * date, and the file keeps the record: an audit event with both dates, a note that says so, and the
 * "Response overdue" activity of the old date cancelled (the new date starts the clock again).
 */
import { and, eq, inArray, like } from "drizzle-orm";
import { z } from "zod";
import { OPEN_STATUSES } from "../activities/activity.schema.ts";
import { recordAuditEvents } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { activities, correspondence, offices } from "../db/schema.ts";
import type { Note } from "../notes/add-note.ts";
import { insertNote } from "../notes/insert-note.ts";
import { todayIn } from "../shared/dates.ts";
import { AppError } from "../shared/errors.ts";
import { zIsoDate, zText } from "../shared/schemas.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import { RESPONSE_OVERDUE_ACTIVITY } from "./detect-overdue-responses.ts";
import { findVisibleCorrespondence } from "./find-visible-correspondence.ts";
import type { Correspondence } from "./queue-email.ts";

export const ZExtendResponseDate = z.object({
  responseDate: zIsoDate,
  /** Why the date moves (the client's request, its date and reason): kept in the note. */
  reason: zText(2_000),
});
export type ExtendResponseDateInput = z.input<typeof ZExtendResponseDate>;

export interface ExtendedResponseDate {
  correspondence: Correspondence;
  note: Note;
  /** "Response overdue" activities for the old date, now cancelled. */
  cancelledActivityIds: string[];
}

/**
 * @example await extendResponseDate(db, officer, "0b9e…", { responseDate: "2026-05-01",
 *   reason: "The client asked on 2026-03-28: the police certificate takes six weeks." })
 *
 * Refused: anything but a sent request for additional documents (`invalid_state`; an interview is
 * moved by sending a new convocation), a date not after both today and the current response date
 * (`invalid_input`, field `responseDate`).
 */
export async function extendResponseDate(
  db: Db,
  actor: Actor,
  correspondenceId: string,
  input: ExtendResponseDateInput,
): Promise<ExtendedResponseDate> {
  const data = validate(ZExtendResponseDate, input);
  return db.transaction(async (tx) => {
    // The row lock orders this with the no-response check, which locks the same row.
    const { row: before, application } = await findVisibleCorrespondence(tx, actor, correspondenceId, {
      lock: true,
    });
    if (before.direction !== "out" || before.templateId !== "request-documents") {
      throw new AppError(
        "invalid_state",
        before.templateId === "interview-convocation"
          ? "An interview has no response date to extend: send a new convocation with the new date."
          : "Only a request for additional documents has a response date to extend.",
        {
          messageFr:
            before.templateId === "interview-convocation"
              ? "Une entrevue n’a pas de date de réponse à prolonger : envoyez une nouvelle convocation à la nouvelle date."
              : "Seule une demande de documents supplémentaires a une date de réponse à prolonger.",
        },
      );
    }
    if (before.status !== "sent" || !before.responseDueDate) {
      throw new AppError(
        "invalid_state",
        `This request is not sent (it is ${before.status}): the client has not been given a date yet, so there is nothing to extend.`,
        {
          messageFr: `Cette demande n’est pas envoyée (état : ${before.status}) : le client n’a encore reçu aucune date ; il n’y a rien à prolonger.`,
        },
      );
    }
    const [office] = await tx.select().from(offices).where(eq(offices.id, application.officeId));
    if (!office) throw new AppError("internal", "the application's office is missing");
    const today = todayIn(office.timeZone);
    // The later of the two; YYYY-MM-DD strings sort in calendar order.
    const floor = [before.responseDueDate, today].sort().at(-1)!;
    if (data.responseDate <= floor) {
      throw new AppError("invalid_input", `responseDate: must be a date after ${floor}`, {
        field: "responseDate",
        messageFr: `responseDate : doit être une date postérieure au ${floor}`,
      });
    }

    const [row] = await tx
      .update(correspondence)
      .set({ responseDueDate: data.responseDate })
      .where(eq(correspondence.id, before.id))
      .returning();
    if (!row) throw new AppError("internal", "correspondence not updated");

    const sentOn = before.sentAt ? todayIn(office.timeZone, before.sentAt) : today;
    const address = (before.address ?? "").split(/\r?\n/).join(", ");
    const body =
      actor.locale === "fr"
        ? `La date de réponse de la demande de documents supplémentaires « ${before.subject} » (envoyée le ${sentOn} à ${address}, correspondance ${before.id}) est reportée du ${before.responseDueDate} au ${data.responseDate}.\n\nMotif : ${data.reason}`
        : `The response date of the request for additional documents “${before.subject}” (sent on ${sentOn} to ${address}, correspondence ${before.id}) is extended from ${before.responseDueDate} to ${data.responseDate}.\n\nReason: ${data.reason}`;
    const note = await insertNote(
      tx,
      actor,
      { clientId: application.clientId, applicationId: application.id, officeId: application.officeId },
      body,
    );

    const now = new Date();
    const cancelled = await tx
      .update(activities)
      .set({ status: "cancelled", completedAt: now, updatedAt: now })
      .where(
        and(
          eq(activities.applicationId, application.id),
          eq(activities.activity, RESPONSE_OVERDUE_ACTIVITY),
          inArray(activities.status, OPEN_STATUSES),
          like(activities.details, `%Overdue correspondence: ${before.id} (%`),
        ),
      )
      .returning({ id: activities.id, officeId: activities.officeId });

    await recordAuditEvents(tx, actor, [
      {
        action: "correspondence.response-date-extended",
        entityType: "application",
        entityId: application.id,
        officeId: application.officeId,
        before: { correspondenceId: before.id, responseDueDate: before.responseDueDate },
        after: { correspondenceId: row.id, responseDueDate: row.responseDueDate, reason: data.reason },
      },
      {
        action: "note.added",
        entityType: "application",
        entityId: application.id,
        officeId: application.officeId,
        after: { id: note.id, restricted: false, correctsNoteId: null, length: note.body.length },
      },
      ...cancelled.map((activity) => ({
        action: "activity.cancelled",
        entityType: "activity",
        entityId: activity.id,
        officeId: activity.officeId,
        after: { status: "cancelled", reason: `Response date extended to ${data.responseDate}` },
      })),
    ]);
    return { correspondence: row, note, cancelledActivityIds: cancelled.map((a) => a.id) };
  });
}
