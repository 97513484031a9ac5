/**
 * An officer's decision on a referred eTA application (seed 004, manual review), in one
 * transaction: the identity chosen (a candidate's UCI or a new client), the outcome (approve and
 * issue, refuse, request information, withdraw), the nine-step record and the same record as a
 * note, the notice letter in the file's language, the review activities completed, the audit events.
 */
import { and, desc, eq, inArray, lte, ne } from "drizzle-orm";
import { OPEN_STATUSES } from "../activities/activity.schema.ts";
import { insertActivities } from "../activities/create-activity.ts";
import { type AuditChange, recordAuditEvents } from "../audit/record-audit-event.ts";
import { blockerWords } from "../clients/merge-client-rules.ts";
import {
  mergeProvisionalClient,
  type ProvisionalMerge,
  survivingClientId,
} from "../clients/merge-provisional-client.ts";
import { insertLetter } from "../correspondence/queue-letter.ts";
import type { Db, Tx } from "../db/database.ts";
import {
  activities,
  applications,
  clientAdverseInformation,
  clients,
  edocs,
  etaApplications,
  etaRelinquishments,
  etaReviewDecisions,
  offices,
  temporaryResidentVisas,
  usVisaVerifications,
} from "../db/schema.ts";
import { insertNote } from "../notes/insert-note.ts";
import { AppError } from "../shared/errors.ts";
import type { Actor } from "../users/actor.ts";
import { ensureEtaEmailContact } from "./ensure-eta-email-contact.ts";
import type { UsVisaResult } from "./eta.schema.ts";
import { etaNoticeLetter } from "./eta-notice-letter.ts";
import { type EtaResult, etaResult } from "./eta-result.ts";
import {
  type EtaReviewDecisionInput,
  type EtaReviewOutcome,
  NEW_CLIENT,
  parseEtaReviewDecision,
} from "./eta-review.schema.ts";
import { checkReviewDecision, etaReviewNote } from "./eta-review-rules.ts";
import { etasEndedByNewIssue, etaValidity } from "./eta-validity.ts";
import { findVisibleEtaApplication } from "./get-eta-application.ts";
import {
  expansionNationalities,
  type ReferralReason,
  screenEtaApplication,
} from "./screen-eta-application.ts";
import { utcDay } from "./submit-eta-applications.ts";

export type EtaReviewDecision = typeof etaReviewDecisions.$inferSelect;

export interface RecordedEtaReview {
  decision: EtaReviewDecision;
  eta: EtaResult;
  noteId: string;
  /** The notice letter queued (status `generate`), or null for an approval. */
  letterCorrespondenceId: string | null;
}

/** A jsonb column as a value: drivers return it parsed, rows inserted as text may come back as text. */
export function jsonValue<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

/** One identity candidate as intake stored it for the officer. */
export interface StoredCandidate {
  baseId: string;
  clientId: string;
  uci: string | null;
  score: number;
  probability: number;
  comparisons: { field: string; level: string; weight: number }[];
}

/**
 * @example await recordEtaReviewDecision(db, officer, "E000000042", { requirements: "…", facts: "…",
 *   evidence: [{ description: "Citizenship certificate on file, 2011", credibility: "credible",
 *   credibilityReasons: "…", probativeValue: "strong", probativeReasons: "…" }], sufficiency: "sufficient",
 *   sufficiencyReasons: "…", outcome: "withdraw", reasons: "The applicant is a Canadian citizen." })
 *   // → { decision: { outcome: "withdraw", … }, eta: { status: "withdrawn", … }, letterCorrespondenceId: "…" }
 *
 * Refused, nothing written: a missing step (`invalid_input` naming the field and the step), an
 * identity referral without a choice, withdraw for someone not referred as citizen or permanent
 * resident, approve without sufficient evidence or before a permanent resident relinquished.
 */
