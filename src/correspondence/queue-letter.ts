/**
 * Letters from templates (request for documents, interview convocation, approval, refusal, file
 * transfer, withdrawal, free text), queued as correspondence on an application. The officer chooses
 * the template and fills its values; the recipient and the channel always come from the file
 * (`resolveRecipient`), never from the input (seed 000: "The email address inserted in the recipient
 * line is identical to the email address provided by the client or immigration representative").
 *
 * An email row is written in status `generate`: it *is* the dispatcher's work item, written in the
 * same transaction as its audit event. A paper letter is written in status `generate` too, with its
 * PDF as an eDoc and an activity "Mail paper letter"; it stays there until an officer records it
 * mailed (`markPaperLetterMailed` in `mark-paper-letter-mailed.ts`).
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { insertActivity } from "../activities/create-activity.ts";
import type { Application } from "../applications/create-application.ts";
import { findVisibleApplication } from "../applications/find-visible-application.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Client } from "../clients/create-client.ts";
import type { Db, Executor, Tx } from "../db/database.ts";
import { clients, contactDetails, correspondence, edocs, offices, representatives } from "../db/schema.ts";
import { storeBlob } from "../edocs/store-blob.ts";
import { defaultResponseDate } from "../letters/default-response-date.ts";
import { letterValuesSchema } from "../letters/letter.schema.ts";
import { renderLetterPdf } from "../letters/letter-pdf.ts";
import {
  LETTER_TEMPLATE_IDS,
  type LetterLanguage,
  type LetterTemplateId,
} from "../letters/letter-templates.ts";
import { type RenderedLetter, renderLetter } from "../letters/render-letter.ts";
import { LETTER_FRAMES } from "../letters/templates/index.ts";
import type { Office } from "../offices/create-office.ts";
import { todayIn } from "../shared/dates.ts";
import { AppError } from "../shared/errors.ts";
import { LINES_OF_BUSINESS, type LineOfBusiness } from "../shared/identifiers.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import { type Correspondence, messageIdFor } from "./queue-email.ts";
import { type Recipient, representativeInForce, resolveRecipient } from "./resolve-recipient.ts";

/** The activity that asks a person to print and mail a paper letter (the same words as the bounce fallback's). */
export const MAIL_PAPER_LETTER_ACTIVITY = "Mail paper letter";
/** Sub-activity of a paper letter queued because the file holds no email the office may use. */
export const PAPER_CORRESPONDENCE_SUB_ACTIVITY = "Paper correspondence";

/** The line of a "Mail paper letter" activity that names its paper correspondence. */
export function paperCorrespondenceLine(correspondenceId: string): string {
  return `Paper correspondence: ${correspondenceId}`;
}

/**
 * Input fields that would choose a recipient. Refused rather than ignored: an integrator who sends
 * one believes the letter goes there, and must learn that it does not.
 */
const RECIPIENT_FIELDS = ["to", "cc", "bcc", "address", "recipient", "recipients", "email", "replyTo"];

export const ZQueueLetter = z.object({
  templateId: z.enum(LETTER_TEMPLATE_IDS, { message: `must be one of ${LETTER_TEMPLATE_IDS.join(", ")}` }),
  // Each template's own schema checks the values when the letter is rendered (dates against its day).
  // Checked by hand rather than as a record: a wrong type must say what is expected, not "is required".
  values: z
    .unknown()
    .refine((v) => v === undefined || (typeof v === "object" && v !== null && !Array.isArray(v)), {
      message: "must be an object of the template's values",
    })
    .transform((v) => (v ?? {}) as Record<string, unknown>),
});
export type QueueLetterInput = z.input<typeof ZQueueLetter>;

/** Who the letter goes to, by which channel, and why: what the officer is shown before sending. */
export type LetterRecipient = Recipient & {
  /** First day of the IMM 5476 in force, when the letter goes to a representative. */
  representativeValidFrom: string | null;
};

