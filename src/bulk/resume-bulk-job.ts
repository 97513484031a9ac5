import type { Db } from "../db/database.ts";
import type { Actor } from "../users/actor.ts";
import { HELD } from "./bulk.schema.ts";
import { changeBulkJobRows } from "./change-bulk-job-rows.ts";

/**
 * Puts a paused job's held letters back in the dispatcher's queue (`generate`). They keep their
 * creation time, so they go out before letters queued since the pause (the queue is oldest first).
 */
export function resumeBulkJob(db: Db, actor: Actor, jobId: string) {
  return changeBulkJobRows(db, actor, jobId, {
    action: "bulk-job.resumed",
    allowedFrom: ["paused"],
    from: [HELD],
    to: "generate",
    jobStatus: "active",
  });
}
