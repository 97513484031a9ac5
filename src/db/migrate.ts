import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { type Db, queryRows } from "./database.ts";

const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations/", import.meta.url));
// Any constant works; every process that migrates takes the same lock, so two starting at once
// cannot apply the same migration twice.
const MIGRATION_LOCK = 727_001;

/** Applies, in order, every migration in `src/db/migrations` not yet applied. Returns their names. */
export async function migrate(db: Db): Promise<string[]> {
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((name) => name.endsWith(".sql"))
    .sort();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    await tx.execute(
      sql`create table if not exists dossier_migrations (name text primary key, applied_at timestamptz not null default now())`,
    );
    const done = await queryRows<{ name: string }>(tx, sql`select name from dossier_migrations`);
    const applied = new Set(done.map((row) => row.name));
    const applying: string[] = [];
    for (const file of files) {
      if (applied.has(file)) continue;
      const text = readFileSync(MIGRATIONS_DIR + file, "utf8");
      for (const statement of text.split("--> statement-breakpoint")) {
        if (statement.trim()) await tx.execute(sql.raw(statement));
      }
      await tx.execute(sql`insert into dossier_migrations (name) values (${file})`);
      applying.push(file);
    }
    return applying;
  });
}
