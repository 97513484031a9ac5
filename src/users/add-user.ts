import { eq } from "drizzle-orm";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { memberships, users } from "../db/schema.ts";
import { findOfficeByCode } from "../offices/find-office.ts";
import { AppError } from "../shared/errors.ts";
import { validate } from "../shared/validate.ts";
import { type Actor, assertAdministrator } from "./actor.ts";
import { hashPassword } from "./password.ts";
import { type AddUserInput, ZAddUser } from "./user.schema.ts";

export interface AddedUser {
  id: string;
  email: string;
  displayName: string;
}

export async function addUser(db: Db, actor: Actor, input: AddUserInput): Promise<AddedUser> {
  assertAdministrator(actor);
  const data = validate(ZAddUser, input);
  const passwordHash = await hashPassword(data.password);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, data.email));
    if (existing)
      throw new AppError("conflict", `email: a user with ${data.email} already exists`, { field: "email" });
    const officeRoles = [];
    for (const [i, m] of data.memberships.entries()) {
      const office = await findOfficeByCode(tx, m.officeCode, `memberships.${i}.officeCode`);
      officeRoles.push({ officeId: office.id, role: m.role });
    }
    const [user] = await tx
      .insert(users)
      .values({ email: data.email, displayName: data.displayName, passwordHash, locale: data.locale })
      .returning({ id: users.id, email: users.email, displayName: users.displayName });
    if (!user) throw new AppError("internal", "user not created");
    await tx
      .insert(memberships)
      .values(officeRoles.map((m) => ({ ...m, userId: user.id })))
      .onConflictDoNothing();
    await recordAuditEvent(tx, actor, {
      action: "user.added",
      entityType: "user",
      entityId: user.id,
      after: { ...user, memberships: officeRoles },
    });
    return user;
  });
}
