/**
 * eTA intake: each application goes through identity reconciliation, then the automated screening
 * (seed 004); a clean case is approved and the eTA issued at once, any other is referred to the
 * officers' queue with its reasons. Many applications are written in one transaction with one
 * audit append, so a batch import and a single form share the same path. A batch's rows go in with
 * one statement, under time-ordered keys (see `time-ordered-uuid.ts`), so that at a million
 * clients each index they enter is written at its right-most pages rather than all over it.
 */
import { eq, inArray, type SQL, sql } from "drizzle-orm";
import { canonicalJson } from "../audit/hash-audit-event.ts";
import { type AuditChange, recordAuditEvents } from "../audit/record-audit-event.ts";
import { anyOfIds } from "../db/any-of.ts";
import { type Db, type Executor, queryRows, type Tx } from "../db/database.ts";
import { columnwiseInsertSql } from "../db/insert-columnwise.ts";
import {
  activities,
  applications,
  clientAdverseInformation,
  clientNames,
  clients,
  contactDetails,
  etaApplications,
  offices,
  passports,
  temporaryResidentVisas,
} from "../db/schema.ts";
import type { IdentityCandidate, IdentityDecision } from "../identity/identity-record.ts";
import { AppError } from "../shared/errors.ts";
import { fileNumberFromSequence, uciFromNumber } from "../shared/identifiers.ts";
import { nameKey } from "../shared/names.ts";
import { validate } from "../shared/validate.ts";
import { type Actor, assertCanWorkInOffice } from "../users/actor.ts";
import type { UsVisaResult } from "./eta.schema.ts";
import {
  checkEtaDates,
  type EtaApplicationData,
  type EtaApplicationInput,
  ZEtaApplication,
} from "./eta.schema.ts";
import { clientIdentityRecord, etaIdentityIndex, forgetEtaIdentityIndex } from "./eta-identity-index.ts";
import { type EtaResult, etaResult } from "./eta-result.ts";
import { etaSubmissionKey } from "./eta-submission-key.ts";
import { type EtaValidity, etasEndedByNewIssue, etaValidity } from "./eta-validity.ts";
import {
  expansionNationalities,
  type ReferralReason,
  type ScreeningFacts,
  screenEtaApplication,
} from "./screen-eta-application.ts";
import { timeOrderedUuid } from "./time-ordered-uuid.ts";

export interface SubmitOptions {
  /** The moment of intake (tests fix it); the eTA is issued on its UTC day. */
  now?: Date;
}

/** Today's date in UTC, the day intake reads eligibility and issues on. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/**
 * Checks one application's fields and dates; throws an AppError naming the field and the rule.
 *
 * @example parseEtaApplication({ ...form, passport: { ...p, type: "tourist" } }, "2026-12-01")
 *   // AppError invalid_input "passport.type: must be one of regular, diplomatic, …"
 */
export function parseEtaApplication(input: unknown, today: string): EtaApplicationData {
  return checkEtaDates(validate(ZEtaApplication, input), today);
}

/** One application from a form: validated, screened, written; a duplicate returns the first one. */
export async function submitEtaApplication(
  db: Db,
  actor: Actor,
  input: EtaApplicationInput,
  options: SubmitOptions = {},
): Promise<EtaResult> {
  const data = parseEtaApplication(input, utcDay(options.now ?? new Date()));
  const [result] = await submitEtaApplications(db, actor, [data], options);
  return result!;
}

export interface Pending {
  data: EtaApplicationData;
  key: string;
  officeId: string;
  identity: IdentityDecision;
  /** The client the application is filed under: the matched one, or one created now. */
  clientId: string;
  newClient: boolean;
  applicationId: string;
  fileNumber: string;
  uci: string;
}

/**
 * Screens and writes applications already checked by `parseEtaApplication`, in one transaction.
 * Returns one result per application, in order; a duplicate (same passport, answers and day as
 * one on file or earlier in the batch) gets the first application's result with `duplicate: true`.
 */
