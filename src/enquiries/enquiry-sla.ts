/**
 * A stored enquiry's place against its response time: the stored pauses and first response read
 * back into `slaState`, which alone decides due, paused, met or breached.
 */
import type { enquiries } from "../db/schema.ts";
import { type SlaPause, type SlaResult, slaState } from "./sla-state.ts";

type StoredClock = Pick<
  typeof enquiries.$inferSelect,
  "receivedAt" | "responseDays" | "slaPauses" | "firstResponseAt"
>;

export function storedPauses(enquiry: Pick<StoredClock, "slaPauses">): SlaPause[] {
  const stored = (enquiry.slaPauses ?? []) as { from: string; to: string | null }[];
  return stored.map((p) => ({ from: new Date(p.from), to: p.to === null ? null : new Date(p.to) }));
}

/** @example enquirySla(row, new Date()).state // "paused" while the enquirer is asked for something */
export function enquirySla(enquiry: StoredClock, now: Date): SlaResult {
  return slaState({
    receivedAt: enquiry.receivedAt,
    responseDays: enquiry.responseDays,
    pauses: storedPauses(enquiry),
    firstResponseAt: enquiry.firstResponseAt,
    now,
  });
}
