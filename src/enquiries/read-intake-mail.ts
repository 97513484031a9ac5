/**
 * What enquiry intake and manager mailbox intake both need of a stored message before either acts:
 * the office whose mailbox it reached (its generic mailbox, or its manager address), the message
 * read once (both used to parse it, one after the other), what it states, and the address an
 * answer would go to. The caller reads every message of a batch this way first, so the batch can
 * read ahead, in one query per kind, what all of them will ask (`IntakeBatch.prefetch`).
 */
import { eq, sql } from "drizzle-orm";
import type { Tx } from "../db/database.ts";
import { blobs, type inboundMessages, type offices } from "../db/schema.ts";
import { type InboundMail, MAX_TEXT_CHARS, readInboundMail } from "../mail/read-inbound-mail.ts";
import type { ExtractedEnquiry } from "./enquiry.schema.ts";
import { referenceInSubject } from "./enquiry-reference.ts";
import { extractEnquiryFields } from "./extract-enquiry-fields.ts";
import type { IntakeBatch, IntakeKeys } from "./intake-batch.ts";

type InboundMessage = typeof inboundMessages.$inferSelect;
type Office = typeof offices.$inferSelect;

/**
 * The part of a stored message that is read for its text: the text comes first in real mail, and
 * what lies beyond is attachments, which stay in the stored bytes.
 */
const MAX_READ_BYTES = 8 * 1024 * 1024;

export interface IntakeMail {
  office: Office;
  /** It reached the office's manager address rather than its generic mailbox. */
  viaManager: boolean;
  mail: InboundMail;
  /** What the message states, read as seed 001 asks. */
  extracted: ExtractedEnquiry;
  /** The address an answer goes to: the author's (From), else the envelope sender. */
  sender: string | null;
  /** What the message will ask of its batch. */
  keys: IntakeKeys;
}

/**
 * Resolves with null when the message reached no office's generic mailbox or manager address, or
 * when its bytes hold no header field: such bytes are not a message anyone wrote (RFC 5322 §2.1),
 * so there is no one to answer; they stay stored and recorded as inbound mail.
 *
 * @example const intake = await readIntakeMail(batch, inboundRow, bytes);
 *   // → { office, viaManager: false, mail: { subject: "Demande V000012345", … }, sender: "s.tremblay@example.ca", … }
 */
export async function readIntakeMail(
  batch: IntakeBatch,
  message: InboundMessage,
  raw?: Uint8Array,
): Promise<IntakeMail | null> {
  if (!message.officeId) return null;
  const office = await batch.office(message.officeId);
  if (!office) return null;
  const mailbox = message.mailbox.trim().toLowerCase();
  const viaManager =
    office.mailboxEmail.trim().toLowerCase() === mailbox
      ? false
      : office.managerEmail?.trim().toLowerCase() === mailbox
        ? true
        : null;
  if (viaManager === null) return null;
  const mail = await readInboundMail(raw ?? (await readStoredBytes(batch.tx, message.sha256)));
  if (mail.headers.length === 0) return null;
  const extracted = extractEnquiryFields({
    channel: "email",
    subject: mail.subject.slice(0, 2000),
    text: mail.text.slice(0, MAX_TEXT_CHARS),
    from: (mail.fromText || mail.fromAddress || message.envelopeFrom || "").slice(0, 1000),
    ...(mail.language ? { languageHint: mail.language } : {}),
  });
  const sender =
    mail.fromAddress ?? (message.envelopeFrom ? message.envelopeFrom.trim().toLowerCase() : null) ?? null;
  return {
    office,
    viaManager,
    mail,
    extracted,
    sender,
    keys: {
      officeId: office.id,
      messageId: mail.messageId,
      references: mail.references,
      subjectReference: referenceInSubject(mail.subject),
      fields: extracted.fields,
      sender,
      mayOpen: !viaManager,
    },
  };
}

async function readStoredBytes(tx: Tx, sha256: string): Promise<Uint8Array> {
  const [row] = await tx
    .select({ head: sql<Uint8Array>`substring(${blobs.content} from 1 for ${MAX_READ_BYTES})` })
    .from(blobs)
    .where(eq(blobs.sha256, sha256));
  return row ? new Uint8Array(row.head) : new Uint8Array();
}
