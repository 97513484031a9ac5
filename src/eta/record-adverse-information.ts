/**
 * Records adverse information on a client (a port of entry examination, an earlier application,
 * intelligence). Seed 004: new adverse information on the holder of an eTA in force calls for a
 * revalidation, so each such eTA gets an open revalidation and an activity in its office's queue,
 * in the same transaction.
 */
import { and, eq, gte, isNull } from "drizzle-orm";
import { insertActivity } from "../activities/create-activity.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { findVisibleClient } from "../clients/find-visible-client.ts";
import type { Db } from "../db/database.ts";
import { applications, clientAdverseInformation, etaApplications, etaRevalidations } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import { validate } from "../shared/validate.ts";
import { type Actor, canWorkInOffice, officeIdsOf } from "../users/actor.ts";
import { type RecordAdverseInformationInput, ZRecordAdverseInformation } from "./eta-review.schema.ts";
import { utcDay } from "./submit-eta-applications.ts";

/** The queue item of a revalidation; the seed names none, so it says what the work is. */
export const REVALIDATION_ACTIVITY = "eTA Revalidation";
export const REVALIDATION_SUB_ACTIVITY = "New adverse information";

/**
 * @example await recordAdverseInformation(db, officer, "1000000034", { source: "port-of-entry",
 *   details: "Refused entry at YVR on 2026-11-30: undeclared criminal conviction." })
 *   // → { adverseInformation: { id, … }, revalidations: [{ fileNumber: "E000000042", activityId }] }
 */
export async function recordAdverseInformation(
  db: Db,
  actor: Actor,
  uci: string,
  input: RecordAdverseInformationInput,
  options: { now?: Date } = {},
) {
  const data = validate(ZRecordAdverseInformation, input);
  const today = utcDay(options.now ?? new Date());
  const recordedOn = data.recordedOn ?? today;
  if (recordedOn > today) {
    throw new AppError("invalid_input", `recordedOn: must not be after today (${today})`, {
      field: "recordedOn",
      messageFr: `recordedOn : ne doit pas être postérieure à aujourd'hui (${today})`,
    });
  }
  return db.transaction(async (tx) => {
    const client = await findVisibleClient(tx, actor, uci);
    const [adverse] = await tx
      .insert(clientAdverseInformation)
      .values({
        clientId: client.id,
        source: data.source,
        recordedOn,
        details: data.details,
        recordedBy: actor.userId,
      })
      .returning();
    if (!adverse) throw new AppError("internal", "adverse information not recorded");
    await recordAuditEvent(tx, actor, {
      action: "adverse-information.recorded",
      entityType: "client",
      entityId: client.id,
      officeId: canWorkInOffice(actor, client.officeId) ? client.officeId : (officeIdsOf(actor)[0] ?? null),
      after: { id: adverse.id, source: adverse.source, recordedOn },
    });
    const active = await tx
      .select({
        applicationId: etaApplications.applicationId,
        fileNumber: applications.fileNumber,
        officeId: applications.officeId,
      })
      .from(etaApplications)
      .innerJoin(applications, eq(applications.id, etaApplications.applicationId))
      .where(
        and(
          eq(etaApplications.clientId, client.id),
          eq(etaApplications.status, "approved"),
          isNull(etaApplications.endedOn),
          gte(etaApplications.validUntil, today),
        ),
      );
    const revalidations: { fileNumber: string; revalidationId: string; activityId: string }[] = [];
    for (const eta of active) {
      // The revalidation is worked in the office that holds the eTA, whoever recorded the information.
      const activity = await insertActivity(tx, actor, {
        activity: REVALIDATION_ACTIVITY,
        subActivity: REVALIDATION_SUB_ACTIVITY,
        officeId: eta.officeId,
        assigneeUserId: null,
        dueDate: null,
        clientId: client.id,
        applicationId: eta.applicationId,
        details: `New adverse information (${data.source}, ${recordedOn}) on the holder of eTA ${eta.fileNumber}: decide to cancel (R12.06) or keep it.`,
      });
      const [revalidation] = await tx
        .insert(etaRevalidations)
        .values({
          applicationId: eta.applicationId,
          clientId: client.id,
          officeId: eta.officeId,
          adverseInformationId: adverse.id,
          activityId: activity.id,
          openedOn: today,
        })
        .returning();
      await recordAuditEvent(tx, actor, {
        action: "eta.revalidation-opened",
        entityType: "application",
        entityId: eta.applicationId,
        officeId: eta.officeId,
        after: {
          revalidationId: revalidation!.id,
          adverseInformationId: adverse.id,
          activityId: activity.id,
        },
      });
      revalidations.push({
        fileNumber: eta.fileNumber,
        revalidationId: revalidation!.id,
        activityId: activity.id,
      });
    }
    return { adverseInformation: adverse, revalidations };
  });
}
