/**
 * Where an enquiry stands against the office's published response time. Seed 001: offices must
 * "establish, publish and adhere to response times for email enquiries". The clock starts on
 * receipt and stops while the office waits for the enquirer (missing information asked for by the
 * automatic reply): the office cannot answer what it has not been told.
 *
 * The clock counts elapsed time, days of 24 hours, as helpdesk response clocks do; an hour gained
 * or lost to daylight saving time does not change whether a standard in days was met.
 */
import { AppError } from "../shared/errors.ts";

export type SlaState = "due" | "paused" | "met" | "breached";

/** A time the enquiry waited for the enquirer; `to` is null while it still waits. */
export interface SlaPause {
  from: Date;
  to: Date | null;
}

export interface SlaInput {
  receivedAt: Date;
  /** The office's published response time, in days. */
  responseDays: number;
  pauses: readonly SlaPause[];
  /**
   * The first substantive response: a standard or case-specific reply. An automatic
   * acknowledgement or a request for missing information does not stop the clock.
   */
  firstResponseAt: Date | null;
  now: Date;
}

export interface SlaResult {
  state: SlaState;
  /** When the response is due; while paused, when it would be due if the clock started again now. */
  dueAt: Date;
  /** Time left on the clock (0 once met or breached). */
  remainingMs: number;
  /** Time the clock has stood still so far. */
  pausedMs: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * @example slaState({ receivedAt: new Date("2026-03-02T14:00:00Z"), responseDays: 10, pauses: [],
 *   firstResponseAt: null, now: new Date("2026-03-05T09:00:00Z") })
 *   // → { state: "due", dueAt: 2026-03-12T14:00:00Z, … }
 */
export function slaState(input: SlaInput): SlaResult {
  if (!Number.isInteger(input.responseDays) || input.responseDays < 1) {
    throw new AppError("invalid_input", "responseDays: must be a whole number of days, at least 1", {
      field: "responseDays",
    });
  }
  const { receivedAt, now } = input;
  const answeredAt = input.firstResponseAt && input.firstResponseAt <= now ? input.firstResponseAt : null;
  // Once answered, only the waiting before the answer counts.
  const pauses = mergedPauses(input.pauses, receivedAt, answeredAt ?? now);
  const { dueAt, pausedMs } = walkClock(receivedAt, input.responseDays * DAY_MS, pauses);

  if (answeredAt) {
    return { state: answeredAt <= dueAt ? "met" : "breached", dueAt, remainingMs: 0, pausedMs };
  }
  if (now > dueAt) return { state: "breached", dueAt, remainingMs: 0, pausedMs };
  const waiting = input.pauses.some((p) => p.from <= now && (p.to === null || p.to > now));
  // An open pause is cut at `now`, so dueAt is already "if the clock started again now".
  return { state: waiting ? "paused" : "due", dueAt, remainingMs: dueAt.getTime() - now.getTime(), pausedMs };
}

interface Interval {
  from: number;
  to: number;
}

/** Pauses cut to [receivedAt, until] (an open one ends at `until`), sorted, overlaps joined. */
function mergedPauses(pauses: readonly SlaPause[], receivedAt: Date, until: Date): Interval[] {
  const start = receivedAt.getTime();
  const end = until.getTime();
  const cut = pauses
    .map((p) => ({ from: Math.max(p.from.getTime(), start), to: Math.min(p.to?.getTime() ?? end, end) }))
    .filter((p) => p.to > p.from)
    .sort((a, b) => a.from - b.from);
  const merged: Interval[] = [];
  for (const p of cut) {
    const last = merged[merged.length - 1];
    if (last && p.from <= last.to) last.to = Math.max(last.to, p.to);
    else merged.push({ ...p });
  }
  return merged;
}

/**
 * The moment the clock reaches `budget`, standing still during the pauses. A pause that starts
 * after the clock ran out does not count: waiting for the enquirer cannot undo a breach.
 */
function walkClock(receivedAt: Date, budget: number, pauses: Interval[]): { dueAt: Date; pausedMs: number } {
  let running = receivedAt.getTime();
  let remaining = budget;
  let pausedMs = 0;
  for (const pause of pauses) {
    if (pause.from >= running + remaining) break;
    remaining -= pause.from - running;
    pausedMs += pause.to - pause.from;
    running = pause.to;
  }
  return { dueAt: new Date(running + remaining), pausedMs };
}
