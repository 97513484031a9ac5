import { escalateEnquiriesJob } from "../scheduler/jobs/escalate-enquiries.ts";
import { etaRevalidationJob } from "../scheduler/jobs/eta-revalidation.ts";
import { processInboundMailJob } from "../scheduler/jobs/process-inbound-mail.ts";
import { purgeExpiredSessionsJob } from "../scheduler/jobs/purge-expired-sessions.ts";
import { responseOverdueJob } from "../scheduler/jobs/response-overdue.ts";
import type { ScheduledJob } from "../scheduler/scheduler.ts";

/** Every job the scheduler runs. A feature that needs periodic work adds its job here. */
export const SCHEDULED_JOBS: readonly ScheduledJob[] = [
  purgeExpiredSessionsJob,
  processInboundMailJob,
  responseOverdueJob,
  escalateEnquiriesJob,
  etaRevalidationJob,
];
