/**
 * Intake of an email that reached an office's enquiries mailbox (seed 001: "receive client
 * enquiries via email"). A reply threads onto its enquiry, by the Message-IDs it answers (RFC 5322
 * §3.6.4) or by the enquiry's reference in its subject; any other message opens a new enquiry:
 * what it states is read, its language and category decided, and the office's response clock
 * started at receipt. When something seed 001 requires is missing, an automatic reply asking for it
 * is queued, in the enquiry's language, from the office's generic mailbox, and the clock stands
 * still until the enquirer answers.
 *
 * Runs inside the transaction that processes the stored inbound message, so the enquiry, its
 * messages, the queued reply and their audit events are written with the message's processed mark,
 * or not at all. Delivery notices and automatic replies never reach it: the caller leaves them to
 * bounce processing. Its reads and writes go through the batch the message is processed in
 * (`IntakeBatch`), which reads ahead for all the batch's messages and writes their rows together.
 */
import { randomUUID } from "node:crypto";
import type { AuditChange } from "../audit/record-audit-event.ts";
import { appendAuditEvents, type DeferAudit } from "../correspondence/deferred-audit.ts";
import type { enquiries, inboundMessages } from "../db/schema.ts";
import { type Actor, SYSTEM_ACTOR } from "../users/actor.ts";
import { categoriseEnquiry } from "./categorise-enquiry.ts";
import { detectEnquiryLanguage } from "./detect-enquiry-language.ts";
import type { ExtractedEnquiry, Language, MissingField } from "./enquiry.schema.ts";
import type { IntakeBatch } from "./intake-batch.ts";
import { missingInformationReply } from "./missing-information-reply.ts";
import { openEnquiryInBatch, responseDueAt } from "./open-enquiry.ts";
import type { IntakeMail } from "./read-intake-mail.ts";
import { shouldAutoReply } from "./should-auto-reply.ts";
import type { SlaPause } from "./sla-state.ts";

/** What the audit trail names as the author of changes made by enquiry intake. */
const INTAKE: Actor = { ...SYSTEM_ACTOR, label: "enquiries-intake" };

/** Enquiry states; intake sets the first two, answering and closing are the officers'. */
export type EnquiryState = "open" | "awaiting-information" | "answered" | "closed";

/** The eDoc kind of a message an enquirer sent, kept as its exact bytes. */
export const ENQUIRY_MESSAGE_EDOC_KIND = "enquiry-message";

type InboundMessage = typeof inboundMessages.$inferSelect;
type Enquiry = typeof enquiries.$inferSelect;

export interface EnquiryIntake {
  /** created: a new enquiry. threaded: added to an existing one. duplicate: already stored, nothing done. */
  outcome: "created" | "threaded" | "duplicate";
  enquiryId: string;
  reference: string;
  /** The automatic request for missing information: queued, suppressed (with why), or none needed. */
  autoReply: { status: "queued"; enquiryMessageId: string } | { status: "suppressed"; reason: string } | null;
  /** What was done and why, for the inbound message's processing note. */
  note: string;
}

/**
 * Takes in one stored message, read by `readIntakeMail`. Resolves with null when it is new mail to
 * the manager address, which has its own triage (`receiveManagerMail`): a reply there joins its
 * enquiry here.
 *
 * @example const intake = await receiveEnquiryMail(batch, inboundRow, await readIntakeMail(batch, inboundRow));
 *   // → { outcome: "created", reference: "ENQ-2026-000123", autoReply: { status: "queued", … }, … }
 */
export async function receiveEnquiryMail(
  batch: IntakeBatch,
  message: InboundMessage,
  intake: IntakeMail,
  options: {
    /**
     * Appends the audit events later in the same transaction (a batch of messages appends once, at
     * its end); without it they are appended before this resolves.
     */
    deferAudit?: DeferAudit;
  } = {},
): Promise<EnquiryIntake | null> {
  const { office, viaManager, mail } = intake;
  const context: Context = { ...intake, batch, message, now: batch.now, audit: [] };

  if (mail.messageId) {
    const stored = await batch.storedIncoming(office.id, mail.messageId);
    if (stored) {
      return {
        outcome: "duplicate",
        enquiryId: stored.enquiryId,
        reference: stored.reference,
        autoReply: null,
        note: `Enquiry mail already received as part of ${stored.reference} (same Message-ID ${mail.messageId}); stored once.`,
      };
    }
  }

  const thread = await findThread(context);
  // New mail to the manager address is triaged (`receiveManagerMail`); a reply there continues its thread.
  if (!thread && viaManager) return null;
  const result = thread
    ? await threadOnto(context, thread.enquiry, thread.by)
    : await openEnquiryFromMail(context);
  await appendAuditEvents(batch.tx, INTAKE, context.audit, options.deferAudit);
  return result;
}

