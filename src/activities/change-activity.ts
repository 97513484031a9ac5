import { eq } from "drizzle-orm";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Db, Tx } from "../db/database.ts";
import { activities } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import { isUuid } from "../shared/uuid.ts";
import { type Actor, assertCanWorkInOffice } from "../users/actor.ts";
import { type ActivityStatus, OPEN_STATUSES } from "./activity.schema.ts";
import type { Activity } from "./create-activity.ts";

/**
 * The shared path of take, reassign, complete and cancel: lock the activity, check the office and
 * that it is still open, apply the change, audit it.
 */
export async function changeActivity(
  db: Db,
  actor: Actor,
  activityId: string,
  action: string,
  change: (tx: Tx, activity: Activity) => Promise<Partial<Activity>>,
): Promise<Activity> {
  if (!isUuid(activityId)) {
    throw new AppError("invalid_input", "activityId: must be an activity id", { field: "activityId" });
  }
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(activities).where(eq(activities.id, activityId)).for("update");
    if (!before) throw new AppError("not_found", "activityId: no such activity", { field: "activityId" });
    assertCanWorkInOffice(actor, before.officeId, "activity");
    if (!OPEN_STATUSES.includes(before.status as ActivityStatus)) {
      throw new AppError(
        "invalid_state",
        `This activity is already ${before.status}; it cannot be changed.`,
        {
          messageFr: "Cette activité est déjà fermée; elle ne peut plus être modifiée.",
        },
      );
    }
    const values = await change(tx, before);
    const [after] = await tx
      .update(activities)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(activities.id, activityId))
      .returning();
    await recordAuditEvent(tx, actor, {
      action: `activity.${action}`,
      entityType: "activity",
      entityId: activityId,
      officeId: before.officeId,
      before: { status: before.status, assigneeUserId: before.assigneeUserId },
      after: { status: after!.status, assigneeUserId: after!.assigneeUserId, details: after!.details },
    });
    return after!;
  });
}
