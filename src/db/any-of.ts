import { type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

/**
 * `column = any($1::uuid[])`: the whole list is one parameter. Drizzle's `inArray` binds one
 * parameter per value, which costs more to build than to run for the hundreds of ids a
 * dispatcher pass handles.
 */
export function anyOfIds(column: PgColumn, ids: readonly string[]): SQL {
  return sql`${column} = any(${sql.param(ids)}::uuid[])`;
}