export interface QueuedLetter {
  /** The outgoing correspondence, status `generate`. */
  correspondence: Correspondence;
  recipient: LetterRecipient;
  letter: RenderedLetter;
  /** Paper only: the PDF's eDoc and the "Mail paper letter" activity. */
  edocId: string | null;
  activityId: string | null;
}

/** A letter rendered for one application, with its recipient; nothing written yet. */
export interface PreparedLetter {
  templateId: LetterTemplateId;
  recipient: LetterRecipient;
  letter: RenderedLetter;
  /** The date the client must answer by (request for documents), as stated in the letter. */
  responseDueDate: string | null;
  /** The interview the client is convoked to, as a moment (the letter's date and time in the office's zone). */
  interviewAt: Date | null;
}

export interface InsertLetterInput {
  application: Application;
  /**
   * The office that signs the letter: the application's own, except for a file transfer notice,
   * which the office the file leaves signs.
   */
  office: Office;
  client: Client;
  templateId: LetterTemplateId;
  /** The template's values, as a form or an API body gives them; checked here. */
  values: unknown;
  /** The moment the letter is issued; its date is that moment's day in the signing office's zone. */
  today: Date;
}

/**
 * Queues a letter from a template on the application with this file number, in one transaction.
 *
 * @example await queueLetter(db, officer, "V000012345", { templateId: "request-documents",
 *   values: { documents: ["Bank statements for the last 3 months"], responseDate: "2026-04-01" } })
 *   // → { correspondence: { channel: "email", status: "generate", address: "anh.nguyen@example.com", … }, … }
 *
 * Refused (`invalid_input`, naming the field): a recipient in the input (`to`, `address`, …), a
 * file transfer notice on its own (it is sent by `transferApplication`), a request without a
 * response date or a convocation without an interview date, a date not after the letter's date.
 */
export async function queueLetter(
  db: Db,
  actor: Actor,
  fileNumber: string,
  input: QueueLetterInput,
): Promise<QueuedLetter> {
  const data = checkQueueLetterInput(input);
  return db.transaction(async (tx) => {
    const { application, office, client } = await loadLetterFile(tx, actor, fileNumber);
    return insertLetter(tx, actor, {
      application,
      office,
      client,
      templateId: data.templateId,
      values: data.values,
      today: new Date(),
    });
  });
}

/**
 * The letter `queueLetter` would queue, rendered with the same rules and the same recipient, and
 * nothing written: what the compose page shows as its preview.
 */
export async function previewLetter(
  db: Db,
  actor: Actor,
  fileNumber: string,
  input: QueueLetterInput,
  today: Date = new Date(),
): Promise<PreparedLetter> {
  const data = checkQueueLetterInput(input);
  const { application, office, client } = await loadLetterFile(db, actor, fileNumber);
  return prepareLetter(db, {
    application,
    office,
    client,
    templateId: data.templateId,
    values: data.values,
    today,
  });
}

/**
 * Inside the caller's transaction: renders the letter, resolves the recipient from the file and
 * writes the correspondence row (status `generate`) with its audit event. For paper it also stores
 * the PDF as an eDoc on the record and puts an activity "Mail paper letter" in the queue of the
 * office that holds the application. Throws before writing anything when a value is wrong.
 *
 * Bulk correspondence calls this once per application inside its own transaction; the signature is
 * kept stable for that use.
 *
 * @example await db.transaction((tx) => insertLetter(tx, officer, { application, office, client,
 *   templateId: "approval", values: { nextSteps: "Send us your passport." }, today: new Date() }))
 */
export async function insertLetter(tx: Tx, actor: Actor, input: InsertLetterInput): Promise<QueuedLetter> {
  // Rendering (and a PDF: tens of ms) comes before the first write, so the audit chain's lock is
  // not held while it runs.
  const prepared = await prepareLetter(tx, input);
  const pdf = prepared.recipient.channel === "paper" ? await renderLetterPdf(prepared.letter) : null;
  return storeLetter(tx, actor, input, prepared, pdf);
}

