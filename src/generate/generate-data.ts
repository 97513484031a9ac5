import { randomUUID } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { z } from "zod";
import { recordAuditEvents } from "../audit/record-audit-event.ts";
import { type Db, queryRows, type Tx } from "../db/database.ts";
import { applications, clientNames, clients, contactDetails, passports } from "../db/schema.ts";
import { createOffice } from "../offices/create-office.ts";
import { findOfficeByCode, listOffices } from "../offices/find-office.ts";
import type { CreateOfficeInput } from "../offices/office.schema.ts";
import { fileNumberFromSequence, type LineOfBusiness, uciFromNumber } from "../shared/identifiers.ts";
import { nameKey } from "../shared/names.ts";
import { zOfficeCode } from "../shared/schemas.ts";
import { validate } from "../shared/validate.ts";
import { SYSTEM_ACTOR } from "../users/actor.ts";
import {
  applicationsOfClients,
  CLIENT_BLOCK,
  clientOfficeCode,
  syntheticApplication,
} from "./synthetic-application.ts";
import { syntheticPerson } from "./synthetic-person.ts";

/** Clients written per transaction: big enough to amortise round trips, small enough to bound memory. */
const BATCH_CLIENTS = CLIENT_BLOCK * 256;
// The UCI sequence has nine digits from 100,000,000; ten million leaves room for real clients.
const MAX_CLIENTS = 10_000_000;

/** A whole number within bounds, given as a number (from code) or as digits (from a command line). */
function wholeNumber(min: number, max: number) {
  return z.unknown().transform((value, ctx) => {
    const number = typeof value === "string" && /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : value;
    const problem =
      value === undefined
        ? "is required"
        : typeof number !== "number" || !Number.isSafeInteger(number)
          ? "must be a whole number"
          : number < min
            ? min === 0
              ? "must be 0 or more"
              : `must be at least ${min}`
            : number > max
              ? `must be at most ${max.toLocaleString("en-CA")}`
              : null;
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    }
    return number as number;
  });
}

