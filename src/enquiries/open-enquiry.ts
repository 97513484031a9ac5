/**
 * A new enquiry, however it arrived (an email to the office's generic mailbox, the public web
 * form): its reference taken, the file its stated number points at found, its response clock
 * started at receipt (seed 001: "establish, publish and adhere to response times"), and its
 * `enquiry.received` audit event written before anything filed on it.
 *
 * Runs inside the caller's transaction; the caller stores the first message of the thread (the
 * channel decides what that is) through `storeFirstMessage`, and writes the audit events it
 * collected once its own work is done.
 */
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { AuditChange } from "../audit/record-audit-event.ts";
import { clientWithUci } from "../clients/find-visible-client.ts";
import { queryRows, type Tx } from "../db/database.ts";
import { applications, clients, enquiries, type offices } from "../db/schema.ts";
import { todayIn } from "../shared/dates.ts";
import type { EnquiryCategorisation } from "./categorise-enquiry.ts";
import type { ExtractedEnquiry, Language } from "./enquiry.schema.ts";
import { formatEnquiryReference } from "./enquiry-reference.ts";
import type { FileMatch, IntakeBatch } from "./intake-batch.ts";
import { type SlaPause, slaState } from "./sla-state.ts";

type Office = typeof offices.$inferSelect;
export type Enquiry = typeof enquiries.$inferSelect;

export interface NewEnquiry {
  office: Office;
  channel: "email" | "web-form";
  receivedAt: Date;
  now: Date;
  subject: string;
  /** The enquirer's official language and why it was taken as their choice. */
  language: { language: Language; reason: string };
  category: EnquiryCategorisation;
  extracted: Pick<ExtractedEnquiry, "fields" | "missing">;
  /** The address an answer goes to. */
  enquirerAddress: string | null;
  /**
   * Stores the thread's first message on the new enquiry; resolves with its id and what the
   * audit event should say of where it came from (e.g. the inbound message's id).
   */
  storeFirstMessage: (enquiry: Enquiry) => Promise<{ id: string; origin: Record<string, unknown> }>;
}

export interface OpenedEnquiry {
  enquiry: Enquiry;
  firstMessageId: string;
}

/**
 * @example const { enquiry } = await openEnquiry(tx, { office, channel: "web-form", … }, audit);
 *   // enquiry.reference → "ENQ-2026-000124", audit → [enquiry.received, …what storeFirstMessage added]
 */
export async function openEnquiry(tx: Tx, input: NewEnquiry, audit: AuditChange[]): Promise<OpenedEnquiry> {
  const [serial] = await queryRows<{ n: string }>(tx, sql`select nextval('enquiry_reference_seq') as n`);
  const file = await matchFile(tx, input.office.id, input.extracted.fields);
  const [enquiry] = await tx
    .insert(enquiries)
    .values(enquiryValues(input, BigInt(serial!.n), file))
    .returning();
  if (!enquiry) throw new Error("enquiry not stored");
  return storeFirst(input, enquiry, file, audit);
}

/**
 * The same, for a batch of inbound mail: the reference number and the file come from what the
 * batch read ahead, and the enquiry is written with the batch's other rows (`IntakeBatch.flush`),
 * before anything filed on it.
 */
export async function openEnquiryInBatch(
  batch: IntakeBatch,
  input: NewEnquiry,
  audit: AuditChange[],
): Promise<OpenedEnquiry> {
  const serial = await batch.takeSerial();
  const file = await batch.matchFile(input.office.id, input.extracted.fields);
  const enquiry: Enquiry = {
    id: randomUUID(),
    ...enquiryValues(input, serial, file),
    firstResponseAt: null,
    disagreementAt: null,
    disagreementNote: null,
    escalatedTo: null,
    escalatedAt: null,
    escalationTrigger: null,
    escalationReason: null,
    createdAt: input.now,
    updatedAt: input.now,
  };
  batch.addEnquiry(enquiry);
  return storeFirst(input, enquiry, file, audit);
}

