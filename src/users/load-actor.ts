import { and, eq } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { memberships, offices, users } from "../db/schema.ts";
import type { Actor, Role } from "./actor.ts";

/** The actor for an active user, with every office role they hold; null when absent or inactive. */
export async function loadActor(db: Executor, userId: string): Promise<Actor | null> {
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), eq(users.active, true)));
  if (!user) return null;
  const rows = await db
    .select({ officeId: memberships.officeId, officeCode: offices.code, role: memberships.role })
    .from(memberships)
    .innerJoin(offices, eq(offices.id, memberships.officeId))
    .where(eq(memberships.userId, userId));
  return {
    userId: user.id,
    label: `${user.displayName} <${user.email}>`,
    locale: user.locale === "fr" ? "fr" : "en",
    memberships: rows.map((row) => ({ ...row, role: row.role as Role })),
  };
}
