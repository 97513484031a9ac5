/**
 * The scheduled look for enquiries to escalate (seed 001): a case-specific or local-procedure
 * enquiry with no substantive reply 30 days after receipt, the time spent waiting for the
 * enquirer not counted, and a case-specific enquiry whose enquirer disagreed with the reply (an
 * officer records that at once with `recordDisagreement`; this pass catches any left behind).
 * `decideEscalation` alone decides; `escalateEnquiry` does it.
 *
 * Once per enquiry: each candidate is locked and read again in its own transaction before
 * anything is written, and `escalated_at` is set only where it is still null, so any number of
 * runs in any number of processes escalate an enquiry once. Candidates are read in pages of
 * `limit` in receipt order from where the last page stopped, so enquiries still paused do not
 * hold a backlog behind them.
 */
import { and, asc, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import { type AuditChange, recordAuditEvents } from "../audit/record-audit-event.ts";
import type { Db, Tx } from "../db/database.ts";
import { enquiries, offices } from "../db/schema.ts";
import { type Actor, SYSTEM_ACTOR } from "../users/actor.ts";
import { decideEscalation, NO_REPLY_DAYS } from "./decide-escalation.ts";
import type { EnquiryCategory } from "./enquiry.schema.ts";
import { storedPauses } from "./enquiry-sla.ts";
import { type EscalationDone, escalateEnquiry } from "./escalate-enquiry.ts";
import { slaState } from "./sla-state.ts";

/** What the audit trail names as the author of escalations made by the scheduled job. */
const ESCALATION_CHECK: Actor = { ...SYSTEM_ACTOR, label: "escalation check" };

const DAY_MS = 24 * 60 * 60 * 1000;

type Enquiry = typeof enquiries.$inferSelect;
type Office = typeof offices.$inferSelect;

export interface EscalationPass {
  escalated: EscalationDone[];
  /** Candidates read in this page (a full page means there may be more after `next`). */
  examined: number;
  /** Where the next page starts, or null when this page was the last. */
  next: { receivedAt: Date; id: string } | null;
  failed: { enquiryId: string; error: string }[];
}

/**
 * One page of at most `limit` candidates, from `after` on.
 *
 * @example let page = await escalateEnquiries(db, { limit: 1000 });
 *   while (page.next) page = await escalateEnquiries(db, { limit: 1000, after: page.next });
 */
export async function escalateEnquiries(
  db: Db,
  options: { now?: Date; limit?: number; after?: { receivedAt: Date; id: string } | null } = {},
): Promise<EscalationPass> {
  const now = options.now ?? new Date();
  const limit = Math.max(1, options.limit ?? 1000);
  const candidates = await db
    .select({ id: enquiries.id, receivedAt: enquiries.receivedAt })
    .from(enquiries)
    .where(
      and(
        // Written as the partial index `enquiries_escalation_candidates_idx` is, with literals, so
        // that the planner can use it: answered enquiries are not in it.
        sql`${enquiries.escalatedAt} is null`,
        sql`${enquiries.category} in ('case-specific', 'local-procedures')`,
        sql`(${enquiries.firstResponseAt} is null or ${enquiries.disagreementAt} is not null)`,
        sql`${enquiries.state} <> 'closed'`,
        // Pauses only move the 30 days later; a recorded disagreement needs no wait.
        or(
          and(
            isNull(enquiries.firstResponseAt),
            lte(enquiries.receivedAt, new Date(now.getTime() - NO_REPLY_DAYS * DAY_MS)),
          ),
          // Seed 001 names a next level on disagreement for case-specific enquiries only.
          and(sql`${enquiries.disagreementAt} is not null`, eq(enquiries.category, "case-specific")),
        ),
        options.after
          ? or(
              gt(enquiries.receivedAt, options.after.receivedAt),
              and(eq(enquiries.receivedAt, options.after.receivedAt), gt(enquiries.id, options.after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(enquiries.receivedAt), asc(enquiries.id))
    .limit(limit);
  const pass: EscalationPass = {
    escalated: [],
    examined: candidates.length,
    next: candidates.length === limit ? candidates[candidates.length - 1]! : null,
    failed: [],
  };
  for (const candidate of candidates) {
    try {
      // One transaction per enquiry: one bad row does not hold the others back.
      const done = await db.transaction(async (tx) => {
        const [row] = await tx
          .select({ enquiry: enquiries, office: offices })
          .from(enquiries)
          .innerJoin(offices, eq(offices.id, enquiries.officeId))
          .where(eq(enquiries.id, candidate.id))
          .for("update", { of: enquiries });
        if (!row || row.enquiry.escalatedAt) return null;
        return escalateIfDue(tx, ESCALATION_CHECK, row.enquiry, row.office, now);
      });
      if (done) pass.escalated.push(done);
    } catch (error) {
      pass.failed.push({
        enquiryId: candidate.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return pass;
}

/**
 * Escalates one locked enquiry when `decideEscalation` says so, writing the audit events in the
 * caller's transaction. Resolves with null when it stays where it is.
 */
export async function escalateIfDue(
  tx: Tx,
  actor: Actor,
  enquiry: Enquiry,
  office: Office,
  now: Date,
): Promise<EscalationDone | null> {
  if (enquiry.escalatedAt || enquiry.state === "closed") return null;
  // The 30 days stand still while the office waits for the enquirer, as the response clock does:
  // the clock's due time for 30 days, less 30 days, is receipt moved on by the time paused.
  const clock = slaState({
    receivedAt: enquiry.receivedAt,
    responseDays: NO_REPLY_DAYS,
    pauses: storedPauses(enquiry),
    firstResponseAt: null,
    now,
  });
  const decision = decideEscalation({
    category: enquiry.category as EnquiryCategory,
    receivedAt: new Date(clock.dueAt.getTime() - NO_REPLY_DAYS * DAY_MS),
    lastReplyAt: enquiry.firstResponseAt,
    enquirerDisagrees: enquiry.disagreementAt !== null,
    waitingForEnquirer: enquiry.state === "awaiting-information",
    now,
  });
  if (!decision.escalate) return null;
  const audit: AuditChange[] = [];
  const done = await escalateEnquiry(
    tx,
    actor,
    { enquiry, office, now, audit },
    { to: decision.to, trigger: decision.trigger, reason: decision.reason },
  );
  await recordAuditEvents(tx, actor, audit);
  return done;
}
