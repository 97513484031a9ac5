/**
 * Records an email an officer sent from Outlook (seed 000, "Attaching a sent email to an outgoing
 * correspondence record"): the saved `.msg` or `.eml` becomes an eDoc on a new outgoing record,
 * "Sent, via Email, to ADDRESS", dated when the message was sent.
 */
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { findVisibleApplication } from "../applications/find-visible-application.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { contactDetails, correspondence, edocs, offices, representatives } from "../db/schema.ts";
import { checkEdocUpload } from "../edocs/check-edoc-upload.ts";
import { storeBlob } from "../edocs/store-blob.ts";
import { addressOnFileAt } from "../evidence/address-on-file-at.ts";
import { parseSavedMessage } from "../mail/parse-saved-message.ts";
import { AppError } from "../shared/errors.ts";
import { zLine } from "../shared/schemas.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import type { Correspondence } from "./queue-email.ts";

export const ZRecordManualSend = z.object({
  fileName: zLine(255).refine((name) => !/[\\/]/.test(name), { message: "must be a file name, not a path" }),
});

/** A clock a few minutes fast on the officer's machine is not a message from the future. */
const CLOCK_SKEW_MS = 5 * 60_000;

export interface ManualSendResult {
  correspondence: Correspondence;
  edocId: string;
  /** What the officer must look at: the recipient was not the address on file, or the sender not the office mailbox. */
  warnings: string[];
}

/**
 * @example await recordManualSend(db, officer, "V000012345", { fileName: "Request.msg", bytes })
 *   // → { correspondence: { status: "sent", channel: "email", templateId: "manual", … }, edocId, warnings: [] }
 * Refused, with nothing written, when the file is over 4 MB, is not a saved email, was never
 * sent, has no recipient or date, or was already recorded on this application.
 */
