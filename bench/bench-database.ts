/**
 * The PostgreSQL database a benchmark works in, named by its URL: created when missing (or dropped
 * and created again with `fresh`), then migrated, so a large data set can be kept between runs.
 */
import pg from "pg";
import { type Database, openDatabase } from "../src/db/database.ts";
import { migrate } from "../src/db/migrate.ts";

export async function openBenchDatabase(url: string, fresh: boolean): Promise<Database> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new Error(`BENCH_DATABASE_URL: "${name}" is not a plain database name`);
  const adminUrl = new URL(url);
  adminUrl.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  try {
    if (fresh) await admin.query(`drop database if exists ${name} with (force)`);
    const { rowCount } = await admin.query("select 1 from pg_database where datname = $1", [name]);
    if (!rowCount) await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ url });
  await migrate(database.db);
  return database;
}
