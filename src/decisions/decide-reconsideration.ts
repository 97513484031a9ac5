/**
 * The decision maker's answer to a request for reconsideration: reopen the file with a new response
 * date, or maintain the decision. Seed 000: the decision "is subject to judicial review", so the
 * rationale is required and kept, with the supporting documents, on the reconsideration record and
 * as a note. Citizenship files are reactivated only on an administrative error by the office.
 *
 * Reopening sets the decision aside, puts the application back in progress, moves the request's
 * response date (the no-response check then follows the new date), cancels the overdue work of the
 * old date and, when the facts show the request never reached the applicant, asks the office to
 * send it again.
 */
import { and, eq, inArray, isNull, like } from "drizzle-orm";
import { OPEN_STATUSES } from "../activities/activity.schema.ts";
import { insertActivity } from "../activities/create-activity.ts";
import { type AuditChange, recordAuditEvents } from "../audit/record-audit-event.ts";
import { RESPONSE_OVERDUE_ACTIVITY } from "../correspondence/detect-overdue-responses.ts";
import type { Db } from "../db/database.ts";
import {
  activities,
  applications,
  correspondence,
  decisions,
  offices,
  reconsiderationRequests,
} from "../db/schema.ts";
import { insertNote } from "../notes/insert-note.ts";
import { todayIn } from "../shared/dates.ts";
import { AppError } from "../shared/errors.ts";
import { isUuid } from "../shared/uuid.ts";
import { validate } from "../shared/validate.ts";
import { type Actor, canWorkInOffice } from "../users/actor.ts";
import type { NonReceiptFacts } from "./assess-non-receipt.ts";
import { type DecideReconsiderationInput, ZDecideReconsideration } from "./decision.schema.ts";
import { loadNonReceiptFacts } from "./load-non-receipt-facts.ts";
import { loadRequestFacts } from "./load-request-facts.ts";
import { RECONSIDERATION_ACTIVITY, type ReconsiderationRequest } from "./record-reconsideration.ts";

export const SEND_REQUEST_AGAIN_ACTIVITY = "Send request again";

/**
 * @example await decideReconsideration(db, decisionMaker, "5b1f…", { outcome: "reopen",
 *   newResponseDate: "2026-06-15", rationale: "The request went to an address the applicant had replaced." })
 *   // → { reconsideration: { status: "reopened", … }, application: { status: "in-progress" } }
 */
