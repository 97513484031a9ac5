/**
 * Evidence for litigation about one application (seed 000, "Evidence of sent emails for
 * litigation cases"), in one action: every letter the office sent on the file, by email or on
 * paper, each email with its proof of sending and the search for undelivered notices, and the
 * history of the addresses the client and the representative gave. One package, so counsel does
 * not assemble it message by message and miss one.
 */
import { asc, eq } from "drizzle-orm";
import { findVisibleApplication } from "../applications/find-visible-application.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { clients, contactDetails, correspondence, offices, representatives } from "../db/schema.ts";
import { sha256Hex } from "../edocs/store-blob.ts";
import { AppError } from "../shared/errors.ts";
import { FILE_NUMBER_PATTERN, normaliseFileNumber } from "../shared/identifiers.ts";
import type { Actor } from "../users/actor.ts";
import {
  type ApplicationEvidenceFacts,
  applicationEvidenceStatements,
} from "./application-evidence-wording.ts";
import { extensionOf, gatherEvidenceFacts } from "./build-evidence-package.ts";
import type { EvidenceFile } from "./evidence.schema.ts";
import { renderApplicationEvidencePdf } from "./render-application-evidence-pdf.ts";

export interface ApplicationEvidencePackage {
  facts: ApplicationEvidenceFacts;
  /** The PDF first, then each email's archived message, then the facts as JSON. */
  files: EvidenceFile[];
}

/**
 * @example const { facts, files } = await buildApplicationEvidence(db, officer, "V000012345");
 *   // files: litigation-V000012345.pdf, message-<id>.eml …, litigation-V000012345.json
 */
export async function buildApplicationEvidence(
  db: Db,
  actor: Actor,
  fileNumberInput: string,
): Promise<ApplicationEvidencePackage> {
  const fileNumber = normaliseFileNumber(fileNumberInput);
  if (!FILE_NUMBER_PATTERN.test(fileNumber)) {
    throw new AppError(
      "invalid_input",
      "fileNumber: must be one capital letter and nine digits, e.g. V000012345",
      {
        field: "fileNumber",
      },
    );
  }
  const { facts, archived } = await db.transaction(async (tx) => {
    const application = await findVisibleApplication(tx, actor, fileNumber);
    const [office] = await tx.select().from(offices).where(eq(offices.id, application.officeId));
    const [client] = await tx.select().from(clients).where(eq(clients.id, application.clientId));
    if (!office || !client) throw new Error(`application ${fileNumber} has no office or client`);
    const sent = await tx
      .select()
      .from(correspondence)
      .where(eq(correspondence.applicationId, application.id))
      .orderBy(asc(correspondence.createdAt), asc(correspondence.id));
    const outgoing = sent.filter((row) => row.direction === "out");

    const letters: ApplicationEvidenceFacts["letters"] = [];
    const archived: { correspondenceId: string; name: string; mediaType: string; bytes: Uint8Array }[] = [];
    for (const row of outgoing) {
      const provable = row.channel === "email" && row.sentAt !== null && row.address !== null;
      const gathered = provable ? await gatherEvidenceFacts(tx, actor, row.id) : null;
      gathered?.archived.forEach((copy, i) => {
        archived.push({
          correspondenceId: row.id,
          name: `message-${row.id}${i === 0 ? "" : `-copy-${i + 1}`}.${extensionOf(copy.edoc)}`,
          mediaType: copy.edoc.mediaType,
          bytes: copy.content,
        });
      });
      letters.push({
        id: row.id,
        subject: row.subject,
        templateId: row.templateId,
        channel: row.channel,
        status: row.status,
        statusReason: row.statusReason,
        language: row.language === "fr" ? "fr" : "en",
        address: row.address,
        createdAt: row.createdAt.toISOString(),
        sentAt: row.sentAt?.toISOString() ?? null,
        responseDueDate: row.responseDueDate,
        undeliveredAt: row.undeliveredAt?.toISOString() ?? null,
        evidence: gathered?.facts ?? null,
      });
    }

    const addressHistory = await tx
      .select()
      .from(contactDetails)
      .where(eq(contactDetails.clientId, client.id))
      .orderBy(asc(contactDetails.recordedAt));
    const reps = await tx
      .select()
      .from(representatives)
      .where(eq(representatives.applicationId, application.id))
      .orderBy(asc(representatives.createdAt));

    const facts: ApplicationEvidenceFacts = {
      kind: "dossier-evidence-for-litigation",
      version: 1,
      generatedAt: new Date().toISOString(),
      generatedBy: actor.label,
      application: {
        fileNumber: application.fileNumber,
        lineOfBusiness: application.lineOfBusiness,
        status: application.status,
        statusReason: application.statusReason,
        language: application.language === "fr" ? "fr" : "en",
      },
      client: { uci: client.uci, name: `${client.familyName}, ${client.givenNames}`.replace(/, $/, "") },
      office: {
        code: office.code,
        nameEn: office.nameEn,
        nameFr: office.nameFr,
        mailbox: office.mailboxEmail,
        timeZone: office.timeZone,
      },
      letters,
      addressHistory: addressHistory.map((c) => ({
        kind: c.kind,
        value: c.value,
        consentSource: c.consentSource,
        recordedAt: c.recordedAt.toISOString(),
        supersededAt: c.supersededAt?.toISOString() ?? null,
      })),
      representatives: reps.map((r) => ({
        name: r.name,
        email: r.email,
        postalAddress: r.postalAddress,
        validFrom: r.validFrom,
        validTo: r.validTo,
        recordedAt: r.createdAt.toISOString(),
      })),
      statements: { en: [], fr: [] },
    };
    facts.statements = {
      en: applicationEvidenceStatements(facts, "en"),
      fr: applicationEvidenceStatements(facts, "fr"),
    };
    await recordAuditEvent(tx, actor, {
      action: "application.litigation-evidence-exported",
      entityType: "application",
      entityId: application.id,
      officeId: office.id,
      after: {
        letters: letters.length,
        emailsWithProof: letters.filter((l) => l.evidence !== null).length,
        archivedMessages: archived.length,
      },
    });
    return { facts, archived };
  });

  const messageFiles: EvidenceFile[] = archived.map(({ name, mediaType, bytes }) => ({
    name,
    mediaType,
    bytes,
  }));
  const json: EvidenceFile = {
    name: `litigation-${facts.application.fileNumber}.json`,
    mediaType: "application/json",
    bytes: new TextEncoder().encode(`${JSON.stringify(facts, null, 2)}\n`),
  };
  const pdf = await renderApplicationEvidencePdf(facts, {
    files: [...messageFiles, json].map((f) => ({
      name: f.name,
      size: f.bytes.byteLength,
      sha256: sha256Hex(f.bytes),
    })),
  });
  return {
    facts,
    files: [
      { name: `litigation-${facts.application.fileNumber}.pdf`, mediaType: "application/pdf", bytes: pdf },
      ...messageFiles,
      json,
    ],
  };
}
