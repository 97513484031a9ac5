import { and, eq, isNull } from "drizzle-orm";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { clients, contactDetails } from "../db/schema.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import { type AddContactDetailInput, ZAddContactDetail } from "./client.schema.ts";
import { findVisibleClient } from "./find-visible-client.ts";

/**
 * Records a new email or postal address. The previous one of the same kind is kept, marked as
 * superseded at this moment, so the history can later prove which address was current when.
 */
export async function addContactDetail(db: Db, actor: Actor, uci: string, input: AddContactDetailInput) {
  const data = validate(ZAddContactDetail, input);
  return db.transaction(async (tx) => {
    const client = await findVisibleClient(tx, actor, uci);
    await tx.select({ id: clients.id }).from(clients).where(eq(clients.id, client.id)).for("update");
    const now = new Date();
    const superseded = await tx
      .update(contactDetails)
      .set({ supersededAt: now })
      .where(
        and(
          eq(contactDetails.clientId, client.id),
          eq(contactDetails.kind, data.kind),
          isNull(contactDetails.supersededAt),
        ),
      )
      .returning();
    const [added] = await tx
      .insert(contactDetails)
      .values({
        clientId: client.id,
        kind: data.kind,
        value: data.value,
        consentSource: data.kind === "email" ? data.consentSource : null,
        recordedAt: now,
        recordedBy: actor.userId,
      })
      .returning();
    await recordAuditEvent(tx, actor, {
      action: `client.${data.kind}-changed`,
      entityType: "client",
      entityId: client.id,
      officeId: client.officeId,
      before: superseded[0] ?? null,
      after: added,
    });
    return added!;
  });
}
