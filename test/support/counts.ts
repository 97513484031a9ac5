import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../src/db/database.ts";

/** Row counts of the tables an operation may write, to prove a refused operation wrote nothing. */
export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const tables = [
    "audit_events",
    "clients",
    "client_names",
    "applications",
    "notes",
    "edocs",
    "blobs",
    "activities",
    "contact_details",
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await queryRows<{ n: number }>(db, sql.raw(`select count(*)::int as n from ${table}`));
    counts[table] = row!.n;
  }
  return counts;
}
