/**
 * The address a queue of seed 001's table is written to, for an office: the office's own row in
 * `enquiry_queue_contacts`, else the row for every office (the Case Management Branch has one
 * national address). Null when neither exists: the escalation then reaches its queue through the
 * activity alone. The office's own mailboxes are never used as a forwarding address: the program
 * managers work in Dossier and read the thread there, and mail from the office to its own
 * mailbox would come back in as a new enquiry or manager mail.
 */
import { and, eq, isNull, or, sql } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { enquiryQueueContacts, type offices } from "../db/schema.ts";
import type { EnquiryQueue } from "./enquiry.schema.ts";

export interface QueueContact {
  email: string;
  /** Where the address came from, for the audit trail. */
  source: "office" | "every-office";
}

/** @example await findQueueContact(tx, office, "case-management-branch") // { email: "…", source: "every-office" } or null */
export async function findQueueContact(
  db: Executor,
  office: Pick<typeof offices.$inferSelect, "id">,
  queue: EnquiryQueue,
): Promise<QueueContact | null> {
  const [row] = await db
    .select({ email: enquiryQueueContacts.email, officeId: enquiryQueueContacts.officeId })
    .from(enquiryQueueContacts)
    .where(
      and(
        eq(enquiryQueueContacts.queue, queue),
        or(eq(enquiryQueueContacts.officeId, office.id), isNull(enquiryQueueContacts.officeId)),
      ),
    )
    // The office's own address comes before the one for every office.
    .orderBy(sql`${enquiryQueueContacts.officeId} is null`)
    .limit(1);
  if (!row) return null;
  return { email: row.email.trim().toLowerCase(), source: row.officeId ? "office" : "every-office" };
}