/** Renders the letter and decides its recipient; reads the file, writes nothing. */
export async function prepareLetter(db: Executor, input: InsertLetterInput): Promise<PreparedLetter> {
  const { application, office, client, templateId, today } = input;
  refuseTypedRecipient(input.values, "values.");
  const issueDate = todayIn(office.timeZone, today);
  const recipient = await resolveLetterRecipient(db, application, issueDate);
  const values = withResponseDate(templateId, input.values, office, issueDate);
  const language: LetterLanguage = application.language === "fr" ? "fr" : "en";
  const letter = renderLetter({
    templateId,
    language,
    channel: recipient.channel,
    values: values as never,
    office,
    client: {
      familyName: client.familyName,
      givenNames: client.givenNames,
      uci: client.uci,
      postalAddress: recipient.channel === "paper" ? windowAddress(recipient, language) : null,
    },
    application: { fileNumber: application.fileNumber, lineOfBusiness: lineOfBusinessOf(application) },
    today,
  });
  // The letter rendered, so its values passed the template's schema: parse again for their clean form.
  const checked = letterValuesSchema(templateId, issueDate).parse(values) as Record<string, unknown>;
  return {
    templateId,
    recipient,
    letter,
    responseDueDate:
      templateId === "request-documents" && typeof checked.responseDate === "string"
        ? checked.responseDate
        : null,
    interviewAt:
      templateId === "interview-convocation"
        ? zonedTimeToUtc(String(checked.interviewDate), String(checked.interviewTime), office.timeZone)
        : null,
  };
}

/** What the compose page shows before any value is typed. */
export interface LetterComposition {
  application: Application;
  office: Office;
  client: Client;
  /** Who a letter written today goes to; null when the file holds no address at all. */
  recipient: LetterRecipient | null;
  /** Why there is no recipient (it tells the officer what to record), when there is none. */
  noRecipient: AppError | null;
  /** The response date a request for documents gets unless the officer sets another. */
  defaultResponseDate: string;
}

/**
 * The facts the officer sees while writing a letter: the recipient and channel the file gives,
 * and the office's default response date. Reads only.
 */
export async function composeLetter(
  db: Executor,
  actor: Actor,
  fileNumber: string,
  today: Date = new Date(),
): Promise<LetterComposition> {
  const { application, office, client } = await loadLetterFile(db, actor, fileNumber);
  const issueDate = todayIn(office.timeZone, today);
  let recipient: LetterRecipient | null = null;
  let noRecipient: AppError | null = null;
  try {
    recipient = await resolveLetterRecipient(db, application, issueDate);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "invalid_state") throw error;
    noRecipient = error;
  }
  return {
    application,
    office,
    client,
    recipient,
    noRecipient,
    defaultResponseDate: defaultResponseDate(issueDate, office.defaultResponseDays),
  };
}

/** `resolveRecipient` on the file's facts, with the first day of the IMM 5476 it relied on. */
async function resolveLetterRecipient(
  db: Executor,
  application: Application,
  issueDate: string,
): Promise<LetterRecipient> {
  const [reps, contacts] = await Promise.all([
    db.select().from(representatives).where(eq(representatives.applicationId, application.id)),
    db.select().from(contactDetails).where(eq(contactDetails.clientId, application.clientId)),
  ]);
  const representativeFacts = reps.map((r) => ({ ...r, recordedAt: r.createdAt }));
  // An IMM 5476 is in force by calendar day where the office works.
  const recipient = resolveRecipient({ onDate: issueDate, representatives: representativeFacts, contacts });
  const representative =
    recipient.addressee === "representative"
      ? representativeInForce(representativeFacts, issueDate)
      : undefined;
  return { ...recipient, representativeValidFrom: representative?.validFrom ?? null };
}

