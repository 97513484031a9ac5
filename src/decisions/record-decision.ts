/**
 * Records a decision on an application: the decision row, the application's new status, a note with
 * the decision maker's rationale, the decision letter queued through correspondence, and the audit
 * events, in one transaction. Seed 000 requires decisions "well documented … with the rationale and
 * supporting documentation"; a non-compliance decision is refused while the request it rests on
 * lacks proof of sending, has an unresolved bounce, or its date has not passed
 * (`checkDecisionAllowed`).
 */
import { eq } from "drizzle-orm";
import { completeLinkedActivities } from "../activities/complete-linked-activities.ts";
import { findVisibleApplication } from "../applications/find-visible-application.ts";
import { type AuditChange, recordAuditEvents } from "../audit/record-audit-event.ts";
import { RESPONSE_OVERDUE_ACTIVITY } from "../correspondence/detect-overdue-responses.ts";
import { insertLetter } from "../correspondence/queue-letter.ts";
import type { Db } from "../db/database.ts";
import { applications, clients, correspondence, decisions, offices } from "../db/schema.ts";
import { insertNote } from "../notes/insert-note.ts";
import { loadHolidayCalendar } from "../recourse/load-holiday-calendar.ts";
import { todayIn } from "../shared/dates.ts";
import { AppError } from "../shared/errors.ts";
import { LINES_OF_BUSINESS, type LineOfBusiness } from "../shared/identifiers.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import { checkDecisionAllowed, isNonCompliance } from "./check-decision-allowed.ts";
import {
  type DecisionOutcome,
  type LegalBasis,
  type RecordDecisionInput,
  ZRecordDecision,
} from "./decision.schema.ts";
import { decisionLetter } from "./decision-letter.ts";
import { decisionRecourseAnnex } from "./decision-recourse.ts";
import { loadRequestFacts } from "./load-request-facts.ts";

export type Decision = typeof decisions.$inferSelect;

export interface RecordedDecision {
  decision: Decision;
  /** The decision letter, queued (status `generate`) in the same transaction. */
  letterCorrespondenceId: string;
  noteId: string;
}

/**
 * @example await recordDecision(db, officer, "E000000042", { outcome: "refused", basis: "non-compliance",
 *   requestCorrespondenceId: "0b9e…", grounds: "The police certificate was not provided.",
 *   rationale: "Request sent 2026-03-02, accepted by the mail server, no bounce; nothing received.",
 *   arising: "outside" })
 *   // → { decision: { outcome: "refused", legalBasis: "irpr-s10", … }, letterCorrespondenceId, noteId }
 *
 * Refused: `invalid_input` naming the field (grounds for a refusal or an abandonment, rationale,
 * next steps of an approval, date of a withdrawal request, where a refusal's matter arose);
 * `invalid_state` with every reason `checkDecisionAllowed` gives; `not_found` for another office's file.
 */
