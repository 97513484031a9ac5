import { getTableColumns, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { AppError } from "../shared/errors.ts";
import type { Executor } from "./database.ts";

/**
 * A multi-row insert with one array parameter per column (`insert … select * from unnest(…)`).
 * Drizzle's `values()` builds its SQL one value at a time: for a bulk job's letters that took
 * longer than PostgreSQL took to write them. Every row must give the same columns.
 */
export async function insertColumnwise<T extends PgTable>(
  tx: Executor,
  table: T,
  rows: readonly T["$inferInsert"][],
): Promise<void> {
  const [first] = rows;
  if (!first) return;
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const keys = Object.keys(first);
  const names = keys.map((key) => sql.identifier(columnOf(columns, key).name));
  const arrays = keys.map((key) => {
    const column = columnOf(columns, key);
    const values = rows.map((row) => {
      const value = (row as Record<string, unknown>)[key];
      return value === null || value === undefined ? null : column.mapToDriverValue(value);
    });
    return sql`${sql.param(values)}::${sql.raw(column.getSQLType())}[]`;
  });
  await tx.execute(
    sql`insert into ${table} (${sql.join(names, sql`, `)}) select * from unnest(${sql.join(arrays, sql`, `)})`,
  );
}

function columnOf(columns: Record<string, PgColumn>, key: string): PgColumn {
  const column = columns[key];
  if (!column) throw new AppError("internal", `no column ${key}`);
  return column;
}
