/**
 * The daily revalidation report (seed 004): eTAs in force whose holder has new adverse information
 * and no revalidation decision yet, oldest first, for the offices the reader works in (the system
 * reads every office's).
 */
import { and, asc, eq, gte, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import {
  applications,
  clientAdverseInformation,
  clients,
  etaApplications,
  etaRevalidations,
  offices,
} from "../db/schema.ts";
import { type Actor, officeIdsOf } from "../users/actor.ts";

export interface RevalidationReportRow {
  fileNumber: string;
  uci: string;
  familyName: string;
  givenNames: string;
  passportNumber: string;
  passportCountry: string;
  validUntil: string;
  officeCode: string;
  openedOn: string;
  adverseSource: string | null;
  adverseRecordedOn: string | null;
  adverseDetails: string | null;
}

export async function listEtaRevalidationReport(
  db: Executor,
  actor: Actor,
  today: string,
): Promise<RevalidationReportRow[]> {
  const officeIds = officeIdsOf(actor);
  if (actor.userId !== null && officeIds.length === 0) return [];
  const rows = await db
    .select({
      fileNumber: applications.fileNumber,
      uci: clients.uci,
      familyName: etaApplications.familyName,
      givenNames: etaApplications.givenNames,
      passportNumber: etaApplications.passportNumber,
      passportCountry: etaApplications.passportCountry,
      validUntil: etaApplications.validUntil,
      officeCode: offices.code,
      openedOn: etaRevalidations.openedOn,
      adverseSource: clientAdverseInformation.source,
      adverseRecordedOn: clientAdverseInformation.recordedOn,
      adverseDetails: clientAdverseInformation.details,
    })
    .from(etaRevalidations)
    .innerJoin(etaApplications, eq(etaApplications.applicationId, etaRevalidations.applicationId))
    .innerJoin(applications, eq(applications.id, etaRevalidations.applicationId))
    .innerJoin(clients, eq(clients.id, etaApplications.clientId))
    .innerJoin(offices, eq(offices.id, etaRevalidations.officeId))
    .leftJoin(
      clientAdverseInformation,
      eq(clientAdverseInformation.id, etaRevalidations.adverseInformationId),
    )
    .where(
      and(
        isNull(etaRevalidations.decision),
        eq(etaApplications.status, "approved"),
        isNull(etaApplications.endedOn),
        gte(etaApplications.validUntil, today),
        actor.userId === null ? sql`true` : inArray(etaRevalidations.officeId, officeIds),
      ),
    )
    .orderBy(asc(etaRevalidations.openedOn), asc(applications.fileNumber));
  return rows.map((row) => ({ ...row, validUntil: row.validUntil ?? "" }));
}

const COLUMNS: (keyof RevalidationReportRow)[] = [
  "fileNumber",
  "uci",
  "familyName",
  "givenNames",
  "passportNumber",
  "passportCountry",
  "validUntil",
  "officeCode",
  "openedOn",
  "adverseSource",
  "adverseRecordedOn",
  "adverseDetails",
];

/**
 * The report as CSV (RFC 4180: CRLF line ends, fields with commas, quotes or line breaks quoted).
 * A field a spreadsheet would read as a formula (=, +, -, @) is prefixed with an apostrophe:
 * adverse details are typed by people.
 */
export function revalidationReportCsv(rows: readonly RevalidationReportRow[]): string {
  const cell = (value: string | null) => {
    let text = value ?? "";
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [COLUMNS.join(","), ...rows.map((row) => COLUMNS.map((c) => cell(row[c])).join(","))];
  return `${lines.join("\r\n")}\r\n`;
}
