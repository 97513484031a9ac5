import type { Db } from "../db/database.ts";
import { AppError } from "../shared/errors.ts";
import type { Actor } from "../users/actor.ts";
import { changeActivity } from "./change-activity.ts";
import type { Activity } from "./create-activity.ts";

/** The actor takes an activity from the office queue: it becomes theirs, in progress. */
export async function takeActivity(db: Db, actor: Actor, activityId: string): Promise<Activity> {
  if (!actor.userId) throw new AppError("forbidden", "Only a person can take an activity.");
  const userId = actor.userId;
  return changeActivity(db, actor, activityId, "taken", async () => ({
    assigneeUserId: userId,
    status: "in-progress",
  }));
}