export async function recordEtaReviewDecision(
  db: Db,
  actor: Actor,
  fileNumber: string,
  input: EtaReviewDecisionInput,
  options: { now?: Date } = {},
): Promise<RecordedEtaReview> {
  const data = parseEtaReviewDecision(input);
  const now = options.now ?? new Date();
  const today = utcDay(now);
  return db.transaction(async (tx) => {
    const found = await findVisibleEtaApplication(tx, actor, fileNumber);
    // Two officers deciding the same referral: the second waits, then sees the first's status.
    const [eta] = await tx
      .select()
      .from(etaApplications)
      .where(eq(etaApplications.applicationId, found.eta.applicationId))
      .for("update");
    if (!eta) throw new AppError("internal", "eTA application vanished");
    const application = found.application;
    const reasons = jsonValue<ReferralReason[]>(eta.referralReasons) ?? [];
    const candidates = jsonValue<StoredCandidate[]>(eta.identityCandidates) ?? [];
    const relinquishment = await latestRelinquishment(tx, application.id);
    const matched =
      data.identity && data.identity !== NEW_CLIENT && reasons.some((r) => r.code === "identity-review")
        ? (candidates.find((c) => c.uci === data.identity) ?? null)
        : null;
    // A candidate merged into another client since intake is that client now.
    const matchedClientId = matched ? await survivingClientId(tx, matched.clientId) : null;
    const reasonsOnMatch = matchedClientId
      ? await screenMatchedClient(tx, eta, matchedClientId, reasons)
      : [];
    const letterKind = checkReviewDecision(data, {
      status: eta.status,
      referralCodes: [...reasons, ...reasonsOnMatch].map((r) => r.code),
      candidateUcis: candidates.map((c) => c.uci).filter((uci): uci is string => !!uci),
      relinquishment: relinquishment
        ? ((relinquishment.answer ?? "pending") as "relinquished" | "declined" | "no-reply" | "pending")
        : null,
      today,
      reasonsOnMatch,
    });
    const audit: AuditChange[] = [];

    let clientId = eta.clientId;
    let merge: ProvisionalMerge | null = null;
    if (matched && matchedClientId) {
      clientId = await moveToClient(tx, application.id, eta.clientId, matchedClientId);
      if (eta.clientId !== matchedClientId) {
        // Intake created a client for an applicant it could not identify; matched, it is the same person.
        merge = await mergeProvisionalClient(tx, {
          provisionalClientId: eta.clientId,
          survivorClientId: matchedClientId,
          applicationId: application.id,
          now,
        });
        if (merge.merged) audit.push(merge.audit);
      }
      audit.push({
        action: "eta.identity-matched",
        entityType: "application",
        entityId: application.id,
        officeId: application.officeId,
        before: { clientId: eta.clientId },
        after: { clientId, uci: data.identity, newReferralReasons: reasonsOnMatch.map((r) => r.code) },
      });
      if (reasonsOnMatch.length > 0) {
        reasons.push(...reasonsOnMatch);
        await insertActivities(
          tx,
          actor,
          reasonsOnMatch.map((reason) => ({
            activity: reason.activity,
            subActivity: reason.subActivity,
            officeId: application.officeId,
            assigneeUserId: null,
            dueDate: null,
            clientId: matchedClientId,
            applicationId: application.id,
            details: reason.en,
          })),
        );
      }
    }

    const status =
      data.outcome === "approve"
        ? "approved"
        : data.outcome === "refuse"
          ? "refused"
          : data.outcome === "withdraw"
            ? "withdrawn"
            : "referred";
    let update: Partial<typeof etaApplications.$inferInsert> = {
      status,
      clientId,
      referralReasons: reasons,
      ...(data.identity && reasons.some((r) => r.code === "identity-review")
        ? { identityDecision: matched ? "match" : "new" }
        : {}),
    };
    if (data.outcome === "approve") {
      const validity = etaValidity(today, eta.passportExpiryDate);
      update = {
        ...update,
        issuedAt: now,
        validFrom: validity.validFrom,
        validUntil: validity.validUntil,
        validityLimit: validity.limitedBy,
      };
      // R12.05: the new eTA ends the person's earlier one on a passport of the same type today.
      const held = await tx
        .select()
        .from(etaApplications)
        .where(
          and(
            eq(etaApplications.clientId, clientId),
            eq(etaApplications.status, "approved"),
            ne(etaApplications.applicationId, eta.applicationId),
          ),
        );
      const ended = etasEndedByNewIssue(
        held.filter((h) => h.validUntil).map((h) => ({ ...h, validUntil: h.validUntil! })),
        eta.passportType,
        today,
      );
      for (const earlier of ended) {
        await tx
          .update(etaApplications)
          .set({ endedOn: today, endReason: "superseded", supersededBy: application.id })
          .where(eq(etaApplications.applicationId, earlier.applicationId));
        audit.push({
          action: "eta.superseded",
          entityType: "application",
          entityId: earlier.applicationId,
          after: { endedOn: today, endReason: "superseded", supersededBy: application.id },
        });
      }
      audit.push({
        action: "eta.issued",
        entityType: "application",
        entityId: application.id,
        officeId: application.officeId,
        after: { validity, on: "review" },
      });
    }
    const [updated] = await tx
      .update(etaApplications)
      .set(update)
      .where(eq(etaApplications.applicationId, eta.applicationId))
      .returning();
    const statusReason = STATUS_REASON[data.outcome];
    await tx
      .update(applications)
      .set({ status, statusReason, clientId })
      .where(eq(applications.id, application.id));
    if (status !== application.status) {
      audit.push({
        action: "application.status-changed",
        entityType: "application",
        entityId: application.id,
        officeId: application.officeId,
        before: { status: application.status, statusReason: application.statusReason },
        after: { status, statusReason },
      });
    }

    if (letterKind === "request-relinquishment") {
      await tx.insert(etaRelinquishments).values({
        applicationId: application.id,
        clientId,
        requestedOn: today,
        replyDueDate: data.responseDate!,
        recordedBy: actor.userId,
      });
    }

    const [client] = await tx.select().from(clients).where(eq(clients.id, clientId));
    const identityWords =
      data.identity === undefined
        ? null
        : data.identity === NEW_CLIENT
          ? `${actor.locale === "fr" ? "nouveau client" : "new client"} ${client?.uci ?? ""}`.trim()
          : `${actor.locale === "fr" ? "associé à l'IUC" : "matched to UCI"} ${client?.uci ?? data.identity}${mergeWords(actor.locale, merge)}`;
    const note = await insertNote(
      tx,
      actor,
      { clientId, applicationId: application.id, officeId: application.officeId },
      etaReviewNote(actor.locale, data, {
        referrals: reasons.map((r) => (actor.locale === "fr" ? r.fr : r.en)),
        identity: identityWords,
      }),
    );
    audit.push({
      action: "note.added",
      entityType: "application",
      entityId: application.id,
      officeId: application.officeId,
      after: { id: note.id, restricted: false, correctsNoteId: null, length: note.body.length },
    });

    let letterId: string | null = null;
    if (letterKind) {
      const [office] = await tx.select().from(offices).where(eq(offices.id, application.officeId));
      if (!office || !client) throw new AppError("internal", "the application's office or client is missing");
      await ensureEtaEmailContact(tx, actor, clientId, eta.email);
      const language = application.language === "fr" ? "fr" : "en";
      const text = etaNoticeLetter({
        kind: letterKind,
        language,
        text: data.outcome === "refuse" ? data.reasons : data.informationRequested,
        ...(data.responseDate ? { dueDate: data.responseDate } : {}),
      });
      const queued = await insertLetter(tx, actor, {
        application: { ...application, clientId, status, statusReason },
        office,
        client,
        templateId: "free-text",
        values: text,
        today: now,
      });
      letterId = queued.correspondence.id;
    }

    // The review is done unless the officer waits for the applicant's answer.
    if (data.outcome !== "request-information") {
      const done = await tx
        .update(activities)
        .set({ status: "completed", completedAt: now, updatedAt: now, assigneeUserId: actor.userId })
        .where(
          and(
            eq(activities.applicationId, application.id),
            inArray(activities.status, OPEN_STATUSES),
            inArray(activities.activity, [...new Set(reasons.map((r) => r.activity))]),
          ),
        )
        .returning({ id: activities.id, officeId: activities.officeId });
      for (const activity of done) {
        audit.push({
          action: "activity.completed",
          entityType: "activity",
          entityId: activity.id,
          officeId: activity.officeId,
          after: { status: "completed", outcome: `eTA review: ${data.outcome}` },
        });
      }
    }

    const [decision] = await tx
      .insert(etaReviewDecisions)
      .values({
        applicationId: application.id,
        officeId: application.officeId,
        outcome: data.outcome,
        referralCodes: reasons.map((r) => r.code),
        steps: data,
        identityChoice: data.identity ?? null,
        matchedClientId,
        mergedClientId: merge?.merged ? eta.clientId : null,
        responseDueDate: data.responseDate ?? null,
        noteId: note.id,
        letterCorrespondenceId: letterId,
        decidedBy: actor.userId,
        decidedByLabel: actor.label,
      })
      .returning();
    if (!decision) throw new AppError("internal", "decision not recorded");
    audit.unshift({
      action: "eta.review-decided",
      entityType: "application",
      entityId: application.id,
      officeId: application.officeId,
      after: {
        decisionId: decision.id,
        outcome: data.outcome,
        identity: data.identity ?? null,
        mergedUci: merge?.merged ? merge.provisionalUci : null,
        noteId: note.id,
        letterCorrespondenceId: letterId,
      },
    });
    await recordAuditEvents(tx, actor, audit);
    return {
      decision,
      eta: etaResult(
        updated!,
        { fileNumber: application.fileNumber, uci: client?.uci ?? found.uci ?? "" },
        today,
      ),
      noteId: note.id,
      letterCorrespondenceId: letterId,
    };
  });
}

