/**
 * An enquiry goes up a level (seed 001: "If there is no reply after 30 days, or if there is a
 * disagreement with the reply, you may contact Case Management Branch"; for local procedures, "a
 * migration program manager"). The enquiry records to whom, when, on what ground and why; the
 * whole thread is forwarded as text to the queue's contact address, from the office's generic
 * mailbox like every enquiry message; and an activity puts the escalation in the office's queue.
 *
 * Runs inside the caller's transaction, with the enquiry's row locked by the caller; the caller
 * writes the audit events collected in `audit`. An enquiry goes up once: one already escalated is
 * left as it is.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import { insertActivity } from "../activities/create-activity.ts";
import type { AuditChange } from "../audit/record-audit-event.ts";
import type { Tx } from "../db/database.ts";
import { enquiries, enquiryMessages, type offices } from "../db/schema.ts";
import type { Actor } from "../users/actor.ts";
import type { EscalationTrigger } from "./decide-escalation.ts";
import {
  CATEGORY_NAMES,
  type EnquiryCategory,
  type EnquiryQueue,
  QUEUE_NAMES,
  type Wording,
} from "./enquiry.schema.ts";
import { findQueueContact, type QueueContact } from "./find-queue-contact.ts";

type Enquiry = typeof enquiries.$inferSelect;
type Office = typeof offices.$inferSelect;
type EnquiryMessage = typeof enquiryMessages.$inferSelect;

/** The activity an escalation puts in the office's queue. */
export const ENQUIRY_ESCALATION_ACTIVITY = "Enquiry escalation";

/** The kind of the outgoing message that carries the thread to the queue's contact address. */
export const ESCALATION_FORWARD_KIND = "escalation-forward";

/** A forwarded thread is bounded, so one enquiry with a huge thread cannot make a message no server takes. */
const MAX_FORWARD_CHARS = 2_000_000;

export interface Escalation {
  to: EnquiryQueue;
  trigger: EscalationTrigger | "manager-mailbox";
  reason: Wording;
}

export interface EscalationDone {
  enquiryId: string;
  reference: string;
  to: EnquiryQueue;
  /** The queued forward, or null when no address is known for the queue (the activity says so). */
  forward: { enquiryMessageId: string; address: string } | null;
  activityId: string;
}

/**
 * @example await escalateEnquiry(tx, actor, { enquiry, office, now, audit },
 *   { to: "case-management-branch", trigger: "no-reply-30-days", reason })
 *   // → { forward: { address: "cmb@…" }, activityId: "…" }, or null when already escalated
 */
