/**
 * Evidence for court that an email was sent (seed 000, "Evidence of sent emails for litigation
 * cases"): the message as sent, proof its archived bytes are unchanged, the mail server's
 * acceptance, that the address was the most recent one the client (or representative) supplied,
 * and that no undelivered notice came back to the office mailbox.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { ContactFact, RepresentativeFact } from "../correspondence/resolve-recipient.ts";
import type { Db, Tx } from "../db/database.ts";
import {
  applications,
  auditEvents,
  blobs,
  clients,
  contactDetails,
  correspondence,
  edocs,
  notes,
  offices,
  representatives,
  users,
} from "../db/schema.ts";
import { sha256Hex } from "../edocs/store-blob.ts";
import { parseSavedMessage } from "../mail/parse-saved-message.ts";
import { AppError } from "../shared/errors.ts";
import { validate } from "../shared/validate.ts";
import { type Actor, canReadRestrictedNote, canWorkInOffice } from "../users/actor.ts";
import { addressOnFileAt } from "./address-on-file-at.ts";
import {
  type ArchivedCopy,
  type EvidenceFacts,
  type EvidenceFile,
  type EvidencePackage,
  type MessageAsSent,
  type MessageFromNote,
  type NoMessage,
  type SmtpAcceptance,
  ZEvidenceRequest,
} from "./evidence.schema.ts";
import { evidenceStatements } from "./evidence-wording.ts";
import { findSentEmailNote } from "./find-sent-email-note.ts";
import { findUndeliveredNotices } from "./find-undelivered-notices.ts";
import { renderEvidencePdf } from "./render-evidence-pdf.ts";

interface ArchivedBytes {
  edoc: typeof edocs.$inferSelect;
  content: Uint8Array;
}

/**
 * Gathers the facts, writes the audit event that the client's file was exported, and returns the
 * package: the PDF, the archived message exactly as stored, and the facts as JSON.
 *
 * @example const { facts, files } = await buildEvidencePackage(db, officer, "6f1c…-…");
 *   // files: evidence-<id>.pdf, message-<id>.eml, evidence-<id>.json
 */
export async function buildEvidencePackage(
  db: Db,
  actor: Actor,
  correspondenceId: string,
): Promise<EvidencePackage> {
  const { correspondenceId: id } = validate(ZEvidenceRequest, { correspondenceId: correspondenceId.trim() });
  const { facts, archived } = await db.transaction(async (tx) => {
    const gathered = await gatherEvidenceFacts(tx, actor, id);
    await recordAuditEvent(tx, actor, {
      action: "correspondence.evidence-exported",
      entityType: "application",
      entityId: gathered.applicationId,
      officeId: gathered.officeId,
      after: {
        correspondenceId: id,
        source: gathered.facts.message.source,
        sha256: gathered.facts.message.source === "edoc" ? gathered.facts.message.copy.computedSha256 : null,
        hashMatches:
          gathered.facts.message.source === "edoc" ? gathered.facts.message.copy.hashMatches : null,
        addressVerdict: gathered.facts.recipient.verdict,
        undeliveredNotices: gathered.facts.undeliveredSearch.notices.length,
      },
    });
    return gathered;
  });

  const files: EvidenceFile[] = archived.map((copy, i) => ({
    name: `message-${id}${i === 0 ? "" : `-copy-${i + 1}`}.${extensionOf(copy.edoc)}`,
    mediaType: copy.edoc.mediaType,
    bytes: copy.content,
  }));
  const json: EvidenceFile = {
    name: `evidence-${id}.json`,
    mediaType: "application/json",
    bytes: new TextEncoder().encode(`${JSON.stringify(facts, null, 2)}\n`),
  };
  const pdf = await renderEvidencePdf(facts, {
    files: [...files, json].map((f) => ({
      name: f.name,
      size: f.bytes.byteLength,
      sha256: sha256Hex(f.bytes),
    })),
  });
  return {
    facts,
    files: [{ name: `evidence-${id}.pdf`, mediaType: "application/pdf", bytes: pdf }, ...files, json],
  };
}

/**
 * The facts of one sent email, read inside the caller's transaction; another office's record is
 * answered as not found. Shared with the file-wide package (`build-application-evidence.ts`).
 */
