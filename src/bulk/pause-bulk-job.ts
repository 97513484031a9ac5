import type { Db } from "../db/database.ts";
import type { Actor } from "../users/actor.ts";
import { HELD } from "./bulk.schema.ts";
import { changeBulkJobRows } from "./change-bulk-job-rows.ts";

/**
 * Stops a bulk job's letters not yet sent: its email rows in `generate` become `held`, which the
 * dispatcher never claims. Letters already sent or in flight are not recalled (SMTP cannot).
 */
export function pauseBulkJob(db: Db, actor: Actor, jobId: string) {
  return changeBulkJobRows(db, actor, jobId, {
    action: "bulk-job.paused",
    allowedFrom: ["active"],
    from: ["generate"],
    to: HELD,
    jobStatus: "paused",
  });
}
