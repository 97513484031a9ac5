/**
 * Reads what `assessNonReceipt` needs about the request a decision rests on: each sending, the
 * address the file named at that moment (`addressOnFileAt`, the evidence package's own rule), and
 * the undelivered notices found for it in the office's mailbox (`findUndeliveredNotices`).
 */
import { asc, eq } from "drizzle-orm";
import { sameAddress } from "../correspondence/decide-bounce-follow-up.ts";
import type { ContactFact, RepresentativeFact } from "../correspondence/resolve-recipient.ts";
import type { Executor } from "../db/database.ts";
import { contactDetails, representatives } from "../db/schema.ts";
import { addressOnFileAt } from "../evidence/address-on-file-at.ts";
import { findUndeliveredNotices } from "../evidence/find-undelivered-notices.ts";
import { LINES_OF_BUSINESS, type LineOfBusiness } from "../shared/identifiers.ts";
import { assessNonReceipt, type NonReceiptFacts, type SendingFacts } from "./assess-non-receipt.ts";
import { provenSending, type RequestSending } from "./check-decision-allowed.ts";
import { loadRequestFacts } from "./load-request-facts.ts";

export interface NonReceiptFile {
  application: { id: string; clientId: string; officeId: string; lineOfBusiness: string };
  timeZone: string;
  /** The request the decision rested on; null when the decision named none. */
  requestCorrespondenceId: string | null;
}

/**
 * @example const facts = await loadNonReceiptFacts(db, { application, timeZone, requestCorrespondenceId })
 *   // → { officeError: null, proposal: "assess", findings: [{ en: "Correspondence … was sent by email on …" }], … }
 */
export async function loadNonReceiptFacts(db: Executor, file: NonReceiptFile): Promise<NonReceiptFacts> {
  const lineOfBusiness = (LINES_OF_BUSINESS as readonly string[]).includes(file.application.lineOfBusiness)
    ? (file.application.lineOfBusiness as LineOfBusiness)
    : "temporary-residence";
  const requests = await loadRequestFacts(db, file.application.id, file.timeZone);
  const request = file.requestCorrespondenceId
    ? requests.find((r) => r.sendings.some((s) => s.correspondenceId === file.requestCorrespondenceId))
    : // Without a named request, the latest one on the file is what the applicant says they missed.
      requests.at(-1);
  if (!request) return assessNonReceipt({ lineOfBusiness, request: null });

  const contacts: ContactFact[] = await db
    .select({
      kind: contactDetails.kind,
      value: contactDetails.value,
      consentSource: contactDetails.consentSource,
      recordedAt: contactDetails.recordedAt,
      supersededAt: contactDetails.supersededAt,
    })
    .from(contactDetails)
    .where(eq(contactDetails.clientId, file.application.clientId))
    .orderBy(asc(contactDetails.recordedAt));
  const reps: RepresentativeFact[] = (
    await db.select().from(representatives).where(eq(representatives.applicationId, file.application.id))
  ).map((r) => ({ ...r, recordedAt: r.createdAt }));

  const sendings = request.sendings.map(baseFacts);
  for (const [i, s] of request.sendings.entries()) {
    const facts = sendings[i]!;
    if (!s.sentAt || !s.address) continue;
    const onFile = addressOnFileAt({
      at: s.sentAt,
      timeZone: file.timeZone,
      addressUsed: s.address,
      contacts,
      representatives: reps,
    });
    facts.addressOnFileThen = onFile.expected?.address ?? null;
    facts.mostRecentAddress = onFile.expected ? sameAddress(onFile.expected.address, s.address) : false;
    if (s.channel === "email") {
      const found = await findUndeliveredNotices(db, {
        officeId: file.application.officeId,
        correspondenceId: s.correspondenceId,
        messageId: request.rows[i]?.messageId ?? null,
        since: s.sentAt,
      });
      facts.undeliveredNotices = Math.max(found.notices.length, s.undelivered ? 1 : 0);
    }
  }
  return assessNonReceipt({
    lineOfBusiness,
    request: {
      correspondenceId: request.correspondenceId,
      subject: request.subject,
      dueDate: request.dueDate,
      sendings,
    },
  });
}

function baseFacts(s: RequestSending): SendingFacts {
  return {
    correspondenceId: s.correspondenceId,
    channel: s.channel,
    status: s.status,
    sentAt: s.sentAt?.toISOString() ?? null,
    address: s.address,
    addressOnFileThen: null,
    mostRecentAddress: null,
    // A bounce does not undo the proof that the message left: it is counted apart.
    proven: provenSending([{ ...s, undelivered: false, status: s.sentAt ? "sent" : s.status }]) !== null,
    undeliveredNotices: s.undelivered ? 1 : 0,
  };
}
