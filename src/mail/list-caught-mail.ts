import { desc } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { caughtMail } from "../db/schema.ts";
import type { Actor } from "../users/actor.ts";
import { caughtMailVisibleTo } from "./caught-mail-access.ts";

export interface CaughtMailSummary {
  id: string;
  subject: string | null;
  envelopeFrom: string | null;
  envelopeTo: string[];
  receivedAt: Date;
  size: number;
}

/** The latest mail caught by the demo mail catcher that the actor may read, newest first (at most 500). */
export async function listCaughtMail(
  db: Executor,
  actor: Actor,
  options: { limit?: number } = {},
): Promise<CaughtMailSummary[]> {
  const limit = Math.min(500, Math.max(1, Math.trunc(options.limit ?? 50)));
  return db
    .select({
      id: caughtMail.id,
      subject: caughtMail.subject,
      envelopeFrom: caughtMail.envelopeFrom,
      envelopeTo: caughtMail.envelopeTo,
      receivedAt: caughtMail.receivedAt,
      size: caughtMail.size,
    })
    .from(caughtMail)
    .where(await caughtMailVisibleTo(db, actor))
    .orderBy(desc(caughtMail.receivedAt), desc(caughtMail.id))
    .limit(limit);
}
