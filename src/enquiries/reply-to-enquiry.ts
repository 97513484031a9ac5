/**
 * An officer answers an enquiry (seed 001: "acceptable responses include … standard responses and
 * case-specific replies"): with one of the office's standard responses, or with a reply written
 * for the case. The reply is queued on the enquiry's thread for the dispatcher, in the enquiry's
 * language, from the office's generic mailbox, signed by the office and never by the person who
 * wrote it, with the caution that email is not secure.
 *
 * Personal information goes only to someone identified (seed 001: "ensure client is adequately
 * identified before any personal information is released"): a case-specific reply always counts
 * as holding it, whatever the officer ticked, and is refused, with the reason, unless
 * `decideEnquiryRelease` says the sender may receive it. A standard response is general
 * information and may go to anyone.
 *
 * The row, its `generate` status (the dispatcher's work item) and the audit event are written in
 * one transaction. The enquiry's clock stops when the server accepts the reply, not now.
 */
import { randomUUID } from "node:crypto";
import { and, desc, eq, isNotNull } from "drizzle-orm";
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { enquiries, enquiryMessages, offices } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import { zText } from "../shared/schemas.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import { enquiryMessageIdFor } from "./claim-enquiry-messages.ts";
import { decideEnquiryRelease } from "./decide-enquiry-release.ts";
import type { Language } from "./enquiry.schema.ts";
import { canReadEnquiries } from "./enquiry-access.ts";
import { referenceInSubject } from "./enquiry-reference.ts";
import type { ReleaseDecision } from "./release-check.ts";
import { composeEnquiryReply, STANDARD_RESPONSE_IDS } from "./standard-responses.ts";

export const ZEnquiryReply = z.discriminatedUnion(
  "kind",
  [
    z.object({
      kind: z.literal("standard"),
      responseId: z.enum(STANDARD_RESPONSE_IDS, {
        message: `must be one of ${STANDARD_RESPONSE_IDS.join(", ")}`,
      }),
    }),
    z.object({
      kind: z.literal("case-specific"),
      text: zText(20_000),
      /** The officer's own statement; the reply is treated as holding personal information either way. */
      containsPersonalInformation: z.boolean({ message: "must be true or false" }),
    }),
  ],
  { message: "kind: must be standard or case-specific" },
);
export type EnquiryReplyInput = z.input<typeof ZEnquiryReply>;

export type EnquiryMessage = typeof enquiryMessages.$inferSelect;

export interface QueuedEnquiryReply {
  message: EnquiryMessage;
  reference: string;
  /** Who the sender was found to be, and why. */
  release: ReleaseDecision;
}

/** States in which an enquiry can still be answered; a closed one is done with. */
const ANSWERABLE = new Set(["open", "awaiting-information", "answered"]);

/**
 * @example await replyToEnquiry(db, agent, "ENQ-2026-000123", { kind: "standard", responseId: "processing-times" })
 * @example await replyToEnquiry(db, agent, "ENQ-2026-000123",
 *   { kind: "case-specific", text: "Bonjour, …", containsPersonalInformation: true })
 *   // throws AppError("forbidden", "The sender … only general information may be sent …") when the sender is not identified
 */