export async function recordDecision(
  db: Db,
  actor: Actor,
  fileNumber: string,
  input: RecordDecisionInput,
): Promise<RecordedDecision> {
  const data = validate(ZRecordDecision, input);
  requireFields(data);
  const basis = data.outcome === "refused" ? (data.basis ?? "merits") : undefined;
  const nonCompliance = isNonCompliance(data.outcome, basis);
  // Read before the transaction: a file read must not hold the file's row lock.
  const calendar = await loadHolidayCalendar();

  return db.transaction(async (tx) => {
    const visible = await findVisibleApplication(tx, actor, fileNumber);
    // Two decision makers deciding the same file at once: the second sees the first's status.
    const [application] = await tx
      .select()
      .from(applications)
      .where(eq(applications.id, visible.id))
      .for("update");
    const [office] = await tx.select().from(offices).where(eq(offices.id, visible.officeId));
    const [client] = await tx.select().from(clients).where(eq(clients.id, visible.clientId));
    if (!application || !office || !client)
      throw new AppError("internal", "the application's file is incomplete");
    const lineOfBusiness = lineOf(application.lineOfBusiness);
    const today = todayIn(office.timeZone);
    if (data.withdrawalRequestDate && data.withdrawalRequestDate > today) {
      throw new AppError("invalid_input", "withdrawalRequestDate: must not be in the future", {
        field: "withdrawalRequestDate",
      });
    }

    const requests = nonCompliance ? await loadRequestFacts(tx, application.id, office.timeZone) : [];
    const request = data.requestCorrespondenceId
      ? (requests.find((r) => r.sendings.some((s) => s.correspondenceId === data.requestCorrespondenceId)) ??
        null)
      : null;
    if (nonCompliance && data.requestCorrespondenceId && !request) {
      throw new AppError(
        "invalid_input",
        "requestCorrespondenceId: is not a request for documents or a convocation on this application",
        {
          field: "requestCorrespondenceId",
          messageFr:
            "requestCorrespondenceId : n’est ni une demande de documents ni une convocation de cette demande",
        },
      );
    }
    const check = checkDecisionAllowed({
      outcome: data.outcome,
      basis,
      lineOfBusiness,
      applicationStatus: application.status,
      request,
      today,
    });
    if (!check.allowed) {
      throw new AppError("invalid_state", check.refusals.map((r) => r.en).join(" "), {
        messageFr: check.refusals.map((r) => r.fr).join(" "),
      });
    }

    const [decision] = await tx
      .insert(decisions)
      .values({
        applicationId: application.id,
        officeId: application.officeId,
        outcome: data.outcome,
        grounds: data.grounds ?? null,
        legalBasis: check.legalBasis,
        requestCorrespondenceId: request?.correspondenceId ?? null,
        rationale: data.rationale,
        arising: data.arising ?? null,
        inadmissibilityGround: data.inadmissibilityGround ?? null,
        decidedBy: actor.userId,
        decidedByLabel: actor.label,
      })
      .returning();
    if (!decision) throw new AppError("internal", "decision not recorded");

    const statusReason = STATUS_REASON[check.legalBasis ?? data.outcome];
    await tx
      .update(applications)
      .set({ status: data.outcome, statusReason })
      .where(eq(applications.id, application.id));

    const note = await insertNote(
      tx,
      actor,
      { clientId: application.clientId, applicationId: application.id, officeId: application.officeId },
      noteBody(actor.locale, data.outcome, check.legalBasis, decision.id, data.rationale),
    );

    const proof = check.proof;
    const text = decisionLetter({
      outcome: data.outcome,
      language: application.language === "fr" ? "fr" : "en",
      lineOfBusiness,
      grounds: data.grounds,
      nextSteps: data.nextSteps,
      withdrawalRequestDate: data.withdrawalRequestDate,
      request:
        proof?.sentAt && request?.dueDate
          ? {
              sentOn: todayIn(office.timeZone, proof.sentAt),
              channel: proof.channel,
              dueDate: request.dueDate,
            }
          : null,
      recourseAnnex: decisionRecourseAnnex(decision, application, today, calendar),
    });
    // The letter goes the way every letter goes: recipient from the file, email or paper, proof of sending.
    const queued = await insertLetter(tx, actor, {
      application: { ...application, status: data.outcome, statusReason },
      office,
      client,
      templateId: "free-text",
      values: { subject: text.subject, body: text.body },
      today: new Date(),
    });
    const letterId = queued.correspondence.id;
    await tx
      .update(correspondence)
      .set({ templateId: text.templateId })
      .where(eq(correspondence.id, letterId));
    const [saved] = await tx
      .update(decisions)
      .set({ letterCorrespondenceId: letterId })
      .where(eq(decisions.id, decision.id))
      .returning();

    // The "Response overdue" work on the request is done: the decision answers it.
    const now = new Date();
    const done = [];
    for (const sending of request?.sendings ?? []) {
      done.push(
        ...(await completeLinkedActivities(tx, actor, {
          applicationId: application.id,
          activity: RESPONSE_OVERDUE_ACTIVITY,
          correspondenceId: sending.correspondenceId,
          now,
        })),
      );
    }

    const changes: AuditChange[] = [
      {
        action: "decision.recorded",
        entityType: "application",
        entityId: application.id,
        officeId: application.officeId,
        after: {
          decisionId: decision.id,
          outcome: decision.outcome,
          legalBasis: decision.legalBasis,
          requestCorrespondenceId: decision.requestCorrespondenceId,
          proofCorrespondenceId: proof?.correspondenceId ?? null,
          letterCorrespondenceId: letterId,
          arising: decision.arising,
        },
      },
      {
        action: "application.status-changed",
        entityType: "application",
        entityId: application.id,
        officeId: application.officeId,
        before: { status: application.status, statusReason: application.statusReason },
        after: { status: data.outcome, statusReason },
      },
      {
        action: "note.added",
        entityType: "application",
        entityId: application.id,
        officeId: application.officeId,
        after: { id: note.id, restricted: false, correctsNoteId: null, length: note.body.length },
      },
      ...done.map((activity) => ({
        action: "activity.completed",
        entityType: "activity",
        entityId: activity.id,
        officeId: activity.officeId,
        after: { status: activity.status, outcome: `Decision ${decision.id}: ${data.outcome}` },
      })),
    ];
    await recordAuditEvents(tx, actor, changes);
    return { decision: saved ?? decision, letterCorrespondenceId: letterId, noteId: note.id };
  });
}

