import { getTableColumns, type SQL, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { AppError } from "../shared/errors.ts";
import type { Executor } from "./database.ts";

/**
 * A multi-row insert with one array parameter per column (`insert … select * from unnest(…)`).
 * Drizzle's `values()` builds its SQL one value at a time: for a bulk job's letters that took
 * longer than PostgreSQL took to write them. Every row must give the same columns. Keys named in
 * `asText` hold the column's text form already (e.g. canonical JSON for a jsonb column).
 */
export async function insertColumnwise<T extends PgTable>(
  tx: Executor,
  table: T,
  rows: readonly T["$inferInsert"][],
  options: { asText?: readonly string[] } = {},
): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(columnwiseInsertSql(table, rows, options));
}

/**
 * The statement `insertColumnwise` runs, for a caller that sends several in one round trip (as
 * the parts of one `with … select` statement). `rows` must not be empty.
 */
export function columnwiseInsertSql<T extends PgTable>(
  table: T,
  rows: readonly T["$inferInsert"][],
  options: { asText?: readonly string[] } = {},
): SQL {
  const [first] = rows;
  if (!first) throw new AppError("internal", "columnwiseInsertSql: no rows");
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const keys = Object.keys(first);
  const names = keys.map((key) => sql.identifier(columnOf(columns, key).name));
  const arrays = keys.map((key) => {
    const column = columnOf(columns, key);
    // Values already in the column's text form (JSON written once by the caller) go as they are.
    const asText = options.asText?.includes(key) ?? false;
    const values = rows.map((row) => {
      const value = (row as Record<string, unknown>)[key];
      if (value === null || value === undefined) return null;
      return asText ? value : column.mapToDriverValue(value);
    });
    return sql`${sql.param(values)}::${sql.raw(column.getSQLType())}[]`;
  });
  return sql`insert into ${table} (${sql.join(names, sql`, `)}) select * from unnest(${sql.join(arrays, sql`, `)})`;
}

function columnOf(columns: Record<string, PgColumn>, key: string): PgColumn {
  const column = columns[key];
  if (!column) throw new AppError("internal", `no column ${key}`);
  return column;
}