export async function submitEtaApplications(
  db: Db,
  actor: Actor,
  items: readonly EtaApplicationData[],
  options: SubmitOptions = {},
): Promise<EtaResult[]> {
  return writeEtaBatch(db, actor, await prepareEtaBatch(db, actor, items, options));
}

/** A batch whose applicants have been identified, ready to be screened and written. */
export interface PreparedEtaBatch {
  now: Date;
  keys: string[];
  /** Per application: its result when it repeats one on file, "" when it is written now, else the key of the one it repeats in the batch. */
  slots: (EtaResult | string)[];
  pending: Pending[];
  /** Clients added to the identity index for this batch, not yet committed. */
  added: string[];
}

/**
 * How long identification runs before it lets other work in: an import writes the previous batch
 * meanwhile, and each of that transaction's replies from the database would otherwise wait for the
 * whole batch to be identified (half a second for 500 applicants against a million clients).
 */
const SLICE_MS = 4;

/**
 * The first half of `submitEtaApplications`: offices checked, repeats found, each applicant
 * identified. New clients join the identity index at once, so the next batch may be prepared
 * while this one is written; it must then be written only after this one commits, because it may
 * point at a client this one creates.
 */
export async function prepareEtaBatch(
  db: Db,
  actor: Actor,
  items: readonly EtaApplicationData[],
  options: SubmitOptions = {},
): Promise<PreparedEtaBatch> {
  const now = options.now ?? new Date();
  const today = utcDay(now);
  const index = await etaIdentityIndex(db);
  const officeIds = await resolveOffices(db, actor, items);
  const keys = items.map((item) => etaSubmissionKey(item));
  const existing = items.length > 0 ? await existingByKey(db, keys, today) : new Map<string, EtaResult>();
  const slots: (EtaResult | string)[] = [];
  const pending: Pending[] = [];
  const added: string[] = [];
  const seen = new Set<string>();
  let sliceStarted = performance.now();
  for (const [i, data] of items.entries()) {
    const key = keys[i]!;
    const onFile = existing.get(key);
    if (onFile) {
      slots.push({ ...onFile, duplicate: true });
      continue;
    }
    if (seen.has(key)) {
      // Filled in once the first is written.
      slots.push(key);
      continue;
    }
    seen.add(key);
    if (performance.now() - sliceStarted > SLICE_MS) {
      await new Promise(setImmediate);
      sliceStarted = performance.now();
    }
    const applicationId = timeOrderedUuid();
    const incoming = clientIdentityRecord(applicationId, {
      ...data.applicant,
      passportNumber: data.passport.number,
      email: data.email,
      address: data.address,
    });
    const identity = index.decide(incoming);
    const matched = identity.decision === "match" && identity.baseId !== null;
    const clientId = matched ? identity.baseId! : timeOrderedUuid();
    if (!matched) {
      // Later applications find this person (a second form, another passport).
      index.add({ ...incoming, id: clientId });
      added.push(clientId);
    }
    pending.push({
      data,
      key,
      officeId: officeIds[i]!,
      identity,
      clientId,
      newClient: !matched,
      applicationId,
      fileNumber: "",
      uci: "",
    });
    slots.push("");
  }
  return { now, keys, slots, pending, added };
}

/** The second half: screening, the eTAs issued, referrals queued, all in one transaction. */
export async function writeEtaBatch(db: Db, actor: Actor, batch: PreparedEtaBatch): Promise<EtaResult[]> {
  const { now, keys, slots, pending } = batch;
  if (pending.length === 0) return slots.filter((slot): slot is EtaResult => typeof slot !== "string");
  try {
    const written = await db.transaction((tx) => writePending(tx, actor, pending, utcDay(now), now));
    const byKey = new Map(written.map((result, i) => [pending[i]!.key, result]));
    return slots.map((slot, i) => {
      if (typeof slot !== "string") return slot;
      const own = byKey.get(keys[i]!)!;
      return slot === "" ? own : { ...own, duplicate: true };
    });
  } catch (error) {
    // The clients added for this batch were never committed: the index must not keep them.
    if (batch.added.length > 0) forgetEtaIdentityIndex(db);
    if (isConcurrentClash(error)) {
      throw new AppError(
        "conflict",
        "Another application of the same person was being recorded at the same moment; send this one again.",
        {
          messageFr:
            "Une autre demande de la même personne était en cours d'enregistrement au même moment; envoyez celle-ci de nouveau.",
          cause: error,
        },
      );
    }
    throw error;
  }
}

