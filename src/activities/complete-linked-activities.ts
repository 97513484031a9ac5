import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "../db/database.ts";
import { activities } from "../db/schema.ts";
import type { Actor } from "../users/actor.ts";
import { OPEN_STATUSES } from "./activity.schema.ts";

/**
 * Completes the open activities of one kind on an application that are about one correspondence
 * (`activities.correspondence_id`), when the work they asked for has been done by another
 * operation. Whoever did the work is the assignee, unless someone had taken the activity. The
 * caller audits.
 *
 * @example await completeLinkedActivities(tx, officer, { applicationId, activity: "Mail paper letter", correspondenceId, now });
 */
export async function completeLinkedActivities(
  tx: Tx,
  actor: Actor,
  link: { applicationId: string; activity: string; correspondenceId: string; now: Date },
) {
  return tx
    .update(activities)
    .set({
      status: "completed",
      completedAt: link.now,
      updatedAt: link.now,
      assigneeUserId: sql`coalesce(${activities.assigneeUserId}, ${actor.userId}::uuid)`,
    })
    .where(
      and(
        eq(activities.applicationId, link.applicationId),
        eq(activities.activity, link.activity),
        eq(activities.correspondenceId, link.correspondenceId),
        inArray(activities.status, OPEN_STATUSES),
      ),
    )
    .returning({ id: activities.id, officeId: activities.officeId, status: activities.status });
}
