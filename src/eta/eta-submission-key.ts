import { createHash } from "node:crypto";
import { canonicalJson } from "../audit/hash-audit-event.ts";

/**
 * What makes two submissions the same application: the same passport, the same answers and the
 * same application day. A form sent twice (a double click, a retried batch) is stored once and the
 * second sender gets the first one's file number.
 */
export function etaSubmissionKey(application: {
  passport: { country: string; number: string };
  answers: Record<string, unknown>;
  submittedOn: string;
}): string {
  const text = [
    application.passport.country,
    application.passport.number,
    application.submittedOn,
    canonicalJson(application.answers),
  ].join("\n");
  return createHash("sha256").update(text).digest("hex");
}