async function resolveOffices(
  db: Executor,
  actor: Actor,
  items: readonly EtaApplicationData[],
): Promise<string[]> {
  const codes = [...new Set(items.map((item) => item.officeCode).filter((code): code is string => !!code))];
  const rows = codes.length > 0 ? await db.select().from(offices).where(inArray(offices.code, codes)) : [];
  const byCode = new Map(rows.map((office) => [office.code, office.id]));
  const fallback = actor.memberships[0]?.officeId;
  return items.map((item) => {
    if (item.officeCode) {
      const officeId = byCode.get(item.officeCode);
      if (!officeId) {
        throw new AppError("invalid_input", `officeCode: no office ${item.officeCode}`, {
          field: "officeCode",
        });
      }
      assertCanWorkInOffice(actor, officeId, "office");
      return officeId;
    }
    if (!fallback) {
      throw new AppError(
        "invalid_input",
        "officeCode: is required (the office whose officers review referrals)",
        {
          field: "officeCode",
        },
      );
    }
    return fallback;
  });
}

async function existingByKey(db: Executor, keys: string[], today: string): Promise<Map<string, EtaResult>> {
  const rows = await db
    .select({ eta: etaApplications, fileNumber: applications.fileNumber, uci: clients.uci })
    .from(etaApplications)
    .innerJoin(applications, eq(applications.id, etaApplications.applicationId))
    .innerJoin(clients, eq(clients.id, etaApplications.clientId))
    // Each key looked up in the unique index. Written `= any(…)`, the planner scans the whole
    // table (and compares every row with all 500 keys) whenever its statistics are older than the
    // import that grew it, which is always the case on a server without autovacuum.
    .where(sql`${etaApplications.submissionKey} in (select unnest(${sql.param(keys)}::text[]))`);
  return new Map(rows.map((row) => [row.eta.submissionKey, etaResult(row.eta, row, today)]));
}

/** New UCIs and file numbers, each list in ascending order, in one round trip. */
async function nextNumbers(
  tx: Tx,
  ucis: number,
  fileNumbers: number,
): Promise<{ ucis: bigint[]; fileNumbers: bigint[] }> {
  const [row] = await queryRows<{ ucis: string[] | null; file_numbers: string[] | null }>(
    tx,
    sql`select (select array_agg(nextval('uci_seq')::text) from generate_series(1, ${ucis}::int)) as ucis,
               (select array_agg(nextval('file_number_seq')::text) from generate_series(1, ${fileNumbers}::int)) as file_numbers`,
  );
  const sorted = (values: string[] | null | undefined) =>
    (values ?? []).map(BigInt).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { ucis: sorted(row?.ucis), fileNumbers: sorted(row?.file_numbers) };
}