export const ZGenerateData = z.object({
  clients: wholeNumber(1, MAX_CLIENTS),
  applications: wholeNumber(0, MAX_CLIENTS * 5),
  seed: wholeNumber(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  officeCode: zOfficeCode.optional(),
});

export interface GenerateDataOptions {
  clients: number;
  applications: number;
  seed: number;
  /** Put every client and application in this office; otherwise spread them over all offices. */
  officeCode?: string;
  /**
   * Batches written at once, each in its own transaction and connection. Only a server gains from
   * more than one; PGlite runs one statement at a time.
   */
  writers?: number;
  /** Called after each batch with the records (clients and applications) written so far. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Fills the database with synthetic clients and applications for demonstrations and load tests.
 * Deterministic: the same seed on a fresh database gives the same names, dates, UCIs and file numbers.
 * Creates a set of offices first when there is none. Each batch is one transaction with one audit event.
 *
 * @example await generateData(db, { clients: 1_000_000, applications: 1_000_000, seed: 42 })
 */
export async function generateData(
  db: Db,
  options: GenerateDataOptions,
): Promise<{ clients: number; applications: number; ms: number }> {
  const input = validate(ZGenerateData, {
    clients: options.clients,
    applications: options.applications,
    seed: options.seed,
    officeCode: options.officeCode,
  });
  const started = performance.now();
  const offices = input.officeCode
    ? [await findOfficeByCode(db, input.officeCode)]
    : await officesOrDefaults(db);
  const officeIds = new Map(offices.map((office) => [office.code, office.id]));
  const officeCodes = [...officeIds.keys()];
  const singleOfficeId = offices.length === 1 ? offices[0]!.id : null;
  const totals = { clients: input.clients, applications: input.applications };
  const total = totals.clients + totals.applications;

  let done = 0;
  let nextStart = 0;
  // Identifiers are drawn in batch order even when writers finish out of order, so that UCIs and file
  // numbers depend on the seed alone.
  let identifierTurn: Promise<unknown> = Promise.resolve();
  // When one writer fails the others stop taking batches, so nothing is written after the error.
  let failed = false;
  const writer = async () => {
    while (!failed && nextStart < totals.clients) {
      const start = nextStart;
      const end = Math.min(start + BATCH_CLIENTS, totals.clients);
      nextStart = end;
      const batch = buildBatch(input.seed, start, end, totals, officeCodes, officeIds);
      const identifiers = identifierTurn.then(async () => ({
        ucis: (await takeFromSequence(db, "uci_seq", batch.clients.length)).map(uciFromNumber),
        fileNumbers: await takeFromSequence(db, "file_number_seq", batch.applications.length),
      }));
      identifierTurn = identifiers.catch(() => undefined);
      const { ucis, fileNumbers } = await identifiers;
      await db.transaction(async (tx) => {
        // Synthetic rows can be made again, so the commit need not wait for the WAL to reach the disk;
        // a crash could lose the last batches, never leave a half-written one.
        await tx.execute(sql`set local synchronous_commit = off`);
        await writeBatch(tx, batch, ucis, fileNumbers);
        await recordAuditEvents(tx, SYSTEM_ACTOR, [
          {
            action: "generate.batch",
            entityType: "synthetic-data",
            entityId: `seed ${input.seed} clients ${start}-${end - 1}`,
            officeId: singleOfficeId,
            after: {
              seed: input.seed,
              clients: batch.clients.length,
              applications: batch.applications.length,
              names: batch.names.length,
              passports: batch.passports.length,
              contactDetails: batch.contacts.length,
              firstUci: ucis[0] ?? null,
              lastUci: ucis[ucis.length - 1] ?? null,
            },
          },
        ]);
      });
      done += batch.clients.length + batch.applications.length;
      options.onProgress?.(done, total);
    }
  };
  const outcomes = await Promise.allSettled(
    Array.from({ length: options.writers ?? 1 }, () =>
      writer().catch((error: unknown) => {
        failed = true;
        throw error;
      }),
    ),
  );
  const failure = outcomes.find((outcome) => outcome.status === "rejected");
  if (failure) throw failure.reason;
  return {
    clients: totals.clients,
    applications: totals.applications,
    ms: Math.round(performance.now() - started),
  };
}

// A small but realistic network: three inland offices and three visa offices abroad.
const DEFAULT_OFFICES: CreateOfficeInput[] = [
  {
    code: "OTT",
    nameEn: "Ottawa Case Processing Centre",
    nameFr: "Centre de traitement des demandes d'Ottawa",
    mailboxEmail: "ottawa@dossier.example",
    managerEmail: "ottawa-manager@dossier.example",
    postalAddress: "365 Laurier Avenue West\nOttawa ON  K1A 1L1\nCanada",
    timeZone: "America/Toronto",
    responseStandardDays: 30,
  },
  {
    code: "MTL",
    nameEn: "Montréal Immigration Office",
    nameFr: "Bureau d'immigration de Montréal",
    mailboxEmail: "montreal@dossier.example",
    managerEmail: "montreal-gestion@dossier.example",
    postalAddress: "1010, rue Saint-Antoine Ouest\nMontréal QC  H3C 1B2\nCanada",
    timeZone: "America/Toronto",
    responseStandardDays: 30,
  },
  {
    code: "VAN",
    nameEn: "Vancouver Immigration Office",
    nameFr: "Bureau d'immigration de Vancouver",
    mailboxEmail: "vancouver@dossier.example",
    managerEmail: "vancouver-manager@dossier.example",
    postalAddress: "300 West Georgia Street\nVancouver BC  V6B 6C6\nCanada",
    timeZone: "America/Vancouver",
    responseStandardDays: 30,
  },
  {
    code: "LOS",
    nameEn: "Lagos Visa Office",
    nameFr: "Bureau des visas de Lagos",
    mailboxEmail: "lagos@dossier.example",
    managerEmail: "lagos-manager@dossier.example",
    postalAddress: "15 Bourdillon Road, Ikoyi\nLagos\nNigeria",
    timeZone: "Africa/Lagos",
    responseStandardDays: 45,
  },
  {
    code: "MNL",
    nameEn: "Manila Visa Office",
    nameFr: "Bureau des visas de Manille",
    mailboxEmail: "manila@dossier.example",
    managerEmail: "manila-manager@dossier.example",
    postalAddress: "6750 Ayala Avenue, Makati City\nMetro Manila 1226\nPhilippines",
    timeZone: "Asia/Manila",
    responseStandardDays: 45,
  },
  {
    code: "NDL",
    nameEn: "New Delhi Visa Office",
    nameFr: "Bureau des visas de New Delhi",
    mailboxEmail: "newdelhi@dossier.example",
    managerEmail: "newdelhi-manager@dossier.example",
    postalAddress: "7/8 Shantipath, Chanakyapuri\nNew Delhi 110021\nIndia",
    timeZone: "Asia/Kolkata",
    responseStandardDays: 45,
  },
];

async function officesOrDefaults(db: Db) {
  const existing = await listOffices(db);
  if (existing.length > 0) return existing;
  const created = [];
  for (const office of DEFAULT_OFFICES) created.push(await createOffice(db, SYSTEM_ACTOR, office));
  return created;
}

interface Batch {
  clients: {
    id: string;
    familyName: string;
    givenNames: string;
    dateOfBirth: string;
    sex: string;
    countryOfBirth: string;
    citizenships: string;
    statusInCanada: string;
    officeId: string;
  }[];
  names: {
    clientId: string;
    kind: string;
    familyName: string;
    givenNames: string;
    familyKey: string;
    givenKey: string;
  }[];
  passports: { clientId: string; number: string; type: string; country: string; expiryDate: string }[];
  contacts: { clientId: string; kind: string; value: string; consentSource: string | null }[];
  applications: {
    clientId: string;
    lineOfBusiness: LineOfBusiness;
    officeId: string;
    status: string;
    statusReason: string | null;
    receivedDate: string;
    language: string;
  }[];
}

/** The rows of clients `[start, end)` and their applications, without UCIs and file numbers yet. */
function buildBatch(
  seed: number,
  start: number,
  end: number,
  totals: { clients: number; applications: number },
  officeCodes: string[],
  officeIds: Map<string, string>,
): Batch {
  const batch: Batch = { clients: [], names: [], passports: [], contacts: [], applications: [] };
  const people = [];
  for (let index = start; index < end; index++) {
    const person = syntheticPerson(seed, index);
    const officeCode = clientOfficeCode(seed, index, person, officeCodes);
    const id = randomUUID();
    people.push({ id, person, officeCode });
    batch.clients.push({
      id,
      familyName: person.familyName,
      givenNames: person.givenNames,
      dateOfBirth: person.dateOfBirth,
      sex: person.sex,
      countryOfBirth: person.countryOfBirth,
      citizenships: person.citizenships.join(","),
      statusInCanada: person.statusInCanada,
      officeId: officeIds.get(officeCode)!,
    });
    for (const [i, name] of [person, ...person.aliases].entries()) {
      batch.names.push({
        clientId: id,
        kind: i === 0 ? "primary" : "alias",
        familyName: name.familyName,
        givenNames: name.givenNames,
        familyKey: nameKey(name.familyName),
        givenKey: nameKey(name.givenNames),
      });
    }
    for (const passport of person.passports) batch.passports.push({ clientId: id, ...passport });
    if (person.email) {
      batch.contacts.push({
        clientId: id,
        kind: "email",
        value: person.email,
        consentSource: person.emailConsentSource,
      });
    }
    if (person.postalAddress) {
      batch.contacts.push({ clientId: id, kind: "postal", value: person.postalAddress, consentSource: null });
    }
  }
  for (const { applicationIndex, clientIndex } of applicationsOfClients(seed, start, end, totals)) {
    const client = people[clientIndex - start]!;
    const application = syntheticApplication(
      seed,
      applicationIndex,
      client.person,
      client.officeCode,
      officeCodes,
    );
    batch.applications.push({
      clientId: client.id,
      lineOfBusiness: application.lineOfBusiness,
      officeId: officeIds.get(application.officeCode)!,
      status: application.status,
      statusReason: application.statusReason,
      receivedDate: application.receivedDate,
      language: application.language,
    });
  }
  return batch;
}

/**
 * The next `count` values of a sequence, in order, in one round trip. On a fresh database they are
 * the same on every run, which is what makes UCIs and file numbers repeat for a seed.
 */
async function takeFromSequence(
  db: Db,
  sequence: "uci_seq" | "file_number_seq",
  count: number,
): Promise<number[]> {
  if (count === 0) return [];
  const rows = await queryRows<{ n: string }>(
    db,
    sql`select nextval(${sequence}::regclass)::text as n from generate_series(1, ${count}::int)`,
  );
  return rows.map((row) => Number(row.n)).sort((a, b) => a - b);
}

/**
 * Inserts with one array per column and `unnest`: one statement and a handful of parameters per
 * table, measured about three times faster than multi-row VALUES on both PGlite and a server.
 */
async function writeBatch(tx: Tx, batch: Batch, ucis: string[], fileNumbers: number[]): Promise<void> {
  await insertColumns(tx, clients, [
    [clients.id, "uuid", batch.clients.map((c) => c.id)],
    [clients.uci, "text", ucis],
    [clients.familyName, "text", batch.clients.map((c) => c.familyName)],
    [clients.givenNames, "text", batch.clients.map((c) => c.givenNames)],
    [clients.dateOfBirth, "date", batch.clients.map((c) => c.dateOfBirth)],
    [clients.sex, "text", batch.clients.map((c) => c.sex)],
    [clients.countryOfBirth, "text", batch.clients.map((c) => c.countryOfBirth)],
    // unnest would flatten an array of arrays, so each client's citizenships travel as one string.
    [
      clients.citizenships,
      "text",
      batch.clients.map((c) => c.citizenships),
      (v) => sql`string_to_array(${v}, ',')`,
    ],
    [clients.statusInCanada, "text", batch.clients.map((c) => c.statusInCanada)],
    [clients.officeId, "uuid", batch.clients.map((c) => c.officeId)],
  ]);
  await insertColumns(tx, clientNames, [
    [clientNames.clientId, "uuid", batch.names.map((n) => n.clientId)],
    [clientNames.kind, "text", batch.names.map((n) => n.kind)],
    [clientNames.familyName, "text", batch.names.map((n) => n.familyName)],
    [clientNames.givenNames, "text", batch.names.map((n) => n.givenNames)],
    [clientNames.familyKey, "text", batch.names.map((n) => n.familyKey)],
    [clientNames.givenKey, "text", batch.names.map((n) => n.givenKey)],
  ]);
  if (batch.passports.length > 0) {
    await insertColumns(tx, passports, [
      [passports.clientId, "uuid", batch.passports.map((p) => p.clientId)],
      [passports.number, "text", batch.passports.map((p) => p.number)],
      [passports.type, "text", batch.passports.map((p) => p.type)],
      [passports.country, "text", batch.passports.map((p) => p.country)],
      [passports.expiryDate, "date", batch.passports.map((p) => p.expiryDate)],
    ]);
  }
  if (batch.contacts.length > 0) {
    await insertColumns(tx, contactDetails, [
      [contactDetails.clientId, "uuid", batch.contacts.map((c) => c.clientId)],
      [contactDetails.kind, "text", batch.contacts.map((c) => c.kind)],
      [contactDetails.value, "text", batch.contacts.map((c) => c.value)],
      [contactDetails.consentSource, "text", batch.contacts.map((c) => c.consentSource)],
    ]);
  }
  if (batch.applications.length > 0) {
    await insertColumns(tx, applications, [
      [
        applications.fileNumber,
        "text",
        batch.applications.map((a, i) => fileNumberFromSequence(a.lineOfBusiness, fileNumbers[i]!)),
      ],
      [applications.clientId, "uuid", batch.applications.map((a) => a.clientId)],
      [applications.lineOfBusiness, "text", batch.applications.map((a) => a.lineOfBusiness)],
      [applications.officeId, "uuid", batch.applications.map((a) => a.officeId)],
      [applications.status, "text", batch.applications.map((a) => a.status)],
      [applications.statusReason, "text", batch.applications.map((a) => a.statusReason)],
      [applications.receivedDate, "date", batch.applications.map((a) => a.receivedDate)],
      [applications.language, "text", batch.applications.map((a) => a.language)],
    ]);
  }
}

type ColumnValues = [
  column: PgColumn,
  type: "text" | "uuid" | "date",
  values: unknown[],
  wrap?: (value: SQL) => SQL,
];

async function insertColumns(tx: Tx, table: PgTable, columns: ColumnValues[]) {
  const names = sql.join(
    columns.map(([column]) => sql.identifier(column.name)),
    sql`, `,
  );
  const aliases = columns.map((_, i) => sql.identifier(`c${i}`));
  const selected = sql.join(
    columns.map(([, , , wrap], i) => (wrap ? wrap(sql`${aliases[i]}`) : sql`${aliases[i]}`)),
    sql`, `,
  );
  const arrays = sql.join(
    columns.map(([, type, values]) => sql`${sql.param(values)}::${sql.raw(type)}[]`),
    sql`, `,
  );
  await tx.execute(
    sql`insert into ${table} (${names}) select ${selected} from unnest(${arrays}) as t(${sql.join(aliases, sql`, `)})`,
  );
}
