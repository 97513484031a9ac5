/**
 * Letters from templates (request for documents, interview convocation, file transfer, free
 * text), queued as correspondence on an application. Decision letters (approval, refusal,
 * abandonment, withdrawal) are refused here: recording the decision produces them. The officer chooses
 * the template and fills its values; the recipient and the channel always come from the file
 * (`resolveRecipient`), never from the input (seed 000: "The email address inserted in the recipient
 * line is identical to the email address provided by the client or immigration representative").
 *
 * An email row is written in status `generate`: it *is* the dispatcher's work item, written in the
 * same transaction as its audit event. A paper letter is written in status `generate` too, with its
 * PDF as an eDoc and an activity "Mail paper letter"; it stays there until an officer records it
 * mailed (`markPaperLetterMailed` in `mark-paper-letter-mailed.ts`).
 *
 * One letter and a bulk job's thousands take the same two steps: `prepareLetters` reads the files'
 * facts with a few queries and renders each letter once, writing nothing; `insertLetters` writes
 * the rows with multi-row inserts and appends their audit events in one go.
 */
import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { type Activity, insertActivities } from "../activities/create-activity.ts";
import type { Application } from "../applications/create-application.ts";
import { findVisibleApplication } from "../applications/find-visible-application.ts";
import { type AuditChange, recordAuditEvents } from "../audit/record-audit-event.ts";
import type { Client } from "../clients/create-client.ts";
import type { Db, Executor, Tx } from "../db/database.ts";
import { insertColumnwise } from "../db/insert-columnwise.ts";
import {
  blobs,
  clients,
  contactDetails,
  correspondence,
  edocs,
  offices,
  representatives,
} from "../db/schema.ts";
import { sha256Hex } from "../edocs/store-blob.ts";
import { defaultResponseDate } from "../letters/default-response-date.ts";
import { letterIssueDate } from "../letters/format-letter-date.ts";
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
import { AppError } from "../shared/errors.ts";
import { LINES_OF_BUSINESS, type LineOfBusiness } from "../shared/identifiers.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import { type Correspondence, messageIdFor } from "./queue-email.ts";
import {
  type ContactFact,
  type Recipient,
  type RepresentativeFact,
  representativeInForce,
  resolveRecipient,
} from "./resolve-recipient.ts";

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

/**
 * Letters that announce a decision on the application. Only recording the decision
 * (`recordDecision`, src/decisions/record-decision.ts) produces one: it writes the decision, adds
 * the recourse annex a refusal or an abandonment must carry, and queues the letter in the same
 * transaction. Written from a template, the letter would tell the applicant of a decision the file
 * does not hold, without their recourse.
 */
export const DECISION_LETTERS = {
  approval: { en: "an approval letter", fr: "une lettre d’approbation" },
  refusal: { en: "a refusal letter", fr: "une lettre de refus" },
  withdrawal: { en: "a withdrawal notice", fr: "un avis de retrait" },
  "decision-approval": { en: "an approval letter", fr: "une lettre d’approbation" },
  "decision-refusal": { en: "a refusal letter", fr: "une lettre de refus" },
  "decision-abandonment": { en: "an abandonment letter", fr: "une lettre d’abandon" },
  "decision-withdrawal": { en: "a withdrawal notice", fr: "un avis de retrait" },
} as const satisfies Record<string, { en: string; fr: string }>;
export type DecisionLetterId = keyof typeof DECISION_LETTERS;

export function isDecisionLetter(templateId: unknown): templateId is DecisionLetterId {
  return typeof templateId === "string" && Object.hasOwn(DECISION_LETTERS, templateId);
}

/** The templates an officer may write a letter from: no transfer notice (it goes with a transfer), no decision. */
export const COMPOSABLE_LETTER_IDS = LETTER_TEMPLATE_IDS.filter(
  (id): id is Exclude<LetterTemplateId, "file-transfer" | DecisionLetterId> =>
    id !== "file-transfer" && !isDecisionLetter(id),
);

