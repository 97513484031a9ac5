/**
 * Answers an access request: exports the client's file as released (restricted notes withheld),
 * keeps the released PDF as an eDoc on the file, and closes the request, in one transaction, so a
 * request is never marked answered without the copy that answered it.
 */
import { eq } from "drizzle-orm";
import { recordAuditEvents } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { accessRequests, applications, clients, edocs, offices } from "../db/schema.ts";
import { sha256Hex, storeBlob } from "../edocs/store-blob.ts";
import { type FileExportResult, prepareFileExport } from "../file-export/export-file.ts";
import type { ExportTarget } from "../file-export/file-export.schema.ts";
import { todayIn } from "../shared/dates.ts";
import { AppError } from "../shared/errors.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import {
  type AccessRequest,
  type CompleteAccessRequestInput,
  ZCompleteAccessRequest,
} from "./access-request.schema.ts";
import { findVisibleAccessRequest } from "./find-visible-access-request.ts";

export const FILE_EXPORT_EDOC_KIND = "file-export";

export interface CompletedAccessRequest {
  request: AccessRequest;
  export: FileExportResult;
  /** The eDoc holding the PDF as released. */
  edocId: string;
}

export async function completeAccessRequest(
  db: Db,
  actor: Actor,
  id: string,
  input: CompleteAccessRequestInput = {},
  now: Date = new Date(),
): Promise<CompletedAccessRequest> {
  const data = validate(ZCompleteAccessRequest, input);
  return db.transaction(async (tx) => {
    const before = await findVisibleAccessRequest(tx, actor, id, { forUpdate: true });
    if (before.completedDate) {
      throw new AppError(
        "invalid_state",
        `the access request was already answered on ${before.completedDate}`,
        {
          messageFr: `la demande d'accès a déjà reçu sa réponse le ${before.completedDate}`,
        },
      );
    }
    const [office] = await tx.select().from(offices).where(eq(offices.id, before.officeId));
    const today = todayIn(office?.timeZone ?? "America/Toronto", now);
    const completedDate = data.completedDate ?? today;
    if (completedDate > today || completedDate < before.receivedDate) {
      throw new AppError(
        "invalid_input",
        `completedDate: must be between the day the request was received (${before.receivedDate}) and today (${today})`,
        {
          field: "completedDate",
          messageFr: `completedDate : doit se situer entre la réception de la demande (${before.receivedDate}) et aujourd'hui (${today})`,
        },
      );
    }
    let target: ExportTarget;
    if (before.applicationId) {
      const [application] = await tx
        .select({ fileNumber: applications.fileNumber })
        .from(applications)
        .where(eq(applications.id, before.applicationId));
      target = { fileNumber: application!.fileNumber };
    } else {
      const [client] = await tx
        .select({ uci: clients.uci })
        .from(clients)
        .where(eq(clients.id, before.clientId));
      target = { uci: client!.uci };
    }
    const { audit: exportAudit, ...exported } = await prepareFileExport(tx, actor, target, {
      lang: data.lang,
      accessRequestId: before.id,
      now,
    });
    const [pdf, json] = exported.files;
    const sha256 = await storeBlob(tx, pdf.bytes);
    const [edoc] = await tx
      .insert(edocs)
      .values({
        sha256,
        mediaType: pdf.mediaType,
        size: pdf.bytes.byteLength,
        fileName: pdf.name,
        kind: FILE_EXPORT_EDOC_KIND,
        description: `Copy of the file released in answer to access request ${before.id}`,
        clientId: before.clientId,
        applicationId: before.applicationId,
        uploadedBy: actor.userId,
      })
      .returning({ id: edocs.id });
    const [request] = await tx
      .update(accessRequests)
      .set({ completedDate, exportEdocId: edoc!.id })
      .where(eq(accessRequests.id, before.id))
      .returning();
    const due = before.extendedDueDate ?? before.dueDate;
    await recordAuditEvents(tx, actor, [
      ...exportAudit,
      {
        action: "access-request.completed",
        entityType: "access-request",
        entityId: before.id,
        officeId: before.officeId,
        after: {
          completedDate,
          dueDate: due,
          late: completedDate > due,
          exportEdocId: edoc!.id,
          pdfSha256: sha256,
          jsonSha256: sha256Hex(json.bytes),
          withheldNotes: exported.facts.withheldNotes,
        },
      },
    ]);
    return { request: request!, export: exported, edocId: edoc!.id };
  });
}