function enquiryValues(input: NewEnquiry, serial: bigint, file: FileMatch) {
  const { office, receivedAt, now, language, category, extracted } = input;
  const year = Number(todayIn(office.timeZone, receivedAt).slice(0, 4));
  return {
    officeId: office.id,
    reference: formatEnquiryReference(year, serial),
    channel: input.channel,
    language: language.language,
    languageReason: language.reason,
    category: category.category,
    queue: category.queue,
    categorySource: "rules",
    categoryReason: category.reason,
    state: "open",
    subject: input.subject || "(no subject)",
    enquirerAddress: input.enquirerAddress,
    receivedAt,
    responseDays: office.responseStandardDays,
    slaPauses: [],
    responseDueAt: responseDueAt(receivedAt, office.responseStandardDays, [], now),
    fields: extracted.fields,
    missingFields: extracted.missing,
    clientId: file.clientId,
    applicationId: file.applicationId,
  };
}

async function storeFirst(
  input: NewEnquiry,
  enquiry: Enquiry,
  file: FileMatch,
  audit: AuditChange[],
): Promise<OpenedEnquiry> {
  const { office, receivedAt, language, category, extracted } = input;
  const firstEvent = audit.length;
  const first = await input.storeFirstMessage(enquiry);
  // The enquiry's own event comes first in the trail, before anything filed on it.
  audit.splice(firstEvent, 0, {
    action: "enquiry.received",
    entityType: "enquiry",
    entityId: enquiry.id,
    officeId: office.id,
    after: {
      reference: enquiry.reference,
      channel: input.channel,
      state: "open",
      language: language.language,
      languageReason: language.reason,
      category: category.category,
      queue: category.queue,
      categoryReason: category.reason,
      receivedAt: receivedAt.toISOString(),
      responseDays: office.responseStandardDays,
      responseDueAt: enquiry.responseDueAt?.toISOString() ?? null,
      fields: Object.keys(extracted.fields).sort(),
      missingFields: extracted.missing,
      clientId: file.clientId,
      applicationId: file.applicationId,
      enquiryMessageId: first.id,
      ...first.origin,
    },
  });
  return { enquiry, firstMessageId: first.id };
}

/**
 * The file the stated file number (or UCI) points at in this office. Anyone can write a file number:
 * this says which file the enquiry is about, not that the enquirer may be told anything of it.
 */
export async function matchFile(
  tx: Tx,
  officeId: string,
  fields: ExtractedEnquiry["fields"],
): Promise<FileMatch> {
  const fileNumber = fields.fileNumber?.value;
  if (fileNumber) {
    const application = await findFileByNumber(tx, officeId, fileNumber);
    if (application) return application;
  }
  const uci = fields.uci?.value;
  if (uci) {
    const clientId = await findClientByUci(tx, officeId, uci);
    if (clientId) return { clientId, applicationId: null };
  }
  return { clientId: null, applicationId: null };
}

/** The application with this file number in this office, or null. */
export async function findFileByNumber(
  tx: Tx,
  officeId: string,
  fileNumber: string,
): Promise<FileMatch | null> {
  const [application] = await tx
    .select({ id: applications.id, clientId: applications.clientId })
    .from(applications)
    .where(and(eq(applications.fileNumber, fileNumber), eq(applications.officeId, officeId)));
  return application ? { clientId: application.clientId, applicationId: application.id } : null;
}

/**
 * The client with this UCI known to this office (its own, or with a file there), or null; a merged
 * client's UCI leads to the client it was merged into.
 */
export async function findClientByUci(tx: Tx, officeId: string, uci: string): Promise<string | null> {
  const [client] = await tx
    .select({ id: clients.id })
    .from(clients)
    .where(
      and(
        clientWithUci(tx, uci),
        sql`(${clients.officeId} = ${officeId} or exists (select 1 from ${applications}
              where ${applications.clientId} = ${clients.id} and ${applications.officeId} = ${officeId}))`,
      ),
    );
  return client?.id ?? null;
}

/** When the response is due, or null while the clock stands still. */
export function responseDueAt(
  receivedAt: Date,
  responseDays: number,
  pauses: readonly SlaPause[],
  now: Date,
): Date | null {
  if (pauses.some((p) => p.to === null)) return null;
  return slaState({ receivedAt, responseDays, pauses, firstResponseAt: null, now }).dueAt;
}
