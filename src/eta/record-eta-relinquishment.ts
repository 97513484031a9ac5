/**
 * Records a permanent resident's answer to the request to relinquish the status through the eTA
 * application (seed 004). Relinquished: the client's status becomes foreign national and the
 * officer may issue the eTA if the applicant is otherwise admissible. Declined: the application
 * is withdrawn and the applicant told to get a travel document that shows the status.
 */
import { and, eq, isNull } from "drizzle-orm";
import { type AuditChange, recordAuditEvents } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { clients, etaRelinquishments } from "../db/schema.ts";
import { insertNote } from "../notes/insert-note.ts";
import { AppError } from "../shared/errors.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import { type RecordRelinquishmentInput, ZRecordRelinquishment } from "./eta-review.schema.ts";
import { findVisibleEtaApplication } from "./get-eta-application.ts";
import { utcDay } from "./submit-eta-applications.ts";
import { withdrawPermanentResidentApplication } from "./withdraw-eta-application.ts";

export async function recordEtaRelinquishment(
  db: Db,
  actor: Actor,
  fileNumber: string,
  input: RecordRelinquishmentInput,
  options: { now?: Date } = {},
) {
  const data = validate(ZRecordRelinquishment, input);
  const now = options.now ?? new Date();
  if (data.answeredOn > utcDay(now)) {
    throw new AppError("invalid_input", `answeredOn: must not be after today (${utcDay(now)})`, {
      field: "answeredOn",
      messageFr: `answeredOn : ne doit pas être postérieure à aujourd'hui (${utcDay(now)})`,
    });
  }
  return db.transaction(async (tx) => {
    const { application, eta } = await findVisibleEtaApplication(tx, actor, fileNumber);
    const [open] = await tx
      .select()
      .from(etaRelinquishments)
      .where(and(eq(etaRelinquishments.applicationId, application.id), isNull(etaRelinquishments.answer)))
      .for("update");
    if (!open || eta.status !== "referred") {
      throw new AppError(
        "invalid_state",
        `answer: ${application.fileNumber} has no request to relinquish permanent resident status awaiting an answer`,
        {
          field: "answer",
          messageFr: `answer : le dossier ${application.fileNumber} n'a aucune demande de renonciation au statut de résident permanent en attente de réponse`,
        },
      );
    }
    const [answered] = await tx
      .update(etaRelinquishments)
      .set({
        answer: data.answer,
        answeredOn: data.answeredOn,
        details: data.details,
        recordedBy: actor.userId,
      })
      .where(eq(etaRelinquishments.id, open.id))
      .returning();
    const changes: AuditChange[] = [
      {
        action: "eta.relinquishment-recorded",
        entityType: "application",
        entityId: application.id,
        officeId: application.officeId,
        after: { relinquishmentId: open.id, answer: data.answer, answeredOn: data.answeredOn },
      },
    ];
    let letterCorrespondenceId: string | null = null;
    if (data.answer === "relinquished") {
      const [client] = await tx.select().from(clients).where(eq(clients.id, open.clientId));
      await tx
        .update(clients)
        .set({ statusInCanada: "foreign-national" })
        .where(eq(clients.id, open.clientId));
      const note = await insertNote(
        tx,
        actor,
        { clientId: open.clientId, applicationId: application.id, officeId: application.officeId },
        `Permanent resident status relinquished on ${data.answeredOn}, through the eTA application. ${data.details}`,
      );
      changes.push(
        {
          action: "client.status-changed",
          entityType: "client",
          entityId: open.clientId,
          officeId: application.officeId,
          before: { statusInCanada: client?.statusInCanada ?? null },
          after: { statusInCanada: "foreign-national", reason: "permanent resident status relinquished" },
        },
        {
          action: "note.added",
          entityType: "application",
          entityId: application.id,
          officeId: application.officeId,
          after: { id: note!.id, restricted: false, correctsNoteId: null, length: note!.body.length },
        },
      );
    } else {
      const withdrawn = await withdrawPermanentResidentApplication(
        tx,
        actor,
        application.id,
        `the applicant declined to relinquish permanent resident status (${data.details}).`,
        now,
      );
      changes.push(...withdrawn.changes);
      letterCorrespondenceId = withdrawn.letterCorrespondenceId;
    }
    await recordAuditEvents(tx, actor, changes);
    return { relinquishment: answered!, letterCorrespondenceId };
  });
}
