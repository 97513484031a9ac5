/**
 * For tests that run `dossier …` as its own process, as a user does: a migrated database the
 * command and the test share, and a way to run the command and read what it printed.
 *
 * The database is a PGlite directory (one process holds it at a time, so the test opens it only
 * between commands, with `withDatabase`), or, when TEST_DATABASE_URL is set, a database of the
 * test file's own on that server, held open by the test and dropped by `remove`.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Db } from "../../src/db/database.ts";
import { type Database, openDatabase } from "../../src/db/database.ts";
import { migrate } from "../../src/db/migrate.ts";
import { openTestDatabase } from "./database.ts";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliDatabase {
  /** The environment a command needs to reach this database (`DOSSIER_DATA_DIR`, `DATABASE_URL`). */
  env: Record<string, string>;
  /** A directory of the test's own, for files given to or written by commands. */
  dir: string;
  /** Reads or writes the shared database between two commands. */
  withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T>;
  /** Runs `dossier ARGS…` on this database, with `extraEnv` added to its environment. */
  dossier(args: string[], extraEnv?: Record<string, string>): Promise<CliRun>;
  /** Drops the database (on the server) and deletes the directory. */
  remove(): Promise<void>;
}

/**
 * @example const cli = await prepareCliDatabase("export", (db) => seedTwoOffices(db).then(() => undefined));
 *   const run = await cli.dossier(["migrate"]); // → { code: 0, stdout: "… is up to date\n", stderr: "" }
 */
export async function prepareCliDatabase(
  name: string,
  seed?: (db: Db) => Promise<void>,
): Promise<CliDatabase> {
  const dir = mkdtempSync(join(tmpdir(), `dossier-${name}-`));
  let server: Database | null = null;
  let env: Record<string, string>;
  if (process.env.TEST_DATABASE_URL) {
    const opened = await openTestDatabase();
    server = opened;
    env = { DOSSIER_DATA_DIR: join(dir, "unused"), DATABASE_URL: opened.url! };
    await seed?.(opened.db);
  } else {
    env = { DOSSIER_DATA_DIR: join(dir, "data"), DATABASE_URL: "" };
    const database = await openDatabase({ dataDir: env.DOSSIER_DATA_DIR! });
    try {
      await migrate(database.db);
      await seed?.(database.db);
    } finally {
      await database.close();
    }
  }
  return {
    env,
    dir,
    async withDatabase(work) {
      if (server) return work(server);
      const database = await openDatabase({ dataDir: env.DOSSIER_DATA_DIR! });
      try {
        return await work(database);
      } finally {
        await database.close();
      }
    },
    dossier: (args, extraEnv = {}) => runDossier(args, { ...env, ...extraEnv }),
    async remove() {
      await server?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `dossier ARGS…` from the project's root with `env` added to this process's environment. */
export function runDossier(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/dossier.js", ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