async function writePending(
  tx: Tx,
  actor: Actor,
  pending: Pending[],
  today: string,
  now: Date,
): Promise<EtaResult[]> {
  if (pending.length === 0) return [];
  const newClients = pending.filter((p) => p.newClient);
  const numbers = await nextNumbers(tx, newClients.length, pending.length);
  newClients.forEach((p, i) => {
    p.uci = uciFromNumber(numbers.ucis[i]!);
  });
  pending.forEach((p, i) => {
    p.fileNumber = fileNumberFromSequence("eta", numbers.fileNumbers[i]!);
  });

  const matchedIds = [...new Set(pending.filter((p) => !p.newClient).map((p) => p.clientId))];
  const candidateIds = pending.flatMap((p) =>
    p.identity.decision === "review" ? p.identity.candidates.map((c) => c.baseId) : [],
  );
  const facts = await loadFacts(tx, matchedIds, candidateIds, pending);
  for (const p of pending) {
    if (!p.newClient) p.uci = facts.uciOf.get(p.clientId) ?? "";
  }
  const nationalities = expansionNationalities();

  const audit: AuditChange[] = [];
  const activityRows: (typeof activities.$inferInsert)[] = [];
  const etaRows: (typeof etaApplications.$inferInsert)[] = [];
  const superseded: { applicationId: string; by: string }[] = [];
  const results: EtaResult[] = [];
  for (const p of pending) {
    const { data } = p;
    const screening = screenEtaApplication({
      identity: p.identity.decision,
      citizenship: data.applicant.citizenship,
      passportCountry: data.passport.country,
      submittedOn: data.submittedOn,
      facts: factsOf(facts, p),
      expansionNationalities: nationalities,
    });
    let validity: EtaValidity | null = null;
    if (screening.status === "approved") {
      validity = etaValidity(today, data.passport.expiryDate);
      const held = facts.activeEtas.get(p.clientId) ?? [];
      for (const ended of etasEndedByNewIssue(held, data.passport.type, today)) {
        superseded.push({ applicationId: ended.applicationId, by: p.applicationId });
        ended.endedOn = today;
        ended.endReason = "superseded";
      }
      held.push({
        applicationId: p.applicationId,
        validUntil: validity.validUntil,
        validityLimit: validity.limitedBy,
        endedOn: null,
        endReason: null,
        passportType: data.passport.type,
      });
      facts.activeEtas.set(p.clientId, held);
    }
    const candidates =
      p.identity.decision === "review" ? candidatesForOfficer(p.identity.candidates, facts.uciOf) : [];
    const eta: typeof etaApplications.$inferInsert = {
      applicationId: p.applicationId,
      clientId: p.clientId,
      familyName: data.applicant.familyName,
      givenNames: data.applicant.givenNames,
      dateOfBirth: data.applicant.dateOfBirth,
      sex: data.applicant.sex,
      countryOfBirth: data.applicant.countryOfBirth,
      citizenship: data.applicant.citizenship,
      passportNumber: data.passport.number,
      passportType: data.passport.type,
      passportCountry: data.passport.country,
      passportExpiryDate: data.passport.expiryDate,
      email: data.email,
      address: canonicalJson(data.address),
      answers: canonicalJson(data.answers),
      submittedOn: data.submittedOn,
      submissionKey: p.key,
      status: screening.status,
      referralReasons: canonicalJson(screening.reasons),
      identityDecision: p.identity.decision,
      identityCandidates: canonicalJson(candidates),
      issuedAt: validity ? now : null,
      validFrom: validity?.validFrom ?? null,
      validUntil: validity?.validUntil ?? null,
      validityLimit: validity?.limitedBy ?? null,
    };
    etaRows.push(eta);
    for (const reason of distinctActivities(screening.reasons)) {
      const activityId = timeOrderedUuid();
      const row = {
        id: activityId,
        activity: reason.activity,
        subActivity: reason.subActivity,
        status: "review-required",
        officeId: p.officeId,
        origin: "automation",
        createdBy: actor.userId,
        clientId: p.clientId,
        applicationId: p.applicationId,
        details: reason.en,
      };
      activityRows.push(row);
      audit.push({
        action: "activity.created",
        entityType: "activity",
        entityId: activityId,
        officeId: p.officeId,
        after: row,
      });
    }
    audit.push({
      action: screening.status === "approved" ? "eta.issued" : "eta.referred",
      entityType: "application",
      entityId: p.applicationId,
      officeId: p.officeId,
      after: {
        fileNumber: p.fileNumber,
        clientId: p.clientId,
        identity: p.identity.decision,
        status: screening.status,
        referralReasons: screening.reasons.map((r) => r.code),
        validity,
      },
    });
    results.push(
      etaResult(
        {
          ...eta,
          status: screening.status,
          referralReasons: screening.reasons,
          identityDecision: p.identity.decision,
        },
        { fileNumber: p.fileNumber, uci: p.uci },
        today,
      ),
    );
  }

  // Every row of the batch in one statement (one round trip, one plan): the parts of a `with`
  // run together, and their foreign keys are checked once all of them are in.
  const inserts = [
    ...newClientInserts(actor, newClients),
    columnwiseInsertSql(
      applications,
      pending.map((p, i) => ({
        id: p.applicationId,
        fileNumber: p.fileNumber,
        clientId: p.clientId,
        lineOfBusiness: "eta",
        officeId: p.officeId,
        status: etaRows[i]!.status,
        statusReason: statusReasonOf(etaRows[i]!),
        receivedDate: p.data.submittedOn,
        language: p.data.language,
      })),
    ),
    columnwiseInsertSql(etaApplications, etaRows, {
      asText: ["address", "answers", "referralReasons", "identityCandidates"],
    }),
    ...(activityRows.length > 0 ? [columnwiseInsertSql(activities, activityRows)] : []),
  ];
  await tx.execute(
    sql`with ${sql.join(
      inserts.map((insert, i) => sql`${sql.identifier(`rows_${i}`)} as (${insert})`),
      sql`, `,
    )} select 1`,
  );
  // Apart, after: an update in the same statement would not see an eTA this batch inserts (a
  // client issued two in one batch).
  if (superseded.length > 0) {
    await tx.execute(sql`
      update eta_applications e set ended_on = ${today}::date, end_reason = 'superseded', superseded_by = s.by
      from unnest(${sql.param(superseded.map((s) => s.applicationId))}::uuid[], ${sql.param(superseded.map((s) => s.by))}::uuid[]) as s(id, by)
      where e.application_id = s.id`);
    for (const s of superseded) {
      audit.push({
        action: "eta.superseded",
        entityType: "application",
        entityId: s.applicationId,
        after: { endedOn: today, endReason: "superseded", supersededBy: s.by },
      });
    }
  }
  for (const p of newClients) {
    audit.push({
      action: "client.created",
      entityType: "client",
      entityId: p.clientId,
      officeId: p.officeId,
      after: { uci: p.uci, source: "eta", applicationId: p.applicationId },
    });
  }
  await recordAuditEvents(tx, actor, audit);
  return results;
}

