import { eq } from "drizzle-orm";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { applications } from "../db/schema.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import { ZChangeApplicationStatus } from "./application.schema.ts";
import type { Application } from "./create-application.ts";
import { findVisibleApplication } from "./find-visible-application.ts";

export async function changeApplicationStatus(
  db: Db,
  actor: Actor,
  fileNumber: string,
  input: unknown,
): Promise<Application> {
  const data = validate(ZChangeApplicationStatus, input);
  return db.transaction(async (tx) => {
    const before = await findVisibleApplication(tx, actor, fileNumber);
    const [after] = await tx
      .update(applications)
      .set({ status: data.status, statusReason: data.reason ?? null })
      .where(eq(applications.id, before.id))
      .returning();
    await recordAuditEvent(tx, actor, {
      action: "application.status-changed",
      entityType: "application",
      entityId: before.id,
      officeId: before.officeId,
      before: { status: before.status, statusReason: before.statusReason },
      after: { status: after!.status, statusReason: after!.statusReason },
    });
    return after!;
  });
}