interface Context extends IntakeMail {
  batch: IntakeBatch;
  message: InboundMessage;
  now: Date;
  audit: AuditChange[];
}

/**
 * The enquiry a reply belongs to: one whose stored message (either way) it names in In-Reply-To
 * or References, else the one whose reference its subject carries. Only this office's enquiries:
 * a reference from another office's reply opens an enquiry here.
 */
async function findThread({
  batch,
  office,
  mail,
  keys,
}: Context): Promise<{ enquiry: Enquiry; by: string } | null> {
  const answered = await batch.threadOf(office.id, mail.references);
  if (answered) return { enquiry: answered.enquiry, by: `it answers message ${answered.messageId}` };
  const reference = keys.subjectReference;
  if (reference) {
    const enquiry = await batch.enquiryByReference(office.id, reference);
    if (enquiry) return { enquiry, by: `its subject carries the reference ${reference}` };
  }
  return null;
}

async function openEnquiryFromMail(context: Context): Promise<EnquiryIntake> {
  const { batch, office, message, mail, now, extracted } = context;
  const language = detectEnquiryLanguage(`${mail.subject}\n${mail.text}`, mail.language ?? "en");
  // The office's rules as administrators set them (else the ones Dossier ships with).
  const { rules } = await batch.categoryRules(office.id);
  const category = categoriseEnquiry({ subject: mail.subject, text: mail.text, rules });
  const { enquiry, firstMessageId } = await openEnquiryInBatch(
    batch,
    {
      office,
      channel: "email",
      receivedAt: message.receivedAt,
      now,
      subject: mail.subject,
      language,
      category,
      extracted,
      enquirerAddress: context.sender,
      storeFirstMessage: async (enquiry) => ({
        id: insertIncoming(context, enquiry),
        origin: { inboundMessageId: message.id },
      }),
    },
    context.audit,
  );
  const { reference } = enquiry;
  const asked = await askForMissing(context, enquiry, extracted.missing, firstMessageId);
  const parts = [
    `New enquiry ${reference} (${category.category}, ${language.language}).`,
    extracted.missing.length > 0
      ? `Missing: ${extracted.missing.map((m) => m.field).join(", ")}.`
      : "Everything the enquiries protocol requires was stated.",
    describeAutoReply(asked),
  ];
  return {
    outcome: "created",
    enquiryId: enquiry.id,
    reference,
    autoReply: asked,
    note: parts.filter(Boolean).join(" "),
  };
}

async function threadOnto(context: Context, enquiry: Enquiry, by: string): Promise<EnquiryIntake> {
  const { batch, office, message, now } = context;
  const incoming = { id: insertIncoming(context, enquiry) };
  context.audit.push({
    action: "enquiry.message-received",
    entityType: "enquiry",
    entityId: enquiry.id,
    officeId: office.id,
    after: { enquiryMessageId: incoming.id, inboundMessageId: message.id, threadedBecause: by },
  });
  let asked: EnquiryIntake["autoReply"] = null;
  if (enquiry.state === "awaiting-information") {
    // The enquirer answered: the clock runs again from the moment the answer arrived.
    const pauses = storedPauses(enquiry).map((p) => (p.to === null ? { ...p, to: message.receivedAt } : p));
    const { extracted } = context;
    const fields = { ...(enquiry.fields as ExtractedEnquiry["fields"]), ...extracted.fields };
    const stillMissing = (enquiry.missingFields as MissingField[])
      .filter((m) => !fields[m.field] && !(m.field === "fileNumber" && fields.uci))
      .map((m) => extracted.missing.find((n) => n.field === m.field) ?? m);
    const file =
      enquiry.applicationId || enquiry.clientId
        ? { clientId: enquiry.clientId, applicationId: enquiry.applicationId }
        : await batch.matchFile(office.id, fields);
    const reopened: Enquiry = {
      ...enquiry,
      state: "open",
      slaPauses: serialisePauses(pauses),
      responseDueAt: responseDueAt(enquiry.receivedAt, enquiry.responseDays, pauses, now),
      fields,
      missingFields: stillMissing,
      clientId: file.clientId,
      applicationId: file.applicationId,
      updatedAt: now,
    };
    batch.changeEnquiry(reopened);
    context.audit.push({
      action: "enquiry.information-received",
      entityType: "enquiry",
      entityId: enquiry.id,
      officeId: office.id,
      before: { state: enquiry.state, missingFields: enquiry.missingFields },
      after: {
        state: "open",
        missingFields: stillMissing,
        fields: Object.keys(fields).sort(),
        clientId: file.clientId,
        applicationId: file.applicationId,
        enquiryMessageId: incoming.id,
      },
    });
    asked = await askForMissing(context, reopened, stillMissing, incoming.id);
  }
  return {
    outcome: "threaded",
    enquiryId: enquiry.id,
    reference: enquiry.reference,
    autoReply: asked,
    note: [`Added to enquiry ${enquiry.reference}: ${by}.`, describeAutoReply(asked)]
      .filter(Boolean)
      .join(" "),
  };
}

