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
 * bounce processing.
 */
import { randomUUID } from "node:crypto";
import { and, eq, gt, inArray, ne, sql } from "drizzle-orm";
import type { AuditChange } from "../audit/record-audit-event.ts";
import { appendAuditEvents, type DeferAudit } from "../correspondence/deferred-audit.ts";
import type { Tx } from "../db/database.ts";
import {
  blobs,
  edocs,
  enquiries,
  enquiryMessages,
  type inboundMessages,
  type offices,
} from "../db/schema.ts";
import { type InboundMail, MAX_TEXT_CHARS, readInboundMail } from "../mail/read-inbound-mail.ts";
import { type Actor, SYSTEM_ACTOR } from "../users/actor.ts";
import { categoriseEnquiry } from "./categorise-enquiry.ts";
import { detectEnquiryLanguage } from "./detect-enquiry-language.ts";
import type { ExtractedEnquiry, Language, MissingField } from "./enquiry.schema.ts";
import { referenceInSubject } from "./enquiry-reference.ts";
import { extractEnquiryFields } from "./extract-enquiry-fields.ts";
import { DIRECT_LOOKUPS, type IntakeLookups } from "./intake-lookups.ts";
import { missingInformationReply } from "./missing-information-reply.ts";
import { matchFile, openEnquiry, responseDueAt } from "./open-enquiry.ts";
import { DEFAULT_AUTO_REPLY_LIMIT, shouldAutoReply } from "./should-auto-reply.ts";
import type { SlaPause } from "./sla-state.ts";

/** What the audit trail names as the author of changes made by enquiry intake. */
const INTAKE: Actor = { ...SYSTEM_ACTOR, label: "enquiries-intake" };

/** Enquiry states; intake sets the first two, answering and closing are the officers'. */
export type EnquiryState = "open" | "awaiting-information" | "answered" | "closed";

/** The eDoc kind of a message an enquirer sent, kept as its exact bytes. */
export const ENQUIRY_MESSAGE_EDOC_KIND = "enquiry-message";

/**
 * The part of a stored message that is read for its text: the text comes first in real mail, and
 * what lies beyond is attachments, which stay in the stored bytes.
 */
const MAX_READ_BYTES = 8 * 1024 * 1024;

type InboundMessage = typeof inboundMessages.$inferSelect;
type Office = typeof offices.$inferSelect;
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
 * Takes in one stored message. Resolves with null when the mailbox it reached is not an office's
 * enquiries mailbox, when it is new mail to the manager address (which has its own triage: a
 * reply there joins its enquiry here), or when the bytes hold no header.
 *
 * @example const intake = await receiveEnquiryMail(tx, inboundRow);
 *   // → { outcome: "created", reference: "ENQ-2026-000123", autoReply: { status: "queued", … }, … }
 */
