/**
 * The paper fallback for an email that could not be delivered. Seed 000: "If the initial email was
 * sent to the most up-to-date email address, but an undelivered message was received, officers
 * should … send the correspondence to the client by means of an alternative method of
 * communication, such as paper mail."
 *
 * The letter is the email's own text, as sent, under the office's letterhead and the addressee's
 * postal address, in the application's language, with a short opening that says why it comes by
 * mail. It is kept as a PDF eDoc on a new paper correspondence record in status `generate` (the
 * work item of a person: print, mail, then mark it sent), and an activity asks an officer to do so.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { insertCorrespondenceActivity } from "../activities/insert-correspondence-activity.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Executor, Tx } from "../db/database.ts";
import { applications, clients, correspondence, edocs, offices } from "../db/schema.ts";
import { storeBlob } from "../edocs/store-blob.ts";
import { formatLetterDate } from "../letters/format-letter-date.ts";
import { renderLetterPdf } from "../letters/letter-pdf.ts";
import type { LetterLanguage } from "../letters/letter-templates.ts";
import { type RenderedLetter, renderLetter } from "../letters/render-letter.ts";
import { todayIn } from "../shared/dates.ts";
import { AppError } from "../shared/errors.ts";
import { LINES_OF_BUSINESS, type LineOfBusiness } from "../shared/identifiers.ts";
import type { Actor } from "../users/actor.ts";
import type { Addressee } from "./decide-bounce-follow-up.ts";
import type { Correspondence } from "./queue-email.ts";
import { MAIL_PAPER_LETTER_ACTIVITY, paperCorrespondenceLine } from "./queue-letter.ts";

/** The sub-activity of every work item an undelivered email puts in the office queue. */
export const UNDELIVERED_SUB_ACTIVITY = "Undelivered email correspondence";

export interface PaperLetterRequest {
  /** The outgoing email that could not be delivered. */
  original: Correspondence;
  /** Who receives the letter, and where (see `decideBounceFollowUp`). */
  recipient: { addressee: Addressee; representativeName: string | null; postalAddress: string };
  /** Why the correspondence goes by paper, for the officer who mails it. */
  why: string;
  /** The moment the letter is issued (its date, in the office's time zone). Default: now. */
  issuedAt?: Date;
}

/** A letter rendered and ready to store; nothing is written yet. */
export interface PreparedPaperLetter {
  request: PaperLetterRequest;
  applicationId: string;
  clientId: string;
  officeId: string;
  officeTimeZone: string;
  letter: RenderedLetter;
  pdf: Uint8Array;
}

export interface PaperLetter {
  /** The new paper correspondence, status `generate`; `status_reason` names the email it replaces. */
  correspondence: Correspondence;
  edocId: string;
  activityId: string;
}

/** The opening of the letter: why it comes by mail. Filled in the application's language. */
const OPENING: Record<
  LetterLanguage,
  (facts: { sentDate: string; address: string; fileNumber: string }) => string
> = {
  en: ({ sentDate, address, fileNumber }) =>
    `On ${sentDate}, we sent the email below to ${address}. It could not be delivered, so we are sending it to you by mail. If you would like us to write to you by email, please send us your current email address and give your file number, ${fileNumber}.\n\nThe email read as follows:`,
  fr: ({ sentDate, address, fileNumber }) =>
    `Le ${sentDate}, nous avons envoyé le courriel ci-dessous à l’adresse ${address}. Il n’a pas pu être livré ; nous vous l’envoyons donc par la poste. Si vous souhaitez que nous vous écrivions par courriel, veuillez nous communiquer votre adresse courriel actuelle en indiquant votre numéro de dossier, ${fileNumber}.\n\nLe courriel se lisait comme suit :`,
};

/**
 * Reads the file and renders the letter and its PDF, writing nothing, so that a caller can do
 * this before its transaction takes the audit chain's lock (rendering a PDF takes tens of ms).
 *
 * @example const prepared = await preparePaperLetter(tx, { original, recipient: { addressee: "client",
 *   representativeName: null, postalAddress: "12 rue Principale\nGatineau QC  J8X 1A1" }, why: "…" });
 */
