import { and, eq, inArray, sql } from "drizzle-orm";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { bulkJobs, correspondence } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import type { Actor } from "../users/actor.ts";
import type { BulkJobStatus } from "./bulk.schema.ts";
import { type BulkJob, findVisibleBulkJob } from "./bulk-job-access.ts";

/**
 * The one transition pause, resume and cancel share: the job's email rows in `from` statuses move
 * to `to`, the job to `jobStatus`, with one audit event. Only email rows: the dispatcher sends
 * nothing else, and a paper letter is stopped by its "Mail paper letter" activity, which a person
 * may already have printed. A row already `sending` is in the SMTP server's hands and stays.
 *
 * The UPDATE waits on rows a dispatcher holds locked (`FOR UPDATE SKIP LOCKED` in its claim) and
 * re-reads their status after its commit, so a row just claimed is never put back.
 */
export async function changeBulkJobRows(
  db: Db,
  actor: Actor,
  jobId: string,
  change: {
    action: string;
    allowedFrom: BulkJobStatus[];
    from: string[];
    to: string;
    jobStatus: BulkJobStatus;
    statusReason?: string;
  },
): Promise<{ job: BulkJob; changed: number }> {
  return db.transaction(async (tx) => {
    const visible = await findVisibleBulkJob(tx, actor, jobId);
    const [job] = await tx.select().from(bulkJobs).where(eq(bulkJobs.id, visible.id)).for("update");
    if (!job) throw new AppError("internal", "bulk job vanished");
    if (!change.allowedFrom.includes(job.status as BulkJobStatus)) {
      throw new AppError(
        "invalid_state",
        `This bulk job is ${job.status}; it cannot be ${change.jobStatus} now.`,
        {
          messageFr: `Cet envoi en lot est à l’état ${job.status} ; l’action demandée n’est pas possible.`,
        },
      );
    }
    const moved = await tx
      .update(correspondence)
      .set({ status: change.to, ...(change.statusReason ? { statusReason: change.statusReason } : {}) })
      .where(
        and(
          eq(correspondence.bulkJobId, job.id),
          eq(correspondence.channel, "email"),
          inArray(correspondence.status, change.from),
        ),
      )
      .returning({ id: correspondence.id });
    const [updated] = await tx
      .update(bulkJobs)
      .set({ status: change.jobStatus, updatedAt: sql`now()` })
      .where(eq(bulkJobs.id, job.id))
      .returning();
    if (!updated) throw new AppError("internal", "bulk job not updated");
    await recordAuditEvent(tx, actor, {
      action: change.action,
      entityType: "bulk-job",
      entityId: job.id,
      officeId: job.officeId,
      before: { status: job.status },
      after: { status: change.jobStatus, rows: moved.length, from: change.from, to: change.to },
    });
    return { job: updated, changed: moved.length };
  });
}
