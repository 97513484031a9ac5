/**
 * One enquiry as the people who answer it read it: what was stated and where each item was read,
 * what is missing, the category and why, the file it points at, the response clock, and the whole
 * thread with the automatic replies queued or held back. An enquiry of an office the person does
 * not work on is "not found", as a file of another office is.
 */
import { asc, eq } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { applications, clients, enquiries, enquiryMessages, inboundMessages, offices } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import type { Actor } from "../users/actor.ts";
import type { EnquiryField, FoundField, MissingField, Wording } from "./enquiry.schema.ts";
import { canReadEnquiries } from "./enquiry-access.ts";
import { referenceInSubject } from "./enquiry-reference.ts";
import { enquirySla } from "./enquiry-sla.ts";
import type { SlaResult } from "./sla-state.ts";

export interface EnquiryView {
  enquiry: typeof enquiries.$inferSelect;
  office: { code: string; nameEn: string; nameFr: string; timeZone: string };
  fields: Partial<Record<EnquiryField, FoundField>>;
  missing: MissingField[];
  categoryReason: Wording;
  /** The file the stated number points at in this office, if any. */
  file: { fileNumber: string | null; uci: string; familyName: string; givenNames: string } | null;
  sla: SlaResult;
  /** Oldest first, both ways. */
  messages: EnquiryMessageView[];
}

export type EnquiryMessageView = typeof enquiryMessages.$inferSelect & {
  /**
   * Incoming by SMTP: the envelope sender (MAIL FROM); null for the web form and for mail read
   * over IMAP, whose server keeps no envelope apart from the header. The From line is whatever the sender wrote; when the two differ, officers are shown both
   * before they trust the address (seed 001: identify the enquirer before releasing anything).
   */
  envelopeFrom: string | null;
};

/** @example const view = await getEnquiry(db, agent, "ENQ-2026-000123"); view.sla.state // "due" */
export async function getEnquiry(
  db: Executor,
  actor: Actor,
  referenceInput: string,
  options: { now?: Date } = {},
): Promise<EnquiryView> {
  const reference = referenceInSubject(referenceInput.trim());
  const notFound = () =>
    new AppError("not_found", `reference: no enquiry ${referenceInput.slice(0, 40)} in your offices`, {
      field: "reference",
      messageFr: `reference : aucune demande ${referenceInput.slice(0, 40)} dans vos bureaux`,
    });
  if (!reference || reference !== referenceInput.trim().toUpperCase()) throw notFound();
  const [row] = await db
    .select({ enquiry: enquiries, office: offices })
    .from(enquiries)
    .innerJoin(offices, eq(offices.id, enquiries.officeId))
    .where(eq(enquiries.reference, reference));
  if (!row || !canReadEnquiries(actor, row.enquiry.officeId)) throw notFound();
  const { enquiry, office } = row;
  const rows = await db
    .select({ message: enquiryMessages, envelopeFrom: inboundMessages.envelopeFrom })
    .from(enquiryMessages)
    .leftJoin(inboundMessages, eq(inboundMessages.id, enquiryMessages.inboundMessageId))
    .where(eq(enquiryMessages.enquiryId, enquiry.id))
    .orderBy(asc(enquiryMessages.createdAt));
  const messages = rows.map(({ message, envelopeFrom }) => ({ ...message, envelopeFrom }));
  return {
    enquiry,
    office: { code: office.code, nameEn: office.nameEn, nameFr: office.nameFr, timeZone: office.timeZone },
    fields: enquiry.fields as EnquiryView["fields"],
    missing: enquiry.missingFields as MissingField[],
    categoryReason: enquiry.categoryReason as Wording,
    file: await matchedFile(db, enquiry),
    sla: enquirySla(enquiry, options.now ?? new Date()),
    messages,
  };
}

async function matchedFile(
  db: Executor,
  enquiry: typeof enquiries.$inferSelect,
): Promise<EnquiryView["file"]> {
  if (enquiry.applicationId) {
    const [found] = await db
      .select({
        fileNumber: applications.fileNumber,
        uci: clients.uci,
        familyName: clients.familyName,
        givenNames: clients.givenNames,
      })
      .from(applications)
      .innerJoin(clients, eq(clients.id, applications.clientId))
      .where(eq(applications.id, enquiry.applicationId));
    if (found) return found;
  }
  if (enquiry.clientId) {
    const [found] = await db
      .select({ uci: clients.uci, familyName: clients.familyName, givenNames: clients.givenNames })
      .from(clients)
      .where(eq(clients.id, enquiry.clientId));
    if (found) return { fileNumber: null, ...found };
  }
  return null;
}
