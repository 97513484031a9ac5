import { and, eq, inArray, like, sql } from "drizzle-orm";
import type { Tx } from "../db/database.ts";
import { activities } from "../db/schema.ts";
import type { Actor } from "../users/actor.ts";
import { OPEN_STATUSES } from "./activity.schema.ts";

/**
 * Completes the open activities of one kind on an application whose details name a record (e.g.
 * "Paper correspondence: <id>"), when the work they asked for has been done by another operation.
 * Whoever did the work is the assignee, unless someone had taken the activity. The caller audits.
 */
export async function completeLinkedActivities(
  tx: Tx,
  actor: Actor,
  link: { applicationId: string; activity: string; detailsLine: string; now: Date },
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
        inArray(activities.status, OPEN_STATUSES),
        like(activities.details, `%${link.detailsLine}%`),
      ),
    )
    .returning({ id: activities.id, officeId: activities.officeId, status: activities.status });
}
