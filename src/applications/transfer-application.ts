/**
 * A major file transfer: the application moves to another office for processing (seed 000, "File
 * transfers": "such as from an inland case processing centre to a visa office overseas"). The
 * applicant is notified at once with the file transfer notice, queued in the same transaction as
 * the move, so there is never a transferred file without its notice. A move between queues inside
 * one office (triage) is not a transfer: the seed says the notice "does not apply to file transfers
 * related to triaging", and it is refused here.
 */
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { OPEN_STATUSES } from "../activities/activity.schema.ts";
import { recordAuditEvents } from "../audit/record-audit-event.ts";
import { insertLetter, type QueuedLetter } from "../correspondence/queue-letter.ts";
import type { Db } from "../db/database.ts";
import { activities, applications, clients, offices } from "../db/schema.ts";
import { findOfficeByCode } from "../offices/find-office.ts";
import { AppError } from "../shared/errors.ts";
import { zOfficeCode, zText } from "../shared/schemas.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import type { Application } from "./create-application.ts";
import { findVisibleApplication } from "./find-visible-application.ts";

export const ZTransferApplication = z.object({
  // Codes are written in capitals; "lon" typed in a form means LON.
  toOfficeCode: z.preprocess(
    (value) => (typeof value === "string" ? value.toUpperCase() : value),
    zOfficeCode,
  ),
  /** Why the file moves (e.g. "Interview needed at the visa office"): kept in the audit trail. */
  reason: zText(2_000),
});
export type TransferApplicationInput = z.input<typeof ZTransferApplication>;

export interface TransferredApplication {
  application: Application;
  /** The file transfer notice, queued to the recipient on file (email or paper). */
  notice: QueuedLetter;
  /** Open activities on the file, moved to the new office's queue. */
  movedActivityIds: string[];
}

/**
 * @example await transferApplication(db, officer, "V000012345", { toOfficeCode: "LON",
 *   reason: "Interview needed at the visa office in London" })
 *   // → { application: { officeId: <LON> }, notice: { correspondence: { templateId: "file-transfer", status: "generate" } } }
 *
 * Refused: an unknown office (`invalid_input`, field `toOfficeCode`), the office that already
 * holds the file (triage), and a file with no address to notify (`invalid_state`, nothing moved).
 */
export async function transferApplication(
  db: Db,
  actor: Actor,
  fileNumber: string,
  input: TransferApplicationInput,
): Promise<TransferredApplication> {
  const data = validate(ZTransferApplication, input);
  return db.transaction(async (tx) => {
    const visible = await findVisibleApplication(tx, actor, fileNumber);
    // Locked, so two officers transferring the same file at once do not both send a notice.
    const [before] = await tx
      .select()
      .from(applications)
      .where(eq(applications.id, visible.id))
      .for("update");
    if (!before) throw new AppError("not_found", `fileNumber: no application ${fileNumber} in your offices`);
    const [fromOffice] = await tx.select().from(offices).where(eq(offices.id, before.officeId));
    if (!fromOffice) throw new AppError("internal", "the application's office is missing");
    const toOffice = await findOfficeByCode(tx, data.toOfficeCode, "toOfficeCode");
    if (toOffice.id === fromOffice.id) {
      throw new AppError(
        "invalid_input",
        `toOfficeCode: the file is already held by ${fromOffice.code}; a move within an office (triage) is not a transfer and sends no notice`,
        {
          field: "toOfficeCode",
          messageFr: `toOfficeCode : le dossier est déjà au bureau ${fromOffice.code} ; un déplacement au sein d’un bureau (triage) n’est pas un transfert et n’entraîne aucun avis`,
        },
      );
    }
    const [client] = await tx.select().from(clients).where(eq(clients.id, before.clientId));
    if (!client) throw new AppError("internal", "the application's client is missing");

    const [after] = await tx
      .update(applications)
      .set({ officeId: toOffice.id })
      .where(eq(applications.id, before.id))
      .returning();
    if (!after) throw new AppError("internal", "application not transferred");

    // The office the file leaves signs the notice ("Previous office: …"); the work it creates (a
    // paper letter to mail) goes to the office that now holds the file.
    const notice = await insertLetter(tx, actor, {
      application: after,
      office: fromOffice,
      client,
      templateId: "file-transfer",
      values: { toOffice: { nameEn: toOffice.nameEn, nameFr: toOffice.nameFr } },
      today: new Date(),
    });

    // The old office can no longer open the file, so its open work on it would be stranded there.
    const now = new Date();
    const moved = await tx
      .update(activities)
      .set({ officeId: toOffice.id, assigneeUserId: null, status: "review-required", updatedAt: now })
      .where(
        and(
          eq(activities.applicationId, before.id),
          eq(activities.officeId, fromOffice.id),
          inArray(activities.status, OPEN_STATUSES),
        ),
      )
      .returning({ id: activities.id });

    await recordAuditEvents(tx, actor, [
      {
        action: "application.transferred",
        entityType: "application",
        entityId: before.id,
        officeId: toOffice.id,
        before: { officeId: fromOffice.id, officeCode: fromOffice.code },
        after: {
          officeId: toOffice.id,
          officeCode: toOffice.code,
          reason: data.reason,
          noticeCorrespondenceId: notice.correspondence.id,
        },
      },
      ...moved.map((activity) => ({
        action: "activity.transferred",
        entityType: "activity",
        entityId: activity.id,
        officeId: toOffice.id,
        before: { officeId: fromOffice.id },
        after: { officeId: toOffice.id, assigneeUserId: null, status: "review-required" },
      })),
    ]);
    return { application: after, notice, movedActivityIds: moved.map((a) => a.id) };
  });
}
