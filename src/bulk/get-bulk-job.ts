import { asc, count, eq } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { applications, clients, correspondence, offices } from "../db/schema.ts";
import type { Actor } from "../users/actor.ts";
import { type BulkJob, findVisibleBulkJob } from "./bulk-job-access.ts";

export interface BulkRecipient {
  correspondenceId: string;
  fileNumber: string;
  clientName: string;
  channel: string;
  address: string | null;
  status: string;
  statusReason: string | null;
  sentAt: Date | null;
}

export interface BulkJobProgress {
  job: BulkJob;
  officeCode: string;
  /** Rows per status (generate, held, sending, sent, undelivered, cancelled). */
  counts: Record<string, number>;
  /** Rows no longer waiting: sent, undelivered or cancelled, and paper letters (a person mails them). */
  finished: number;
  recipients: BulkRecipient[];
}

/** Progress of a bulk job and, page by page, its recipients (file number order). */
export async function getBulkJob(
  db: Executor,
  actor: Actor,
  jobId: string,
  page: { limit?: number; offset?: number } = {},
): Promise<BulkJobProgress> {
  const job = await findVisibleBulkJob(db, actor, jobId);
  const [office] = await db.select({ code: offices.code }).from(offices).where(eq(offices.id, job.officeId));
  const grouped = await db
    .select({ status: correspondence.status, channel: correspondence.channel, n: count() })
    .from(correspondence)
    .where(eq(correspondence.bulkJobId, job.id))
    .groupBy(correspondence.status, correspondence.channel);
  const counts: Record<string, number> = {};
  let finished = 0;
  for (const row of grouped) {
    counts[row.status] = (counts[row.status] ?? 0) + row.n;
    if (row.channel !== "email" || ["sent", "undelivered", "cancelled"].includes(row.status))
      finished += row.n;
  }
  const recipients = await db
    .select({
      correspondenceId: correspondence.id,
      fileNumber: applications.fileNumber,
      familyName: clients.familyName,
      givenNames: clients.givenNames,
      channel: correspondence.channel,
      address: correspondence.address,
      status: correspondence.status,
      statusReason: correspondence.statusReason,
      sentAt: correspondence.sentAt,
    })
    .from(correspondence)
    .innerJoin(applications, eq(applications.id, correspondence.applicationId))
    .innerJoin(clients, eq(clients.id, applications.clientId))
    .where(eq(correspondence.bulkJobId, job.id))
    .orderBy(asc(applications.fileNumber))
    .limit(Math.min(Math.max(page.limit ?? 200, 1), 1_000))
    .offset(Math.max(page.offset ?? 0, 0));
  return {
    job,
    officeCode: office?.code ?? "",
    counts,
    finished,
    recipients: recipients.map(({ familyName, givenNames, ...rest }) => ({
      ...rest,
      clientName: `${familyName.toUpperCase()}, ${givenNames}`,
    })),
  };
}
