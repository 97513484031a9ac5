/**
 * What follows a temporary SMTP failure (a 4xx answer, a lost connection) of an outgoing message,
 * a letter or a reply on an enquiry alike: another attempt after an exponential back-off, or, once
 * the message has waited longer than the policy allows, `undelivered` with the last answer kept.
 * A row another dispatcher has recorded meanwhile (a copy sent after a lease ran out) is left as it is.
 */

export interface RetryPolicy {
  /** After this long since queueing, a temporary failure becomes `undelivered`. */
  giveUpAfterMs: number;
  /** Wait before the first retry; doubled on each further one. */
  retryBaseMs: number;
  /** Longest wait between two attempts. */
  retryMaxMs: number;
}

export type SendRetryDecision =
  | { kind: "already-recorded" }
  | { kind: "give-up"; reason: string }
  | { kind: "retry"; waitMs: number; reason: string };

const HOUR = 3_600_000;

/**
 * @example decideSendRetry({ status: "sending", ageMs: 60_000, attempts: 2, reason: "451 try later" }, policy)
 *   // → { kind: "retry", waitMs: 120000, reason: "Attempt 2 failed, will retry: 451 try later" }
 */
export function decideSendRetry(
  row: { status: string | undefined; ageMs: number; attempts: number; reason: string },
  policy: RetryPolicy,
): SendRetryDecision {
  if (row.status !== "sending") return { kind: "already-recorded" };
  if (row.ageMs >= policy.giveUpAfterMs) {
    const hours = Math.round(policy.giveUpAfterMs / HOUR);
    return {
      kind: "give-up",
      reason: `Not delivered within ${hours} h after ${row.attempts} attempts; last answer: ${row.reason}`,
    };
  }
  return {
    kind: "retry",
    waitMs: retryDelayMs(row.attempts, policy.retryBaseMs, policy.retryMaxMs),
    reason: `Attempt ${row.attempts} failed, will retry: ${row.reason}`,
  };
}

/** Exponential back-off: base, 2×base, 4×base, … capped at `max`. */
export function retryDelayMs(attempt: number, base: number, max: number): number {
  return Math.min(max, base * 2 ** Math.max(0, attempt - 1));
}
