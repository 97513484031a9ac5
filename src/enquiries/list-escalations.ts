/**
 * Which of a list's enquiries went up a level, and to whom (issue 4: escalation is visible in the
 * lists as on the enquiry). Reads only the ids a caller already listed through `listEnquiries`,
 * which checked who may see them.
 */
import { and, inArray, isNotNull } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { enquiries } from "../db/schema.ts";

export interface ListedEscalation {
  to: string;
  at: Date;
  trigger: string | null;
}

/** @example (await listEscalations(db, items.map((i) => i.id))).get(item.id)?.to // "case-management-branch" */
export async function listEscalations(db: Executor, ids: string[]): Promise<Map<string, ListedEscalation>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      id: enquiries.id,
      to: enquiries.escalatedTo,
      at: enquiries.escalatedAt,
      trigger: enquiries.escalationTrigger,
    })
    .from(enquiries)
    .where(and(inArray(enquiries.id, ids), isNotNull(enquiries.escalatedAt)));
  return new Map(
    rows.flatMap((row) =>
      row.to && row.at ? [[row.id, { to: row.to, at: row.at, trigger: row.trigger }]] : [],
    ),
  );
}
