import { eq } from "drizzle-orm";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { applications, etaApplications } from "../db/schema.ts";
import { insertNote } from "../notes/insert-note.ts";
import { AppError } from "../shared/errors.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import { type CancelEtaInput, ZCancelEta } from "./eta.schema.ts";
import { type EtaResult, etaResult } from "./eta-result.ts";
import { etaStateOn } from "./eta-validity.ts";
import { findVisibleEtaApplication } from "./get-eta-application.ts";
import { utcDay } from "./submit-eta-applications.ts";

const END_WORDS: Record<string, { en: string; fr: string }> = {
  superseded: { en: "a later eTA replaced it", fr: "une AVE plus récente l'a remplacée" },
  cancelled: { en: "it was already cancelled", fr: "elle a déjà été annulée" },
  "passport-expired": { en: "its passport has expired", fr: "son passeport est expiré" },
  "five-years-elapsed": { en: "its five years have elapsed", fr: "ses cinq ans sont écoulés" },
};

/**
 * Cancels an eTA in force (R12.06), with the ground and the officer's reasons, which are also kept
 * as a note on the file (seed 004: notes whether the officer cancels or not). The eTA ends today.
 */
export async function cancelEta(
  db: Db,
  actor: Actor,
  fileNumber: string,
  input: CancelEtaInput,
  options: { now?: Date } = {},
): Promise<EtaResult> {
  const data = validate(ZCancelEta, input);
  const today = utcDay(options.now ?? new Date());
  return db.transaction(async (tx) => {
    const { application, eta, uci } = await findVisibleEtaApplication(tx, actor, fileNumber);
    // Row lock: two officers cancelling at once, or a new issue superseding it, wait for each other.
    await tx
      .select()
      .from(etaApplications)
      .where(eq(etaApplications.applicationId, eta.applicationId))
      .for("update");
    if (eta.status !== "approved" || !eta.validUntil) {
      throw new AppError(
        "invalid_state",
        `fileNumber: ${application.fileNumber} has no eTA to cancel (its status is ${eta.status})`,
        {
          field: "fileNumber",
          messageFr: `fileNumber : le dossier ${application.fileNumber} n'a pas d'AVE à annuler (statut : ${eta.status})`,
        },
      );
    }
    const state = etaStateOn({ ...eta, validUntil: eta.validUntil }, today);
    if (!state.active) {
      const words = END_WORDS[state.endReason]!;
      throw new AppError(
        "invalid_state",
        `fileNumber: the eTA of ${application.fileNumber} is not in force (${words.en}); only an eTA in force can be cancelled`,
        {
          field: "fileNumber",
          messageFr: `fileNumber : l'AVE du dossier ${application.fileNumber} n'est pas en vigueur (${words.fr}); seule une AVE en vigueur peut être annulée`,
        },
      );
    }
    const [updated] = await tx
      .update(etaApplications)
      .set({
        status: "cancelled",
        endedOn: today,
        endReason: "cancelled",
        cancellationGround: data.ground,
        cancellationReason: data.reason,
        cancelledBy: actor.userId,
      })
      .where(eq(etaApplications.applicationId, eta.applicationId))
      .returning();
    await tx
      .update(applications)
      .set({ status: "cancelled", statusReason: `eTA cancelled under ${data.ground}` })
      .where(eq(applications.id, application.id));
    await insertNote(
      tx,
      actor,
      { clientId: application.clientId, applicationId: application.id, officeId: application.officeId },
      `eTA cancelled (${data.ground}). ${data.reason}`,
    );
    await recordAuditEvent(tx, actor, {
      action: "eta.cancelled",
      entityType: "application",
      entityId: application.id,
      officeId: application.officeId,
      before: { status: eta.status, endedOn: eta.endedOn },
      after: { status: "cancelled", endedOn: today, ground: data.ground, reason: data.reason },
    });
    return etaResult(updated!, { fileNumber: application.fileNumber, uci }, today);
  });
}