async function storeLetter(
  tx: Tx,
  actor: Actor,
  input: InsertLetterInput,
  prepared: PreparedLetter,
  pdf: Uint8Array | null,
): Promise<QueuedLetter> {
  const { application, office } = input;
  const { recipient, letter } = prepared;
  const id = randomUUID();
  const email = recipient.channel === "email";
  const [row] = await tx
    .insert(correspondence)
    .values({
      id,
      applicationId: application.id,
      direction: "out",
      channel: recipient.channel,
      status: "generate",
      subject: letter.subject,
      address: recipient.address,
      language: letter.language,
      bodyText: letter.text,
      // Fixed now, so every attempt (and a resend after a crash) carries the same Message-ID
      // (RFC 5322 §3.6.4: one message, one identifier).
      messageId: email ? messageIdFor(id, office.mailboxEmail) : null,
      attempts: email ? 0 : null,
      templateId: prepared.templateId,
      responseDueDate: prepared.responseDueDate,
      interviewAt: prepared.interviewAt,
      createdBy: actor.userId,
    })
    .returning();
  if (!row) throw new AppError("internal", "correspondence not queued");

  let edocId: string | null = null;
  let sha256: string | null = null;
  if (pdf) {
    sha256 = await storeBlob(tx, pdf);
    const [edoc] = await tx
      .insert(edocs)
      .values({
        sha256,
        mediaType: "application/pdf",
        size: pdf.byteLength,
        fileName: `letter-${id}.pdf`,
        kind: "paper-letter",
        description: `Paper letter to mail: ${letter.subject}`,
        clientId: application.clientId,
        applicationId: application.id,
        correspondenceId: id,
        uploadedBy: actor.userId,
      })
      .returning({ id: edocs.id });
    if (!edoc) throw new AppError("internal", "paper letter eDoc not stored");
    edocId = edoc.id;
  }

  await recordAuditEvent(tx, actor, {
    action: "correspondence.queued",
    entityType: "application",
    entityId: application.id,
    officeId: application.officeId,
    after: {
      correspondenceId: id,
      templateId: prepared.templateId,
      channel: row.channel,
      address: row.address,
      addressee: recipient.addressee,
      subject: row.subject,
      messageId: row.messageId,
      responseDueDate: row.responseDueDate,
      interviewAt: row.interviewAt?.toISOString() ?? null,
      ...(edocId ? { edocId, sha256 } : {}),
    },
  });

  let activityId: string | null = null;
  if (pdf && edocId) {
    const activity = await insertActivity(tx, actor, {
      activity: MAIL_PAPER_LETTER_ACTIVITY,
      subActivity: PAPER_CORRESPONDENCE_SUB_ACTIVITY,
      // Work on a file belongs to the office that holds it (after a transfer, the new one).
      officeId: application.officeId,
      assigneeUserId: null,
      // Any date in the letter runs from its date: it should leave the office the same day.
      dueDate: letter.issueDate,
      clientId: application.clientId,
      applicationId: application.id,
      details: [
        `Print the letter letter-${id}.pdf (eDoc ${edocId}) and mail it to:`,
        recipient.address,
        "",
        `Why paper: ${paperReason(recipient)}`,
        "Once it is mailed, record the paper correspondence as mailed.",
        paperCorrespondenceLine(id),
      ].join("\n"),
    });
    activityId = activity.id;
  }
  return { correspondence: row, recipient: prepared.recipient, letter, edocId, activityId };
}

function checkQueueLetterInput(input: QueueLetterInput) {
  refuseTypedRecipient(input, "");
  const data = validate(ZQueueLetter, input);
  if (data.templateId === "file-transfer") {
    throw new AppError(
      "invalid_input",
      "templateId: a file transfer notice is sent when the file is transferred to another office, not on its own",
      {
        field: "templateId",
        messageFr:
          "templateId : l’avis de transfert est envoyé au moment du transfert du dossier à un autre bureau, jamais seul",
      },
    );
  }
  return data;
}

async function loadLetterFile(db: Executor, actor: Actor, fileNumber: string) {
  const application = await findVisibleApplication(db, actor, fileNumber);
  const [office] = await db.select().from(offices).where(eq(offices.id, application.officeId));
  const [client] = await db.select().from(clients).where(eq(clients.id, application.clientId));
  if (!office || !client) throw new AppError("internal", "the application's office or client is missing");
  return { application, office, client };
}

