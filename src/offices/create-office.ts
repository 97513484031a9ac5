import { eq, or } from "drizzle-orm";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { offices } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import { validate } from "../shared/validate.ts";
import { type Actor, assertAdministrator } from "../users/actor.ts";
import { type CreateOfficeInput, ZCreateOffice } from "./office.schema.ts";

export type Office = typeof offices.$inferSelect;

export async function createOffice(db: Db, actor: Actor, input: CreateOfficeInput): Promise<Office> {
  assertAdministrator(actor);
  const data = validate(ZCreateOffice, input);
  return db.transaction(async (tx) => {
    const [clash] = await tx
      .select({ code: offices.code, mailboxEmail: offices.mailboxEmail })
      .from(offices)
      .where(or(eq(offices.code, data.code), eq(offices.mailboxEmail, data.mailboxEmail)));
    if (clash) {
      const field = clash.code === data.code ? "code" : "mailboxEmail";
      throw new AppError("conflict", `${field}: another office already uses ${data[field]}`, { field });
    }
    const [office] = await tx.insert(offices).values(data).returning();
    if (!office) throw new AppError("internal", "office not created");
    await recordAuditEvent(tx, actor, {
      action: "office.created",
      entityType: "office",
      entityId: office.id,
      officeId: office.id,
      after: office,
    });
    return office;
  });
}