export async function gatherEvidenceFacts(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx
    .select({
      correspondence,
      application: applications,
      office: offices,
      client: clients,
      createdBy: sql<string | null>`${users.displayName} || ' <' || ${users.email} || '>'`,
    })
    .from(correspondence)
    .innerJoin(applications, eq(applications.id, correspondence.applicationId))
    .innerJoin(offices, eq(offices.id, applications.officeId))
    .innerJoin(clients, eq(clients.id, applications.clientId))
    .leftJoin(users, eq(users.id, correspondence.createdBy))
    .where(eq(correspondence.id, id));
  // Another office's record is answered like a missing one: its existence is not disclosed.
  if (!row || !canWorkInOffice(actor, row.application.officeId)) {
    throw new AppError("not_found", `correspondenceId: no correspondence ${id} in your offices`, {
      field: "correspondenceId",
      messageFr: `correspondenceId : aucune correspondance ${id} dans vos bureaux`,
    });
  }
  const { correspondence: record, application, office, client } = row;
  if (record.direction !== "out") {
    throw new AppError(
      "invalid_input",
      `correspondenceId: ${id} is incoming correspondence, not an outgoing email; evidence of sending is made for emails the office sent`,
      { field: "correspondenceId" },
    );
  }
  if (record.channel !== "email") {
    throw new AppError(
      "invalid_input",
      `correspondenceId: ${id} went by ${record.channel === "paper" ? "paper mail" : record.channel}, not by email; evidence of sending is made for emails`,
      { field: "correspondenceId" },
    );
  }
  if (!record.sentAt || !record.address) {
    const why = record.statusReason ? ` (${record.statusReason})` : "";
    throw new AppError(
      "invalid_state",
      `correspondenceId: ${id} was never accepted by a mail server (status ${record.status}${why}); there is no sending to prove`,
      { field: "correspondenceId" },
    );
  }
  const sentAt = record.sentAt;
  const address = record.address;

  const archived: ArchivedBytes[] = await tx
    .select({ edoc: edocs, content: blobs.content })
    .from(edocs)
    .innerJoin(blobs, eq(blobs.sha256, edocs.sha256))
    .where(and(eq(edocs.correspondenceId, id), eq(edocs.kind, "sent-email")))
    .orderBy(asc(edocs.createdAt), asc(edocs.id));

  let message: MessageAsSent | MessageFromNote | NoMessage;
  const first = archived[0];
  if (first) {
    message = await describeArchivedMessage(first, archived.slice(1));
  } else {
    const candidates = (
      await tx
        .select()
        .from(notes)
        .where(eq(notes.applicationId, application.id))
        .orderBy(asc(notes.createdAt))
    ).filter((n) => !n.restricted || canReadRestrictedNote(actor, n));
    const note = findSentEmailNote(candidates, { address, subject: record.subject, sentAt });
    message = note
      ? {
          source: "note",
          note: {
            id: note.id,
            createdAt: note.createdAt.toISOString(),
            author: note.authorLabel,
            body: note.body,
            correctsNoteId: note.correctsNoteId,
          },
        }
      : { source: "none" };
  }

  const contacts: ContactFact[] = await tx
    .select({
      kind: contactDetails.kind,
      value: contactDetails.value,
      consentSource: contactDetails.consentSource,
      recordedAt: contactDetails.recordedAt,
      supersededAt: contactDetails.supersededAt,
    })
    .from(contactDetails)
    .where(eq(contactDetails.clientId, client.id))
    .orderBy(asc(contactDetails.recordedAt));
  const reps: RepresentativeFact[] = (
    await tx.select().from(representatives).where(eq(representatives.applicationId, application.id))
  ).map((r) => ({ ...r, recordedAt: r.createdAt }));
  const onFile = addressOnFileAt({
    at: sentAt,
    timeZone: office.timeZone,
    addressUsed: address,
    contacts,
    representatives: reps,
  });

  // The audit trail is the transcript of each acceptance, including copies sent again.
  const sentEvents = await tx
    .select({ at: auditEvents.at, after: auditEvents.after })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.entityType, "application"),
        eq(auditEvents.entityId, application.id),
        inArray(auditEvents.action, ["correspondence.sent", "correspondence.sent-again"]),
        sql`${auditEvents.after}->>'correspondenceId' = ${id}`,
      ),
    )
    .orderBy(asc(auditEvents.seq));
  const acceptances: SmtpAcceptance[] = sentEvents.map((event) => {
    const after = (event.after ?? {}) as Record<string, unknown>;
    return {
      at: event.at.toISOString(),
      attempt: typeof after.attempt === "number" ? after.attempt : null,
      response: typeof after.response === "string" ? after.response : null,
      sha256: typeof after.sha256 === "string" ? after.sha256 : null,
      resentAfterLeaseExpiry: after.resentAfterLeaseExpiry === true,
    };
  });

  const generatedAt = new Date();
  const found = await findUndeliveredNotices(tx, {
    officeId: office.id,
    correspondenceId: id,
    messageId: record.messageId ?? (message.source === "edoc" ? message.headers.messageId : null),
    since: sentAt,
  });
  const envelope = record.smtpEnvelope as { from: string; to: string[] } | null;
  const facts: EvidenceFacts = {
    kind: "dossier-evidence-of-sent-email",
    version: 1,
    generatedAt: generatedAt.toISOString(),
    generatedBy: actor.label,
    correspondence: {
      id,
      fileNumber: application.fileNumber,
      status: record.status,
      templateId: record.templateId,
      subject: record.subject,
      address,
      language: record.language === "fr" ? "fr" : "en",
      messageId: record.messageId,
      createdAt: record.createdAt.toISOString(),
      createdBy: row.createdBy,
      sentAt: sentAt.toISOString(),
      attempts: record.attempts,
      resentCount: record.resentCount,
      exceedsUploadLimit: record.exceedsUploadLimit,
      statusReason: record.statusReason,
      undeliveredAt: record.undeliveredAt?.toISOString() ?? null,
      recordedByHand: record.templateId === "manual",
    },
    client: { uci: client.uci, name: `${client.familyName}, ${client.givenNames}`.replace(/, $/, "") },
    office: {
      code: office.code,
      nameEn: office.nameEn,
      nameFr: office.nameFr,
      mailbox: office.mailboxEmail,
      timeZone: office.timeZone,
    },
    message,
    smtp: {
      envelope,
      serverReply: record.smtpResponse,
      sentAt: record.templateId === "manual" ? null : sentAt.toISOString(),
      attempts: record.attempts,
      resentCount: record.resentCount,
      acceptances,
    },
    recipient: {
      addressee: onFile.expected?.addressee ?? "client",
      addressUsed: address,
      addressOnFile: onFile.expected?.channel === "email" ? onFile.expected.address : null,
      verdict: onFile.verdict,
      differsOnlyInCase: onFile.differsOnlyInCase,
    },
    emailHistory: contacts
      .filter((c) => c.kind === "email")
      .map((c) => ({
        value: c.value,
        consentSource: c.consentSource,
        recordedAt: c.recordedAt.toISOString(),
        supersededAt: c.supersededAt?.toISOString() ?? null,
        currentAtSend: c === onFile.currentEmail,
        usedForThisMessage: c.value.trim() === address.trim(),
      })),
    representative: onFile.representative
      ? {
          name: onFile.representative.name,
          email: onFile.representative.email,
          validFrom: onFile.representative.validFrom,
          validTo: onFile.representative.validTo,
          recordedAt: onFile.representative.recordedAt.toISOString(),
        }
      : null,
    undeliveredSearch: {
      mailboxes: [office.mailboxEmail, ...(office.managerEmail ? [office.managerEmail] : [])],
      from: sentAt.toISOString(),
      to: generatedAt.toISOString(),
      messageId: record.messageId ?? (message.source === "edoc" ? message.headers.messageId : null),
      notices: found.notices,
      otherMessages: found.otherMessages,
    },
    statements: { en: [], fr: [] },
  };
  facts.statements = { en: evidenceStatements(facts, "en"), fr: evidenceStatements(facts, "fr") };
  return { facts, archived, applicationId: application.id, officeId: office.id };
}