export async function receiveEnquiryMail(
  tx: Tx,
  message: InboundMessage,
  options: {
    now?: Date;
    /**
     * Appends the audit events later in the same transaction (a batch of messages appends once, at
     * its end); without it they are appended before this resolves.
     */
    deferAudit?: DeferAudit;
    /** The message's stored bytes, when the caller has already read them whole. */
    raw?: Uint8Array;
    /** Reads shared by the messages of one batch; by default each message reads for itself. */
    lookups?: IntakeLookups;
  } = {},
): Promise<EnquiryIntake | null> {
  const lookups = options.lookups ?? DIRECT_LOOKUPS;
  const reached = await enquiriesOffice(tx, message, lookups);
  if (!reached) return null;
  const { office, viaManager } = reached;
  const now = options.now ?? new Date();
  const mail = await readInboundMail(options.raw ?? (await readStoredBytes(tx, message.sha256)));
  // Bytes without a single header field are not a message anyone wrote (RFC 5322 §2.1): there is
  // no one to answer. They stay stored and recorded as inbound mail.
  if (mail.headers.length === 0) return null;
  const context: Context = { tx, office, message, mail, now, audit: [], lookups };

  if (mail.messageId) {
    const [stored] = await tx
      .select({ enquiryId: enquiryMessages.enquiryId, reference: enquiries.reference })
      .from(enquiryMessages)
      .innerJoin(enquiries, eq(enquiries.id, enquiryMessages.enquiryId))
      .where(
        and(
          eq(enquiryMessages.officeId, office.id),
          eq(enquiryMessages.direction, "in"),
          eq(enquiryMessages.messageId, mail.messageId),
        ),
      );
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
  const intake = thread
    ? await threadOnto(context, thread.enquiry, thread.by)
    : await openEnquiryFromMail(context);
  await appendAuditEvents(tx, INTAKE, context.audit, options.deferAudit);
  return intake;
}

interface Context {
  tx: Tx;
  office: Office;
  message: InboundMessage;
  mail: InboundMail;
  now: Date;
  audit: AuditChange[];
  lookups: IntakeLookups;
}

/**
 * The office whose generic mailbox the message reached, or whose manager address it reached
 * (`viaManager`), or null.
 */
async function enquiriesOffice(
  tx: Tx,
  message: InboundMessage,
  lookups: IntakeLookups,
): Promise<{ office: Office; viaManager: boolean } | null> {
  if (!message.officeId) return null;
  const office = await lookups.office(tx, message.officeId);
  if (!office) return null;
  const mailbox = message.mailbox.trim().toLowerCase();
  if (office.mailboxEmail.trim().toLowerCase() === mailbox) return { office, viaManager: false };
  if (office.managerEmail?.trim().toLowerCase() === mailbox) return { office, viaManager: true };
  return null;
}

async function readStoredBytes(tx: Tx, sha256: string): Promise<Uint8Array> {
  const [row] = await tx
    .select({ head: sql<Uint8Array>`substring(${blobs.content} from 1 for ${MAX_READ_BYTES})` })
    .from(blobs)
    .where(eq(blobs.sha256, sha256));
  return row ? new Uint8Array(row.head) : new Uint8Array();
}

/**
 * The enquiry a reply belongs to: one whose stored message (either way) it names in In-Reply-To
 * or References, else the one whose reference its subject carries. Only this office's enquiries:
 * a reference from another office's reply opens an enquiry here.
 */
async function findThread({ tx, office, mail }: Context): Promise<{ enquiry: Enquiry; by: string } | null> {
  if (mail.references.length > 0) {
    const [row] = await tx
      .select({ enquiry: enquiries, messageId: enquiryMessages.messageId })
      .from(enquiryMessages)
      .innerJoin(enquiries, eq(enquiries.id, enquiryMessages.enquiryId))
      .where(
        and(eq(enquiryMessages.officeId, office.id), inArray(enquiryMessages.messageId, mail.references)),
      )
      .orderBy(sql`${enquiryMessages.createdAt} desc`)
      .limit(1);
    if (row) return { enquiry: row.enquiry, by: `it answers message ${row.messageId}` };
  }
  const reference = referenceInSubject(mail.subject);
  if (reference) {
    const [enquiry] = await tx
      .select()
      .from(enquiries)
      .where(and(eq(enquiries.reference, reference), eq(enquiries.officeId, office.id)));
    if (enquiry) return { enquiry, by: `its subject carries the reference ${reference}` };
  }
  return null;
}

async function openEnquiryFromMail(context: Context): Promise<EnquiryIntake> {
  const { tx, office, message, mail, now } = context;
  const extracted = extract(context);
  const language = detectEnquiryLanguage(`${mail.subject}\n${mail.text}`, mail.language ?? "en");
  // The office's rules as administrators set them (else the ones Dossier ships with).
  const { rules } = await context.lookups.categoryRules(tx, office.id);
  const category = categoriseEnquiry({ subject: mail.subject, text: mail.text, rules });
  const { enquiry, firstMessageId } = await openEnquiry(
    tx,
    {
      office,
      channel: "email",
      receivedAt: message.receivedAt,
      now,
      subject: mail.subject,
      language,
      category,
      extracted,
      enquirerAddress: senderAddress(context),
      storeFirstMessage: async (enquiry) => {
        const incoming = await insertIncoming(context, enquiry);
        if (!incoming) throw new Error(`message ${mail.messageId} was stored meanwhile; processing it again`);
        return { id: incoming.id, origin: { inboundMessageId: message.id } };
      },
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
  const { tx, office, message, now } = context;
  const incoming = await insertIncoming(context, enquiry);
  if (!incoming)
    throw new Error(`message ${context.mail.messageId} was stored meanwhile; processing it again`);
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
    const extracted = extract(context);
    const fields = { ...(enquiry.fields as ExtractedEnquiry["fields"]), ...extracted.fields };
    const stillMissing = (enquiry.missingFields as MissingField[])
      .filter((m) => !fields[m.field] && !(m.field === "fileNumber" && fields.uci))
      .map((m) => extracted.missing.find((n) => n.field === m.field) ?? m);
    const file =
      enquiry.applicationId || enquiry.clientId
        ? { clientId: enquiry.clientId, applicationId: enquiry.applicationId }
        : await matchFile(tx, office.id, fields);
    await tx
      .update(enquiries)
      .set({
        state: "open",
        slaPauses: serialisePauses(pauses),
        responseDueAt: responseDueAt(enquiry.receivedAt, enquiry.responseDays, pauses, now),
        fields,
        missingFields: stillMissing,
        clientId: file.clientId,
        applicationId: file.applicationId,
        updatedAt: now,
      })
      .where(eq(enquiries.id, enquiry.id));
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
    asked = await askForMissing(
      context,
      { ...enquiry, state: "open", slaPauses: serialisePauses(pauses) },
      stillMissing,
      incoming.id,
    );
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

/** What the message states, read as seed 001 asks (extractEnquiryFields bounds its inputs). */
function extract({ mail, message }: Context): ExtractedEnquiry {
  return extractEnquiryFields({
    channel: "email",
    subject: mail.subject.slice(0, 2000),
    text: mail.text.slice(0, MAX_TEXT_CHARS),
    from: (mail.fromText || mail.fromAddress || message.envelopeFrom || "").slice(0, 1000),
    ...(mail.language ? { languageHint: mail.language } : {}),
  });
}

/** The address an answer goes to: the author's (From), else the envelope sender. */
function senderAddress({ mail, message }: Context): string | null {
  return (
    mail.fromAddress ?? (message.envelopeFrom ? message.envelopeFrom.trim().toLowerCase() : null) ?? null
  );
}

/**
 * Stores the message on the enquiry's thread with its exact bytes as an eDoc of the enquiry.
 * Resolves with null when a message with its Message-ID is already on this office's threads.
 */
async function insertIncoming(context: Context, enquiry: Enquiry): Promise<{ id: string } | null> {
  const { tx, office, message, mail } = context;
  const id = randomUUID();
  const stamp = message.receivedAt.toISOString().replace(/[-:]|\.\d+/g, "");
  const fileName = `${enquiry.reference}-${stamp}.eml`;
  // The eDoc first, so the thread's row is written once, already naming it. When the row is not
  // written (its Message-ID is already on a thread) the caller throws and the eDoc goes with the
  // rolled-back transaction.
  const [edoc] = await tx
    .insert(edocs)
    .values({
      // The message's exact bytes, already stored under this hash when it was received.
      sha256: message.sha256,
      mediaType: "message/rfc822",
      size: message.size,
      fileName,
      kind: ENQUIRY_MESSAGE_EDOC_KIND,
      description: oneLine(
        `Email received in ${message.mailbox} from ${mail.fromText || "an unknown sender"}`,
        500,
      ),
      clientId: null,
      applicationId: null,
      enquiryId: enquiry.id,
      uploadedBy: null,
    })
    .returning({ id: edocs.id });
  const [row] = await tx
    .insert(enquiryMessages)
    .values({
      id,
      enquiryId: enquiry.id,
      officeId: office.id,
      direction: "in",
      kind: "enquirer",
      messageId: mail.messageId,
      inReplyTo: mail.inReplyTo,
      references: mail.references,
      fromAddress: senderAddress(context),
      fromText: mail.fromText || message.envelopeFrom || "",
      toAddresses: mail.toAddresses.length > 0 ? mail.toAddresses : message.envelopeTo,
      subject: mail.subject,
      bodyText: mail.problem ? `${mail.text}\n\n[${mail.problem}]`.trim() : mail.text,
      textFromHtml: mail.textFromHtml,
      sha256: message.sha256,
      inboundMessageId: message.id,
      receivedAt: message.receivedAt,
      edocId: edoc!.id,
    })
    .onConflictDoNothing()
    .returning({ id: enquiryMessages.id });
  if (!row) return null;
  context.audit.push({
    action: "edoc.uploaded",
    entityType: "enquiry",
    entityId: enquiry.id,
    officeId: office.id,
    after: {
      id: edoc!.id,
      sha256: message.sha256,
      fileName,
      size: message.size,
      mediaType: "message/rfc822",
      kind: ENQUIRY_MESSAGE_EDOC_KIND,
      enquiryMessageId: id,
    },
  });
  return row;
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
  const { tx, office, message, mail, now } = context;
  const to = senderAddress(context);
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
        recentAutoReplies: await recentAutoReplies(tx, office.id, to, now),
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
  await tx.insert(enquiryMessages).values({
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
  });
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
  await tx
    .update(enquiries)
    .set({
      state: "awaiting-information",
      slaPauses: serialisePauses(pauses),
      responseDueAt: null,
      updatedAt: now,
    })
    .where(eq(enquiries.id, enquiry.id));
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

/** When automatic replies went from this office to this address, within the rate limit's window. */
async function recentAutoReplies(tx: Tx, officeId: string, address: string, now: Date): Promise<Date[]> {
  const rows = await tx
    .select({ createdAt: enquiryMessages.createdAt })
    .from(enquiryMessages)
    .where(
      and(
        eq(enquiryMessages.officeId, officeId),
        eq(enquiryMessages.direction, "out"),
        eq(enquiryMessages.automatic, true),
        ne(enquiryMessages.status, "suppressed"),
        gt(enquiryMessages.createdAt, new Date(now.getTime() - DEFAULT_AUTO_REPLY_LIMIT.windowMs)),
        sql`${address} = any(${enquiryMessages.toAddresses})`,
      ),
    );
  return rows.map((row) => row.createdAt);
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
