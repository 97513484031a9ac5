/**
 * Everything the review page shows about one eTA application (seed 004): the application, why it
 * was referred, the identity candidates with each field's comparison, the client's history
 * (earlier eTA applications, adverse information, visas, US visa checks), earlier review
 * decisions (with the client intake created, when one merged it into the client matched), a
 * request to relinquish permanent resident status, and revalidations. Reads only.
 */
import { and, asc, desc, eq, inArray, ne } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import {
  applications,
  clientAdverseInformation,
  clients,
  etaApplications,
  etaRelinquishments,
  etaRevalidations,
  etaReviewDecisions,
  infoAlerts,
  temporaryResidentVisas,
  usVisaVerifications,
} from "../db/schema.ts";
import type { Actor } from "../users/actor.ts";
import { etaStateOn } from "./eta-validity.ts";
import { findVisibleEtaApplication } from "./get-eta-application.ts";
import { jsonValue, type StoredCandidate } from "./record-eta-review-decision.ts";
import type { ReferralReason } from "./screen-eta-application.ts";

export async function loadEtaReview(db: Executor, actor: Actor, fileNumber: string, today: string) {
  const { application, eta, uci } = await findVisibleEtaApplication(db, actor, fileNumber);
  const reasons = jsonValue<ReferralReason[]>(eta.referralReasons) ?? [];
  const stored = jsonValue<StoredCandidate[]>(eta.identityCandidates) ?? [];
  const candidateIds = stored.map((c) => c.clientId);
  const candidateClients =
    candidateIds.length > 0 ? await db.select().from(clients).where(inArray(clients.id, candidateIds)) : [];
  const byId = new Map(candidateClients.map((c) => [c.id, c]));
  const candidates = stored.map((c, rank) => ({
    ...c,
    rank: rank + 1,
    client: byId.get(c.clientId) ?? null,
  }));
  const [client] = await db.select().from(clients).where(eq(clients.id, eta.clientId));
  const otherEtas = await db
    .select({ eta: etaApplications, fileNumber: applications.fileNumber })
    .from(etaApplications)
    .innerJoin(applications, eq(applications.id, etaApplications.applicationId))
    .where(
      and(eq(etaApplications.clientId, eta.clientId), ne(etaApplications.applicationId, eta.applicationId)),
    )
    .orderBy(desc(etaApplications.submittedOn));
  const otherApplications = await db
    .select()
    .from(applications)
    .where(and(eq(applications.clientId, eta.clientId), ne(applications.lineOfBusiness, "eta")));
  const adverse = await db
    .select()
    .from(clientAdverseInformation)
    .where(eq(clientAdverseInformation.clientId, eta.clientId))
    .orderBy(asc(clientAdverseInformation.recordedOn));
  const visas = await db
    .select()
    .from(temporaryResidentVisas)
    .where(eq(temporaryResidentVisas.clientId, eta.clientId))
    .orderBy(asc(temporaryResidentVisas.issuedOn));
  const usChecks = await db
    .select()
    .from(usVisaVerifications)
    .where(
      and(
        eq(usVisaVerifications.passportCountry, eta.passportCountry),
        eq(usVisaVerifications.passportNumber, eta.passportNumber),
      ),
    )
    .orderBy(asc(usVisaVerifications.checkedOn));
  const alerts = await db.select().from(infoAlerts).where(eq(infoAlerts.clientId, eta.clientId));
  const decisions = await db
    .select()
    .from(etaReviewDecisions)
    .where(eq(etaReviewDecisions.applicationId, application.id))
    .orderBy(asc(etaReviewDecisions.createdAt));
  // The clients intake created and a decision merged into the one matched: their UCIs, for the page.
  const mergedIds = decisions.map((d) => d.mergedClientId).filter((id): id is string => id !== null);
  const mergedRows =
    mergedIds.length > 0
      ? await db
          .select({ id: clients.id, uci: clients.uci, mergedInto: clients.mergedIntoClientId })
          .from(clients)
          .where(inArray(clients.id, mergedIds))
      : [];
  const intoIds = mergedRows.map((r) => r.mergedInto).filter((id): id is string => id !== null);
  const intoRows =
    intoIds.length > 0
      ? await db
          .select({ id: clients.id, uci: clients.uci })
          .from(clients)
          .where(inArray(clients.id, intoIds))
      : [];
  const uciOf = new Map([...mergedRows, ...intoRows].map((r) => [r.id, r.uci]));
  const merges = new Map(
    mergedRows.map((r) => [r.id, { uci: r.uci, intoUci: (r.mergedInto && uciOf.get(r.mergedInto)) ?? "" }]),
  );
  const relinquishments = await db
    .select()
    .from(etaRelinquishments)
    .where(eq(etaRelinquishments.applicationId, application.id))
    .orderBy(desc(etaRelinquishments.createdAt));
  const revalidations = await db
    .select()
    .from(etaRevalidations)
    .where(eq(etaRevalidations.applicationId, application.id))
    .orderBy(asc(etaRevalidations.createdAt));
  const active =
    eta.status === "approved" &&
    eta.validUntil !== null &&
    etaStateOn({ ...eta, validUntil: eta.validUntil }, today).active;
  return {
    application,
    eta,
    uci,
    client: client ?? null,
    reasons,
    candidates,
    history: { otherEtas, otherApplications, adverse, visas, usChecks, alerts },
    decisions: decisions.map((d) => ({
      ...d,
      merged: d.mergedClientId ? (merges.get(d.mergedClientId) ?? null) : null,
    })),
    relinquishment: relinquishments[0] ?? null,
    revalidations,
    active,
  };
}
export type EtaReviewView = Awaited<ReturnType<typeof loadEtaReview>>;