async function describeArchivedMessage(
  first: ArchivedBytes,
  others: ArchivedBytes[],
): Promise<MessageAsSent> {
  const copy = checkCopy(first);
  const base = {
    source: "edoc" as const,
    copy,
    otherCopies: others.map(checkCopy),
    format: extensionOf(first.edoc),
  };
  try {
    const parsed = await parseSavedMessage(`message.${base.format}`, first.content);
    return {
      ...base,
      headers: {
        from: parsed.fromText,
        to: parsed.toText,
        cc: parsed.ccText,
        subject: parsed.subject,
        date: parsed.dateHeader,
        sentAt: parsed.date?.toISOString() ?? null,
        messageId: parsed.messageId,
      },
      text: parsed.text,
      textFromHtml: parsed.textFromHtml,
      attachments: parsed.attachments,
      unreadable: null,
    };
  } catch (error) {
    return {
      ...base,
      headers: { from: "", to: "", cc: "", subject: "", date: null, sentAt: null, messageId: null },
      text: "",
      textFromHtml: false,
      attachments: [],
      unreadable: `The archived bytes could not be read as a message (${(error as Error).message}); they are in the package unchanged.`,
    };
  }
}

/** The hash is recomputed from the bytes read back now, never copied from the record. */
function checkCopy({ edoc, content }: ArchivedBytes): ArchivedCopy {
  const computed = sha256Hex(content);
  return {
    edocId: edoc.id,
    fileName: edoc.fileName,
    mediaType: edoc.mediaType,
    size: content.byteLength,
    storedAt: edoc.createdAt.toISOString(),
    recordedSha256: edoc.sha256,
    computedSha256: computed,
    hashMatches: computed === edoc.sha256,
  };
}

export function extensionOf(edoc: { fileName: string; mediaType: string }): "eml" | "msg" {
  if (edoc.fileName.toLowerCase().endsWith(".msg") || edoc.mediaType === "application/vnd.ms-outlook")
    return "msg";
  return "eml";
}
