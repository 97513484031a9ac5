/**
 * An officer records that the enquirer disagrees with the office's reply (seed 001: "if there is
 * a disagreement with the reply, you may contact Case Management Branch"). Only a person decides
 * that a message is a disagreement: a further message from the enquirer may be thanks, a new
 * question or new documents, so intake never records one by itself.
 *
 * A case-specific enquiry goes up to the Case Management Branch at once, in the same transaction;
 * a local-procedure enquiry stays with the office, which answers the disagreement itself
 * (`decide-escalation.ts`). Recording it changes nothing of any officer's decision on the file.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { type AuditChange, recordAuditEvents } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { enquiries, offices } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import { zText } from "../shared/schemas.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import { canReadEnquiries } from "./enquiry-access.ts";
import { referenceInSubject } from "./enquiry-reference.ts";
import { escalateIfDue } from "./escalate-enquiries.ts";
import type { EscalationDone } from "./escalate-enquiry.ts";

export const ZRecordDisagreement = z.object({
  reference: z.string().trim().min(1, "is required").max(40, "must be at most 40 characters"),
  /** What the enquirer disagrees with, in the officer's words. */
  note: zText(4000),
});
export type RecordDisagreementInput = z.input<typeof ZRecordDisagreement>;

export interface DisagreementRecorded {
  reference: string;
  /** The escalation it caused, or null when the enquiry stays with the office. */
  escalation: EscalationDone | null;
}

/**
 * @example await recordDisagreement(db, agent, { reference: "ENQ-2026-000123",
 *   note: "Says the refusal overlooked the bank statements sent on 2 March." })
 *   // → { escalation: { to: "case-management-branch", … } }
 */
export async function recordDisagreement(
  db: Db,
  actor: Actor,
  input: RecordDisagreementInput,
  options: { now?: Date } = {},
): Promise<DisagreementRecorded> {
  const data = validate(ZRecordDisagreement, input);
  const reference = referenceInSubject(data.reference);
  const notFound = () =>
    new AppError("not_found", `reference: no enquiry ${data.reference} in your offices`, {
      field: "reference",
      messageFr: `reference : aucune demande ${data.reference} dans vos bureaux`,
    });
  if (!reference || reference !== data.reference.toUpperCase()) throw notFound();
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ enquiry: enquiries, office: offices })
      .from(enquiries)
      .innerJoin(offices, eq(offices.id, enquiries.officeId))
      .where(eq(enquiries.reference, reference))
      .for("update", { of: enquiries });
    if (!row || !canReadEnquiries(actor, row.enquiry.officeId)) throw notFound();
    const { enquiry, office } = row;
    if (!enquiry.firstResponseAt) {
      throw new AppError(
        "invalid_state",
        `The office has not yet replied to ${reference}: there is no reply to disagree with. An enquiry left unanswered goes up on its own after 30 days.`,
        {
          messageFr: `Le bureau n'a pas encore répondu à ${reference} : il n'y a pas de réponse à contester. Une demande restée sans réponse est transmise d'elle-même après 30 jours.`,
        },
      );
    }
    if (enquiry.disagreementAt) {
      throw new AppError(
        "conflict",
        `A disagreement with the reply to ${reference} was already recorded on ${enquiry.disagreementAt.toISOString().slice(0, 10)}.`,
        {
          messageFr: `Un désaccord avec la réponse à ${reference} a déjà été enregistré le ${enquiry.disagreementAt.toISOString().slice(0, 10)}.`,
        },
      );
    }
    await tx
      .update(enquiries)
      .set({ disagreementAt: now, disagreementNote: data.note, updatedAt: now })
      .where(eq(enquiries.id, enquiry.id));
    const audit: AuditChange[] = [
      {
        action: "enquiry.disagreement-recorded",
        entityType: "enquiry",
        entityId: enquiry.id,
        officeId: office.id,
        before: { disagreementAt: null },
        after: { disagreementAt: now.toISOString(), note: data.note },
      },
    ];
    await recordAuditEvents(tx, actor, audit);
    const escalation = await escalateIfDue(
      tx,
      actor,
      { ...enquiry, disagreementAt: now, disagreementNote: data.note },
      office,
      now,
    );
    return { reference, escalation };
  });
}
