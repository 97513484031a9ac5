import { readFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { eq, sql } from "drizzle-orm";
import { type Database, type Executor, openDatabase } from "../db/database.ts";
import { migrate } from "../db/migrate.ts";
import { users } from "../db/schema.ts";
import { type Config, configFromEnv } from "../server/config.ts";
import { AppError } from "../shared/errors.ts";
import { type Actor, SYSTEM_ACTOR } from "../users/actor.ts";
import { loadActor } from "../users/load-actor.ts";

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

/**
 * The actor of `--as EMAIL`: that active user, with their offices and roles, so a command sees and
 * does only what the user could in the pages. Without the flag, a command that may act as the system
 * gives `fallbackLabel`, and the audit trail names it with the account that ran the command; a
 * command that gives none requires `--as`.
 *
 * @example await actorFromFlag(db, values.as, "command line") // → the system, "command line (ops)"
 * @example await actorFromFlag(db, "ana@office.example") // → Ana's actor, or exit 2 naming --as
 */
export async function actorFromFlag(
  db: Executor,
  email: string | undefined,
  fallbackLabel?: string,
): Promise<Actor> {
  if ((email === undefined || email.trim() === "") && fallbackLabel !== undefined) {
    return { ...SYSTEM_ACTOR, label: `${fallbackLabel} (${userInfo().username})` };
  }
  email = requireAsFlag(email);
  const [user] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()));
  const actor = user ? await loadActor(db, user.id) : null;
  if (!actor) throw new AppError("invalid_input", `--as: no active user ${email}`, { field: "as" });
  return actor;
}

/** A flag the command cannot run without: missing or empty, it is bad input naming the flag. */
export function requireFlag(value: string | undefined, flag: string, what: string): string {
  if (value === undefined || value.trim() === "") {
    throw new AppError("invalid_input", `--${flag}: is required (${what})`, { field: flag });
  }
  return value;
}

/**
 * `--as EMAIL` of a command that is always a person's act (a letter, a bulk job): checked before
 * the database is opened, then resolved by `actorFromFlag`.
 */
export function requireAsFlag(email: string | undefined): string {
  return requireFlag(email, "as", "the email of the user who acts");
}

/** The text of a flag parsed as JSON; anything else is bad input naming the flag. */
export function parseJsonFlag(text: string, flag: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AppError("invalid_input", `--${flag}: is not valid JSON (${(error as Error).message})`, {
      field: flag,
    });
  }
}

/** The file a flag names, read whole; a file that cannot be read is bad input naming the flag. */
export async function readFlagFile(path: string, flag: string): Promise<{ name: string; bytes: Uint8Array }> {
  try {
    return { name: basename(path), bytes: new Uint8Array(await readFile(path)) };
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new AppError("invalid_input", `--${flag}: cannot read ${path} (${reason})`, { field: flag });
  }
}

/** The one positional argument of a command (a file number, an id), or bad input showing its usage. */
export function onePositional(positionals: string[], what: string, usage: string): string {
  const [value, ...extra] = positionals;
  if (!value || extra.length > 0) throw new AppError("invalid_input", `give one ${what}.\nUsage: ${usage}`);
  return value;
}
