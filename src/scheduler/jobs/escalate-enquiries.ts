import { escalateEnquiries } from "../../enquiries/escalate-enquiries.ts";
import type { ScheduledJob } from "../scheduler.ts";

/** Enquiries examined per page; each escalation is its own transaction. */
const BATCH = 1_000;
/** A backlog (the first run after an import) is worked through in one run, within this time. */
const RUN_BUDGET_MS = 10 * 60 * 1000;

/**
 * Hourly: seed 001's "no reply after 30 days" is counted in hours, so an enquiry goes up within
 * the hour its 30 days end. Several runs or processes escalate an enquiry once (see
 * `escalateEnquiries`).
 */
export const escalateEnquiriesJob: ScheduledJob = {
  name: "escalate-enquiries",
  everyMs: 60 * 60 * 1000,
  run: async (db) => {
    const started = Date.now();
    const now = new Date();
    let after: { receivedAt: Date; id: string } | null = null;
    for (;;) {
      const page = await escalateEnquiries(db, { now, limit: BATCH, after });
      // The job's period stays claimed; the enquiries that failed are tried again next hour.
      for (const failure of page.failed) {
        console.error(`escalate-enquiries: enquiry ${failure.enquiryId} not escalated: ${failure.error}`);
      }
      if (!page.next || Date.now() - started > RUN_BUDGET_MS) return;
      after = page.next;
    }
  },
};