export const ZQueueLetter = z.object({
  templateId: z.enum(LETTER_TEMPLATE_IDS, {
    message: `must be one of ${COMPOSABLE_LETTER_IDS.join(", ")}`,
  }),
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
 * file transfer notice on its own (it is sent by `transferApplication`), a decision letter
 * (approval, refusal, abandonment, withdrawal: `recordDecision` produces it), a request without a
 * response date or a convocation without an interview date, a date not after the letter's date.
 */
export async function queueLetter(
  db: Db,
  actor: Actor,
  fileNumber: string,
  input: QueueLetterInput,
): Promise<QueuedLetter> {
  const data = checkQueueLetterInput(input, fileNumber);
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
  const data = checkQueueLetterInput(input, fileNumber);
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
 * @example await db.transaction((tx) => insertLetter(tx, officer, { application, office, client,
 *   templateId: "approval", values: { nextSteps: "Send us your passport." }, today: new Date() }))
 */
export async function insertLetter(tx: Tx, actor: Actor, input: InsertLetterInput): Promise<QueuedLetter> {
  const prepared = await prepareLetter(tx, input);
  const [queued] = await insertLetters(tx, actor, [{ input, prepared }]);
  if (!queued) throw new AppError("internal", "correspondence not queued");
  return queued;
}

/** Renders the letter and decides its recipient; reads the file, writes nothing. */
export async function prepareLetter(db: Executor, input: InsertLetterInput): Promise<PreparedLetter> {
  const [prepared] = await prepareLetters(db, [input]);
  if (prepared instanceof AppError) throw prepared;
  if (!prepared) throw new AppError("internal", "letter not prepared");
  return prepared;
}

/**
 * `prepareLetter` for many letters at once: the recipients' facts of all the files are read with a
 * few queries, then each letter is rendered in memory. Writes nothing. The answer follows `inputs`
 * one for one: the prepared letter, or the error (`invalid_input`, `invalid_state`) that refuses it,
 * so a caller can list every row at fault; any other error is thrown.
 *
 * @example const [letter, refused] = await prepareLetters(db, [approvalForHaddad, approvalForKowalski])
 *   // → [{ recipient: { channel: "email", … }, letter, … }, AppError("invalid_state", "There is no address to write to…")]
 */
export async function prepareLetters(
  db: Executor,
  inputs: readonly InsertLetterInput[],
): Promise<Array<PreparedLetter | AppError>> {
  const facts = await loadRecipientFacts(
    db,
    inputs.map((input) => input.application),
  );
  return inputs.map((input) => {
    try {
      return prepareFromFacts(input, factsOf(facts, input.application));
    } catch (error) {
      if (error instanceof AppError && (error.code === "invalid_input" || error.code === "invalid_state")) {
        return error;
      }
      throw error;
    }
  });
}

/** A letter checked by `prepareLetters`, and the file and office it was prepared for. */
export interface LetterToInsert {
  input: InsertLetterInput;
  prepared: PreparedLetter;
}

export interface InsertLettersOptions {
  /** The bulk job the letters belong to, written on each row. */
  bulkJobId?: string;
  /** More audit events about the queued letters, appended after theirs in the same write of the chain. */
  alsoAudit?: (queued: QueuedLetter[]) => AuditChange[];
}

/**
 * `insertLetter` for letters already prepared (each rendered once), in the caller's transaction:
 * rows are written with multi-row inserts and the audit events appended once, in the order one
 * `insertLetter` per letter would write them. Paper PDFs are rendered before the first write. The
 * answer follows `letters` one for one.
 *
 * @example const queued = await insertLetters(tx, officer, letters, { bulkJobId: job.id })
 */
export async function insertLetters(
  tx: Tx,
  actor: Actor,
  letters: readonly LetterToInsert[],
  options: InsertLettersOptions = {},
): Promise<QueuedLetter[]> {
  // Rendering a PDF takes tens of ms: it comes before the first write, so the audit chain's lock is
  // not held while it runs.
  const pdfs: Array<Uint8Array | null> = [];
  for (const { prepared } of letters) {
    pdfs.push(prepared.recipient.channel === "paper" ? await renderLetterPdf(prepared.letter) : null);
  }
  const ids = letters.map(() => randomUUID());

  const rows = new Map<string, Correspondence>();
  const values = letters.map(({ input, prepared }, index) => {
    const id = ids[index] as string;
    const email = prepared.recipient.channel === "email";
    return {
      id,
      applicationId: input.application.id,
      // The office that signs the letter sends it, whatever happens to the file afterwards.
      officeId: input.office.id,
      direction: "out",
      channel: prepared.recipient.channel,
      status: "generate",
      subject: prepared.letter.subject,
      address: prepared.recipient.address,
      language: prepared.letter.language,
      bodyText: prepared.letter.text,
      // Fixed now, so every attempt (and a resend after a crash) carries the same Message-ID
      // (RFC 5322 §3.6.4: one message, one identifier).
      messageId: email ? messageIdFor(id, input.office.mailboxEmail) : null,
      attempts: email ? 0 : null,
      templateId: prepared.templateId,
      responseDueDate: prepared.responseDueDate,
      interviewAt: prepared.interviewAt,
      bulkJobId: options.bulkJobId ?? null,
      createdBy: actor.userId,
    };
  });
  for (const chunk of chunks(values, ROWS_PER_INSERT)) {
    await insertColumnwise(tx, correspondence, chunk);
    const chunkIds = chunk.map((row) => row.id);
    for (const row of await tx.select().from(correspondence).where(inArray(correspondence.id, chunkIds))) {
      rows.set(row.id, row);
    }
  }

  const paper = await insertPaperWork(tx, actor, letters, ids, pdfs);

  const queued: QueuedLetter[] = [];
  const changes: AuditChange[] = [];
  letters.forEach(({ input, prepared }, index) => {
    const id = ids[index] as string;
    const row = rows.get(id);
    if (!row) throw new AppError("internal", "correspondence not queued");
    const work = paper.get(id);
    changes.push({
      action: "correspondence.queued",
      entityType: "application",
      entityId: input.application.id,
      officeId: input.application.officeId,
      after: {
        correspondenceId: id,
        templateId: prepared.templateId,
        channel: row.channel,
        address: row.address,
        addressee: prepared.recipient.addressee,
        subject: row.subject,
        messageId: row.messageId,
        responseDueDate: row.responseDueDate,
        interviewAt: row.interviewAt?.toISOString() ?? null,
        ...(work ? { edocId: work.edocId, sha256: work.sha256 } : {}),
      },
    });
    queued.push({
      correspondence: row,
      recipient: prepared.recipient,
      letter: prepared.letter,
      edocId: work?.edocId ?? null,
      activityId: work?.activity.id ?? null,
    });
  });
  changes.push(...(options.alsoAudit?.(queued) ?? []));
  await recordAuditEvents(tx, actor, changes);
  return queued;
}

/** Rows per multi-row insert: well under PostgreSQL's 65,535 parameters a statement. */
const ROWS_PER_INSERT = 1_000;
/** PDFs are tens of kB each: fewer to a statement. */
const BLOBS_PER_INSERT = 100;

interface PaperWork {
  edocId: string;
  sha256: string;
  activity: Activity;
}

/**
 * For each paper letter: its PDF stored as an eDoc on the record, and an activity "Mail paper
 * letter" in the queue of the office that holds the application, naming the letter. By
 * correspondence id.
 */
async function insertPaperWork(
  tx: Tx,
  actor: Actor,
  letters: readonly LetterToInsert[],
  ids: readonly string[],
  pdfs: ReadonlyArray<Uint8Array | null>,
): Promise<Map<string, PaperWork>> {
  const paper = letters.flatMap(({ input, prepared }, index) => {
    const pdf = pdfs[index];
    const id = ids[index];
    return pdf && id ? [{ input, prepared, pdf, id, sha256: sha256Hex(pdf), edocId: randomUUID() }] : [];
  });
  const work = new Map<string, PaperWork>();
  if (paper.length === 0) return work;

  // Content-addressed: the same bytes are stored once, however many letters hold them.
  const unique = new Map(paper.map((p) => [p.sha256, p.pdf]));
  const blobRows = [...unique].map(([sha256, pdf]) => ({ sha256, size: pdf.byteLength, content: pdf }));
  for (const chunk of chunks(blobRows, BLOBS_PER_INSERT)) {
    await tx.insert(blobs).values(chunk).onConflictDoNothing();
  }
  const edocRows = paper.map((p) => ({
    id: p.edocId,
    sha256: p.sha256,
    mediaType: "application/pdf",
    size: p.pdf.byteLength,
    fileName: `letter-${p.id}.pdf`,
    kind: "paper-letter",
    description: `Paper letter to mail: ${p.prepared.letter.subject}`,
    clientId: p.input.application.clientId,
    applicationId: p.input.application.id,
    correspondenceId: p.id,
    uploadedBy: actor.userId,
  }));
  for (const chunk of chunks(edocRows, ROWS_PER_INSERT)) await tx.insert(edocs).values(chunk);

  const created = await insertActivities(
    tx,
    actor,
    paper.map((p) => ({
      activity: MAIL_PAPER_LETTER_ACTIVITY,
      subActivity: PAPER_CORRESPONDENCE_SUB_ACTIVITY,
      // Work on a file belongs to the office that holds it (after a transfer, the new one).
      officeId: p.input.application.officeId,
      assigneeUserId: null,
      // Any date in the letter runs from its date: it should leave the office the same day.
      dueDate: p.prepared.letter.issueDate,
      clientId: p.input.application.clientId,
      applicationId: p.input.application.id,
      correspondenceId: p.id,
      // The last line still names the letter for the code and the people that read it there.
      details: [
        `Print the letter letter-${p.id}.pdf (eDoc ${p.edocId}) and mail it to:`,
        p.prepared.recipient.address,
        "",
        `Why paper: ${paperReason(p.prepared.recipient)}`,
        "Once it is mailed, record the paper correspondence as mailed.",
        paperCorrespondenceLine(p.id),
      ].join("\n"),
    })),
  );
  paper.forEach((p, index) => {
    const activity = created[index];
    if (!activity) throw new AppError("internal", "paper letter activity not created");
    work.set(p.id, { edocId: p.edocId, sha256: p.sha256, activity });
  });
  return work;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** One letter rendered from its input and the facts of its file; pure. */
function prepareFromFacts(input: InsertLetterInput, facts: FileRecipientFacts): PreparedLetter {
  const { application, office, client, templateId, today } = input;
  refuseTypedRecipient(input.values, "values.");
  const issueDate = letterIssueDate(office.timeZone, today);
  const recipient = letterRecipient(facts, issueDate);
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
  const issueDate = letterIssueDate(office.timeZone, today);
  const facts = await loadRecipientFacts(db, [application]);
  let recipient: LetterRecipient | null = null;
  let noRecipient: AppError | null = null;
  try {
    recipient = letterRecipient(factsOf(facts, application), issueDate);
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

/** The facts `resolveRecipient` decides on, for one file. */
interface FileRecipientFacts {
  representatives: RepresentativeFact[];
  contacts: ContactFact[];
}

interface RecipientFactsByFile {
  byApplication: Map<string, RepresentativeFact[]>;
  byClient: Map<string, ContactFact[]>;
}

/** Chunks keep each statement's parameter count well under PostgreSQL's 65,535. */
const IDS_PER_QUERY = 5_000;

/**
 * The representatives (IMM 5476) and contact details of many files, with two queries per
 * 5,000 files however many there are.
 */
async function loadRecipientFacts(
  db: Executor,
  files: readonly Application[],
): Promise<RecipientFactsByFile> {
  const applicationIds = [...new Set(files.map((file) => file.id))];
  const clientIds = [...new Set(files.map((file) => file.clientId))];
  const byApplication = new Map<string, RepresentativeFact[]>();
  const byClient = new Map<string, ContactFact[]>();
  for (const chunk of chunks(applicationIds, IDS_PER_QUERY)) {
    const rows = await db.select().from(representatives).where(inArray(representatives.applicationId, chunk));
    for (const row of rows) {
      const list = byApplication.get(row.applicationId) ?? [];
      list.push({ ...row, recordedAt: row.createdAt });
      byApplication.set(row.applicationId, list);
    }
  }
  for (const chunk of chunks(clientIds, IDS_PER_QUERY)) {
    const rows = await db.select().from(contactDetails).where(inArray(contactDetails.clientId, chunk));
    for (const row of rows) {
      const list = byClient.get(row.clientId) ?? [];
      list.push(row);
      byClient.set(row.clientId, list);
    }
  }
  return { byApplication, byClient };
}

function factsOf(facts: RecipientFactsByFile, application: Application): FileRecipientFacts {
  return {
    representatives: facts.byApplication.get(application.id) ?? [],
    contacts: facts.byClient.get(application.clientId) ?? [],
  };
}

/** `resolveRecipient` on the file's facts, with the first day of the IMM 5476 it relied on. */
function letterRecipient(facts: FileRecipientFacts, issueDate: string): LetterRecipient {
  // An IMM 5476 is in force by calendar day where the office works.
  const recipient = resolveRecipient({ onDate: issueDate, ...facts });
  const representative =
    recipient.addressee === "representative"
      ? representativeInForce(facts.representatives, issueDate)
      : undefined;
  return { ...recipient, representativeValidFrom: representative?.validFrom ?? null };
}

function checkQueueLetterInput(input: QueueLetterInput, fileNumber: string) {
  refuseTypedRecipient(input, "");
  refuseDecisionLetter(input, fileNumber);
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

/**
 * Throws when `input` asks for a decision letter, saying where decisions are recorded: the file's
 * own Decisions and reconsideration page for one letter (`fileNumber`), or, for a group of files
 * (a bulk job, `fileNumber` null), each application's page, one decision at a time.
 *
 * @example refuseDecisionLetter({ templateId: "approval" }, null)
 *   // throws AppError("invalid_input", "templateId: decision letters (here, an approval letter) cannot be sent in bulk: …", { field: "templateId" })
 */
export function refuseDecisionLetter(input: unknown, fileNumber: string | null): void {
  if (input === null || typeof input !== "object") return;
  const templateId = (input as { templateId?: unknown }).templateId;
  if (!isDecisionLetter(templateId)) return;
  const letter = DECISION_LETTERS[templateId];
  if (fileNumber === null) {
    // A decision is made on one application's facts; a group of files has no decision behind it.
    throw new AppError(
      "invalid_input",
      `templateId: decision letters (here, ${letter.en}) cannot be sent in bulk: each is produced by recording the decision, application by application, on that application's page Decisions and reconsideration (/applications/<file number>/decisions), which adds the recourse annex`,
      {
        field: "templateId",
        messageFr: `templateId : les lettres de décision (ici, ${letter.fr}) ne peuvent pas être envoyées en masse : chacune est produite en consignant la décision, demande par demande, à la page Décisions et réexamen de la demande (/applications/<numéro de dossier>/decisions), qui ajoute l’annexe sur les recours`,
      },
    );
  }
  const page = `/applications/${encodeURIComponent(fileNumber)}/decisions`;
  throw new AppError(
    "invalid_input",
    `templateId: decision letters (here, ${letter.en}) are produced only by recording the decision, on the page Decisions and reconsideration (${page}), which adds the recourse annex; they cannot be written from a template`,
    {
      field: "templateId",
      messageFr: `templateId : les lettres de décision (ici, ${letter.fr}) sont produites uniquement en consignant la décision, à la page Décisions et réexamen (${page}), qui ajoute l’annexe sur les recours; elles ne peuvent pas être rédigées à partir d’un modèle`,
    },
  );
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
