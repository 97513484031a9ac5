/**
 * Records a designated individual: a person the applicant named, in writing, to receive their
 * personal information (seed 001: "have written consent to release personal information to third
 * parties"). The written consent must be on file — an eDoc already stored on this client's file
 * (the signed form) or the reference of where it is kept — and is valid from one day to another;
 * an enquiry from the person's email is identified on those days only (`decide-enquiry-release.ts`).
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { findVisibleApplication } from "../applications/find-visible-application.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { designatedIndividuals, edocs } from "../db/schema.ts";
import { AppError } from "../shared/errors.ts";
import { zEmail, zIsoDate, zLine } from "../shared/schemas.ts";
import { validate } from "../shared/validate.ts";
import type { Actor } from "../users/actor.ts";
import { findVisibleClient } from "./find-visible-client.ts";

export const ZAddDesignatedIndividual = z
  .object({
    name: zLine(200),
    email: zEmail,
    /** The eDoc of the signed consent, stored on the same client's file. */
    consentEdocId: z.uuid({ message: "must be the id of an eDoc on this file" }).optional(),
    /** Where the written consent is kept when it is not an eDoc (e.g. a paper file's reference). */
    consentReference: zLine(200).optional(),
    validFrom: zIsoDate,
    validTo: zIsoDate.optional(),
  })
  .refine((d) => !d.validTo || d.validTo >= d.validFrom, {
    message: "must not be before validFrom",
    path: ["validTo"],
  })
  .refine((d) => Boolean(d.consentEdocId || d.consentReference), {
    message: "give the eDoc or the reference of the written consent",
    path: ["consentEdocId"],
  });
export type AddDesignatedIndividualInput = z.input<typeof ZAddDesignatedIndividual>;
export type DesignatedIndividual = typeof designatedIndividuals.$inferSelect;

/** On one application (by file number), or on every application of a client (by UCI). */
export type DesignatedIndividualTarget = { fileNumber: string } | { uci: string };

/**
 * @example await addDesignatedIndividual(db, officer, { fileNumber: "V000012345" }, {
 *   name: "Minh Nguyen", email: "minh@example.com", consentEdocId: signedForm.id, validFrom: "2026-03-01" })
 */
export async function addDesignatedIndividual(
  db: Db,
  actor: Actor,
  target: DesignatedIndividualTarget,
  input: AddDesignatedIndividualInput,
): Promise<DesignatedIndividual> {
  const data = validate(ZAddDesignatedIndividual, input);
  return db.transaction(async (tx) => {
    const file =
      "fileNumber" in target
        ? await findVisibleApplication(tx, actor, target.fileNumber).then((a) => ({
            clientId: a.clientId,
            applicationId: a.id as string | null,
            officeId: a.officeId,
          }))
        : await findVisibleClient(tx, actor, target.uci).then((c) => ({
            clientId: c.id,
            applicationId: null,
            officeId: c.officeId,
          }));
    if (data.consentEdocId) {
      const [edoc] = await tx
        .select({ clientId: edocs.clientId })
        .from(edocs)
        .where(eq(edocs.id, data.consentEdocId));
      // Consent from another file proves nothing about this one.
      if (!edoc || edoc.clientId !== file.clientId) {
        throw new AppError("invalid_input", "consentEdocId: no eDoc with this id is on this client's file", {
          field: "consentEdocId",
          messageFr: "consentEdocId : aucun eDoc portant cet identifiant n'est au dossier de ce client",
        });
      }
    }
    const [row] = await tx
      .insert(designatedIndividuals)
      .values({
        clientId: file.clientId,
        applicationId: file.applicationId,
        name: data.name,
        email: data.email.toLowerCase(),
        consentEdocId: data.consentEdocId ?? null,
        consentReference: data.consentReference ?? null,
        validFrom: data.validFrom,
        validTo: data.validTo ?? null,
        recordedBy: actor.userId,
      })
      .returning();
    if (!row) throw new Error("designated individual not stored");
    await recordAuditEvent(tx, actor, {
      action: "designated-individual.added",
      entityType: file.applicationId ? "application" : "client",
      entityId: file.applicationId ?? file.clientId,
      officeId: file.officeId,
      after: row,
    });
    return row;
  });
}
