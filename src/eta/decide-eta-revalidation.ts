/**
 * The officer's revalidation decision on an eTA in force (seed 004), with notes either way:
 * - `cancel` under an R12.06 ground; an eTA issued to someone not eligible for one (ground b) is
 *   followed by a letter telling the person to apply for the right document;
 * - `keep`;
 * - `info-alert`: the holder did not answer a request and cannot be compelled (the cancellation is
 *   not an examination under IRPA s. 15(1), so s. 16 does not apply): the eTA is kept and an
 *   "eTA Revalidation" info-alert is entered, valid as long as the eTA.
 * Every open revalidation of the eTA and its activity are closed by the one decision.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import { OPEN_STATUSES } from "../activities/activity.schema.ts";
import { type AuditChange, recordAuditEvents } from "../audit/record-audit-event.ts";
import { insertLetter } from "../correspondence/queue-letter.ts";
import type { Db } from "../db/database.ts";
import {
  activities,
  applications,
  clients,
  etaApplications,
  etaRevalidations,
  infoAlerts,
  offices,
} from "../db/schema.ts";
import { insertNote } from "../notes/insert-note.ts";
import { AppError } from "../shared/errors.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import { ensureEtaEmailContact } from "./ensure-eta-email-contact.ts";
import { etaNoticeLetter } from "./eta-notice-letter.ts";
import { etaResult } from "./eta-result.ts";
import { type DecideRevalidationInput, ZDecideRevalidation } from "./eta-review.schema.ts";
import { etaStateOn } from "./eta-validity.ts";
import { findVisibleEtaApplication } from "./get-eta-application.ts";
import { utcDay } from "./submit-eta-applications.ts";

export const REVALIDATION_INFO_ALERT = "eTA Revalidation";

const NOTE_HEAD: Record<string, string> = {
  cancel: "eTA revalidation: cancelled",
  keep: "eTA revalidation: kept",
  "info-alert":
    "eTA revalidation: kept; the holder did not answer the request, an eTA Revalidation info-alert is entered",
};

export async function decideEtaRevalidation(
  db: Db,
  actor: Actor,
  fileNumber: string,
  input: DecideRevalidationInput,
  options: { now?: Date } = {},
) {
  const data = validate(ZDecideRevalidation, input);
  if (data.decision === "cancel" && !data.ground) {
    throw new AppError("invalid_input", "ground: is required to cancel an eTA: the R12.06 ground", {
      field: "ground",
      messageFr: "ground : est obligatoire pour annuler une AVE : le motif prévu à l'article R12.06",
    });
  }
  const now = options.now ?? new Date();
  const today = utcDay(now);
  return db.transaction(async (tx) => {
    const found = await findVisibleEtaApplication(tx, actor, fileNumber);
    const { application } = found;
    const [eta] = await tx
      .select()
      .from(etaApplications)
      .where(eq(etaApplications.applicationId, application.id))
      .for("update");
    if (!eta) throw new AppError("internal", "eTA application vanished");
    const active =
      eta.status === "approved" &&
      eta.validUntil &&
      etaStateOn({ ...eta, validUntil: eta.validUntil }, today).active;
    if (!active) {
      throw new AppError(
        "invalid_state",
        `fileNumber: ${application.fileNumber} holds no eTA in force (status ${eta.status}); only an eTA in force is revalidated`,
        {
          field: "fileNumber",
          messageFr: `fileNumber : le dossier ${application.fileNumber} n'a pas d'AVE en vigueur (statut ${eta.status}); seule une AVE en vigueur est revalidée`,
        },
      );
    }
    const changes: AuditChange[] = [];
    let updated = eta;
    if (data.decision === "cancel") {
      const [row] = await tx
        .update(etaApplications)
        .set({
          status: "cancelled",
          endedOn: today,
          endReason: "cancelled",
          cancellationGround: data.ground!,
          cancellationReason: data.notes,
          cancelledBy: actor.userId,
        })
        .where(eq(etaApplications.applicationId, eta.applicationId))
        .returning();
      updated = row!;
      await tx
        .update(applications)
        .set({ status: "cancelled", statusReason: `eTA cancelled under ${data.ground}` })
        .where(eq(applications.id, application.id));
      changes.push({
        action: "eta.cancelled",
        entityType: "application",
        entityId: application.id,
        officeId: application.officeId,
        before: { status: eta.status, endedOn: eta.endedOn },
        after: {
          status: "cancelled",
          endedOn: today,
          ground: data.ground,
          reason: data.notes,
          on: "revalidation",
        },
      });
    }
    let infoAlertId: string | null = null;
    if (data.decision === "info-alert") {
      const [alert] = await tx
        .insert(infoAlerts)
        .values({
          clientId: eta.clientId,
          type: REVALIDATION_INFO_ALERT,
          validFrom: eta.validFrom ?? today,
          validTo: eta.validUntil,
          details: data.notes,
          createdBy: actor.userId,
        })
        .returning();
      infoAlertId = alert!.id;
      changes.push({
        action: "info-alert.added",
        entityType: "client",
        entityId: eta.clientId,
        officeId: application.officeId,
        after: alert,
      });
    }
    const ground = data.decision === "cancel" ? ` (${data.ground})` : "";
    const note = await insertNote(
      tx,
      actor,
      { clientId: eta.clientId, applicationId: application.id, officeId: application.officeId },
      `${NOTE_HEAD[data.decision]}${ground}. ${data.notes}`,
    );
    changes.push({
      action: "note.added",
      entityType: "application",
      entityId: application.id,
      officeId: application.officeId,
      after: { id: note!.id, restricted: false, correctsNoteId: null, length: note!.body.length },
    });

    let letterCorrespondenceId: string | null = null;
    // Seed 004: an eTA issued to someone not eligible is cancelled and the person directed to the right document.
    if (data.decision === "cancel" && data.ground === "r12.06-b-not-eligible") {
      const [office] = await tx.select().from(offices).where(eq(offices.id, application.officeId));
      const [client] = await tx.select().from(clients).where(eq(clients.id, application.clientId));
      if (!office || !client) throw new AppError("internal", "the application's office or client is missing");
      await ensureEtaEmailContact(tx, actor, application.clientId, eta.email);
      const language = application.language === "fr" ? "fr" : "en";
      const queued = await insertLetter(tx, actor, {
        application: { ...application, status: "cancelled" },
        office,
        client,
        templateId: "free-text",
        values: etaNoticeLetter({ kind: "cancelled-not-eligible", language }),
        today: now,
      });
      letterCorrespondenceId = queued.correspondence.id;
    }

    const decided = {
      decision: data.decision,
      ground: data.ground ?? null,
      notes: data.notes,
      infoAlertId,
      noteId: note!.id,
      letterCorrespondenceId,
      decidedBy: actor.userId,
      decidedAt: now,
    };
    let closed = await tx
      .update(etaRevalidations)
      .set(decided)
      .where(and(eq(etaRevalidations.applicationId, application.id), isNull(etaRevalidations.decision)))
      .returning();
    if (closed.length === 0) {
      // An officer may revalidate on their own motion (e.g. an eTA found issued to a visa-required national).
      closed = await tx
        .insert(etaRevalidations)
        .values({
          applicationId: application.id,
          clientId: eta.clientId,
          officeId: application.officeId,
          openedOn: today,
          ...decided,
        })
        .returning();
    }
    const activityIds = closed.map((r) => r.activityId).filter((id): id is string => !!id);
    if (activityIds.length > 0) {
      const done = await tx
        .update(activities)
        .set({ status: "completed", completedAt: now, updatedAt: now, assigneeUserId: actor.userId })
        .where(and(inArray(activities.id, activityIds), inArray(activities.status, OPEN_STATUSES)))
        .returning({ id: activities.id, officeId: activities.officeId });
      for (const activity of done) {
        changes.push({
          action: "activity.completed",
          entityType: "activity",
          entityId: activity.id,
          officeId: activity.officeId,
          after: { status: "completed", outcome: `eTA revalidation: ${data.decision}` },
        });
      }
    }
    changes.unshift({
      action: "eta.revalidation-decided",
      entityType: "application",
      entityId: application.id,
      officeId: application.officeId,
      after: { revalidationIds: closed.map((r) => r.id), ...decided, decidedAt: now.toISOString() },
    });
    await recordAuditEvents(tx, actor, changes);
    return {
      revalidations: closed,
      eta: etaResult(updated, { fileNumber: application.fileNumber, uci: found.uci }, today),
      noteId: note!.id,
      infoAlertId,
      letterCorrespondenceId,
    };
  });
}
