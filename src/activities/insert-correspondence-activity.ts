import { eq } from "drizzle-orm";
import type { Tx } from "../db/database.ts";
import { activities } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import type { Actor } from "../users/actor.ts";
import { type Activity, insertActivity } from "./create-activity.ts";

/**
 * Puts in the queue a work item about one correspondence (a paper letter to mail, a resend to
 * propose, a response that did not come), naming it in `activities.correspondence_id` so that the
 * operation that does the work completes it by that column (`completeLinkedActivities`). The
 * details still name the correspondence in words for the officer who reads them.
 *
 * @example await insertCorrespondenceActivity(tx, actor, { activity: "Mail paper letter", …, correspondenceId: paper.id });
 */
export async function insertCorrespondenceActivity(
  tx: Tx,
  actor: Actor,
  values: Parameters<typeof insertActivity>[2] & { correspondenceId: string },
): Promise<Activity> {
  const { correspondenceId, ...rest } = values;
  const created = await insertActivity(tx, actor, rest);
  // Same transaction as the insert: no one ever sees the activity without its correspondence.
  const [linked] = await tx
    .update(activities)
    .set({ correspondenceId })
    .where(eq(activities.id, created.id))
    .returning();
  if (!linked) throw new AppError("internal", "activity not linked to its correspondence");
  return linked;
}