export async function recordManualSend(
  db: Db,
  actor: Actor,
  fileNumber: string,
  input: { fileName: string; bytes: Uint8Array },
): Promise<ManualSendResult> {
  const { fileName } = validate(ZRecordManualSend, { fileName: input.fileName });
  // Seed 000, step 1: the saved email must be 4 MB or less and a saved message file.
  const upload = checkEdocUpload(fileName, input.bytes.byteLength, input.bytes.subarray(0, 512));
  if (!upload.isEmail) {
    throw new AppError("unsupported_media_type", `file: ${fileName} must be a saved email (.msg or .eml)`, {
      field: "file",
      messageFr: `file : ${fileName} doit être un courriel enregistré (.msg ou .eml)`,
    });
  }
  const message = await parseSavedMessage(fileName, input.bytes);
  const recipients = [...message.to, ...message.cc];
  if (recipients.length === 0) {
    throw new AppError(
      "invalid_input",
      `file: ${fileName} names no recipient; save the email from the Sent folder`,
      {
        field: "file",
        messageFr: `file : ${fileName} ne nomme aucun destinataire; enregistrez le courriel du dossier Éléments envoyés`,
      },
    );
  }
  const sentAt = message.date;
  if (!sentAt) {
    throw new AppError("invalid_input", `file: ${fileName} does not say when it was sent (no Date)`, {
      field: "file",
      messageFr: `file : ${fileName} n'indique pas sa date d'envoi`,
    });
  }
  if (sentAt.getTime() > Date.now() + CLOCK_SKEW_MS) {
    throw new AppError("invalid_input", `file: ${fileName} is dated ${sentAt.toISOString()}, in the future`, {
      field: "file",
    });
  }

  return db.transaction(async (tx) => {
    const application = await findVisibleApplication(tx, actor, fileNumber);
    const [office] = await tx.select().from(offices).where(eq(offices.id, application.officeId));
    if (!office) throw new AppError("internal", "the application's office is missing");
    if (message.messageId) {
      const [earlier] = await tx
        .select({ id: correspondence.id })
        .from(correspondence)
        .where(
          and(
            eq(correspondence.applicationId, application.id),
            eq(correspondence.messageId, message.messageId),
          ),
        );
      if (earlier) {
        throw new AppError(
          "conflict",
          `file: this email (Message-ID ${message.messageId}) is already recorded on ${application.fileNumber} as correspondence ${earlier.id}`,
          { field: "file" },
        );
      }
    }
    const contacts = await tx
      .select()
      .from(contactDetails)
      .where(eq(contactDetails.clientId, application.clientId));
    const reps = (
      await tx.select().from(representatives).where(eq(representatives.applicationId, application.id))
    ).map((r) => ({ ...r, recordedAt: r.createdAt }));
    // The address the file named when the officer pressed Send (not today's).
    const expected = addressOnFileAt({
      at: sentAt,
      timeZone: office.timeZone,
      addressUsed: recipients[0]!,
      contacts,
      representatives: reps,
    }).expected;
    const onFile = expected?.channel === "email" ? expected.address : null;
    const address = (onFile && recipients.find((r) => r === onFile)) || recipients[0]!;

    // Seed 000: "The email address inserted in the recipient line is identical to the email address
    // provided by the client or immigration representative", and the email goes "from the office's
    // generic mailbox". The send has happened; the record says plainly where it fell short.
    const warnings: string[] = [];
    if (!onFile) {
      warnings.push(
        `At ${sentAt.toISOString()} the file held no email address given with consent; correspondence was due by paper mail.`,
      );
    } else if (address !== onFile) {
      warnings.push(
        `The recipient ${recipients.join(", ")} is not the address on file at ${sentAt.toISOString()}, ${onFile}${
          expected?.addressee === "representative" ? " (the representative's, IMM 5476)" : ""
        }; the procedure requires the address to be identical.`,
      );
    }
    if (message.from && message.from.toLowerCase() !== office.mailboxEmail.toLowerCase()) {
      warnings.push(
        `The email was sent from ${message.from}, not from the office's generic mailbox ${office.mailboxEmail}.`,
      );
    }
    const others = recipients.filter((r) => r !== address);
    const statusReason = [
      `Sent, via Email, to ${address}${others.length > 0 ? ` (also to ${others.join(", ")})` : ""}; recorded by hand from ${fileName}`,
      ...warnings.map((w) => `WARNING: ${w}`),
    ].join(". ");

    const id = randomUUID();
    const [row] = await tx
      .insert(correspondence)
      .values({
        id,
        applicationId: application.id,
        direction: "out",
        channel: "email",
        status: "sent",
        subject:
          message.subject
            .replace(/[\r\n]+/g, " ")
            .trim()
            .slice(0, 500) || "(no subject)",
        address,
        language: application.language,
        bodyText: message.text,
        messageId: message.messageId,
        statusReason,
        createdBy: actor.userId,
        sentAt,
        templateId: "manual",
      })
      .returning();
    if (!row) throw new AppError("internal", "correspondence not recorded");
    const sha256 = await storeBlob(tx, input.bytes);
    const [edoc] = await tx
      .insert(edocs)
      .values({
        sha256,
        mediaType: upload.mediaType,
        size: input.bytes.byteLength,
        fileName,
        kind: "sent-email",
        description: `Sent, via Email, to ${address}`,
        clientId: application.clientId,
        applicationId: application.id,
        correspondenceId: id,
        uploadedBy: actor.userId,
      })
      .returning({ id: edocs.id });
    if (!edoc) throw new AppError("internal", "eDoc not stored");
    await recordAuditEvent(tx, actor, {
      action: "correspondence.recorded-manual-send",
      entityType: "application",
      entityId: application.id,
      officeId: application.officeId,
      after: {
        correspondenceId: id,
        status: "sent",
        address,
        recipients,
        sentAt: sentAt.toISOString(),
        messageId: message.messageId,
        from: message.from,
        edocId: edoc.id,
        sha256,
        fileName,
        addressOnFile: onFile,
        warnings,
      },
    });
    return { correspondence: row, edocId: edoc.id, warnings };
  });
}