function statusReasonOf(eta: typeof etaApplications.$inferInsert): string {
  if (eta.status === "approved") return `eTA issued, valid until ${eta.validUntil}`;
  const reasons = JSON.parse(eta.referralReasons as string) as ReferralReason[];
  return `Referred for manual review: ${reasons.map((r) => r.code).join(", ")}`;
}

/** One activity per queue item the reasons name: three derogatory reasons are one review. */
function distinctActivities(reasons: readonly ReferralReason[]): ReferralReason[] {
  const seen = new Map<string, ReferralReason>();
  for (const reason of reasons) {
    const key = `${reason.activity}\u0000${reason.subActivity ?? ""}`;
    const first = seen.get(key);
    seen.set(
      key,
      first ? { ...first, en: `${first.en} ${reason.en}`, fr: `${first.fr} ${reason.fr}` } : reason,
    );
  }
  return [...seen.values()];
}

function candidatesForOfficer(candidates: readonly IdentityCandidate[], ucis: Map<string, string>) {
  return candidates.map((c) => ({ ...c, clientId: c.baseId, uci: ucis.get(c.baseId) ?? null }));
}

/** The rows a client created by intake starts with, as statements for the batch's one insert. */
function newClientInserts(actor: Actor, created: Pending[]): SQL[] {
  if (created.length === 0) return [];
  const col = <T>(pick: (p: Pending) => T) => sql.param(created.map(pick));
  return [
    // `citizenships` is an array column, which unnest would flatten: each client's one citizenship
    // travels as text and becomes a one-element array here.
    sql`insert into clients (id, uci, family_name, given_names, date_of_birth, sex, country_of_birth, citizenships, status_in_canada, office_id)
    select id, uci, family_name, given_names, date_of_birth, sex, country_of_birth, array[citizenship], 'foreign-national', office_id
    from unnest(${col((p) => p.clientId)}::uuid[], ${col((p) => p.uci)}::text[], ${col((p) => p.data.applicant.familyName)}::text[],
      ${col((p) => p.data.applicant.givenNames)}::text[], ${col((p) => p.data.applicant.dateOfBirth)}::date[],
      ${col((p) => p.data.applicant.sex)}::text[], ${col((p) => p.data.applicant.countryOfBirth)}::text[],
      ${col((p) => p.data.applicant.citizenship)}::text[], ${col((p) => p.officeId)}::uuid[])
      as t(id, uci, family_name, given_names, date_of_birth, sex, country_of_birth, citizenship, office_id)`,
    columnwiseInsertSql(
      clientNames,
      created.map((p) => ({
        clientId: p.clientId,
        kind: "primary",
        familyName: p.data.applicant.familyName,
        givenNames: p.data.applicant.givenNames,
        familyKey: nameKey(p.data.applicant.familyName),
        givenKey: nameKey(p.data.applicant.givenNames),
      })),
    ),
    columnwiseInsertSql(
      passports,
      created.map((p) => ({
        id: timeOrderedUuid(),
        clientId: p.clientId,
        number: p.data.passport.number,
        type: p.data.passport.type,
        country: p.data.passport.country,
        expiryDate: p.data.passport.expiryDate,
      })),
    ),
    // An email given on the application form is consent to correspond by email (seed 000).
    columnwiseInsertSql(
      contactDetails,
      created.flatMap((p) => [
        {
          id: timeOrderedUuid(),
          clientId: p.clientId,
          kind: "email",
          value: p.data.email,
          consentSource: "application-form" as string | null,
          recordedBy: actor.userId,
        },
        {
          id: timeOrderedUuid(),
          clientId: p.clientId,
          kind: "postal",
          value: postalLines(p.data.address),
          consentSource: null,
          recordedBy: actor.userId,
        },
      ]),
    ),
  ];
}

