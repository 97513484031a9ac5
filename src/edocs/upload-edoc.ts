import { z } from "zod";
import { findVisibleApplication } from "../applications/find-visible-application.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { findVisibleClient } from "../clients/find-visible-client.ts";
import type { Db } from "../db/database.ts";
import { edocs } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import { zLine } from "../shared/schemas.ts";
import { validate } from "../shared/validate.ts";
import { type Actor, canWorkInOffice, officeIdsOf } from "../users/actor.ts";
import { checkEdocUpload } from "./check-edoc-upload.ts";
import { storeBlob } from "./store-blob.ts";

export const ZUploadEdoc = z.object({
  fileName: zLine(255).refine((name) => !/[\\/]/.test(name), { message: "must be a file name, not a path" }),
  description: zLine(500).optional(),
});

export type Edoc = typeof edocs.$inferSelect;

/** Stores an uploaded document as an immutable eDoc on an application or a client. */
export async function uploadEdoc(
  db: Db,
  actor: Actor,
  target: { fileNumber: string } | { uci: string },
  input: { fileName: string; description?: string | undefined; bytes: Uint8Array },
): Promise<Edoc> {
  const meta = validate(ZUploadEdoc, {
    fileName: input.fileName,
    description: input.description || undefined,
  });
  const { mediaType, isEmail } = checkEdocUpload(
    meta.fileName,
    input.bytes.byteLength,
    input.bytes.subarray(0, 512),
  );
  return db.transaction(async (tx) => {
    let clientId: string;
    let applicationId: string | null = null;
    let officeId: string;
    if ("fileNumber" in target) {
      const application = await findVisibleApplication(tx, actor, target.fileNumber);
      clientId = application.clientId;
      applicationId = application.id;
      officeId = application.officeId;
    } else {
      const client = await findVisibleClient(tx, actor, target.uci);
      clientId = client.id;
      officeId = canWorkInOffice(actor, client.officeId) ? client.officeId : officeIdsOf(actor)[0]!;
    }
    const sha256 = await storeBlob(tx, input.bytes);
    const [edoc] = await tx
      .insert(edocs)
      .values({
        sha256,
        mediaType,
        size: input.bytes.byteLength,
        fileName: meta.fileName,
        kind: isEmail ? "email-message" : "upload",
        description: meta.description ?? null,
        clientId,
        applicationId,
        uploadedBy: actor.userId,
      })
      .returning();
    if (!edoc) throw new AppError("internal", "eDoc not stored");
    await recordAuditEvent(tx, actor, {
      action: "edoc.uploaded",
      entityType: applicationId ? "application" : "client",
      entityId: applicationId ?? clientId,
      officeId,
      after: { id: edoc.id, sha256, fileName: edoc.fileName, size: edoc.size, mediaType },
    });
    return edoc;
  });
}
