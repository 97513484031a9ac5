import { inArray, sql } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { caughtMail, offices } from "../db/schema.ts";
import { type Actor, officeIdsOf } from "../users/actor.ts";

/**
 * Caught mail holds what offices sent to clients, so a user sees only the mail sent from the
 * mailboxes of the offices they work in (the envelope sender is the office's generic mailbox).
 */
export async function caughtMailVisibleTo(db: Executor, actor: Actor) {
  if (actor.userId === null) return sql`true`;
  const officeIds = officeIdsOf(actor);
  if (officeIds.length === 0) return sql`false`;
  const rows = await db
    .select({ mailbox: offices.mailboxEmail, manager: offices.managerEmail })
    .from(offices)
    .where(inArray(offices.id, officeIds));
  const mailboxes = rows.flatMap((r) => [r.mailbox, r.manager]).filter((m): m is string => Boolean(m));
  return inArray(
    sql`lower(${caughtMail.envelopeFrom})`,
    mailboxes.map((m) => m.toLowerCase()),
  );
}
