import { detectOverdueResponses } from "../../correspondence/detect-overdue-responses.ts";
import type { ScheduledJob } from "../scheduler.ts";

/**
 * Hourly: a response date is a calendar day in the office's zone, so an hour after midnight there
 * at the latest, the request is in the queue. Several runs or processes create one activity per
 * request (see `detectOverdueResponses`).
 */
export const responseOverdueJob: ScheduledJob = {
  name: "response-overdue",
  everyMs: 60 * 60 * 1000,
  run: async (db) => {
    const { failed } = await detectOverdueResponses(db);
    // The job's period stays claimed; the requests that failed are tried again next hour.
    for (const failure of failed) {
      console.error(
        `response-overdue: correspondence ${failure.correspondenceId} not checked: ${failure.error}`,
      );
    }
  },
};
