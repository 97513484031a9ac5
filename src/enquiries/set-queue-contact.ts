/**
 * An administrator records where a queue of seed 001's table is written to: the address an
 * escalated enquiry's thread is forwarded to (`find-queue-contact.ts`). Without an office, the
 * address holds for every office (the Case Management Branch publishes one address); with one, it
 * holds for that office only and comes first. An empty address removes the row.
 */
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { enquiryQueueContacts } from "../db/schema.ts";
import { findOfficeByCode } from "../offices/find-office.ts";
import { AppError } from "../shared/errors.ts";
import { zEmail, zOfficeCode } from "../shared/schemas.ts";
import { validate } from "../shared/validate.ts";
import { type Actor, assertAdministrator, hasRole } from "../users/actor.ts";
import { ENQUIRY_QUEUES } from "./enquiry.schema.ts";

/** The office's own enquiries queue is its mailbox; it has no other address to forward to. */
const FORWARDING_QUEUES = ENQUIRY_QUEUES.filter((q) => q !== "office-enquiries") as [string, ...string[]];

export const ZSetQueueContact = z.object({
  queue: z.enum(FORWARDING_QUEUES, { message: `must be one of ${FORWARDING_QUEUES.join(", ")}` }),
  /** Omitted: the address for every office. */
  officeCode: zOfficeCode.optional(),
  /** Null removes the address. */
  email: zEmail.nullable(),
});
export type SetQueueContactInput = z.input<typeof ZSetQueueContact>;

/**
 * @example await setQueueContact(db, admin, { queue: "case-management-branch", email: "cmb@…" })
 *   // every office's case-specific escalations are forwarded there
 */
export async function setQueueContact(
  db: Db,
  actor: Actor,
  input: SetQueueContactInput,
): Promise<{ queue: string; officeId: string | null; email: string | null }> {
  assertAdministrator(actor);
  const data = validate(ZSetQueueContact, input);
  return db.transaction(async (tx) => {
    const office = data.officeCode ? await findOfficeByCode(tx, data.officeCode) : null;
    if (office && actor.userId !== null && !hasRole(actor, "administrator", office.id)) {
      throw new AppError("forbidden", `Only an administrator of ${office.code} can set its addresses.`, {
        messageFr: `Seul un administrateur de ${office.code} peut fixer ses adresses.`,
      });
    }
    const where = and(
      eq(enquiryQueueContacts.queue, data.queue),
      office ? eq(enquiryQueueContacts.officeId, office.id) : isNull(enquiryQueueContacts.officeId),
    );
    const [before] = await tx.select().from(enquiryQueueContacts).where(where).for("update");
    if (before) await tx.delete(enquiryQueueContacts).where(eq(enquiryQueueContacts.id, before.id));
    const email = data.email ? data.email.trim().toLowerCase() : null;
    if (email) {
      await tx.insert(enquiryQueueContacts).values({
        officeId: office?.id ?? null,
        queue: data.queue,
        email,
        updatedBy: actor.userId,
      });
    }
    await recordAuditEvent(tx, actor, {
      action: "enquiry-queue-contact.set",
      entityType: "enquiry_queue_contact",
      entityId: `${data.queue}:${office?.code ?? "*"}`,
      officeId: office?.id ?? null,
      before: before ? { email: before.email } : null,
      after: { email },
    });
    return { queue: data.queue, officeId: office?.id ?? null, email };
  });
}
