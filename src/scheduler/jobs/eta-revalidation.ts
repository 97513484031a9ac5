import { recordEtaRevalidationReport } from "../../eta/record-eta-revalidation-report.ts";
import { withdrawUnansweredRelinquishments } from "../../eta/withdraw-unanswered-relinquishments.ts";
import type { ScheduledJob } from "../scheduler.ts";

/**
 * Hourly, so the first run after midnight UTC does the day's work: the day's revalidation report
 * is recorded once (a later run that day keeps it), and permanent residents who did not answer
 * the request to relinquish their status by its date have their eTA application withdrawn.
 */
export const etaRevalidationJob: ScheduledJob = {
  name: "eta-revalidation",
  everyMs: 60 * 60 * 1000,
  run: async (db) => {
    await withdrawUnansweredRelinquishments(db);
    await recordEtaRevalidationReport(db);
  },
};
