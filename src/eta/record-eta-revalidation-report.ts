/**
 * Keeps the day's revalidation report (seed 004: daily reports run and reviewed by the OSC), so
 * what was listed on a day can be shown later. One report a day; a second run that day keeps the first.
 */
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import type { Db } from "../db/database.ts";
import { etaRevalidationReports } from "../db/schema.ts";
import { SYSTEM_ACTOR } from "../users/actor.ts";
import { listEtaRevalidationReport } from "./list-eta-revalidation-report.ts";
import { utcDay } from "./submit-eta-applications.ts";

export async function recordEtaRevalidationReport(db: Db, options: { now?: Date } = {}) {
  const today = utcDay(options.now ?? new Date());
  return db.transaction(async (tx) => {
    const rows = await listEtaRevalidationReport(tx, SYSTEM_ACTOR, today);
    const [report] = await tx
      .insert(etaRevalidationReports)
      .values({ reportDate: today, rows })
      .onConflictDoNothing()
      .returning();
    if (!report) return null;
    await recordAuditEvent(tx, SYSTEM_ACTOR, {
      action: "eta.revalidation-report-recorded",
      entityType: "eta-revalidation-report",
      entityId: report.id,
      after: { reportDate: today, rows: rows.length },
    });
    return { reportDate: today, rows };
  });
}