/**
 * What the review note says of the client intake created: merged into the one matched, or kept
 * and why (an officer decides what to do with a client that holds more than this application).
 */
function mergeWords(locale: "en" | "fr", merge: ProvisionalMerge | null): string {
  if (!merge) return "";
  if (merge.merged) {
    return locale === "fr"
      ? `; le client créé à la réception (IUC ${merge.provisionalUci}) y a été fusionné`
      : `; the client created at intake (UCI ${merge.provisionalUci}) was merged into it`;
  }
  if (merge.blockers.length === 0) return "";
  return locale === "fr"
    ? `; le client créé à la réception (IUC ${merge.provisionalUci}) est conservé : il a aussi ${blockerWords(merge.blockers, "fr")}`
    : `; the client created at intake (UCI ${merge.provisionalUci}) was kept: it also holds ${blockerWords(merge.blockers, "en")}`;
}

const STATUS_REASON: Record<EtaReviewOutcome, string> = {
  approve: "eTA issued on manual review",
  refuse: "Refused on manual review",
  withdraw: "Withdrawn on manual review: the applicant holds Canadian status",
  "request-information": "Referred: information requested from the applicant",
};

/** The latest request to relinquish permanent resident status on this application. */
export async function latestRelinquishment(tx: Tx | Db, applicationId: string) {
  const rows = await tx
    .select()
    .from(etaRelinquishments)
    .where(eq(etaRelinquishments.applicationId, applicationId));
  return rows.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1))[0] ?? null;
}

