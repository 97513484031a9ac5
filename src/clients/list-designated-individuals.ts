/**
 * The designated individuals on a client's file (seed 001: written consent to release personal
 * information to a third party), newest first, with the file each one is limited to and the
 * consent they rest on. Read after `findVisibleClient`, so only an officer of the file sees them.
 */
import { desc, eq } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { applications, designatedIndividuals, edocs } from "../db/schema.ts";

export interface DesignatedIndividualView {
  id: string;
  name: string;
  email: string;
  /** The one application the consent covers, or null when it covers the whole client file. */
  fileNumber: string | null;
  consentEdoc: { id: string; fileName: string } | null;
  consentReference: string | null;
  validFrom: string;
  validTo: string | null;
  recordedAt: Date;
}

/** Whether the consent holds on `day` (YYYY-MM-DD): identification uses the same days. */
export function isConsentValidOn(
  person: Pick<DesignatedIndividualView, "validFrom" | "validTo">,
  day: string,
) {
  return person.validFrom <= day && (person.validTo === null || day <= person.validTo);
}

export async function listDesignatedIndividuals(
  db: Executor,
  clientId: string,
): Promise<DesignatedIndividualView[]> {
  const rows = await db
    .select({
      person: designatedIndividuals,
      fileNumber: applications.fileNumber,
      edocFileName: edocs.fileName,
    })
    .from(designatedIndividuals)
    .leftJoin(applications, eq(applications.id, designatedIndividuals.applicationId))
    .leftJoin(edocs, eq(edocs.id, designatedIndividuals.consentEdocId))
    .where(eq(designatedIndividuals.clientId, clientId))
    .orderBy(desc(designatedIndividuals.recordedAt));
  return rows.map(({ person, fileNumber, edocFileName }) => ({
    id: person.id,
    name: person.name,
    email: person.email,
    fileNumber: fileNumber ?? null,
    consentEdoc:
      person.consentEdocId && edocFileName ? { id: person.consentEdocId, fileName: edocFileName } : null,
    consentReference: person.consentReference,
    validFrom: person.validFrom,
    validTo: person.validTo,
    recordedAt: person.recordedAt,
  }));
}
