import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { findVisibleClient } from "../clients/find-visible-client.ts";
import type { Db } from "../db/database.ts";
import { infoAlerts } from "../db/schema.ts";
import { zIsoDate, zLine, zText } from "../shared/schemas.ts";
import { validate } from "../shared/validate.ts";
import { type Actor, canWorkInOffice, officeIdsOf } from "../users/actor.ts";

export const ZAddInfoAlert = z
  .object({
    type: zLine(120),
    validFrom: zIsoDate,
    validTo: zIsoDate.optional(),
    details: zText(2000).optional(),
  })
  .refine((a) => !a.validTo || a.validTo >= a.validFrom, {
    message: "must not be before validFrom",
    path: ["validTo"],
  });

/** Flags a client, e.g. an "eTA Revalidation" info-alert valid as long as the eTA. */
export async function addInfoAlert(db: Db, actor: Actor, uci: string, input: z.input<typeof ZAddInfoAlert>) {
  const data = validate(ZAddInfoAlert, input);
  return db.transaction(async (tx) => {
    const client = await findVisibleClient(tx, actor, uci);
    const [alert] = await tx
      .insert(infoAlerts)
      .values({ ...data, clientId: client.id, createdBy: actor.userId })
      .returning();
    await recordAuditEvent(tx, actor, {
      action: "info-alert.added",
      entityType: "client",
      entityId: client.id,
      officeId: canWorkInOffice(actor, client.officeId) ? client.officeId : (officeIdsOf(actor)[0] ?? null),
      after: alert,
    });
    return alert!;
  });
}
