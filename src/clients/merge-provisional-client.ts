/**
 * Merges the client eTA intake created for an applicant (a provisional client: identity went to
 * review, so intake could not file the application under anyone) into the client the officer then
 * matched, inside the caller's transaction. Without it the person is on file twice: in search, in
 * the identity index, in exports. The survivor takes the names, passports and contact details it
 * lacks; the provisional client stays as a row marked merged, so its UCI still leads to the survivor;
 * the merge is one audit event. A provisional client that holds anything else is left alone.
 */
import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { AuditChange } from "../audit/record-audit-event.ts";
import { queryRows, type Tx } from "../db/database.ts";
import { activities, clientNames, clients, contactDetails, edocs, passports } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import {
  type MergeBlocker,
  type MergePlan,
  mergeBlockers,
  type ProvisionalHoldings,
  planClientMerge,
} from "./merge-client-rules.ts";

export type ProvisionalMerge =
  | {
      merged: true;
      provisionalUci: string;
      survivorUci: string;
      plan: MergePlan;
      /** The `client.merged` event, for the caller to append with its own. */
      audit: AuditChange;
    }
  | { merged: false; provisionalUci: string; blockers: MergeBlocker[] };

/**
 * The client a (possibly merged) client now is: itself, or the one it was merged into. Merges never
 * chain (merging a client repoints those merged into it), so one step is enough.
 */
export async function survivingClientId(tx: Tx, clientId: string): Promise<string> {
  const [row] = await tx
    .select({ mergedInto: clients.mergedIntoClientId })
    .from(clients)
    .where(eq(clients.id, clientId));
  return row?.mergedInto ?? clientId;
}

/**
 * @example await mergeProvisionalClient(tx, { provisionalClientId, survivorClientId, applicationId, now })
 *   // → { merged: true, provisionalUci: "1000001234", survivorUci: "1000000987", plan: { names: [41], … }, audit }
 *   // or { merged: false, provisionalUci: "1000001234", blockers: ["otherApplications"] }
 */
export async function mergeProvisionalClient(
  tx: Tx,
  input: { provisionalClientId: string; survivorClientId: string; applicationId: string; now: Date },
): Promise<ProvisionalMerge> {
  const { provisionalClientId: from, survivorClientId: to, applicationId, now } = input;
  if (from === to) throw new AppError("internal", "a client cannot be merged into itself");
  // Both rows locked in one order: two merges of the same pair wait for each other, never deadlock.
  // No key update: an import inserting an application for the survivor (a foreign key share lock)
  // is not held up by it.
  const locked = await tx
    .select()
    .from(clients)
    .where(inArray(clients.id, [from, to]))
    .orderBy(clients.id)
    .for("no key update");
  const provisional = locked.find((c) => c.id === from);
  const survivor = locked.find((c) => c.id === to);
  if (!provisional || !survivor) throw new AppError("internal", "a client of the merge is missing");
  if (survivor.mergedIntoClientId) {
    throw new AppError("invalid_state", `UCI ${survivor.uci} was itself merged into another client`);
  }
  if (provisional.mergedIntoClientId) {
    return { merged: false, provisionalUci: provisional.uci, blockers: [] };
  }
  const blockers = mergeBlockers(await holdingsOf(tx, from, applicationId));
  if (blockers.length > 0) return { merged: false, provisionalUci: provisional.uci, blockers };

  const rowsOf = async (clientId: string) => ({
    names: await tx
      .select({ id: clientNames.id, familyKey: clientNames.familyKey, givenKey: clientNames.givenKey })
      .from(clientNames)
      .where(eq(clientNames.clientId, clientId))
      .orderBy(clientNames.id),
    passports: await tx
      .select({ id: passports.id, country: passports.country, number: passports.number })
      .from(passports)
      .where(eq(passports.clientId, clientId)),
    contacts: await tx
      .select({
        id: contactDetails.id,
        kind: contactDetails.kind,
        value: contactDetails.value,
        supersededAt: contactDetails.supersededAt,
      })
      .from(contactDetails)
      .where(eq(contactDetails.clientId, clientId))
      .orderBy(contactDetails.recordedAt),
  });
  const plan = planClientMerge(await rowsOf(from), await rowsOf(to));

  if (plan.names.length > 0) {
    await tx
      .update(clientNames)
      .set({ clientId: to, kind: "alias" })
      .where(inArray(clientNames.id, plan.names));
  }
  if (plan.passports.length > 0) {
    await tx.update(passports).set({ clientId: to }).where(inArray(passports.id, plan.passports));
  }
  if (plan.currentContacts.length > 0) {
    await tx
      .update(contactDetails)
      .set({ clientId: to })
      .where(inArray(contactDetails.id, plan.currentContacts));
  }
  if (plan.historyContacts.length > 0) {
    await tx
      .update(contactDetails)
      .set({ clientId: to, supersededAt: sql`coalesce(${contactDetails.supersededAt}, ${now})` })
      .where(inArray(contactDetails.id, plan.historyContacts));
  }
  // Work and documents on the client file itself follow the person; those of the matched
  // application were moved with it.
  await tx
    .update(activities)
    .set({ clientId: to })
    .where(and(eq(activities.clientId, from), isNull(activities.applicationId)));
  await tx
    .update(edocs)
    .set({ clientId: to })
    .where(and(eq(edocs.clientId, from), isNull(edocs.applicationId)));
  await tx
    .update(clients)
    .set({ mergedIntoClientId: to, mergedAt: now })
    .where(and(eq(clients.id, from), isNull(clients.mergedIntoClientId)));
  // A client merged into this one earlier now leads to the survivor directly.
  await tx
    .update(clients)
    .set({ mergedIntoClientId: to })
    .where(and(eq(clients.mergedIntoClientId, from), ne(clients.id, to)));

  return {
    merged: true,
    provisionalUci: provisional.uci,
    survivorUci: survivor.uci,
    plan,
    audit: {
      action: "client.merged",
      entityType: "client",
      entityId: from,
      officeId: provisional.officeId,
      before: { uci: provisional.uci, mergedIntoClientId: null },
      after: {
        uci: provisional.uci,
        mergedIntoClientId: to,
        mergedIntoUci: survivor.uci,
        applicationId,
        moved: {
          names: plan.names,
          passports: plan.passports,
          contacts: plan.currentContacts,
          contactsAsHistory: plan.historyContacts,
        },
      },
    },
  };
}

/** Counts of what the provisional client holds besides `applicationId`, in one query. */
async function holdingsOf(tx: Tx, clientId: string, applicationId: string): Promise<ProvisionalHoldings> {
  const [row] = await queryRows<Record<keyof ProvisionalHoldings, number>>(
    tx,
    sql`select
      (select count(*) from applications where client_id = ${clientId} and id <> ${applicationId})::int as "otherApplications",
      (select count(*) from info_alerts where client_id = ${clientId})::int as "infoAlerts",
      (select count(*) from client_adverse_information where client_id = ${clientId})::int as "adverseInformation",
      (select count(*) from designated_individuals where client_id = ${clientId})::int as "designatedIndividuals",
      (select count(*) from access_requests where client_id = ${clientId})::int as "accessRequests",
      (select count(*) from enquiries where client_id = ${clientId})::int as "enquiries",
      (select count(*) from temporary_resident_visas where client_id = ${clientId})::int as "temporaryResidentVisas",
      (select count(*) from notes where client_id = ${clientId} and application_id is null)::int as "fileNotes"`,
  );
  if (!row) throw new AppError("internal", "the provisional client's holdings could not be read");
  return row;
}
