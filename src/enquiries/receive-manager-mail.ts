/**
 * Intake of an email that reached an office's generic manager address (seed 002's
 * recommendation: "a generic email address for a manager at each visa office … reviewed and
 * emails triaged"). `triageManagerMail` alone decides:
 * - accepted (an earlier enquiry on the same file went past the published response time without
 *   a substantive answer, or the message is urgent and says why): the message becomes an enquiry
 *   already escalated to the program manager, and the activity "Manager mailbox escalation" puts
 *   it before the office's program managers, who pass it to the right unit;
 * - otherwise: the message is filed as an enquiry of the office's mailbox, with its response
 *   clock started at receipt as any other, and a polite automatic reply in the sender's language
 *   says where to write (RFC 3834 permitting).
 * Either way the message is kept whole as an eDoc of its enquiry. Nothing here changes an
 * officer's decision on a file: accepting a message only puts it before a program manager.
 *
 * Runs inside the transaction that processes the stored inbound message, like `receiveEnquiryMail`,
 * on the message `readIntakeMail` read once for both. It writes its rows itself: the caller writes
 * what the batch holds before (`IntakeBatch.flush`) and lets the batch forget what it read after.
 */
import { randomUUID } from "node:crypto";
import { and, desc, eq, or, sql } from "drizzle-orm";
import { insertActivity } from "../activities/create-activity.ts";
import type { AuditChange } from "../audit/record-audit-event.ts";
import { appendAuditEvents, type DeferAudit } from "../correspondence/deferred-audit.ts";
import type { Tx } from "../db/database.ts";
import { edocs, enquiries, enquiryMessages, type inboundMessages, type offices } from "../db/schema.ts";
import type { InboundMail } from "../mail/read-inbound-mail.ts";
import { type Actor, SYSTEM_ACTOR } from "../users/actor.ts";
import { categoriseEnquiry } from "./categorise-enquiry.ts";
import { detectEnquiryLanguage } from "./detect-enquiry-language.ts";
import type { Language } from "./enquiry.schema.ts";
import { enquirySla } from "./enquiry-sla.ts";
import { findRecentAutoReplies } from "./find-recent-auto-replies.ts";
import type { IntakeBatch } from "./intake-batch.ts";
import { type Enquiry, openEnquiry } from "./open-enquiry.ts";
import type { IntakeMail } from "./read-intake-mail.ts";
import { ENQUIRY_MESSAGE_EDOC_KIND, receivedMessageEdoc } from "./receive-enquiry-mail.ts";
import { shouldAutoReply } from "./should-auto-reply.ts";
import { type ManagerMailTriage, type PriorEnquiry, triageManagerMail } from "./triage-manager-mail.ts";

/** What the audit trail names as the author of changes made by manager mailbox intake. */
const MANAGER_INTAKE: Actor = { ...SYSTEM_ACTOR, label: "manager-mailbox-intake" };

/** The activity an accepted message puts before the office's program managers. */
export const MANAGER_MAILBOX_ESCALATION_ACTIVITY = "Manager mailbox escalation";

/** The kind of the automatic reply pointing the sender to the office's mailbox. */
export const MANAGER_REDIRECT_KIND = "manager-redirect";

type InboundMessage = typeof inboundMessages.$inferSelect;
type Office = typeof offices.$inferSelect;

export interface ManagerMailIntake {
  outcome: "accepted" | "redirected";
  enquiryId: string;
  reference: string;
  /** The automatic reply to the sender (redirect only): queued, or suppressed with why. */
  redirect: { status: "queued"; enquiryMessageId: string } | { status: "suppressed"; reason: string } | null;
  /** For the inbound message's processing note. */
  note: string;
}

/**
 * Takes in one stored message that reached an office's manager address and is not a reply to one
 * of its enquiries nor already stored (`receiveEnquiryMail` takes those). Resolves with null when
 * the mailbox it reached is not an office's manager address.
 *
 * @example const intake = await receiveManagerMail(batch, inboundRow, await readIntakeMail(batch, inboundRow));
 *   // → { outcome: "redirected", reference: "ENQ-2026-000124", redirect: { status: "queued", … }, … }
 */