export async function preparePaperLetter(
  tx: Executor,
  request: PaperLetterRequest,
): Promise<PreparedPaperLetter> {
  const { original, recipient } = request;
  const [row] = await tx
    .select({ application: applications, client: clients, office: offices })
    .from(applications)
    .innerJoin(clients, eq(clients.id, applications.clientId))
    .innerJoin(offices, eq(offices.id, applications.officeId))
    .where(eq(applications.id, original.applicationId));
  if (!row) throw new AppError("internal", `application ${original.applicationId} is missing`);
  const { application, client, office } = row;
  if (!(LINES_OF_BUSINESS as readonly string[]).includes(application.lineOfBusiness)) {
    throw new AppError("internal", `unknown line of business ${application.lineOfBusiness}`);
  }
  const language: LetterLanguage = application.language === "fr" ? "fr" : "en";
  const issuedAt = request.issuedAt ?? new Date();
  const sentDate = todayIn(office.timeZone, original.sentAt ?? original.createdAt);
  const opening = OPENING[language]({
    sentDate: formatLetterDate(sentDate, language),
    address: original.address ?? "",
    fileNumber: application.fileNumber,
  });
  const rendered = renderLetter({
    templateId: "free-text",
    language,
    channel: "paper",
    values: { subject: original.subject.slice(0, 200), body: opening },
    office,
    // The window of the envelope shows whoever the letter is for: the representative writes to
    // the office on the client's behalf (IMM 5476), so a letter for them bears their name.
    client:
      recipient.addressee === "representative" && recipient.representativeName
        ? {
            familyName: recipient.representativeName,
            givenNames: "",
            uci: client.uci,
            postalAddress: recipient.postalAddress,
          }
        : {
            familyName: client.familyName,
            givenNames: client.givenNames,
            uci: client.uci,
            postalAddress: recipient.postalAddress,
          },
    application: {
      fileNumber: application.fileNumber,
      lineOfBusiness: application.lineOfBusiness as LineOfBusiness,
    },
    today: issuedAt,
  });
  // The email's text follows the opening as it was sent, not filled in again as a template: it is
  // the correspondence itself, and a court may compare the two.
  const emailText = (original.bodyText ?? "").replace(/\r\n?/g, "\n").trim();
  const body = `${rendered.body}\n\n${emailText}`;
  const letter: RenderedLetter = {
    ...rendered,
    // A subject that already names the file (every template's does) is kept as the client saw it.
    subject: original.subject.includes(application.fileNumber) ? original.subject : rendered.subject,
    body,
    text: `${body}\n\n${rendered.closing}\n`,
  };
  const pdf = await renderLetterPdf(letter);
  return {
    request,
    applicationId: application.id,
    clientId: client.id,
    officeId: office.id,
    officeTimeZone: office.timeZone,
    letter,
    pdf,
  };
}

/**
 * Stores a prepared letter: the paper correspondence record (status `generate`, its
 * `status_reason` naming the undelivered email it replaces), the PDF as its eDoc, the audit event,
 * and the activity "Mail paper letter" in the office queue, all in the caller's transaction.
 */
export async function producePaperLetter(
  tx: Tx,
  actor: Actor,
  prepared: PreparedPaperLetter,
): Promise<PaperLetter> {
  const { request, letter, pdf } = prepared;
  const { original, recipient } = request;
  const id = randomUUID();
  const replaces = `Paper copy of undelivered email correspondence ${original.id}`;
  const [paper] = await tx
    .insert(correspondence)
    .values({
      id,
      applicationId: prepared.applicationId,
      direction: "out",
      channel: "paper",
      status: "generate",
      subject: letter.subject,
      address: recipient.postalAddress,
      language: letter.language,
      bodyText: letter.text,
      statusReason: replaces,
      templateId: original.templateId,
      // The letter states the same dates as the email; an extension is the officer's decision.
      responseDueDate: original.responseDueDate,
      interviewAt: original.interviewAt,
      createdBy: actor.userId,
    })
    .returning();
  if (!paper) throw new AppError("internal", "paper correspondence not created");
  const sha256 = await storeBlob(tx, pdf);
  const fileName = `letter-${id}.pdf`;
  const [edoc] = await tx
    .insert(edocs)
    .values({
      sha256,
      mediaType: "application/pdf",
      size: pdf.byteLength,
      fileName,
      kind: "paper-letter",
      description: `Paper letter to mail, replacing the undelivered email to ${original.address ?? "the client"}`,
      clientId: prepared.clientId,
      applicationId: prepared.applicationId,
      correspondenceId: id,
      uploadedBy: actor.userId,
    })
    .returning({ id: edocs.id });
  if (!edoc) throw new AppError("internal", "paper letter eDoc not stored");
  await recordAuditEvent(tx, actor, {
    action: "correspondence.queued",
    entityType: "application",
    entityId: prepared.applicationId,
    officeId: prepared.officeId,
    after: {
      correspondenceId: id,
      channel: "paper",
      address: recipient.postalAddress,
      addressee: recipient.addressee,
      subject: letter.subject,
      replacesCorrespondenceId: original.id,
      edocId: edoc.id,
      sha256,
    },
  });
  const addressee =
    recipient.addressee === "representative"
      ? `${recipient.representativeName ?? "the representative"} (representative)`
      : letter.heading.clientName;
  const activity = await insertCorrespondenceActivity(tx, actor, {
    activity: MAIL_PAPER_LETTER_ACTIVITY,
    subActivity: UNDELIVERED_SUB_ACTIVITY,
    officeId: prepared.officeId,
    assigneeUserId: null,
    // The letter is dated the day it is produced, and any date it gives runs from the email's.
    dueDate: letter.issueDate,
    clientId: prepared.clientId,
    applicationId: prepared.applicationId,
    details: [
      `Print the letter ${fileName} (eDoc ${edoc.id}) and mail it to:`,
      addressee,
      recipient.postalAddress,
      "",
      `It replaces the email "${original.subject}" sent on ${todayIn(prepared.officeTimeZone, original.sentAt ?? original.createdAt)} to ${original.address ?? "the client"}, which was not delivered.`,
      request.why,
      "Once it is mailed, record the paper correspondence as sent.",
      paperCorrespondenceLine(id),
      `Undelivered email: ${original.id}`,
    ].join("\n"),
    // The letter to mail: `markPaperLetterMailed` completes the activity by it.
    correspondenceId: id,
  });
  return { correspondence: paper, edocId: edoc.id, activityId: activity.id };
}
