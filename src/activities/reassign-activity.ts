import type { Db } from "../db/database.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import { ZReassignActivity } from "./activity.schema.ts";
import { changeActivity } from "./change-activity.ts";
import { type Activity, findAssignee } from "./create-activity.ts";

/** Gives an activity to another user of its office, or returns it to the office queue. */
export async function reassignActivity(
  db: Db,
  actor: Actor,
  activityId: string,
  input: unknown,
): Promise<Activity> {
  const { assigneeEmail } = validate(ZReassignActivity, input);
  return changeActivity(db, actor, activityId, "reassigned", async (tx, activity) => {
    if (!assigneeEmail) return { assigneeUserId: null, status: "review-required" };
    return {
      assigneeUserId: await findAssignee(tx, assigneeEmail, activity.officeId),
      status: "in-progress",
    };
  });
}
