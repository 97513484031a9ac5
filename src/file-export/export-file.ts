/**
 * The client's file export: what an applicant obtains through an access request (the "GCMS notes"
 * of seed 003). Releasing it is a disclosure of personal information, so it is prepared only by a
 * named person who works in the office holding the file, and each export is in the audit trail.
 */
import { type AuditChange, recordAuditEvents } from "../audit/record-audit-event.ts";
import type { Db, Tx } from "../db/database.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import {
  type ExportedFile,
  type ExportFileInput,
  type ExportTarget,
  type FileExport,
  ZExportFile,
} from "./file-export.schema.ts";
import { gatherFileExport } from "./gather-file-export.ts";
import { renderFileExportPdf } from "./render-file-export-pdf.ts";

export interface FileExportResult {
  facts: FileExport;
  /** The PDF first, then the JSON. */
  files: [ExportedFile, ExportedFile];
  clientId: string;
  applicationIds: string[];
}

export interface PreparedFileExport extends FileExportResult {
  /** The events that record the export, for the caller to append last in its transaction. */
  audit: AuditChange[];
}

/** `file-V000012345` for one application, `client-1000000003` for a whole client. */
export function exportBaseName(target: ExportTarget): string {
  return "fileNumber" in target ? `file-${target.fileNumber}` : `client-${target.uci}`;
}

/**
 * Gathers and renders the export inside the caller's transaction (an access request is completed in
 * the same one as the export that answers it) and returns the audit events that record it. The
 * caller appends them last: the audit chain's lock is held until commit, and a long file takes
 * seconds to lay out, during which no other writer could append.
 */
export async function prepareFileExport(
  tx: Tx,
  actor: Actor,
  target: ExportTarget,
  options: { lang?: "en" | "fr" | undefined; accessRequestId?: string; now?: Date },
): Promise<PreparedFileExport> {
  const now = options.now ?? new Date();
  const gathered = await gatherFileExport(tx, actor, target, { lang: options.lang, now });
  const { facts } = gathered;
  const audit = {
    target: "fileNumber" in target ? { fileNumber: target.fileNumber } : { uci: target.uci },
    language: facts.language,
    withheldNotes: facts.withheldNotes,
    ...(options.accessRequestId ? { accessRequestId: options.accessRequestId } : {}),
  };
  const changes: AuditChange[] =
    gathered.applications.length > 0
      ? gathered.applications.map((application) => ({
          action: "application.file-exported",
          entityType: "application",
          entityId: application.id,
          officeId: application.officeId,
          after: audit,
        }))
      : [
          {
            action: "client.file-exported",
            entityType: "client",
            entityId: gathered.clientId,
            officeId: gathered.officeId,
            after: audit,
          },
        ];
  const base = exportBaseName(target);
  const pdf = await renderFileExportPdf(facts);
  const json = new TextEncoder().encode(`${JSON.stringify(facts, null, 2)}\n`);
  return {
    facts,
    files: [
      { name: `${base}.pdf`, mediaType: "application/pdf", bytes: pdf },
      { name: `${base}.json`, mediaType: "application/json", bytes: json },
    ],
    clientId: gathered.clientId,
    applicationIds: gathered.applications.map((a) => a.id),
    audit: changes,
  };
}

/**
 * @example const { files } = await exportFile(db, officer, { target: "V000012345" })
 *   // files: file-V000012345.pdf, file-V000012345.json
 * @example await exportFile(db, officer, { target: "10-0000-0003", lang: "fr" }) // the client, every application
 */
export async function exportFile(db: Db, actor: Actor, input: ExportFileInput): Promise<FileExportResult> {
  const data = validate(ZExportFile, input);
  return db.transaction(async (tx) => {
    const { audit, ...result } = await prepareFileExport(tx, actor, data.target, { lang: data.lang });
    await recordAuditEvents(tx, actor, audit);
    return result;
  });
}