/** The eDoc of a message received on an enquiry: its exact bytes, already stored under this hash when it arrived. */
export function receivedMessageEdoc(
  enquiry: { id: string; reference: string },
  message: { sha256: string; size: number; mailbox: string; receivedAt: Date },
  mail: { fromText: string },
) {
  const stamp = message.receivedAt.toISOString().replace(/[-:]|\.\d+/g, "");
  return {
    sha256: message.sha256,
    mediaType: "message/rfc822",
    size: message.size,
    fileName: `${enquiry.reference}-${stamp}.eml`,
    kind: ENQUIRY_MESSAGE_EDOC_KIND,
    description: oneLine(
      `Email received in ${message.mailbox} from ${mail.fromText || "an unknown sender"}`,
      500,
    ),
    enquiryId: enquiry.id,
  };
}

/** Files the message on the enquiry's thread, with its exact bytes as an eDoc of the enquiry; returns the thread row's id. */
function insertIncoming(context: Context, enquiry: Enquiry): string {
  const { batch, office, message, mail } = context;
  const id = randomUUID();
  const edocId = randomUUID();
  const filed = receivedMessageEdoc(enquiry, message, mail);
  // When the thread's row cannot be written (its Message-ID was stored meanwhile by another
  // process) the batch is rolled back, and the eDoc with it.
  batch.addEdoc({
    id: edocId,
    ...filed,
    clientId: null,
    applicationId: null,
    uploadedBy: null,
  });
  batch.addMessage(
    {
      id,
      enquiryId: enquiry.id,
      officeId: office.id,
      direction: "in",
      kind: "enquirer",
      messageId: mail.messageId,
      inReplyTo: mail.inReplyTo,
      references: mail.references,
      fromAddress: context.sender,
      fromText: mail.fromText || message.envelopeFrom || "",
      toAddresses: mail.toAddresses.length > 0 ? mail.toAddresses : message.envelopeTo,
      subject: mail.subject,
      bodyText: mail.problem ? `${mail.text}\n\n[${mail.problem}]`.trim() : mail.text,
      textFromHtml: mail.textFromHtml,
      sha256: message.sha256,
      inboundMessageId: message.id,
      receivedAt: message.receivedAt,
      edocId,
    },
    enquiry,
  );
  context.audit.push({
    action: "edoc.uploaded",
    entityType: "enquiry",
    entityId: enquiry.id,
    officeId: office.id,
    after: {
      id: edocId,
      sha256: message.sha256,
      fileName: filed.fileName,
      size: message.size,
      mediaType: "message/rfc822",
      kind: ENQUIRY_MESSAGE_EDOC_KIND,
      enquiryMessageId: id,
    },
  });
  return id;
}

/**
 * When something is missing, queues the automatic request for it (RFC 3834 permitting) and stops
 * the clock; when the request may not be sent, records why and leaves the clock running, since the
 * enquirer has not been asked for anything.
 */
