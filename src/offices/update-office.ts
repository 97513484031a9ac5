import { eq } from "drizzle-orm";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { offices } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import { validate } from "../shared/validate.ts";
import { type Actor, assertAdministrator } from "../users/actor.ts";
import type { Office } from "./create-office.ts";
import { type UpdateOfficeInput, ZUpdateOffice } from "./office.schema.ts";

export async function updateOffice(
  db: Db,
  actor: Actor,
  code: string,
  input: UpdateOfficeInput,
): Promise<Office> {
  assertAdministrator(actor);
  const data = validate(ZUpdateOffice, input);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(offices).where(eq(offices.code, code)).for("update");
    if (!before)
      throw new AppError("not_found", `office: no office has the code ${code}`, { field: "office" });
    const [after] = await tx.update(offices).set(data).where(eq(offices.id, before.id)).returning();
    if (!after) throw new AppError("internal", "office not updated");
    await recordAuditEvent(tx, actor, {
      action: "office.updated",
      entityType: "office",
      entityId: after.id,
      officeId: after.id,
      before,
      after,
    });
    return after;
  });
}
