import { parseArgs } from "node:util";
import { type Database, openDatabase } from "../db/database.ts";
import { migrate } from "../db/migrate.ts";
import { type Config, configFromEnv } from "../server/config.ts";
import { AppError } from "../shared/errors.ts";

/** One `dossier …` command. `run` returns the process exit code. */
export interface CliCommand {
  /** Words after `dossier`, e.g. `["audit", "verify"]`. */
  path: string[];
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

/** Opens the configured database (DATABASE_URL or the PGlite data dir) and applies migrations. */
export async function openConfiguredDatabase(config: Config = configFromEnv()): Promise<Database> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  await migrate(database.db);
  return database;
}

/** `parseArgs` in strict mode; an unknown or malformed flag becomes an AppError naming it. */
export function parseFlags<T extends NonNullable<Parameters<typeof parseArgs>[0]>["options"]>(
  args: string[],
  options: T,
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new AppError("invalid_input", (error as Error).message);
  }
}
