import { asc, gt } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { auditEvents } from "../db/schema.ts";
import { GENESIS_HASH, hashAuditEvent } from "./hash-audit-event.ts";

export type ChainVerdict =
  | { intact: true; events: number; lastHash: string }
  | { intact: false; events: number; brokenAt: number; reason: string };

const PAGE = 5000;

/**
 * Walks the whole audit chain in order and recomputes every hash. The first event whose content,
 * link or position does not match is reported; everything after it is unproven.
 */
export async function verifyAuditChain(db: Executor): Promise<ChainVerdict> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let after = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, after))
      .orderBy(asc(auditEvents.seq))
      .limit(PAGE);
    for (const event of page) {
      const events = expectedSeq - 1;
      if (event.seq !== expectedSeq) {
        return { intact: false, events, brokenAt: expectedSeq, reason: `event ${expectedSeq} is missing` };
      }
      if (event.prevHash !== prevHash) {
        return {
          intact: false,
          events,
          brokenAt: event.seq,
          reason: "its link to the previous event does not match",
        };
      }
      const recomputed = hashAuditEvent(prevHash, {
        seq: event.seq,
        at: event.at,
        actorId: event.actorId,
        actorLabel: event.actorLabel,
        action: event.action,
        entityType: event.entityType,
        entityId: event.entityId,
        officeId: event.officeId,
        before: event.before,
        after: event.after,
      });
      if (recomputed !== event.hash) {
        return { intact: false, events, brokenAt: event.seq, reason: "its content does not match its hash" };
      }
      prevHash = event.hash;
      expectedSeq += 1;
      after = event.seq;
    }
    if (page.length < PAGE) return { intact: true, events: expectedSeq - 1, lastHash: prevHash };
  }
}
