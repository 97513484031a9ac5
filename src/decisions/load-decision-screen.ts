/**
 * What the decision screen shows for an application: each request for documents or convocation
 * with its sendings and proof, its response date, the drafted non-compliance note, and whether a
 * non-compliance decision can be recorded on it now (and if not, why); the decisions already
 * recorded and the requests for reconsideration. Reads only.
 */
import { desc, eq } from "drizzle-orm";
import { findVisibleApplication } from "../applications/find-visible-application.ts";
import { draftNonComplianceNote } from "../correspondence/draft-non-compliance-note.ts";
import type { Executor } from "../db/database.ts";
import { clients, decisions, offices, reconsiderationRequests } from "../db/schema.ts";
import { todayIn } from "../shared/dates.ts";
import { AppError } from "../shared/errors.ts";
import { LINES_OF_BUSINESS, type LineOfBusiness } from "../shared/identifiers.ts";
import type { Actor } from "../users/actor.ts";
import { checkDecisionAllowed, type DecisionCheck, provenSending } from "./check-decision-allowed.ts";
import type { DecisionOutcome } from "./decision.schema.ts";
import { loadNonReceiptFacts } from "./load-non-receipt-facts.ts";
import { type LoadedRequest, loadRequestFacts } from "./load-request-facts.ts";
import type { Decision } from "./record-decision.ts";
import type { ReconsiderationRequest } from "./record-reconsideration.ts";

export interface RequestOnScreen {
  request: LoadedRequest;
  /** The non-compliance decision this line of business takes, checked against this request. */
  outcome: Extract<DecisionOutcome, "refused" | "abandoned">;
  check: DecisionCheck;
  /** The seed's note, both endings shown, in English and French. */
  noteDraft: { en: string; fr: string } | null;
  /**
   * What a claim of non-receipt would find: an office error here (a superseded address) does not
   * stop the decision, but the decision maker should know a reconsideration would likely reopen it.
   */
  addressWarning: { en: string; fr: string } | null;
}

export async function loadDecisionScreen(db: Executor, actor: Actor, fileNumber: string) {
  const application = await findVisibleApplication(db, actor, fileNumber);
  const [office] = await db.select().from(offices).where(eq(offices.id, application.officeId));
  const [client] = await db.select().from(clients).where(eq(clients.id, application.clientId));
  if (!office || !client) throw new AppError("internal", "the application's file is incomplete");
  const lineOfBusiness: LineOfBusiness = (LINES_OF_BUSINESS as readonly string[]).includes(
    application.lineOfBusiness,
  )
    ? (application.lineOfBusiness as LineOfBusiness)
    : "temporary-residence";
  const today = todayIn(office.timeZone);
  const outcome = lineOfBusiness === "citizenship" ? "abandoned" : "refused";
  const loaded = await loadRequestFacts(db, application.id, office.timeZone);
  const warnings = new Map<string, { en: string; fr: string } | null>();
  for (const request of loaded) {
    const facts = await loadNonReceiptFacts(db, {
      application,
      timeZone: office.timeZone,
      requestCorrespondenceId: request.correspondenceId,
    });
    const error = facts.officeError?.kind === "superseded-address" ? facts.officeError : null;
    warnings.set(request.correspondenceId, error ? { en: error.en, fr: error.fr } : null);
  }
  const requests: RequestOnScreen[] = loaded.map((request) => {
    const sent = provenSending(request.sendings) ?? request.sendings.find((s) => s.sentAt) ?? null;
    const facts =
      sent?.sentAt && request.dueDate
        ? {
            templateId: request.templateId,
            channel: sent.channel,
            lineOfBusiness,
            sentOn: todayIn(office.timeZone, sent.sentAt),
            address: sent.address ?? "",
            dueDate: request.dueDate,
            correspondenceId: sent.correspondenceId,
          }
        : null;
    return {
      request,
      outcome,
      check: checkDecisionAllowed({
        outcome,
        basis: outcome === "refused" ? "non-compliance" : undefined,
        lineOfBusiness,
        applicationStatus: application.status,
        request,
        today,
      }),
      noteDraft: facts
        ? { en: draftNonComplianceNote(facts, null, "en"), fr: draftNonComplianceNote(facts, null, "fr") }
        : null,
      addressWarning: warnings.get(request.correspondenceId) ?? null,
    };
  });
  const decided: Decision[] = await db
    .select()
    .from(decisions)
    .where(eq(decisions.applicationId, application.id))
    .orderBy(desc(decisions.decidedAt));
  const reconsiderations: ReconsiderationRequest[] = await db
    .select()
    .from(reconsiderationRequests)
    .where(eq(reconsiderationRequests.applicationId, application.id))
    .orderBy(desc(reconsiderationRequests.recordedAt));
  return {
    application,
    office,
    client,
    lineOfBusiness,
    today,
    requests,
    decisions: decided,
    reconsiderations,
  };
}

export type DecisionScreen = Awaited<ReturnType<typeof loadDecisionScreen>>;