export async function receiveManagerMail(
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
): Promise<ManagerMailIntake | null> {
  if (!intake.viaManager) return null;
  const { tx, now } = batch;
  const { office, mail, extracted, sender } = intake;
  const file = extracted.fields.fileNumber?.value ?? extracted.fields.uci?.value ?? null;
  const matched = await batch.matchFile(office.id, extracted.fields);
  const triage = triageManagerMail({
    subject: mail.subject,
    text: mail.text,
    fileNumber: file,
    priorEnquiries: file ? await priorEnquiries(tx, office.id, file, matched.applicationId, now) : [],
    markedImportant: markedImportant(mail),
    ...(mail.language ? { languageHint: mail.language } : {}),
    office: {
      code: office.code,
      nameEn: office.nameEn,
      nameFr: office.nameFr,
      postalAddress: office.postalAddress,
      mailboxEmail: office.mailboxEmail,
    },
  });

  const audit: AuditChange[] = [];
  const language =
    triage.decision === "redirect"
      ? { language: triage.language, reason: "The language of the message (manager mailbox triage)." }
      : detectEnquiryLanguage(`${mail.subject}\n${mail.text}`, mail.language ?? "en");
  const { rules } = await batch.categoryRules(office.id);
  const { enquiry, firstMessageId } = await openEnquiry(
    tx,
    {
      office,
      channel: "email",
      receivedAt: message.receivedAt,
      now,
      subject: mail.subject,
      language,
      category: categoriseEnquiry({ subject: mail.subject, text: mail.text, rules }),
      extracted,
      enquirerAddress: sender,
      storeFirstMessage: async (opened) => ({
        id: await storeMessage(tx, office, message, mail, sender, opened, audit),
        origin: { inboundMessageId: message.id, mailbox: message.mailbox },
      }),
    },
    audit,
  );

  if (triage.decision === "accept") {
    await accept(tx, office, enquiry, triage, now, audit);
    await appendAuditEvents(tx, MANAGER_INTAKE, audit, options.deferAudit);
    return {
      outcome: "accepted",
      enquiryId: enquiry.id,
      reference: enquiry.reference,
      redirect: null,
      note: `Manager mail accepted as an escalation, enquiry ${enquiry.reference}: ${triage.reason.en}`,
    };
  }

  const redirect = await queueRedirect(tx, { office, message, mail, sender, enquiry, triage, now, audit });
  audit.push({
    action: "enquiry.manager-mail-redirected",
    entityType: "enquiry",
    entityId: enquiry.id,
    officeId: office.id,
    after: {
      reason: triage.reason,
      language: triage.language,
      answering: firstMessageId,
      reply: redirect.status === "queued" ? redirect.enquiryMessageId : null,
      replySuppressed: redirect.status === "suppressed" ? redirect.reason : null,
    },
  });
  await appendAuditEvents(tx, MANAGER_INTAKE, audit, options.deferAudit);
  return {
    outcome: "redirected",
    enquiryId: enquiry.id,
    reference: enquiry.reference,
    redirect,
    note: [
      `Manager mail not accepted as an escalation (${triage.reason.en}); filed as enquiry ${enquiry.reference} of the office's mailbox.`,
      redirect.status === "queued"
        ? `A reply pointing to ${office.mailboxEmail} was queued (enquiry message ${redirect.enquiryMessageId}).`
        : `No reply sent: ${redirect.reason}.`,
    ].join(" "),
  };
}

/**
 * The office's earlier enquiries on the file. An enquiry the office has answered counts as `met`,
 * even when the answer came late: it had a substantive answer, and the manager address is for
 * those that had none.
 */
async function priorEnquiries(
  tx: Tx,
  officeId: string,
  file: string,
  applicationId: string | null,
  now: Date,
): Promise<PriorEnquiry[]> {
  const upper = file.trim().toUpperCase();
  const rows = await tx
    .select()
    .from(enquiries)
    .where(
      and(
        eq(enquiries.officeId, officeId),
        or(
          sql`upper(${enquiries.fields} -> 'fileNumber' ->> 'value') = ${upper}`,
          sql`upper(${enquiries.fields} -> 'uci' ->> 'value') = ${upper}`,
          applicationId ? eq(enquiries.applicationId, applicationId) : undefined,
        ),
      ),
    )
    .orderBy(desc(enquiries.receivedAt))
    .limit(50);
  return rows.map((row) => ({
    reference: row.reference,
    fileNumber: upper,
    receivedAt: row.receivedAt,
    state: row.firstResponseAt ? "met" : enquirySla(row, now).state,
  }));
}

/** RFC 2156 `Importance: high`, `X-Priority: 1` or `2`, `Priority: urgent`. */
function markedImportant(mail: InboundMail): boolean {
  return mail.headers.some(
    (h) =>
      (h.name === "importance" && /^\s*high/i.test(h.value)) ||
      (h.name === "x-priority" && /^\s*[12]\b/.test(h.value)) ||
      (h.name === "priority" && /^\s*urgent/i.test(h.value)),
  );
}

