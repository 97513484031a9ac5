import { desc, eq, inArray } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { bulkJobs, offices } from "../db/schema.ts";
import { type Actor, officeIdsOf } from "../users/actor.ts";
import { type BulkJob, canRunBulkJobs } from "./bulk-job-access.ts";

/** The bulk jobs of the offices where the actor may run them, newest first. */
export async function listBulkJobs(
  db: Executor,
  actor: Actor,
): Promise<(BulkJob & { officeCode: string })[]> {
  const officeIds = officeIdsOf(actor).filter((officeId) => canRunBulkJobs(actor, officeId));
  if (actor.userId !== null && officeIds.length === 0) return [];
  const rows = await db
    .select({ job: bulkJobs, officeCode: offices.code })
    .from(bulkJobs)
    .innerJoin(offices, eq(offices.id, bulkJobs.officeId))
    .where(actor.userId === null ? undefined : inArray(bulkJobs.officeId, officeIds))
    .orderBy(desc(bulkJobs.createdAt))
    .limit(200);
  return rows.map((row) => ({ ...row.job, officeCode: row.officeCode }));
}
