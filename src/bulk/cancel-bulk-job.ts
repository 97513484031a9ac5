import type { Db } from "../db/database.ts";
import type { Actor } from "../users/actor.ts";
import { HELD } from "./bulk.schema.ts";
import { changeBulkJobRows } from "./change-bulk-job-rows.ts";

/** Cancels a bulk job's letters not yet sent (`generate` or `held`); final, the rows stay as the record. */
export function cancelBulkJob(db: Db, actor: Actor, jobId: string) {
  return changeBulkJobRows(db, actor, jobId, {
    action: "bulk-job.cancelled",
    allowedFrom: ["active", "paused"],
    from: ["generate", HELD],
    to: "cancelled",
    jobStatus: "cancelled",
    statusReason: "bulk job cancelled before sending",
  });
}