async function accept(
  tx: Tx,
  office: Office,
  enquiry: Enquiry,
  triage: Extract<ManagerMailTriage, { decision: "accept" }>,
  now: Date,
  audit: AuditChange[],
): Promise<void> {
  await tx
    .update(enquiries)
    .set({
      escalatedTo: "program-manager",
      escalatedAt: now,
      escalationTrigger: "manager-mailbox",
      escalationReason: triage.reason,
      updatedAt: now,
    })
    .where(eq(enquiries.id, enquiry.id));
  const ground =
    triage.grounds === "urgent"
      ? { en: "Urgent, with a reason", fr: "Urgent, avec un motif" }
      : { en: "Regular channel tried first", fr: "Voie habituelle déjà essayée" };
  const activity = await insertActivity(tx, MANAGER_INTAKE, {
    activity: MANAGER_MAILBOX_ESCALATION_ACTIVITY,
    subActivity: ground.en,
    officeId: office.id,
    assigneeUserId: null,
    dueDate: null,
    clientId: enquiry.clientId,
    applicationId: enquiry.applicationId,
    details: [
      `For the program managers: mail to ${office.managerEmail} accepted as an escalation (${ground.en.toLowerCase()}). ${triage.reason.en}`,
      "Pass it to the unit that answers it; the decision on the file remains the officer's.",
      "",
      `Pour les gestionnaires de programme : un courriel à ${office.managerEmail} est accepté comme demande transmise (${ground.fr.toLowerCase()}). ${triage.reason.fr}`,
      "Transmettez-le à l'unité qui y répond; la décision sur le dossier demeure celle de l'agent.",
      "",
      `Enquiry: ${enquiry.reference}`,
      ...(triage.priorEnquiry ? [`Earlier enquiry: ${triage.priorEnquiry}`] : []),
    ].join("\n"),
  });
  audit.push({
    action: "enquiry.escalated",
    entityType: "enquiry",
    entityId: enquiry.id,
    officeId: office.id,
    before: { escalatedTo: null },
    after: {
      escalatedTo: "program-manager",
      escalatedAt: now.toISOString(),
      trigger: "manager-mailbox",
      grounds: triage.grounds,
      priorEnquiry: triage.priorEnquiry,
      urgentReasons: triage.urgentReasons,
      reason: triage.reason,
      activityId: activity.id,
    },
  });
}

/** Stores the message on the enquiry's thread, its exact bytes as an eDoc of the enquiry. */
async function storeMessage(
  tx: Tx,
  office: Office,
  message: InboundMessage,
  mail: InboundMail,
  sender: string | null,
  enquiry: Enquiry,
  audit: AuditChange[],
): Promise<string> {
  const id = randomUUID();
  const filed = receivedMessageEdoc(enquiry, message, mail);
  const [edoc] = await tx.insert(edocs).values(filed).returning({ id: edocs.id });
  await tx.insert(enquiryMessages).values({
    id,
    enquiryId: enquiry.id,
    officeId: office.id,
    direction: "in",
    kind: "enquirer",
    messageId: mail.messageId,
    inReplyTo: mail.inReplyTo,
    references: mail.references,
    fromAddress: sender,
    fromText: mail.fromText || message.envelopeFrom || "",
    toAddresses: mail.toAddresses.length > 0 ? mail.toAddresses : message.envelopeTo,
    subject: mail.subject,
    bodyText: mail.problem ? `${mail.text}\n\n[${mail.problem}]`.trim() : mail.text,
    textFromHtml: mail.textFromHtml,
    sha256: message.sha256,
    edocId: edoc!.id,
    inboundMessageId: message.id,
    receivedAt: message.receivedAt,
  });
  audit.push({
    action: "edoc.uploaded",
    entityType: "enquiry",
    entityId: enquiry.id,
    officeId: office.id,
    after: {
      id: edoc!.id,
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

async function queueRedirect(
  tx: Tx,
  input: {
    office: Office;
    message: InboundMessage;
    mail: InboundMail;
    sender: string | null;
    enquiry: Enquiry;
    triage: Extract<ManagerMailTriage, { decision: "redirect" }>;
    now: Date;
    audit: AuditChange[];
  },
): Promise<NonNullable<ManagerMailIntake["redirect"]>> {
  const { office, message, mail, sender, enquiry, triage, now } = input;
  const decision = sender
    ? shouldAutoReply({
        headers: mail.headers,
        envelopeFrom: message.envelopeFrom,
        ourMailbox: office.managerEmail ?? office.mailboxEmail,
        recentAutoReplies: await findRecentAutoReplies(tx, office.id, sender, now),
        now,
      })
    : { send: false, reason: "the message names no address to answer" };
  const id = randomUUID();
  const mailbox = office.mailboxEmail.trim().toLowerCase();
  const language: Language = triage.language;
  const references = [
    ...mail.references.filter((r) => r !== mail.messageId),
    ...(mail.messageId ? [mail.messageId] : []),
  ];
  await tx.insert(enquiryMessages).values({
    id,
    enquiryId: enquiry.id,
    officeId: office.id,
    direction: "out",
    kind: MANAGER_REDIRECT_KIND,
    automatic: true,
    status: decision.send ? "generate" : "suppressed",
    statusReason: decision.send ? null : oneLine(decision.reason, 500),
    messageId: decision.send ? `<enquiry.${id}@${mailbox.slice(mailbox.lastIndexOf("@") + 1)}>` : null,
    inReplyTo: mail.messageId,
    references: references.slice(-50),
    fromAddress: mailbox,
    fromText: `${language === "fr" ? office.nameFr : office.nameEn} <${mailbox}>`,
    toAddresses: sender ? [sender] : [],
    subject: triage.reply.subject,
    bodyText: triage.reply.text,
    language,
  });
  return decision.send
    ? { status: "queued", enquiryMessageId: id }
    : { status: "suppressed", reason: decision.reason };
}

/** Senders' words go into one-line fields: line breaks and control characters become spaces. */
function oneLine(text: string, max: number): string {
  return text
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/ {2,}/g, " ")
    .trim()
    .slice(0, max);
}
