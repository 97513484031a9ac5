/**
 * API routes for the proof of outgoing correspondence: the evidence package of a sent email, and
 * recording an email an officer sent from Outlook. Mounted under `/api/v1`, behind `apiAuth`.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { recordManualSend } from "../../correspondence/record-manual-send.ts";
import { resendCorrespondence } from "../../correspondence/resend-correspondence.ts";
import { EMAIL_MESSAGE_LIMIT } from "../../edocs/check-edoc-upload.ts";
import { sha256Hex } from "../../edocs/store-blob.ts";
import { buildApplicationEvidence } from "../../evidence/build-application-evidence.ts";
import { buildEvidencePackage } from "../../evidence/build-evidence-package.ts";
import { AppError } from "../../shared/errors.ts";
import type { AppEnv } from "../env.ts";
import { apiActor } from "./api-auth.ts";
import { readUpload } from "./read-body.ts";

// A file a little over the 4 MB rule is read, so the officer gets the rule's own message from the
// operation; a body far over it is refused before it is read into memory.
const manualSendLimit = bodyLimit({
  maxSize: 2 * EMAIL_MESSAGE_LIMIT,
  onError: () => {
    throw new AppError(
      "too_large",
      "file: email messages over 4 MB cannot be stored as eDocs; print it with its attachments and file the paper copy",
      { field: "file" },
    );
  },
});

/**
 * - `GET /correspondence/:id/evidence` → the package's facts (the same as its JSON file)
 * - `GET /correspondence/:id/evidence.pdf` → the PDF to print for the court
 * - `GET /applications/:fileNumber/evidence` → evidence for litigation on the whole file: every
 *   letter sent, each email's proof, the address history (`.pdf`: the same as one PDF)
 * - `POST /applications/:fileNumber/correspondence/manual` (multipart `file`: a saved .msg or .eml)
 *   → 201 `{ correspondence, edocId, warnings }`
 * - `POST /correspondence/:id/resend` → 201 the new email correspondence, to the address the file
 *   holds now (an undelivered email only, once)
 */
export function correspondenceApiRoutes() {
  const api = new Hono<AppEnv>();

  api.get("/correspondence/:id/evidence", async (c) => {
    const { facts } = await buildEvidencePackage(c.var.database.db, apiActor(c), c.req.param("id"));
    return c.json(facts);
  });

  api.get("/correspondence/:id/evidence.pdf", async (c) => {
    const { files } = await buildEvidencePackage(c.var.database.db, apiActor(c), c.req.param("id"));
    const pdf = files[0]!;
    return c.body(new Uint8Array(pdf.bytes), 200, {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${pdf.name}"`,
      "x-content-sha256": sha256Hex(pdf.bytes),
    });
  });

  api.get("/applications/:fileNumber/evidence", async (c) => {
    const { facts } = await buildApplicationEvidence(
      c.var.database.db,
      apiActor(c),
      c.req.param("fileNumber"),
    );
    return c.json(facts);
  });

  api.get("/applications/:fileNumber/evidence.pdf", async (c) => {
    const { files } = await buildApplicationEvidence(
      c.var.database.db,
      apiActor(c),
      c.req.param("fileNumber"),
    );
    const pdf = files[0]!;
    return c.body(new Uint8Array(pdf.bytes), 200, {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${pdf.name}"`,
      "x-content-sha256": sha256Hex(pdf.bytes),
    });
  });

  api.post("/applications/:fileNumber/correspondence/manual", manualSendLimit, async (c) => {
    const upload = await readUpload(c);
    const result = await recordManualSend(c.var.database.db, apiActor(c), c.req.param("fileNumber"), {
      fileName: upload.fileName,
      bytes: upload.bytes,
    });
    return c.json(result, 201);
  });

  api.post("/correspondence/:id/resend", async (c) => {
    const resent = await resendCorrespondence(c.var.database.db, apiActor(c), c.req.param("id"));
    return c.json(resent, 201);
  });

  return api;
}