function postalLines(address: EtaApplicationData["address"]): string {
  return [
    address.line1,
    address.line2,
    [address.city, address.region, address.postalCode].filter(Boolean).join(" "),
    address.country,
  ]
    .filter(Boolean)
    .join("\n");
}

interface HeldEta {
  applicationId: string;
  validUntil: string;
  validityLimit: string | null;
  endedOn: string | null;
  endReason: string | null;
  passportType: string;
}

interface LoadedFacts {
  uciOf: Map<string, string>;
  statusOf: Map<string, string>;
  adverse: Map<string, { source: string; recordedOn: string }[]>;
  visas: Map<string, { issuedOn: string; expiryDate: string | null }[]>;
  usChecks: Map<string, { result: UsVisaResult; checkedOn: string }[]>;
  activeEtas: Map<string, HeldEta[]>;
}

/**
 * Everything screening reads for the batch, a few queries for all of it: the matched clients'
 * records, and the UCIs of the candidates an officer will be shown.
 */
async function loadFacts(
  tx: Tx,
  clientIds: string[],
  candidateIds: string[],
  pending: Pending[],
): Promise<LoadedFacts> {
  const facts: LoadedFacts = {
    uciOf: new Map(),
    statusOf: new Map(),
    adverse: new Map(),
    visas: new Map(),
    usChecks: new Map(),
    activeEtas: new Map(),
  };
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  const known = [...new Set([...clientIds, ...candidateIds])];
  if (known.length > 0) {
    const found = await tx
      .select({ id: clients.id, uci: clients.uci, status: clients.statusInCanada })
      .from(clients)
      .where(anyOfIds(clients.id, known));
    for (const row of found) {
      facts.uciOf.set(row.id, row.uci);
      facts.statusOf.set(row.id, row.status);
    }
  }
  if (clientIds.length > 0) {
    const adverse = await tx
      .select({
        clientId: clientAdverseInformation.clientId,
        source: clientAdverseInformation.source,
        recordedOn: clientAdverseInformation.recordedOn,
      })
      .from(clientAdverseInformation)
      .where(anyOfIds(clientAdverseInformation.clientId, clientIds));
    for (const row of adverse) push(facts.adverse, row.clientId, row);
    const visas = await tx
      .select({
        clientId: temporaryResidentVisas.clientId,
        issuedOn: temporaryResidentVisas.issuedOn,
        expiryDate: temporaryResidentVisas.expiryDate,
      })
      .from(temporaryResidentVisas)
      .where(anyOfIds(temporaryResidentVisas.clientId, clientIds));
    for (const row of visas) push(facts.visas, row.clientId, row);
    // Client by client through the index (`offset 0` keeps the planner from merging the subquery
    // into one scan of every eTA on file, its choice when its statistics are out of date).
    const held = await queryRows<HeldEta & { clientId: string }>(
      tx,
      sql`select k.id as "clientId", e.application_id as "applicationId", e.valid_until::text as "validUntil",
            e.validity_limit as "validityLimit", e.ended_on::text as "endedOn", e.end_reason as "endReason",
            e.passport_type as "passportType"
          from unnest(${sql.param(clientIds)}::uuid[]) as k(id)
          cross join lateral (
            select * from eta_applications e
            where e.client_id = k.id and e.status = 'approved' and e.ended_on is null offset 0) e`,
    );
    for (const row of held)
      push(facts.activeEtas, row.clientId, { ...row, validUntil: row.validUntil ?? "" });
  }
  const passportsChecked = pending.map((p) => `${p.data.passport.country}:${p.data.passport.number}`);
  const checks = await queryRows<{ passport: string; result: UsVisaResult; checked_on: string }>(
    tx,
    sql`select passport_country || ':' || passport_number as passport, result, checked_on::text as checked_on
        from us_visa_verifications
        where (passport_country, passport_number) in (
          select split_part(k, ':', 1), split_part(k, ':', 2) from unnest(${sql.param(passportsChecked)}::text[]) as k)
        order by checked_on`,
  );
  for (const row of checks)
    push(facts.usChecks, row.passport, { result: row.result, checkedOn: row.checked_on });
  return facts;
}