export async function decideReconsideration(
  db: Db,
  actor: Actor,
  reconsiderationId: string,
  input: DecideReconsiderationInput,
): Promise<{ reconsideration: ReconsiderationRequest; facts: NonReceiptFacts | null }> {
  const data = validate(ZDecideReconsideration, input);
  if (data.outcome === "reopen" && !data.newResponseDate) {
    throw new AppError(
      "invalid_input",
      "newResponseDate: is required to reopen: the applicant gets a new date to send what was asked",
      {
        field: "newResponseDate",
        messageFr:
          "newResponseDate : est obligatoire pour rouvrir : le demandeur reçoit une nouvelle date pour envoyer ce qui était demandé",
      },
    );
  }
  if (!isUuid(reconsiderationId)) {
    throw new AppError("invalid_input", "reconsiderationId: must be a reconsideration id", {
      field: "reconsiderationId",
    });
  }
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(reconsiderationRequests)
      .where(eq(reconsiderationRequests.id, reconsiderationId))
      .for("update");
    if (!before || !canWorkInOffice(actor, before.officeId)) {
      throw new AppError("not_found", "reconsiderationId: no such reconsideration in your offices", {
        field: "reconsiderationId",
        messageFr: "reconsiderationId : aucun réexamen de ce numéro dans vos bureaux",
      });
    }
    if (before.status !== "received") {
      throw new AppError("invalid_state", `This request was already decided (${before.status}).`, {
        messageFr: `Cette demande a déjà été tranchée (${before.status}).`,
      });
    }
    const [application] = await tx
      .select()
      .from(applications)
      .where(eq(applications.id, before.applicationId))
      .for("update");
    const [decision] = await tx.select().from(decisions).where(eq(decisions.id, before.decisionId));
    const [office] = application
      ? await tx.select().from(offices).where(eq(offices.id, application.officeId))
      : [];
    if (!application || !decision || !office)
      throw new AppError("internal", "the reconsideration's file is incomplete");
    if (decision.setAsideAt) {
      throw new AppError("invalid_state", "The decision was already set aside by another reconsideration.", {
        messageFr: "La décision a déjà été annulée par un autre réexamen.",
      });
    }
    const today = todayIn(office.timeZone);
    // The facts as they stand now, for the record of the decision.
    const facts =
      before.groundsKind === "non-receipt"
        ? await loadNonReceiptFacts(tx, {
            application,
            timeZone: office.timeZone,
            requestCorrespondenceId: decision.requestCorrespondenceId,
          })
        : null;

    if (data.outcome === "reopen") {
      if (application.lineOfBusiness === "citizenship" && facts && !facts.officeError) {
        throw new AppError(
          "invalid_state",
          "A citizenship application is reactivated only on an administrative error by the office, and the facts show none: the request went to the most recent address and nothing came back.",
          {
            messageFr:
              "Une demande de citoyenneté n’est réactivée qu’en cas d’erreur administrative du bureau, et les faits n’en montrent aucune : la demande est partie à l’adresse la plus récente et rien n’est revenu.",
          },
        );
      }
      if ((data.newResponseDate ?? "") <= today) {
        throw new AppError("invalid_input", `newResponseDate: must be a date after ${today}`, {
          field: "newResponseDate",
          messageFr: `newResponseDate : doit être une date postérieure au ${today}`,
        });
      }
    }

    const now = new Date();
    const reopen = data.outcome === "reopen";
    const [row] = await tx
      .update(reconsiderationRequests)
      .set({
        status: reopen ? "reopened" : "maintained",
        outcome: data.outcome,
        outcomeRationale: data.rationale,
        newResponseDate: reopen ? data.newResponseDate : null,
        decidedBy: actor.userId,
        decidedByLabel: actor.label,
        decidedAt: now,
      })
      .where(eq(reconsiderationRequests.id, before.id))
      .returning();
    if (!row) throw new AppError("internal", "reconsideration not updated");

    const changes: AuditChange[] = [];
    let movedRequestIds: string[] = [];
    if (reopen) {
      await tx
        .update(decisions)
        .set({ setAsideAt: now, setAsideBy: row.id })
        .where(and(eq(decisions.id, decision.id), isNull(decisions.setAsideAt)));
      await tx
        .update(applications)
        .set({ status: "in-progress", statusReason: "Reopened on reconsideration" })
        .where(eq(applications.id, application.id));
      changes.push({
        action: "application.status-changed",
        entityType: "application",
        entityId: application.id,
        officeId: application.officeId,
        before: { status: application.status, statusReason: application.statusReason },
        after: { status: "in-progress", statusReason: "Reopened on reconsideration" },
      });
      if (decision.requestCorrespondenceId) {
        const request = (await loadRequestFacts(tx, application.id, office.timeZone)).find(
          (r) => r.correspondenceId === decision.requestCorrespondenceId,
        );
        movedRequestIds = (request?.rows ?? [])
          .filter((r) => r.templateId === "request-documents")
          .map((r) => r.id);
        if (movedRequestIds.length > 0) {
          await tx
            .update(correspondence)
            .set({ responseDueDate: data.newResponseDate })
            .where(inArray(correspondence.id, movedRequestIds));
          const cancelled = await tx
            .update(activities)
            .set({ status: "cancelled", completedAt: now, updatedAt: now })
            .where(
              and(
                eq(activities.applicationId, application.id),
                eq(activities.activity, RESPONSE_OVERDUE_ACTIVITY),
                inArray(activities.status, OPEN_STATUSES),
                inArray(activities.correspondenceId, movedRequestIds),
              ),
            )
            .returning({ id: activities.id, officeId: activities.officeId });
          changes.push(
            {
              action: "correspondence.response-date-extended",
              entityType: "application",
              entityId: application.id,
              officeId: application.officeId,
              before: {
                correspondenceId: decision.requestCorrespondenceId,
                responseDueDate: request?.dueDate,
              },
              after: {
                correspondenceIds: movedRequestIds,
                responseDueDate: data.newResponseDate,
                reason: `Reconsideration ${row.id}`,
              },
            },
            ...cancelled.map((a) => ({
              action: "activity.cancelled",
              entityType: "activity",
              entityId: a.id,
              officeId: a.officeId,
              after: { status: "cancelled", reason: `File reopened on reconsideration ${row.id}` },
            })),
          );
        }
      }
      if (facts?.officeError) {
        await insertActivity(tx, actor, {
          activity: SEND_REQUEST_AGAIN_ACTIVITY,
          subActivity: "Reopened on reconsideration",
          officeId: application.officeId,
          assigneeUserId: null,
          dueDate: today,
          clientId: application.clientId,
          applicationId: application.id,
          details: `${facts.officeError.en}\nSend the request again to the address on file, with the new response date ${data.newResponseDate}.`,
          correspondenceId: decision.requestCorrespondenceId,
        });
      }
    }

    const fr = actor.locale === "fr";
    const body = [
      fr
        ? `Réexamen ${row.id} (demande reçue le ${row.receivedOn} de ${row.requestedBy}) : ${reopen ? `dossier rouvert ; nouvelle date de réponse : ${data.newResponseDate}` : "décision maintenue"}. Décision visée : ${decision.id}.`
        : `Reconsideration ${row.id} (request received on ${row.receivedOn} from ${row.requestedBy}): ${reopen ? `file reopened; new response date ${data.newResponseDate}` : "decision maintained"}. Decision reconsidered: ${decision.id}.`,
      `${fr ? "Justification :" : "Rationale:"}\n${data.rationale}`,
      row.documentEdocIds.length > 0
        ? `${fr ? "Documents à l’appui" : "Supporting documents"}: ${row.documentEdocIds.join(", ")}`
        : "",
      facts
        ? `${fr ? "Faits :" : "Facts:"}\n${facts.findings.map((f) => `- ${fr ? f.fr : f.en}`).join("\n")}`
        : "",
    ]
      .filter(Boolean)
      .join("\n\n");
    const note = await insertNote(
      tx,
      actor,
      { clientId: application.clientId, applicationId: application.id, officeId: application.officeId },
      body,
    );

    const done = await tx
      .update(activities)
      .set({ status: "completed", completedAt: now, updatedAt: now })
      .where(
        and(
          eq(activities.applicationId, application.id),
          eq(activities.activity, RECONSIDERATION_ACTIVITY),
          inArray(activities.status, OPEN_STATUSES),
          like(activities.details, `%${row.id}%`),
        ),
      )
      .returning({ id: activities.id, officeId: activities.officeId });

    changes.unshift({
      action: reopen ? "reconsideration.reopened" : "reconsideration.maintained",
      entityType: "application",
      entityId: application.id,
      officeId: application.officeId,
      after: {
        reconsiderationId: row.id,
        decisionId: decision.id,
        newResponseDate: row.newResponseDate,
        officeError: facts?.officeError?.kind ?? null,
      },
    });
    changes.push(
      {
        action: "note.added",
        entityType: "application",
        entityId: application.id,
        officeId: application.officeId,
        after: { id: note.id, restricted: false, correctsNoteId: null, length: note.body.length },
      },
      ...done.map((a) => ({
        action: "activity.completed",
        entityType: "activity",
        entityId: a.id,
        officeId: a.officeId,
        after: { status: "completed", outcome: `Reconsideration ${row.id}: ${data.outcome}` },
      })),
    );
    await recordAuditEvents(tx, actor, changes);
    return { reconsideration: row, facts };
  });
}
