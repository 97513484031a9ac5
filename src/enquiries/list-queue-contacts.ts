/**
 * The addresses administrators have set for the queues of seed 001's table: for every office
 * (no office) or for one office, for the page where they are kept.
 */
import { asc, eq, isNull } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { enquiryQueueContacts } from "../db/schema.ts";

/** @example await listQueueContacts(db, null) // [{ queue: "case-management-branch", email: "…", updatedAt }] */
export async function listQueueContacts(
  db: Executor,
  officeId: string | null,
): Promise<{ queue: string; email: string; updatedAt: Date }[]> {
  return db
    .select({
      queue: enquiryQueueContacts.queue,
      email: enquiryQueueContacts.email,
      updatedAt: enquiryQueueContacts.updatedAt,
    })
    .from(enquiryQueueContacts)
    .where(officeId ? eq(enquiryQueueContacts.officeId, officeId) : isNull(enquiryQueueContacts.officeId))
    .orderBy(asc(enquiryQueueContacts.queue));
}
