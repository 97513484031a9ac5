import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { representatives } from "../db/schema.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import { type AddRepresentativeInput, ZAddRepresentative } from "./application.schema.ts";
import { findVisibleApplication } from "./find-visible-application.ts";

/** Records an IMM 5476 "Use of a Representative" form on an application. */
export async function addRepresentative(
  db: Db,
  actor: Actor,
  fileNumber: string,
  input: AddRepresentativeInput,
) {
  const data = validate(ZAddRepresentative, input);
  return db.transaction(async (tx) => {
    const application = await findVisibleApplication(tx, actor, fileNumber);
    const [representative] = await tx
      .insert(representatives)
      .values({ ...data, applicationId: application.id })
      .returning();
    await recordAuditEvent(tx, actor, {
      action: "representative.added",
      entityType: "application",
      entityId: application.id,
      officeId: application.officeId,
      after: representative,
    });
    return representative!;
  });
}