/**
 * The automated screening again, on the file of the client the officer matched: what it finds that
 * the referral did not already name (a naturalized citizen, a permanent resident, adverse
 * information, the expansion check with that client's visas).
 */
async function screenMatchedClient(
  tx: Tx,
  eta: typeof etaApplications.$inferSelect,
  clientId: string,
  known: readonly ReferralReason[],
): Promise<ReferralReason[]> {
  const [client] = await tx.select().from(clients).where(eq(clients.id, clientId));
  const adverse = await tx
    .select({ source: clientAdverseInformation.source, recordedOn: clientAdverseInformation.recordedOn })
    .from(clientAdverseInformation)
    .where(eq(clientAdverseInformation.clientId, clientId));
  const visas = await tx
    .select({ issuedOn: temporaryResidentVisas.issuedOn, expiryDate: temporaryResidentVisas.expiryDate })
    .from(temporaryResidentVisas)
    .where(eq(temporaryResidentVisas.clientId, clientId));
  const [check] = await tx
    .select({ result: usVisaVerifications.result, checkedOn: usVisaVerifications.checkedOn })
    .from(usVisaVerifications)
    .where(
      and(
        eq(usVisaVerifications.passportCountry, eta.passportCountry),
        eq(usVisaVerifications.passportNumber, eta.passportNumber),
        lte(usVisaVerifications.checkedOn, eta.submittedOn),
      ),
    )
    .orderBy(desc(usVisaVerifications.checkedOn))
    .limit(1);
  const screening = screenEtaApplication({
    identity: "match",
    citizenship: eta.citizenship,
    passportCountry: eta.passportCountry,
    submittedOn: eta.submittedOn,
    facts: {
      statusInCanada: client?.statusInCanada ?? "foreign-national",
      adverseInformation: adverse,
      temporaryResidentVisas: visas,
      usVisaCheck: check ? { result: check.result as UsVisaResult, checkedOn: check.checkedOn } : null,
    },
    expansionNationalities: expansionNationalities(),
  });
  const codes = new Set(known.map((r) => r.code));
  return screening.reasons.filter((r) => !codes.has(r.code));
}

/** Files the application under the client the officer matched (seed 004: match to an existing UCI). */
async function moveToClient(
  tx: Tx,
  applicationId: string,
  fromClientId: string,
  toClientId: string,
): Promise<string> {
  await tx
    .update(activities)
    .set({ clientId: toClientId })
    .where(eq(activities.applicationId, applicationId));
  await tx
    .update(edocs)
    .set({ clientId: toClientId })
    .where(and(eq(edocs.applicationId, applicationId), eq(edocs.clientId, fromClientId)));
  // Notes are never edited: earlier ones stay on the client intake created, found by the application.
  return toClientId;
}
