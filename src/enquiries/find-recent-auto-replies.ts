/**
 * When automatic replies went from an office to an address within the rate limit's window: what
 * `shouldAutoReply` counts so that two robots answering each other stop after a few messages.
 */
import { and, eq, gt, ne, sql } from "drizzle-orm";
import type { Tx } from "../db/database.ts";
import { enquiryMessages } from "../db/schema.ts";
import { DEFAULT_AUTO_REPLY_LIMIT } from "./should-auto-reply.ts";

/** The start of the rate limit's window that ends `now`. */
export function autoReplyWindowStart(now: Date): Date {
  return new Date(now.getTime() - DEFAULT_AUTO_REPLY_LIMIT.windowMs);
}

/** @example await findRecentAutoReplies(tx, office.id, "robot@example.org", now) // → [Date, Date] */
export async function findRecentAutoReplies(
  tx: Tx,
  officeId: string,
  address: string,
  now: Date,
): Promise<Date[]> {
  const rows = await tx
    .select({ createdAt: enquiryMessages.createdAt })
    .from(enquiryMessages)
    .where(
      and(
        eq(enquiryMessages.officeId, officeId),
        eq(enquiryMessages.direction, "out"),
        eq(enquiryMessages.automatic, true),
        ne(enquiryMessages.status, "suppressed"),
        gt(enquiryMessages.createdAt, autoReplyWindowStart(now)),
        sql`${address} = any(${enquiryMessages.toAddresses})`,
      ),
    );
  return rows.map((row) => row.createdAt);
}