/** Throws when `input` holds a field that would choose where the letter goes. */
function refuseTypedRecipient(input: unknown, prefix: string): void {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return;
  const typed = RECIPIENT_FIELDS.find((name) => Object.hasOwn(input, name));
  if (!typed) return;
  throw new AppError(
    "invalid_input",
    `${prefix}${typed}: a letter's recipient is never typed; it goes to the address on file (the representative's email on an IMM 5476 in force, else the client's email given with consent, else paper mail). Remove ${typed}, and correct the file if the address is wrong.`,
    {
      field: `${prefix}${typed}`,
      messageFr: `${prefix}${typed} : le destinataire d’une lettre n’est jamais saisi ; elle part à l’adresse au dossier (courriel du représentant sur un IMM 5476 en vigueur, sinon courriel du client donné avec consentement, sinon courrier papier). Retirez ${typed} et corrigez le dossier si l’adresse est fausse.`,
    },
  );
}

/**
 * The office's default period fills in a request's response date the officer left out (DESIGN:
 * "default period set per office, editable per letter"). A date the officer emptied is refused
 * rather than replaced: they meant to change it.
 */
function withResponseDate(
  templateId: LetterTemplateId,
  values: unknown,
  office: Office,
  issueDate: string,
): unknown {
  if (templateId !== "request-documents" || values === null || typeof values !== "object") return values;
  const given = (values as { responseDate?: unknown }).responseDate;
  if (typeof given === "string" && given.trim() === "") {
    const [en, fr] = (["en", "fr"] as const).map((language) =>
      LETTER_FRAMES[language].requiredFor.replace(
        "{{letter}}",
        LETTER_FRAMES[language].templateLabel[templateId],
      ),
    );
    throw new AppError("invalid_input", `responseDate: ${en}`, {
      field: "responseDate",
      messageFr: `responseDate : ${fr}`,
    });
  }
  if (given !== undefined) return values;
  return { ...values, responseDate: defaultResponseDate(issueDate, office.defaultResponseDays) };
}

/**
 * The address block a windowed envelope shows. A letter for a representative keeps the client's
 * name (it is the client's letter) and adds the representative's "care of" line.
 */
function windowAddress(recipient: Recipient, language: LetterLanguage): string {
  if (recipient.addressee !== "representative") return recipient.address;
  return `${language === "fr" ? "a/s de" : "c/o"} ${recipient.representativeName}\n${recipient.address}`;
}

function paperReason(recipient: Recipient): string {
  return recipient.addressee === "representative"
    ? `the IMM 5476 in force gives no email for ${recipient.representativeName}, so the letter goes to the representative's postal address.`
    : "the file holds no email the client gave with consent, so the letter goes to the client's postal address.";
}

function lineOfBusinessOf(application: Application): LineOfBusiness {
  if (!(LINES_OF_BUSINESS as readonly string[]).includes(application.lineOfBusiness)) {
    throw new AppError("internal", `unknown line of business ${application.lineOfBusiness}`);
  }
  return application.lineOfBusiness as LineOfBusiness;
}

/**
 * The moment a wall-clock date and time in a time zone names. The offset is read at the guess and
 * again at the result, so a time near a daylight-saving change lands on the right side of it.
 */
function zonedTimeToUtc(date: string, time: string, timeZone: string): Date {
  const [year = 0, month = 1, day = 1] = date.split("-").map(Number);
  const [hour = 0, minute = 0] = time.split(":").map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const first = wall - offsetAt(timeZone, wall);
  return new Date(wall - offsetAt(timeZone, first));
}

/** How far the zone's wall clock is ahead of UTC at a moment, in ms. */
function offsetAt(timeZone: string, moment: number): number {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(moment));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    part("year"),
    part("month") - 1,
    part("day"),
    part("hour"),
    part("minute"),
    part("second"),
  );
  return asUtc - Math.floor(moment / 1000) * 1000;
}
