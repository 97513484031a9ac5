import type { Db } from "../db/database.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import { ZCompleteActivity } from "./activity.schema.ts";
import { changeActivity } from "./change-activity.ts";
import type { Activity } from "./create-activity.ts";

export async function completeActivity(
  db: Db,
  actor: Actor,
  activityId: string,
  input: unknown = {},
): Promise<Activity> {
  const { outcome } = validate(ZCompleteActivity, input);
  return changeActivity(db, actor, activityId, "completed", async (_tx, activity) => ({
    status: "completed",
    completedAt: new Date(),
    assigneeUserId: activity.assigneeUserId ?? actor.userId,
    details: outcome
      ? [activity.details, `Outcome: ${outcome}`].filter(Boolean).join("\n\n")
      : activity.details,
  }));
}

export async function cancelActivity(db: Db, actor: Actor, activityId: string): Promise<Activity> {
  return changeActivity(db, actor, activityId, "cancelled", async () => ({
    status: "cancelled",
    completedAt: new Date(),
  }));
}
