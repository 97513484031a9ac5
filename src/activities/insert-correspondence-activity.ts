import type { Tx } from "../db/database.ts";
import type { Actor } from "../users/actor.ts";
import { type Activity, insertActivity, type NewActivity } from "./create-activity.ts";

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
  values: NewActivity & { correspondenceId: string },
): Promise<Activity> {
  return insertActivity(tx, actor, values);
}
