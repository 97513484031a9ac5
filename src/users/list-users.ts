import { asc, eq } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { memberships, offices, users } from "../db/schema.ts";
import { type Actor, assertAdministrator, type Role } from "./actor.ts";

export interface UserSummary {
  id: string;
  email: string;
  displayName: string;
  locale: string;
  active: boolean;
  memberships: { officeCode: string; role: Role }[];
}

/** Every user with their office roles, for administrators; ordered by email. */
export async function listUsers(db: Executor, actor: Actor): Promise<UserSummary[]> {
  assertAdministrator(actor);
  const rows = await db
    .select({ user: users, officeCode: offices.code, role: memberships.role })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(offices, eq(offices.id, memberships.officeId))
    .orderBy(asc(users.email), asc(offices.code), asc(memberships.role));
  const byId = new Map<string, UserSummary>();
  for (const { user, officeCode, role } of rows) {
    let summary = byId.get(user.id);
    if (!summary) {
      summary = {
        id: user.id,
        email: user.email,
        displayName: user.displayName,
        locale: user.locale,
        active: user.active,
        memberships: [],
      };
      byId.set(user.id, summary);
    }
    if (officeCode && role) summary.memberships.push({ officeCode, role: role as Role });
  }
  return [...byId.values()];
}