export async function replyToEnquiry(
  db: Db,
  actor: Actor,
  referenceInput: string,
  input: EnquiryReplyInput,
  options: { now?: Date } = {},
): Promise<QueuedEnquiryReply> {
  const data = validate(ZEnquiryReply, input);
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    const reference = referenceInSubject(referenceInput.trim());
    const notFound = () =>
      new AppError("not_found", `reference: no enquiry ${referenceInput.slice(0, 40)} in your offices`, {
        field: "reference",
        messageFr: `reference : aucune demande ${referenceInput.slice(0, 40)} dans vos bureaux`,
      });
    if (!reference || reference !== referenceInput.trim().toUpperCase()) throw notFound();
    // Locked, so two officers answering at once see each other's state change.
    const [row] = await tx
      .select({ enquiry: enquiries, office: offices })
      .from(enquiries)
      .innerJoin(offices, eq(offices.id, enquiries.officeId))
      .where(eq(enquiries.reference, reference))
      .for("update", { of: enquiries });
    if (!row || !canReadEnquiries(actor, row.enquiry.officeId)) throw notFound();
    const { enquiry, office } = row;

    if (!ANSWERABLE.has(enquiry.state)) {
      throw new AppError(
        "invalid_state",
        `The enquiry ${reference} is closed: it can no longer be answered.`,
        {
          messageFr: `La demande ${reference} est fermée : on ne peut plus y répondre.`,
        },
      );
    }
    const to = enquiry.enquirerAddress;
    if (!to) {
      throw new AppError(
        "invalid_state",
        `The enquiry ${reference} gives no address to answer: reply by another channel and note it on the file.`,
        {
          messageFr: `La demande ${reference} ne donne aucune adresse où répondre : répondez par un autre moyen et consignez-le au dossier.`,
        },
      );
    }

    const release = await decideEnquiryRelease(tx, enquiry, office.timeZone, now);
    if (data.kind === "case-specific" && !release.mayRelease) {
      throw new AppError(
        "forbidden",
        `The sender ${to} is not the applicant, a representative on an IMM 5476 in force or a designated individual with written consent: only general information may be sent, as a standard response. ${release.reason.en}`,
        {
          messageFr: `L'expéditeur ${to} n'est ni le demandeur, ni un représentant selon un formulaire IMM 5476 en vigueur, ni une personne désignée dont le consentement écrit est au dossier : seuls des renseignements généraux peuvent être envoyés, sous forme de réponse type. ${release.reason.fr}`,
        },
      );
    }

    const language = (enquiry.language === "fr" ? "fr" : "en") satisfies Language;
    const reply = composeEnquiryReply({
      language,
      reference,
      office,
      body: data.kind === "standard" ? { standard: data.responseId } : { text: data.text },
    });
    // RFC 5322 §3.6.4: the reply names the enquirer's latest message and that message's own references.
    const [answering] = await tx
      .select({ messageId: enquiryMessages.messageId, references: enquiryMessages.references })
      .from(enquiryMessages)
      .where(
        and(
          eq(enquiryMessages.enquiryId, enquiry.id),
          eq(enquiryMessages.direction, "in"),
          isNotNull(enquiryMessages.messageId),
        ),
      )
      .orderBy(desc(enquiryMessages.createdAt))
      .limit(1);
    const inReplyTo = answering?.messageId ?? null;
    const references = [
      ...(answering?.references ?? []).filter((r) => r !== inReplyTo),
      ...(inReplyTo ? [inReplyTo] : []),
    ];
    const id = randomUUID();
    const mailbox = office.mailboxEmail.trim().toLowerCase();
    const [message] = await tx
      .insert(enquiryMessages)
      .values({
        id,
        enquiryId: enquiry.id,
        officeId: office.id,
        direction: "out",
        kind: data.kind,
        automatic: false,
        status: "generate",
        // Fixed now, so the enquirer's answer threads by In-Reply-To whatever happens to the send.
        messageId: enquiryMessageIdFor(id, mailbox),
        inReplyTo,
        references: references.slice(-50),
        fromAddress: mailbox,
        // Seed 001: "protect the privacy of IRCC staff": the office's name, never the officer's.
        fromText: `${language === "fr" ? office.nameFr : office.nameEn} <${mailbox}>`,
        toAddresses: [to],
        subject: reply.subject,
        bodyText: reply.text,
        language,
      })
      .returning();
    if (!message) throw new AppError("internal", "the reply was not queued");

    // A reply to an open enquiry answers it; one sent while the office waits for missing
    // information leaves it waiting, so the enquirer's answer is still read as that information.
    const state = enquiry.state === "awaiting-information" ? enquiry.state : "answered";
    if (state !== enquiry.state) {
      await tx.update(enquiries).set({ state, updatedAt: now }).where(eq(enquiries.id, enquiry.id));
    }
    await recordAuditEvent(tx, actor, {
      action: "enquiry.reply-queued",
      entityType: "enquiry",
      entityId: enquiry.id,
      officeId: office.id,
      before: { state: enquiry.state },
      after: {
        state,
        enquiryMessageId: id,
        kind: data.kind,
        ...(data.kind === "standard"
          ? { responseId: data.responseId }
          : { containsPersonalInformation: data.containsPersonalInformation }),
        // A case-specific reply is released as holding personal information whatever was ticked.
        personalInformation: data.kind === "case-specific",
        release: release.mayRelease
          ? { identifiedAs: release.as, reason: release.reason.en }
          : { identifiedAs: null, reason: release.reason.en },
        to,
        language,
        subject: reply.subject,
        messageId: message.messageId,
      },
    });
    return { message, reference, release };
  });
}
