/**
 * Which of the Message-IDs that undelivered notices return are those of replies the office sent on
 * enquiries, for a whole batch of notices in one query. Most notices in an office's mailbox are
 * about other mail; only those that name an enquiry reply need `markEnquiryReplyUndelivered`, with
 * its lock. Compared without case (ours are written in lower case; only a relay rewriting them
 * could change that), through migration 0016's index on `lower(message_id)`.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "../db/database.ts";
import { enquiryMessages } from "../db/schema.ts";

/** The form a returned Message-ID is compared in: trimmed, in angle brackets, lower case. */
export function enquiryReplyKey(messageId: string): string {
  const trimmed = messageId.trim();
  return (trimmed.startsWith("<") ? trimmed : `<${trimmed}>`).toLowerCase();
}

/**
 * @example await findEnquiryReplies(tx, ["<enquiry.1b2c…@ott.example>", "<other@elsewhere.example>"])
 *   // → Set { "<enquiry.1b2c…@ott.example>" }
 */
export async function findEnquiryReplies(tx: Tx, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const lowered = sql<string>`lower(${enquiryMessages.messageId})`;
  const rows = await tx
    .selectDistinct({ key: lowered })
    .from(enquiryMessages)
    .where(and(eq(enquiryMessages.direction, "out"), inArray(lowered, [...new Set(keys)])));
  return new Set(rows.map((row) => row.key));
}