const STATUS_REASON: Record<LegalBasis | DecisionOutcome, string> = {
  "citizenship-act-s13.2": "Abandoned: no answer to a request (Citizenship Act s. 13.2)",
  "irpr-s10": "Refused for non-compliance (IRPR s. 10)",
  approved: "Approved",
  refused: "Refused",
  abandoned: "Abandoned",
  withdrawn: "Withdrawn at the applicant's request",
};

function noteBody(
  locale: "en" | "fr",
  outcome: DecisionOutcome,
  legalBasis: LegalBasis | null,
  decisionId: string,
  rationale: string,
): string {
  const basis = legalBasis ? ` (${LEGAL_BASIS_WORDS[locale][legalBasis]})` : "";
  const head =
    locale === "fr"
      ? `Décision : ${OUTCOME_WORDS.fr[outcome]}${basis}. Décision ${decisionId}.`
      : `Decision: ${OUTCOME_WORDS.en[outcome]}${basis}. Decision ${decisionId}.`;
  return `${head}\n\n${locale === "fr" ? "Justification :" : "Rationale:"}\n${rationale}`;
}

export const OUTCOME_WORDS: Record<"en" | "fr", Record<DecisionOutcome, string>> = {
  en: { approved: "approved", refused: "refused", abandoned: "abandoned", withdrawn: "withdrawn" },
  fr: { approved: "approuvée", refused: "refusée", abandoned: "abandonnée", withdrawn: "retirée" },
};

export const LEGAL_BASIS_WORDS: Record<"en" | "fr", Record<LegalBasis, string>> = {
  en: {
    "citizenship-act-s13.2": "Citizenship Act s. 13.2, no answer to a request",
    "irpr-s10": "IRPR s. 10, non-compliance with a request",
  },
  fr: {
    "citizenship-act-s13.2": "Loi sur la citoyenneté, art. 13.2, demande restée sans réponse",
    "irpr-s10": "RIPR, art. 10, non-respect d’une demande",
  },
};

/** The fields each outcome needs beyond the schema's, named in the error. */
function requireFields(data: ReturnType<typeof ZRecordDecision.parse>): void {
  const missing = (field: string, en: string, fr: string) =>
    new AppError("invalid_input", `${field}: ${en}`, { field, messageFr: `${field} : ${fr}` });
  if ((data.outcome === "refused" || data.outcome === "abandoned") && !data.grounds) {
    throw missing(
      "grounds",
      "is required for a refusal or an abandonment: the letter gives the applicant the reasons",
      "est obligatoire pour un refus ou un abandon : la lettre en donne les motifs au demandeur",
    );
  }
  if (data.outcome === "refused" && !data.arising) {
    throw missing(
      "arising",
      "is required for a refusal (canada or outside): it sets the Federal Court leave deadline, IRPA s. 72(2)(b)",
      "est obligatoire pour un refus (canada ou outside) : il fixe le délai d’autorisation de la Cour fédérale, LIPR, al. 72(2)b)",
    );
  }
  if (data.outcome === "approved" && !data.nextSteps) {
    throw missing(
      "nextSteps",
      "is required for an approval: the letter tells the applicant what happens next",
      "est obligatoire pour une approbation : la lettre dit au demandeur la suite",
    );
  }
  if (data.outcome === "withdrawn" && !data.withdrawalRequestDate) {
    throw missing(
      "withdrawalRequestDate",
      "is required for a withdrawal: the date the applicant asked for it",
      "est obligatoire pour un retrait : la date de la demande du client",
    );
  }
  if (isNonCompliance(data.outcome, data.outcome === "refused" ? data.basis : undefined)) {
    if (!data.requestCorrespondenceId) {
      throw missing(
        "requestCorrespondenceId",
        "is required for a non-compliance decision: the request the applicant did not answer",
        "est obligatoire pour une décision pour non-conformité : la demande restée sans réponse",
      );
    }
  }
}

function lineOf(value: string): LineOfBusiness {
  if (!(LINES_OF_BUSINESS as readonly string[]).includes(value)) {
    throw new AppError("internal", `unknown line of business ${value}`);
  }
  return value as LineOfBusiness;
}
