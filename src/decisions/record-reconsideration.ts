/**
 * Records a request to reconsider a decision or reactivate a file (seed 000: "the applicant may
 * request a reconsideration or reactivation of their file"), received by the web form, as an
 * enquiry, or by hand: who asked, when, how, the grounds and the documents. For a claim that the
 * request was never received, the facts are assembled at once and kept with the record, so a court
 * can see what the decision maker had before them. An activity asks a decision maker to decide.
 */
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { insertActivity } from "../activities/create-activity.ts";
import { findVisibleApplication } from "../applications/find-visible-application.ts";
import { recordAuditEvents } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { decisions, edocs, enquiries, offices, reconsiderationRequests } from "../db/schema.ts";
import { insertNote } from "../notes/insert-note.ts";
import { todayIn } from "../shared/dates.ts";
import { AppError } from "../shared/errors.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import type { NonReceiptFacts } from "./assess-non-receipt.ts";
import { type RecordReconsiderationInput, ZRecordReconsideration } from "./decision.schema.ts";
import { loadNonReceiptFacts } from "./load-non-receipt-facts.ts";

export const RECONSIDERATION_ACTIVITY = "Request for reconsideration";

export type ReconsiderationRequest = typeof reconsiderationRequests.$inferSelect;

/**
 * @example await recordReconsideration(db, officer, "C000000007", { requestedBy: "Amina Diallo (applicant)",
 *   receivedOn: "2026-05-10", channel: "by-hand", groundsKind: "non-receipt",
 *   grounds: "I never received the email asking for my documents.", documentEdocIds: [] })
 *   // → { reconsideration: { status: "received", … }, facts: { officeError: { kind: "superseded-address", … }, … } }
 *
 * Refused: `invalid_state` when the file has no decision to reconsider; `invalid_input` for a
 * receipt date in the future, an enquiry reference that is not the office's, an eDoc not on the file.
 */
export async function recordReconsideration(
  db: Db,
  actor: Actor,
  fileNumber: string,
  input: RecordReconsiderationInput,
): Promise<{ reconsideration: ReconsiderationRequest; facts: NonReceiptFacts | null }> {
  const data = validate(ZRecordReconsideration, input);
  return db.transaction(async (tx) => {
    const application = await findVisibleApplication(tx, actor, fileNumber);
    const [office] = await tx.select().from(offices).where(eq(offices.id, application.officeId));
    if (!office) throw new AppError("internal", "the application's office is missing");
    if (data.receivedOn > todayIn(office.timeZone)) {
      throw new AppError("invalid_input", "receivedOn: must not be in the future", { field: "receivedOn" });
    }
    const [decision] = await tx
      .select()
      .from(decisions)
      .where(and(eq(decisions.applicationId, application.id), isNull(decisions.setAsideAt)))
      .orderBy(desc(decisions.decidedAt))
      .limit(1);
    if (!decision || decision.outcome === "approved" || decision.outcome === "withdrawn") {
      throw new AppError("invalid_state", "This application has no refusal or abandonment to reconsider.", {
        messageFr: "Cette demande n’a aucun refus ni abandon à réexaminer.",
      });
    }

    let enquiryId: string | null = null;
    if (data.channel === "enquiry") {
      const reference = data.enquiryReference?.toUpperCase();
      const [enquiry] = reference
        ? await tx
            .select({ id: enquiries.id })
            .from(enquiries)
            .where(and(eq(enquiries.reference, reference), eq(enquiries.officeId, application.officeId)))
        : [];
      if (!enquiry) {
        throw new AppError(
          "invalid_input",
          "enquiryReference: give the reference of an enquiry received by this office (e.g. ENQ-2026-000123)",
          {
            field: "enquiryReference",
            messageFr:
              "enquiryReference : indiquez la référence d’une demande de renseignements reçue par ce bureau (p. ex. ENQ-2026-000123)",
          },
        );
      }
      enquiryId = enquiry.id;
    }
    if (data.documentEdocIds.length > 0) {
      const found = await tx
        .select({ id: edocs.id })
        .from(edocs)
        .where(and(inArray(edocs.id, data.documentEdocIds), eq(edocs.clientId, application.clientId)));
      const missing = data.documentEdocIds.find((id) => !found.some((f) => f.id === id));
      if (missing) {
        throw new AppError(
          "invalid_input",
          `documentEdocIds: ${missing} is not an eDoc on this client's file`,
          {
            field: "documentEdocIds",
            messageFr: `documentEdocIds : ${missing} n’est pas un eDoc du dossier de ce client`,
          },
        );
      }
    }

    const facts =
      data.groundsKind === "non-receipt"
        ? await loadNonReceiptFacts(tx, {
            application,
            timeZone: office.timeZone,
            requestCorrespondenceId: decision.requestCorrespondenceId,
          })
        : null;

    const [row] = await tx
      .insert(reconsiderationRequests)
      .values({
        applicationId: application.id,
        officeId: application.officeId,
        decisionId: decision.id,
        requestedBy: data.requestedBy,
        receivedOn: data.receivedOn,
        channel: data.channel,
        enquiryId,
        groundsKind: data.groundsKind,
        grounds: data.grounds,
        documentEdocIds: data.documentEdocIds,
        facts,
        status: "received",
        recordedBy: actor.userId,
      })
      .returning();
    if (!row) throw new AppError("internal", "reconsideration not recorded");

    const fr = actor.locale === "fr";
    const body = [
      fr
        ? `Demande de réexamen reçue le ${data.receivedOn} de ${data.requestedBy} (${data.channel}), au sujet de la décision ${decision.id}. Réexamen ${row.id}.`
        : `Request for reconsideration received on ${data.receivedOn} from ${data.requestedBy} (${data.channel}), about decision ${decision.id}. Reconsideration ${row.id}.`,
      `${fr ? "Motifs :" : "Grounds:"}\n${data.grounds}`,
      data.documentEdocIds.length > 0 ? `eDocs: ${data.documentEdocIds.join(", ")}` : "",
      facts
        ? `${fr ? "Faits :" : "Facts:"}\n${facts.findings.map((f) => `- ${fr ? f.fr : f.en}`).join("\n")}`
        : "",
    ]
      .filter(Boolean)
      .join("\n\n");
    const note = await insertNote(
      tx,
      actor,
      { clientId: application.clientId, applicationId: application.id, officeId: application.officeId },
      body,
    );

    await insertActivity(tx, actor, {
      activity: RECONSIDERATION_ACTIVITY,
      subActivity: data.groundsKind === "non-receipt" ? "Non-receipt of correspondence" : null,
      officeId: application.officeId,
      assigneeUserId: null,
      dueDate: null,
      clientId: application.clientId,
      applicationId: application.id,
      details: [
        `Decide reconsideration ${row.id}: /reconsiderations/${row.id}`,
        facts?.officeError ? `The facts show an office error: ${facts.officeError.en}` : "",
      ]
        .filter(Boolean)
        .join("\n"),
    });
    await recordAuditEvents(tx, actor, [
      {
        action: "reconsideration.received",
        entityType: "application",
        entityId: application.id,
        officeId: application.officeId,
        after: {
          reconsiderationId: row.id,
          decisionId: decision.id,
          channel: row.channel,
          groundsKind: row.groundsKind,
          documentEdocIds: row.documentEdocIds,
          officeError: facts?.officeError?.kind ?? null,
        },
      },
      {
        action: "note.added",
        entityType: "application",
        entityId: application.id,
        officeId: application.officeId,
        after: { id: note.id, restricted: false, correctsNoteId: null, length: note.body.length },
      },
    ]);
    return { reconsideration: row, facts };
  });
}