function factsOf(facts: LoadedFacts, p: Pending): ScreeningFacts {
  const checks = (facts.usChecks.get(`${p.data.passport.country}:${p.data.passport.number}`) ?? []).filter(
    (check) => check.checkedOn <= p.data.submittedOn,
  );
  if (p.newClient) {
    return {
      statusInCanada: "foreign-national",
      adverseInformation: [],
      temporaryResidentVisas: [],
      usVisaCheck: checks.at(-1) ?? null,
    };
  }
  return {
    statusInCanada: facts.statusOf.get(p.clientId) ?? "foreign-national",
    adverseInformation: facts.adverse.get(p.clientId) ?? [],
    temporaryResidentVisas: facts.visas.get(p.clientId) ?? [],
    usVisaCheck: checks.at(-1) ?? null,
  };
}

/**
 * A clash with a transaction running at the same moment: PostgreSQL's unique violation (23505) on
 * the submission key (the same application sent twice at once), or a foreign key violation
 * (23503) on a client another request had just created and not yet committed. Both are cured by
 * sending the application again.
 */
function isConcurrentClash(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const { code, constraint } = e as { code?: unknown; constraint?: unknown };
    if (code === "23505" && constraint === "eta_applications_submission_key_idx") return true;
    if (code === "23503" && typeof constraint === "string" && constraint.endsWith("_client_id_clients_id_fk"))
      return true;
  }
  return false;
}