export async function escalateEnquiry(
  tx: Tx,
  actor: Actor,
  context: { enquiry: Enquiry; office: Office; now: Date; audit: AuditChange[]; forward?: boolean },
  escalation: Escalation,
): Promise<EscalationDone | null> {
  const { enquiry, office, now, audit } = context;
  const [updated] = await tx
    .update(enquiries)
    .set({
      escalatedTo: escalation.to,
      escalatedAt: now,
      escalationTrigger: escalation.trigger,
      escalationReason: escalation.reason,
      updatedAt: now,
    })
    .where(and(eq(enquiries.id, enquiry.id), isNull(enquiries.escalatedAt)))
    .returning({ id: enquiries.id });
  if (!updated) return null;

  const contact = context.forward === false ? null : await findQueueContact(tx, office, escalation.to);
  let forward: EscalationDone["forward"] = null;
  if (contact) {
    const thread = await tx
      .select()
      .from(enquiryMessages)
      .where(eq(enquiryMessages.enquiryId, enquiry.id))
      .orderBy(asc(enquiryMessages.createdAt));
    const id = randomUUID();
    const mailbox = office.mailboxEmail.trim().toLowerCase();
    const text = forwardText({ enquiry, office, escalation, contact, thread, now });
    await tx.insert(enquiryMessages).values({
      id,
      enquiryId: enquiry.id,
      officeId: office.id,
      direction: "out",
      kind: ESCALATION_FORWARD_KIND,
      // Written by no person, and not an answer to the enquirer: sending it must not stop the clock.
      automatic: true,
      status: "generate",
      messageId: `<enquiry.${id}@${mailbox.slice(mailbox.lastIndexOf("@") + 1)}>`,
      references: [],
      fromAddress: mailbox,
      fromText: `${office.nameEn} / ${office.nameFr} <${mailbox}>`,
      toAddresses: [contact.email],
      subject: `Escalated enquiry / Demande transmise ${enquiry.reference}`,
      bodyText: text,
      language: enquiry.language,
    });
    forward = { enquiryMessageId: id, address: contact.email };
  }

  const queueName = QUEUE_NAMES[escalation.to];
  const category = CATEGORY_NAMES[enquiry.category as EnquiryCategory] ?? {
    en: enquiry.category,
    fr: enquiry.category,
  };
  const activity = await insertActivity(tx, actor, {
    activity: ENQUIRY_ESCALATION_ACTIVITY,
    subActivity: queueName.en,
    officeId: office.id,
    assigneeUserId: null,
    dueDate: null,
    clientId: enquiry.clientId,
    applicationId: enquiry.applicationId,
    details: [
      `Enquiry ${enquiry.reference} (${category.en}) went up to the ${queueName.en}. ${escalation.reason.en}`,
      forward
        ? `The whole thread was forwarded to ${forward.address}.`
        : `No forwarding address is recorded for the ${queueName.en}: the whole thread is on the enquiry here. If that unit does not work in Dossier, forward it by hand and ask an administrator to record its address.`,
      "",
      `La demande ${enquiry.reference} (${category.fr}) a été transmise : ${queueName.fr}. ${escalation.reason.fr}`,
      forward
        ? `Le fil complet a été transmis à ${forward.address}.`
        : `Aucune adresse de transmission n'est enregistrée pour cette file : le fil complet se trouve sur la demande, ici. Si cette unité ne travaille pas dans Dossier, transmettez-le vous-même et demandez à un administrateur d'enregistrer son adresse.`,
      "",
      `Enquiry: ${enquiry.reference}`,
    ].join("\n"),
  });

  audit.push({
    action: "enquiry.escalated",
    entityType: "enquiry",
    entityId: enquiry.id,
    officeId: office.id,
    before: { escalatedTo: null },
    after: {
      escalatedTo: escalation.to,
      escalatedAt: now.toISOString(),
      trigger: escalation.trigger,
      reason: escalation.reason,
      forwardedTo: forward?.address ?? null,
      forwardAddressFrom: contact?.source ?? null,
      enquiryMessageId: forward?.enquiryMessageId ?? null,
      activityId: activity.id,
    },
  });
  return {
    enquiryId: enquiry.id,
    reference: enquiry.reference,
    to: escalation.to,
    forward,
    activityId: activity.id,
  };
}

/**
 * The forwarded message: who escalated what and why, in both official languages (the receiving
 * unit may work in either), then every message of the thread as plain text, oldest first.
 */
function forwardText(input: {
  enquiry: Enquiry;
  office: Office;
  escalation: Escalation;
  contact: QueueContact;
  thread: EnquiryMessage[];
  now: Date;
}): string {
  const { enquiry, office, escalation, thread } = input;
  const fields = enquiry.fields as Record<string, { value?: string } | undefined>;
  const file = fields.fileNumber?.value ?? fields.uci?.value ?? "—";
  const queue = QUEUE_NAMES[escalation.to];
  const head = [
    `Enquiry ${enquiry.reference} to ${office.nameEn} is escalated to the ${queue.en}.`,
    escalation.reason.en,
    `Received: ${enquiry.receivedAt.toISOString()} · File: ${file} · Messages: ${thread.length}`,
    "",
    `La demande ${enquiry.reference} adressée au ${office.nameFr} est transmise : ${queue.fr}.`,
    escalation.reason.fr,
    `Reçue : ${enquiry.receivedAt.toISOString()} · Dossier : ${file} · Messages : ${thread.length}`,
    "",
    "Reply to the enquirer from the office's mailbox, keeping the reference in the subject. /",
    "Répondez à la personne depuis la boîte du bureau, en gardant la référence dans l'objet.",
  ];
  const parts: string[] = [head.join("\n")];
  let length = parts[0]!.length;
  for (const [index, message] of thread.entries()) {
    const when = (message.receivedAt ?? message.sentAt ?? message.createdAt).toISOString();
    const way = message.direction === "in" ? "Received / Reçu" : `Sent / Envoyé (${message.status ?? "—"})`;
    const block = [
      `----- ${index + 1}/${thread.length} · ${way} · ${when} -----`,
      `From / De : ${message.fromText}`,
      `To / À : ${message.toAddresses.join(", ")}`,
      `Subject / Objet : ${message.subject}`,
      "",
      message.bodyText,
    ].join("\n");
    if (length + block.length > MAX_FORWARD_CHARS) {
      parts.push(
        `----- ${thread.length - index} more message(s) not included: the thread is too long to forward whole; read it in Dossier. / ${thread.length - index} autre(s) message(s) non inclus : le fil est trop long pour être transmis en entier; consultez-le dans Dossier. -----`,
      );
      break;
    }
    parts.push(block);
    length += block.length;
  }
  return `${parts.join("\n\n")}\n`;
}
