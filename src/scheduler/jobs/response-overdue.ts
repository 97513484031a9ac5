import { detectOverdueResponses } from "../../correspondence/detect-overdue-responses.ts";
import type { ScheduledJob } from "../scheduler.ts";

/** Requests examined per pass; each becomes an activity in its own transaction (about 6 ms each). */
const BATCH = 1_000;
/** A backlog (the first run after an import) is worked through in one run, within this time. */
const RUN_BUDGET_MS = 10 * 60 * 1000;

/**
 * Hourly: a response date is a calendar day in the office's zone, so an hour after midnight there
 * at the latest, the request is in the queue. Several runs or processes create one activity per
 * request (see `detectOverdueResponses`).
 */
export const responseOverdueJob: ScheduledJob = {
  name: "response-overdue",
  everyMs: 60 * 60 * 1000,
  run: async (db) => {
    const started = Date.now();
    for (;;) {
      const { created, failed } = await detectOverdueResponses(db, { limit: BATCH });
      // The job's period stays claimed; the requests that failed are tried again next hour.
      for (const failure of failed) {
        console.error(
          `response-overdue: correspondence ${failure.correspondenceId} not checked: ${failure.error}`,
        );
      }
      // A short batch was the last; a batch of failures only would come back the same.
      if (created.length + failed.length < BATCH || created.length === 0) return;
      if (Date.now() - started > RUN_BUDGET_MS) return;
    }
  },
};