async function askForMissing(
  context: Context,
  enquiry: Enquiry,
  missing: readonly MissingField[],
  answering: string,
): Promise<EnquiryIntake["autoReply"]> {
  if (missing.length === 0) return null;
  const { batch, office, message, mail, now } = context;
  const to = context.sender;
  const language = enquiry.language as Language;
  const reply = missingInformationReply({
    language,
    missing,
    reference: enquiry.reference,
    office: {
      code: office.code,
      nameEn: office.nameEn,
      nameFr: office.nameFr,
      postalAddress: office.postalAddress,
      mailboxEmail: office.mailboxEmail,
    },
  });
  const decision = to
    ? shouldAutoReply({
        headers: mail.headers,
        envelopeFrom: message.envelopeFrom,
        ourMailbox: office.mailboxEmail,
        recentAutoReplies: await batch.recentAutoReplies(office.id, to),
        now,
      })
    : { send: false, reason: "the message names no address to answer" };
  const id = randomUUID();
  const mailbox = office.mailboxEmail.trim().toLowerCase();
  const officeName = language === "fr" ? office.nameFr : office.nameEn;
  // RFC 5322 §3.6.4: the answer names the message it answers and that message's own references.
  const references = [
    ...mail.references.filter((r) => r !== mail.messageId),
    ...(mail.messageId ? [mail.messageId] : []),
  ];
  batch.addMessage(
    {
      id,
      enquiryId: enquiry.id,
      officeId: office.id,
      direction: "out",
      kind: "missing-information",
      automatic: true,
      status: decision.send ? "generate" : "suppressed",
      statusReason: decision.send ? null : oneLine(decision.reason, 500),
      // Fixed now, so the enquirer's answer threads by In-Reply-To whatever happens to the send.
      messageId: decision.send ? `<enquiry.${id}@${mailbox.slice(mailbox.lastIndexOf("@") + 1)}>` : null,
      inReplyTo: mail.messageId,
      references: references.slice(-50),
      fromAddress: mailbox,
      fromText: `${officeName} <${mailbox}>`,
      toAddresses: to ? [to] : [],
      subject: reply.subject,
      bodyText: reply.text,
      language,
    },
    enquiry,
  );
  if (!decision.send) {
    context.audit.push({
      action: "enquiry.auto-reply-suppressed",
      entityType: "enquiry",
      entityId: enquiry.id,
      officeId: office.id,
      after: { enquiryMessageId: id, answering, reason: decision.reason, missingFields: missing },
    });
    return { status: "suppressed", reason: decision.reason };
  }
  const pauses: SlaPause[] = [...storedPauses(enquiry), { from: now, to: null }];
  batch.changeEnquiry({
    ...enquiry,
    state: "awaiting-information",
    slaPauses: serialisePauses(pauses),
    responseDueAt: null,
    updatedAt: now,
  });
  context.audit.push({
    action: "enquiry.missing-information-requested",
    entityType: "enquiry",
    entityId: enquiry.id,
    officeId: office.id,
    before: { state: enquiry.state },
    after: {
      state: "awaiting-information",
      slaPausedAt: now.toISOString(),
      enquiryMessageId: id,
      answering,
      to,
      language,
      subject: reply.subject,
      missingFields: missing,
    },
  });
  return { status: "queued", enquiryMessageId: id };
}

function storedPauses(enquiry: Pick<Enquiry, "slaPauses">): SlaPause[] {
  const stored = (enquiry.slaPauses ?? []) as { from: string; to: string | null }[];
  return stored.map((p) => ({ from: new Date(p.from), to: p.to === null ? null : new Date(p.to) }));
}

function serialisePauses(pauses: readonly SlaPause[]): { from: string; to: string | null }[] {
  return pauses.map((p) => ({ from: p.from.toISOString(), to: p.to?.toISOString() ?? null }));
}

function describeAutoReply(asked: EnquiryIntake["autoReply"]): string {
  if (!asked) return "";
  return asked.status === "queued"
    ? `Automatic request for the missing information queued (enquiry message ${asked.enquiryMessageId}); the response time is paused until the enquirer answers.`
    : `No automatic request sent: ${asked.reason}.`;
}

/** Senders' words go into one-line fields: line breaks and control characters become spaces. */
function oneLine(text: string, max: number): string {
  return text
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/ {2,}/g, " ")
    .trim()
    .slice(0, max);
}
